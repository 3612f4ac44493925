import { ExceptionResult } from './ExceptionResult.tsx';

export function NotFoundPage() {
  return <ExceptionResult status="404" title="404" subTitle="抱歉，您访问的页面不存在。" />;
}
