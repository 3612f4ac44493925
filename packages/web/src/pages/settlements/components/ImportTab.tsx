import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { formatFen } from '@healthaid/domain/money';
import { Alert, App, Button, Card, Descriptions, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import { describeError } from '../../../app/api/api-error.ts';
import { saveBlob } from '../../../app/api/save-blob.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import { downloadClaimTemplate, type TImportOutcome, uploadClaims } from '../api.ts';

const STATUS_TEXT: Record<TImportOutcome['status'], string> = {
  preview: '预览：以下为导入后的结算结果，尚未写入',
  invalid: '文件有错误，未导入任何结算单据；请按错误明细修改后重新上传',
  committed: '导入成功',
  already_committed: '该文件此前已导入，本次未重复写入',
};

/** 单据导入: HIS / insurance exports → preview (every row settled, nothing written) → commit (all or nothing). */
export function ImportTab({ onImported }: { onImported: () => void }) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<TImportOutcome | null>(null);
  const preview = useSubmit(async (chosen: File) => {
    setOutcome(await uploadClaims(chosen, true));
  });
  const commit = useSubmit(async () => {
    if (!file) {
      return;
    }
    const result = await uploadClaims(file, false);
    setOutcome(result);
    message.success(`已导入 ${result.settledCount} 张结算单据（未变化 ${result.unchangedCount} 张）`);
    onImported();
  });
  return (
    <Card>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            void downloadClaimTemplate()
              .then(({ blob, filename }) => saveBlob(blob, filename ?? '结算单据导入模板.xlsx'))
              .catch((error: unknown) => message.error(describeError(error)))
          }
        >
          下载导入模板
        </Button>
        <Upload
          accept=".xlsx,.csv"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(chosen) => {
            setFile(chosen);
            setOutcome(null);
            void preview.submit(chosen);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={preview.isSubmitting}>
            选择文件并预览（.xlsx / .csv）
          </Button>
        </Upload>
        <Button
          type="primary"
          disabled={outcome?.status !== 'preview'}
          loading={commit.isSubmitting}
          onClick={() => void commit.submit()}
        >
          确认导入
        </Button>
      </Space>
      <ErrorAlert message={preview.error ?? commit.error} />
      {outcome ? (
        <>
          <Alert
            type={outcome.status === 'invalid' ? 'error' : outcome.status === 'preview' ? 'info' : 'success'}
            title={`${file?.name ?? outcome.fileName}：${STATUS_TEXT[outcome.status]}`}
            style={{ marginBottom: 12 }}
          />
          <Descriptions size="small" column={4} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="单据行数">{outcome.rowCount}</Descriptions.Item>
            <Descriptions.Item label="新结算">{outcome.settledCount}</Descriptions.Item>
            <Descriptions.Item label="已结算未变化">{outcome.unchangedCount}</Descriptions.Item>
            <Descriptions.Item label="个人自付合计">{formatFen(outcome.patientPaysFen)} 元</Descriptions.Item>
          </Descriptions>
          {outcome.errors.length > 0 ? (
            <Table
              rowKey={(e) => `${e.rowNumber}-${e.column}-${e.message}`}
              size="small"
              columns={[
                { title: '行号', dataIndex: 'rowNumber', width: 70 },
                { title: '列', dataIndex: 'column', width: 180 },
                { title: '错误原因', dataIndex: 'message' },
              ]}
              dataSource={outcome.errors}
              pagination={{ pageSize: 20 }}
            />
          ) : (
            <Table
              rowKey="rowNumber"
              size="small"
              columns={[
                { title: '行号', dataIndex: 'rowNumber', width: 70 },
                { title: '结算单号', dataIndex: 'claimNo' },
                {
                  title: '人员',
                  dataIndex: 'isInRegistry',
                  render: (isIn: boolean) =>
                    isIn ? <Tag color="blue">人员库内</Tag> : <Tag>普通参保人员</Tag>,
                },
                {
                  title: '总费用（元）',
                  dataIndex: 'totalFen',
                  align: 'right',
                  render: (f: number) => formatFen(f),
                },
                {
                  title: '个人自付（元）',
                  dataIndex: 'patientPaysFen',
                  align: 'right',
                  render: (f: number) => formatFen(f),
                },
                {
                  title: '',
                  dataIndex: 'isNew',
                  render: (isNew: boolean) => (isNew ? null : <Tag>已结算，未变化</Tag>),
                },
              ]}
              dataSource={outcome.rows}
              pagination={{ pageSize: 20 }}
            />
          )}
        </>
      ) : null}
    </Card>
  );
}
