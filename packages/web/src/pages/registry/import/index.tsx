import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useState } from 'react';
import { describeError, isSessionExpired } from '../../../app/api/api-error.ts';
import { saveBlob } from '../../../app/api/save-blob.ts';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { usePoll } from '../../../hooks/usePoll.ts';
import {
  commitBatch,
  downloadErrors,
  downloadTemplate,
  getBatch,
  listBatchErrors,
  listBatches,
  SOURCE_DEPARTMENTS,
  type TBatchStatus,
  type TImportBatch,
  type TRowError,
  type TSourceDepartment,
  uploadPersonList,
} from './api.ts';

const STATUS_TAGS: Record<TBatchStatus, { color: string; label: string }> = {
  processing: { color: 'processing', label: '校验中' },
  previewed: { color: 'warning', label: '待提交' },
  committed: { color: 'success', label: '已入库' },
  failed: { color: 'error', label: '失败' },
};

const POLL_MS = 1000;
const ERROR_PAGE_SIZE = 10;

const count = (batch: TImportBatch, key: string) => batch.counts[key] ?? 0;

function percentOf(batch: TImportBatch): number {
  if (batch.status !== 'processing') {
    return 100;
  }
  if (!batch.totalRows) {
    return 0;
  }
  return Math.min(99, Math.floor((batch.processedRows * 100) / batch.totalRows));
}

