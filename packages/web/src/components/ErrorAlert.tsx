import { Alert } from 'antd';

/** A form's failure message (from the server, in Chinese), announced to screen readers. */
export function ErrorAlert({ message }: { message: string | null }) {
  if (!message) {
    return null;
  }
  return <Alert type="error" showIcon role="alert" title={message} style={{ marginBottom: 16 }} />;
}
