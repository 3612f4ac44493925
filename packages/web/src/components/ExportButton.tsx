import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, type ButtonProps } from 'antd';
import { useState } from 'react';
import { describeError } from '../app/api/api-error.ts';
import { saveBlob } from '../app/api/save-blob.ts';

/** Downloads an .xlsx export of the current list (the server audits every export). */
export function ExportButton({
  run,
  fallbackName,
  label = '导出Excel',
  size,
}: {
  run: () => Promise<{ blob: Blob; filename: string | null }>;
  /** The file name when the server sends none. */
  fallbackName: string;
  label?: string;
  size?: ButtonProps['size'];
}) {
  const { message } = App.useApp();
  const [isBusy, setIsBusy] = useState(false);
  const onClick = async () => {
    setIsBusy(true);
    try {
      const { blob, filename } = await run();
      saveBlob(blob, filename ?? fallbackName);
    } catch (error) {
      message.error(describeError(error));
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} size={size} loading={isBusy} onClick={onClick}>
      {label}
    </Button>
  );
}
