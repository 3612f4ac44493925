import { Button, Result, type ResultProps } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';

export function BackHomeButton({ isPrimary = true }: { isPrimary?: boolean }) {
  const navigate = useNavigate();
  return (
    <Button type={isPrimary ? 'primary' : 'default'} onClick={() => navigate('/')}>
      返回首页
    </Button>
  );
}

type TExceptionResultProps = {
  status: ResultProps['status'];
  title: string;
  subTitle: string;
  extra?: ReactNode;
};

/** Shared frame of the 403, 404 and error pages. */
export function ExceptionResult({ status, title, subTitle, extra }: TExceptionResultProps) {
  return <Result status={status} title={title} subTitle={subTitle} extra={extra ?? <BackHomeButton />} />;
}
