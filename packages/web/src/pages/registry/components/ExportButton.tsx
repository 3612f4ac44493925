import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { describeError } from '../../../app/api/api-error.ts';
import { saveBlob } from '../../../app/api/save-blob.ts';

/** Downloads an .xlsx export of the current list (the server audits every export). */
export function ExportButton({
  run,
  fallbackName,
}: {
  run: () => Promise<{ blob: Blob; filename: string | null }>;
  fallbackName: string;
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
    <Button icon={<DownloadOutlined />} loading={isBusy} onClick={onClick}>
      导出Excel
    </Button>
  );
}
