import { ExceptionResult } from './ExceptionResult.tsx';

export function ForbiddenPage() {
  return <ExceptionResult status="403" title="403" subTitle="抱歉，您没有权限访问此页面。" />;
}
