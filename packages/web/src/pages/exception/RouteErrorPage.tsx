import { Button, Space } from 'antd';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { isForbidden } from '../../app/api/api-error.ts';
import { BackHomeButton, ExceptionResult } from './ExceptionResult.tsx';
import { ForbiddenPage } from './ForbiddenPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

/** A failed lazy import usually means a new release replaced the chunk files. */
function isChunkLoadError(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /dynamically imported module|Importing a module script failed/i.test(error.message)
  );
}

/** Error boundary of the router: unexpected render errors, failed chunk loads, 403/404 responses. */
export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <NotFoundPage />;
  }
  if (isForbidden(error) || (isRouteErrorResponse(error) && error.status === 403)) {
    return <ForbiddenPage />;
  }
  console.error(error);
  const subTitle = isChunkLoadError(error)
    ? '页面资源加载失败，系统可能已更新，请刷新页面后重试。'
    : '页面出现异常，请刷新页面后重试；如问题持续，请联系系统管理员。';
  return (
    <ExceptionResult
      status="500"
      title="出错了"
      subTitle={subTitle}
      extra={
        <Space>
          <Button type="primary" onClick={() => window.location.reload()}>
            刷新页面
          </Button>
          <BackHomeButton isPrimary={false} />
        </Space>
      }
    />
  );
}
