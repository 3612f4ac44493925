import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { saveBlob } from '../../../app/api/save-blob.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import {
  commitDiagnosisImport,
  downloadDiagnosisErrors,
  downloadDiagnosisTemplate,
  listDiagnosisImports,
  type TDiagnosisImportBatch,
  type TRowError,
  uploadDiagnosisFile,
} from '../api.ts';

const STATUS_TAGS = {
  previewed: <Tag color="gold">已预览</Tag>,
  committed: <Tag color="green">已导入</Tag>,
};

/** 诊断导入: template, upload with a checked preview, error workbook, all-or-nothing commit, batch history. */
export default function DiagnosisImportPage() {
  const { message } = App.useApp();
  const [batch, setBatch] = useState<TDiagnosisImportBatch | null>(null);
  const history = usePagedList(listDiagnosisImports, {});
  const upload = useSubmit(async (file: File) => {
    const result = await uploadDiagnosisFile(file);
    setBatch(result);
    history.reload();
  });
  const commit = useSubmit(async () => {
    if (!batch) {
      return;
    }
    const done = await commitDiagnosisImport(batch.id);
    setBatch(done);
    message.success(`已导入${done.insertedRows ?? 0}条诊断（待核准）`);
    history.reload();
  });
  const download = async (load: () => Promise<{ blob: Blob; filename: string | null }>, fallback: string) => {
    try {
      const file = await load();
      saveBlob(file.blob, file.filename ?? fallback);
    } catch (error) {
      message.error(describeError(error));
    }
  };
  const errorColumns: TableColumnsType<TRowError> = [
    { title: '行号', dataIndex: 'rowNumber', key: 'row', width: 80 },
    { title: '列名', dataIndex: 'column', key: 'column', width: 120 },
    { title: '错误原因', dataIndex: 'message', key: 'message' },
  ];
  const historyColumns: TableColumnsType<TDiagnosisImportBatch> = [
    { title: '文件', dataIndex: 'fileName', key: 'file' },
    { title: '上传时间', key: 'at', render: (_, b) => dayjs(b.createdAt).format('YYYY-MM-DD HH:mm') },
    { title: '数据行', dataIndex: 'totalRows', key: 'total' },
    { title: '错误', dataIndex: 'errorCount', key: 'errors' },
    { title: '已存在', dataIndex: 'duplicateRows', key: 'dup' },
    { title: '导入', key: 'inserted', render: (_, b) => b.insertedRows ?? '—' },
    { title: '状态', key: 'status', render: (_, b) => STATUS_TAGS[b.status] },
  ];
  return (
    <PageContainer
      title="诊断导入"
      extra={
        <Button
          icon={<DownloadOutlined />}
          onClick={() => download(downloadDiagnosisTemplate, '诊断导入模板.xlsx')}
        >
          下载模板
        </Button>
      }
    >
      <Card>
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          disabled={upload.isSubmitting}
          customRequest={({ file }) => {
            void upload.submit(file as File);
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">
            {upload.isSubmitting ? '正在校验…' : '点击或拖入诊断名单（.xlsx 或 .csv）'}
          </p>
          <p className="ant-upload-hint">
            按模板填写：身份证号、姓名、ICD编码、诊断名称、诊断机构、诊断日期、来源；上传后先预览，确认无误再提交。
          </p>
        </Upload.Dragger>
        <ErrorAlert message={upload.error} />
      </Card>
      {batch && (
        <Card
          title={`预览：${batch.fileName}`}
          extra={
            <Space>
              {batch.errorCount > 0 && (
                <Button
                  icon={<DownloadOutlined />}
                  onClick={() => download(() => downloadDiagnosisErrors(batch.id), '错误明细.xlsx')}
                >
                  下载错误明细
                </Button>
              )}
              {batch.status === 'previewed' && (
                <Button
                  type="primary"
                  disabled={batch.errorCount > 0}
                  loading={commit.isSubmitting}
                  onClick={() => commit.submit()}
                >
                  提交导入
                </Button>
              )}
            </Space>
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            {batch.isRepeat && (
              <Alert type="info" showIcon message="这个文件以前已经导入过，没有重复写入。" />
            )}
            {batch.status === 'committed' && (
              <Alert
                type="success"
                showIcon
                message={`已导入${batch.insertedRows ?? 0}条诊断，状态为“待核准”。`}
                action={<Link to="/diseases/diagnoses">去核准</Link>}
              />
            )}
            {batch.status === 'previewed' && batch.errorCount > 0 && (
              <Alert
                type="error"
                showIcon
                message={`有${batch.errorCount}处错误：请按错误明细修正文件后重新上传（有错误时不能提交，避免只导入一部分）。`}
              />
            )}
            <ErrorAlert message={commit.error} />
            <Space size="large" wrap>
              <Statistic title="数据行" value={batch.totalRows} />
              <Statistic title="可导入" value={batch.validRows} />
              <Statistic title="档案中已存在（跳过）" value={batch.duplicateRows} />
              <Statistic
                title="错误"
                value={batch.errorCount}
                valueStyle={{ color: batch.errorCount ? '#cf1322' : undefined }}
              />
            </Space>
            {batch.errors.length > 0 && (
              <Table<TRowError>
                rowKey={(e) => `${e.rowNumber}-${e.column}-${e.message}`}
                size="small"
                columns={errorColumns}
                dataSource={batch.errors}
                pagination={{
                  pageSize: 10,
                  showTotal: () => `共 ${batch.errorCount} 处错误（此处最多显示200条，完整明细请下载）`,
                }}
              />
            )}
          </Space>
        </Card>
      )}
      <Card title="导入记录">
        <Table<TDiagnosisImportBatch>
          rowKey="id"
          size="small"
          columns={historyColumns}
          dataSource={history.items}
          loading={history.isLoading}
          pagination={history.pagination}
          locale={{ emptyText: <Empty description="还没有导入过诊断" /> }}
        />
      </Card>
    </PageContainer>
  );
}