const historyColumns: TableColumnsType<TImportBatch> = [
  { title: '批次', dataIndex: 'id', width: 70 },
  { title: '导入时间', dataIndex: 'createdAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
  { title: '文件名', dataIndex: 'fileName', ellipsis: true },
  {
    title: '来源',
    dataIndex: 'sourceDepartment',
    render: (v: string | null, b) => (
      <Space size={4}>
        {v ?? '—'}
        {b.isFullList && <Tag>全量</Tag>}
      </Space>
    ),
  },
  {
    title: '状态',
    dataIndex: 'status',
    render: (status: TBatchStatus) => (
      <Tag color={STATUS_TAGS[status].color}>{STATUS_TAGS[status].label}</Tag>
    ),
  },
  {
    title: '行数（新增/变更/无变化/有误）',
    key: 'counts',
    render: (_: unknown, b) =>
      `${count(b, 'total')}（${count(b, 'new')}/${count(b, 'changed')}/${count(b, 'unchanged')}/${count(b, 'invalid')}）`,
  },
  {
    title: '入库结果',
    key: 'committed',
    render: (_: unknown, b) =>
      b.status === 'committed'
        ? `新增${count(b, 'committedNew')}，变更${count(b, 'committedChanged')}，待核实${count(b, 'flagged')}`
        : '—',
  },
  { title: '导入人', dataIndex: 'userName', render: (v: string | null) => v ?? '—' },
  {
    title: '校验和',
    dataIndex: 'checksum',
    render: (v: string) => (
      <Tooltip title={`SHA-256：${v}`}>
        <Typography.Text code>{v.slice(0, 10)}…</Typography.Text>
      </Tooltip>
    ),
  },
];

const errorColumns: TableColumnsType<TRowError> = [
  { title: '行号', dataIndex: 'rowNumber', width: 80 },
  { title: '列名', dataIndex: 'column', width: 160 },
  { title: '错误原因', dataIndex: 'message' },
];

/** 数据导入: upload a person list, watch the validation, read the errors, commit, see past batches. */
export default function RegistryImportPage() {
  const { message, modal } = App.useApp();
  const [source, setSource] = useState<TSourceDepartment>('扶贫办');
  const [isFullList, setIsFullList] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [isUploading, setIsUploading] = useState(false);
  const [batch, setBatch] = useState<TImportBatch | null>(null);
  const [errors, setErrors] = useState<{ items: TRowError[]; total: number; page: number }>({
    items: [],
    total: 0,
    page: 1,
  });
  const [isCommitting, setIsCommitting] = useState(false);
  const history = usePagedList<TImportBatch, object>(listBatches, {});
  const { reload: reloadHistory } = history;

  const report = useCallback(
    (error: unknown) => {
      if (!isSessionExpired(error)) {
        message.error(describeError(error));
      }
    },
    [message],
  );

  const loadErrors = useCallback(
    async (batchId: number, page: number) => {
      try {
        const result = await listBatchErrors(batchId, { page, pageSize: ERROR_PAGE_SIZE });
        setErrors({ items: result.items, total: result.total, page });
      } catch (error) {
        report(error);
      }
    },
    [report],
  );

  // Poll the batch while the server validates the file.
  const batchId = batch?.id;
  const isProcessing = batch?.status === 'processing';
  usePoll(
    isProcessing && batchId !== undefined ? batchId : null,
    getBatch,
    (next) => {
      setBatch(next);
      if (next.status !== 'processing') {
        void loadErrors(next.id, 1);
        reloadHistory();
      }
    },
    report,
    POLL_MS,
  );

  const startUpload = async () => {
    if (!file) {
      message.warning('请先选择要上传的 .xlsx 或 .csv 文件');
      return;
    }
    setIsUploading(true);
    try {
      const result = await uploadPersonList({ file, sourceDepartment: source, isFullList });
      setBatch(result.batch);
      setErrors({ items: result.errors.items, total: result.errors.total, page: 1 });
      reloadHistory();
    } catch (error) {
      report(error);
    } finally {
      setIsUploading(false);
    }
  };

  const saveTemplate = async () => {
    try {
      const { blob, filename } = await downloadTemplate();
      saveBlob(blob, filename ?? '人员名单导入模板.xlsx');
    } catch (error) {
      report(error);
    }
  };

  const saveErrors = async () => {
    if (!batch) {
      return;
    }
    try {
      const { blob, filename } = await downloadErrors(batch.id);
      saveBlob(blob, filename ?? `导入批次${batch.id}-错误明细.xlsx`);
    } catch (error) {
      report(error);
    }
  };

  const confirmCommit = () => {
    if (!batch) {
      return;
    }
    const flagged = batch.isFullList
      ? `，并将${count(batch, 'missing')}名不在本名单中的人员标记为待核实`
      : '';
    modal.confirm({
      title: '确认提交入库？',
      content: `将新增${count(batch, 'new')}人、更新${count(batch, 'changed')}人${flagged}。提交在一个事务中完成，失败时不会写入任何数据。`,
      okText: '提交入库',
      cancelText: '取消',
      onOk: async () => {
        setIsCommitting(true);
        try {
          const result = await commitBatch(batch.id);
          message.success(
            result.alreadyCommitted
              ? '该批次已提交过，本次未改变任何数据'
              : `已入库：新增${result.new}人，变更${result.changed}人，无变化${result.unchanged}人，标记待核实${result.flagged}人`,
          );
          setBatch(await getBatch(batch.id));
          reloadHistory();
        } catch (error) {
          report(error);
        } finally {
          setIsCommitting(false);
        }
      },
    });
  };

  const openBatch = async (id: number) => {
    try {
      setBatch(await getBatch(id));
      await loadErrors(id, 1);
    } catch (error) {
      report(error);
    }
  };

  const canCommit = batch?.status === 'previewed' && count(batch, 'invalid') === 0;

  return (
    <PageContainer
      title="数据导入"
      extra={
        <Button icon={<DownloadOutlined />} onClick={saveTemplate}>
          下载导入模板
        </Button>
      }
    >
      <Card title="上传人员名单">
        <Form layout="inline" style={{ marginBottom: 16 }}>
          <Form.Item label="数据来源部门" required>
            <Select
              value={source}
              onChange={setSource}
              style={{ width: 140 }}
              options={SOURCE_DEPARTMENTS.map((d) => ({ value: d, label: d }))}
            />
          </Form.Item>
          <Form.Item
            label="全量名单"
            tooltip="全量名单包含该部门管辖范围内的全部人员：以前由该部门导入、本次名单中没有的人员将被标记为待核实（不会删除）"
          >
            <Switch
              checked={isFullList}
              onChange={setIsFullList}
              checkedChildren="是"
              unCheckedChildren="否"
            />
          </Form.Item>
        </Form>
        <Upload.Dragger
          accept=".xlsx,.csv"
          maxCount={1}
          beforeUpload={(selected) => {
            setFile(selected);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖拽文件到此处</p>
          <p className="ant-upload-hint">
            支持 .xlsx 和 .csv（UTF-8 或 GBK 编码），可超过 20 万行；请使用导入模板的列名
          </p>
        </Upload.Dragger>
        <Flex justify="end" style={{ marginTop: 16 }}>
          <Button
            type="primary"
            icon={<CloudUploadOutlined />}
            loading={isUploading}
            disabled={!file || isProcessing}
            onClick={startUpload}
          >
            上传并校验
          </Button>
        </Flex>
      </Card>

      {batch && (
        <Card
          title={`校验结果：${batch.fileName}（批次 ${batch.id}）`}
          extra={<Tag color={STATUS_TAGS[batch.status].color}>{STATUS_TAGS[batch.status].label}</Tag>}
        >
          <Flex vertical gap={16}>
            {batch.status === 'processing' && (
              <div>
                <Progress percent={percentOf(batch)} status="active" />
                <Typography.Text type="secondary">
                  已处理 {batch.processedRows} 行{batch.totalRows ? ` / 约 ${batch.totalRows} 行` : ''}
                </Typography.Text>
              </div>
            )}
            {batch.status === 'failed' && (
              <Alert type="error" showIcon title="文件无法导入" description={batch.errorMessage} />
            )}
            {batch.sameFileBatchId ? (
              <Alert
                type="info"
                showIcon
                title={`同一文件（校验和相同）已在批次 ${batch.sameFileBatchId} 中入库；再次提交不会改变已有数据`}
              />
            ) : null}
            {batch.status !== 'processing' && batch.status !== 'failed' && (
              <Row gutter={[16, 16]}>
                {[
                  ['数据行', 'total'],
                  ['新增', 'new'],
                  ['变更', 'changed'],
                  ['无变化', 'unchanged'],
                  ['有误', 'invalid'],
                  ['新增户', 'householdsNew'],
                  ['变更户', 'householdsChanged'],
                  ...(batch.isFullList ? [['将标记待核实', 'missing']] : []),
                ].map(([label, key]) => (
                  <Col key={key} xs={12} sm={8} md={6} lg={3}>
                    <Card size="small">
                      <Statistic
                        title={label}
                        value={count(batch, key ?? '')}
                        styles={
                          key === 'invalid' && count(batch, 'invalid') > 0
                            ? { content: { color: '#cf1322' } }
                            : {}
                        }
                      />
                    </Card>
                  </Col>
                ))}
              </Row>
            )}
            {errors.total > 0 && (
              <>
                <Flex justify="space-between" align="center">
                  <Typography.Text type="danger">
                    共 {errors.total} 处错误，请修正原文件后重新上传（有错误的批次不能提交）
                  </Typography.Text>
                  <Button icon={<DownloadOutlined />} onClick={saveErrors}>
                    下载错误明细
                  </Button>
                </Flex>
                <Table<TRowError>
                  size="small"
                  rowKey={(row) => `${row.rowNumber}-${row.column}-${row.message}`}
                  columns={errorColumns}
                  dataSource={errors.items}
                  pagination={{
                    current: errors.page,
                    pageSize: ERROR_PAGE_SIZE,
                    total: errors.total,
                    showSizeChanger: false,
                    showTotal: (total) => `共 ${total} 条`,
                    onChange: (page) => void loadErrors(batch.id, page),
                  }}
                />
              </>
            )}
            {batch.status === 'committed' && (
              <Alert
                type="success"
                showIcon
                title={`已入库：新增${count(batch, 'committedNew')}人，变更${count(batch, 'committedChanged')}人，标记待核实${count(batch, 'flagged')}人`}
              />
            )}
            <Flex justify="end">
              <Button type="primary" disabled={!canCommit} loading={isCommitting} onClick={confirmCommit}>
                提交入库
              </Button>
            </Flex>
          </Flex>
        </Card>
      )}

      <Card title="导入记录">
        <Table<TImportBatch>
          rowKey="id"
          size="small"
          columns={historyColumns}
          dataSource={history.items}
          loading={history.isLoading}
          pagination={history.pagination}
          scroll={{ x: 1000 }}
          onRow={(row) => ({ onClick: () => void openBatch(row.id), style: { cursor: 'pointer' } })}
        />
      </Card>
    </PageContainer>
  );
}
