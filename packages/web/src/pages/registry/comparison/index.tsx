import {
  CloudUploadOutlined,
  DownloadOutlined,
  FileExcelOutlined,
  InboxOutlined,
  RedoOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import { REGISTRY_CATEGORY_LABELS, type RegistryCategory } from '@healthaid/domain/registry';
import {
  COMPARISON_FIELD_LABELS,
  COMPARISON_FIELDS,
  COMPARISON_KIND_LABELS,
  COMPARISON_SOURCES,
  type ComparisonField,
  type ComparisonKind,
  type ComparisonSource,
} from '@healthaid/domain/registry-comparison';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Progress,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { describeError, isSessionExpired } from '../../../app/api/api-error.ts';
import { saveBlob } from '../../../app/api/save-blob.ts';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { usePoll } from '../../../hooks/usePoll.ts';
import {
  createComparisonTasks,
  downloadComparisonErrors,
  downloadComparisonRows,
  downloadOnlyInListTemplate,
  getComparison,
  listComparisonRows,
  listComparisons,
  rerunComparison,
  type TComparison,
  type TComparisonRow,
  type TComparisonStatus,
  type TCoverage,
  type TRowError,
  type TRowFilters,
  uploadComparison,
} from './api.ts';

const STATUS_TAGS: Record<TComparisonStatus, { color: string; label: string }> = {
  processing: { color: 'processing', label: '对比中' },
  completed: { color: 'success', label: '已完成' },
  failed: { color: 'error', label: '失败' },
};
const TASK_TAGS = {
  open: { color: 'processing', label: '核实中' },
  completed: { color: 'success', label: '已核实' },
  cancelled: { color: 'default', label: '已取消' },
} as const;
const KIND_COUNT_KEYS: Record<ComparisonKind, string> = {
  only_in_list: 'onlyInList',
  only_in_registry: 'onlyInRegistry',
  different: 'different',
};
const EMPTY_TEXT: Record<ComparisonKind, string> = {
  only_in_list: '名单中的人员均已在系统中登记',
  only_in_registry: '系统中的人员均出现在名单中',
  different: '名单与系统的姓名、类别、状态、户和所在村均一致',
};
const POLL_MS = 1000;

const count = (run: TComparison, key: string) => run.counts[key] ?? 0;

function percentOf(run: TComparison): number {
  if (run.status !== 'processing') {
    return 100;
  }
  return run.totalRows ? Math.min(99, Math.floor((run.processedRows * 100) / run.totalRows)) : 0;
}

const categoryText = (categories: string[] | undefined) =>
  (categories ?? []).map((c) => REGISTRY_CATEGORY_LABELS[c as RegistryCategory] ?? c).join('、');

function detailText(row: TComparisonRow): string {
  const detail = row.detail ?? {};
  return [
    detail.householdNo ? `户编号 ${detail.householdNo}` : '',
    detail.relation ? detail.relation : '',
    detail.categories?.length ? categoryText(detail.categories) : '',
  ]
    .filter(Boolean)
    .join('，');
}

const errorColumns: TableColumnsType<TRowError> = [
  { title: '行号', dataIndex: 'rowNumber', width: 80 },
  { title: '列名', dataIndex: 'column', width: 160 },
  { title: '错误原因', dataIndex: 'message' },
];

const historyColumns: TableColumnsType<TComparison> = [
  { title: '编号', dataIndex: 'id', width: 70 },
  { title: '对比时间', dataIndex: 'createdAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
  { title: '文件名', dataIndex: 'fileName', ellipsis: true },
  {
    title: '重新对比自',
    dataIndex: 'rerunOf',
    width: 100,
    render: (v: number | null) => (v === null ? '—' : <Tag color="purple">对比 {v}</Tag>),
  },
  { title: '名单来源', dataIndex: 'sourceLabel' },
  { title: '范围', dataIndex: 'regionName', render: (v: string | null, r) => v ?? r.regionCode },
  {
    title: '状态',
    dataIndex: 'status',
    render: (s: TComparisonStatus) => <Tag color={STATUS_TAGS[s].color}>{STATUS_TAGS[s].label}</Tag>,
  },
  {
    title: '仅名单有 / 仅系统有 / 信息不一致',
    key: 'counts',
    render: (_: unknown, r) =>
      r.status === 'completed'
        ? `${count(r, 'onlyInList')} / ${count(r, 'onlyInRegistry')} / ${count(r, 'different')}`
        : '—',
  },
  { title: '对比人', dataIndex: 'userName', render: (v: string | null) => v ?? '—' },
];

type TFilterForm = { regionCode?: string; field?: ComparisonField; q?: string };

/** 数据对比: compare a department's list with the registry (nothing is imported), then send visits. */
export default function RegistryComparisonPage() {
  const { message, modal } = App.useApp();
  const [source, setSource] = useState<ComparisonSource>('医保局');
  const [coverage, setCoverage] = useState<TCoverage>('villages');
  const [file, setFile] = useState<File | null>(null);
  const [isUploading, setIsUploading] = useState(false);
  const [run, setRun] = useState<TComparison | null>(null);
  const [isExisting, setIsExisting] = useState(false);
  const [kind, setKind] = useState<ComparisonKind>('only_in_list');
  const [selected, setSelected] = useState<number[]>([]);
  const [taskScope, setTaskScope] = useState<'selected' | 'all' | null>(null);
  const [assignTo, setAssignTo] = useState<'township' | 'village'>('township');
  const [isCreating, setIsCreating] = useState(false);
  const [filterForm] = Form.useForm<TFilterForm>();
  const history = usePagedList<TComparison, object>(listComparisons, {});
  const { reload: reloadHistory } = history;
  const rows = usePagedList<TComparisonRow, TRowFilters>(listComparisonRows, {
    runId: null,
    kind: 'only_in_list',
  });
  const { applyFilters: applyRowFilters, reload: reloadRows, filters: rowFilters } = rows;

  const report = useCallback(
    (error: unknown) => {
      if (!isSessionExpired(error)) {
        message.error(describeError(error));
      }
    },
    [message],
  );

  const showRun = useCallback(
    (next: TComparison, nextKind: ComparisonKind = 'only_in_list') => {
      setRun(next);
      setKind(nextKind);
      setSelected([]);
      filterForm.resetFields();
      applyRowFilters({ runId: next.status === 'completed' ? next.id : null, kind: nextKind });
    },
    [applyRowFilters, filterForm],
  );

  // Poll the run while the server reads and compares the file.
  const runId = run?.id;
  const isProcessing = run?.status === 'processing';
  usePoll(
    isProcessing && runId !== undefined ? runId : null,
    getComparison,
    (next) => {
      if (next.status === 'processing') {
        setRun(next);
      } else {
        showRun(next);
        reloadHistory();
      }
    },
    report,
    POLL_MS,
  );

  const startUpload = async () => {
    if (!file) {
      message.warning('请先选择要对比的 .xlsx 或 .csv 名单');
      return;
    }
    setIsUploading(true);
    try {
      const result = await uploadComparison({ file, sourceDepartment: source, coverage });
      setIsExisting(result.isExisting);
      showRun(result.run);
      reloadHistory();
    } catch (error) {
      report(error);
    } finally {
      setIsUploading(false);
    }
  };

  const openRun = async (id: number) => {
    try {
      setIsExisting(false);
      showRun(await getComparison(id));
    } catch (error) {
      report(error);
    }
  };

  /** Another tab keeps the region and starts without the name search and field of the previous one. */
  const changeKind = (next: string) => {
    const nextKind = next as ComparisonKind;
    setKind(nextKind);
    setSelected([]);
    filterForm.setFieldsValue({ field: undefined, q: undefined });
    applyRowFilters({
      runId: run?.status === 'completed' ? run.id : null,
      kind: nextKind,
      regionCode: filterForm.getFieldValue('regionCode') as string | undefined,
    });
  };

  const search = (values: TFilterForm) => {
    setSelected([]);
    applyRowFilters({
      runId: rowFilters.runId,
      kind,
      regionCode: values.regionCode,
      field: kind === 'different' ? values.field : undefined,
      q: values.q?.trim() || undefined,
    });
  };

  /** Saves a download of the open run (the server's file name, else `fallbackName`). */
  const saveDownload = async (
    download: (runId: number) => Promise<{ blob: Blob; filename: string | null }>,
    fallbackName: string,
  ) => {
    if (!run) {
      return;
    }
    try {
      const { blob, filename } = await download(run.id);
      saveBlob(blob, filename ?? `数据对比${run.id}-${fallbackName}.xlsx`);
    } catch (error) {
      report(error);
    }
  };

  const exportRows = () => {
    const { runId: _id, ...filters } = rowFilters;
    return saveDownload((id) => downloadComparisonRows(id, filters), COMPARISON_KIND_LABELS[kind]);
  };

  /** 重新对比: the same list (stored with the run) against the registry as it is now; opens the new run. */
  const confirmRerun = () => {
    if (!run) {
      return;
    }
    const repeated = run;
    modal.confirm({
      title: '重新对比',
      content: `用对比 ${repeated.id} 的名单（${repeated.fileName}，${repeated.sourceLabel}）与系统现有数据再对比一次，不必重新上传文件。本次结果保留不变，将生成一条新的对比记录。`,
      okText: '重新对比',
      cancelText: '取消',
      onOk: async () => {
        try {
          const result = await rerunComparison(repeated.id);
          setIsExisting(false);
          if (result.isExisting) {
            message.info(`对比 ${repeated.id} 的重新对比正在进行，已为您打开`);
          }
          showRun(result.run);
          reloadHistory();
        } catch (error) {
          report(error);
        }
      },
    });
  };

  const saveOnlyInListTemplate = () =>
    saveDownload((id) => downloadOnlyInListTemplate(id, rowFilters.regionCode), '仅名单有-人员导入模板');

  const saveErrors = () => saveDownload(downloadComparisonErrors, '错误明细');

  const createTasks = async () => {
    if (!run || !taskScope || kind === 'only_in_list') {
      return;
    }
    setIsCreating(true);
    try {
      const result = await createComparisonTasks(
        run.id,
        taskScope === 'selected'
          ? { rowIds: selected, assignTo }
          : {
              kind,
              assignTo,
              ...(rowFilters.regionCode ? { regionCode: rowFilters.regionCode } : {}),
              ...(rowFilters.field ? { field: rowFilters.field } : {}),
              ...(rowFilters.q ? { q: rowFilters.q } : {}),
            },
      );
      const extra = [
        result.alreadyOpen ? `${result.alreadyOpen}人已有未完成的核实任务` : '',
        result.alreadyLinked ? `${result.alreadyLinked}行此前已生成任务` : '',
      ]
        .filter(Boolean)
        .join('，');
      message.success(`已生成${result.created}条入户核实任务${extra ? `（${extra}）` : ''}`);
      setTaskScope(null);
      setSelected([]);
      reloadRows();
    } catch (error) {
      report(error);
    } finally {
      setIsCreating(false);
    }
  };

  const columns: TableColumnsType<TComparisonRow> = [
    { title: '名单行号', dataIndex: 'rowNumber', width: 90, render: (v: number | null) => v ?? '—' },
    { title: '身份证号', dataIndex: 'idNumberMasked', width: 190 },
    {
      title: '姓名',
      dataIndex: 'name',
      width: 110,
      render: (name: string, row) =>
        row.personId ? <Link to={`/persons/${row.personId}`}>{name}</Link> : name,
    },
    {
      title: '所在村',
      dataIndex: 'villageName',
      width: 160,
      render: (v: string | null, row) => v ?? row.villageCode,
    },
    ...(kind === 'different'
      ? ([
          {
            title: '不一致内容（名单 → 系统）',
            key: 'differences',
            render: (_: unknown, row: TComparisonRow) => (
              <Flex vertical gap={2}>
                {row.differences.map((d) => (
                  <span key={d.field}>
                    <Tag color="orange">{COMPARISON_FIELD_LABELS[d.field] ?? d.field}</Tag>
                    名单“{d.listValue ?? '空'}”，系统“{d.registryValue ?? '空'}”
                  </span>
                ))}
              </Flex>
            ),
          },
        ] satisfies TableColumnsType<TComparisonRow>)
      : ([
          {
            title: kind === 'only_in_list' ? '名单信息' : '系统信息',
            key: 'detail',
            render: (_: unknown, row: TComparisonRow) => detailText(row) || '—',
          },
          {
            title: '说明',
            dataIndex: 'note',
            render: (v: string | null) => v ?? (kind === 'only_in_list' ? '系统中未登记' : '名单中没有此人'),
          },
        ] satisfies TableColumnsType<TComparisonRow>)),
    ...(kind === 'only_in_list'
      ? []
      : ([
          {
            title: '入户核实',
            dataIndex: 'taskStatus',
            width: 100,
            render: (s: TComparisonRow['taskStatus']) =>
              s ? <Tag color={TASK_TAGS[s].color}>{TASK_TAGS[s].label}</Tag> : '—',
          },
        ] satisfies TableColumnsType<TComparisonRow>)),
  ];

  const kindTotal = run?.status === 'completed' ? count(run, KIND_COUNT_KEYS[kind]) : 0;
  const taskCount = taskScope === 'selected' ? selected.length : (rows.pagination.total ?? 0);

  return (
    <PageContainer title="数据对比">
      <Card title="上传名单">
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="数据对比只读取名单、与系统中您管辖范围内的人员逐一比对，不会修改系统数据。名单列名与数据导入模板相同（身份证号、姓名、村行政区划代码必填）。"
        />
        <Form layout="inline" style={{ marginBottom: 16 }}>
          <Form.Item label="名单来源" required>
            <Select
              value={source}
              onChange={setSource}
              style={{ width: 200 }}
              aria-label="名单来源"
              options={COMPARISON_SOURCES.map((s) => ({ value: s.key, label: s.label }))}
            />
          </Form.Item>
          <Form.Item
            label="对比范围"
            tooltip="“名单涉及的村”：只把名单中出现的村的系统人员算作“仅系统有”；“管辖范围全部”：您管辖范围内的全部人员"
          >
            <Radio.Group
              value={coverage}
              onChange={(e) => setCoverage(e.target.value as TCoverage)}
              optionType="button"
              options={[
                { value: 'villages', label: '名单涉及的村' },
                { value: 'scope', label: '管辖范围全部' },
              ]}
            />
          </Form.Item>
        </Form>
        <Upload.Dragger
          accept=".xlsx,.csv"
          maxCount={1}
          beforeUpload={(selectedFile) => {
            setFile(selectedFile);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖拽名单文件到此处</p>
          <p className="ant-upload-hint">
            支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）；同一文件再次对比时直接显示已有结果
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
            上传并对比
          </Button>
        </Flex>
      </Card>

      {run ? (
        <Card
          title={`对比结果：${run.fileName}（${run.sourceLabel}，对比 ${run.id}${
            run.rerunOf === null ? '' : `，重新对比自对比 ${run.rerunOf}`
          }）`}
          extra={
            <Space>
              {run.status === 'completed' && (
                <Button icon={<RedoOutlined />} onClick={confirmRerun}>
                  重新对比
                </Button>
              )}
              <Tag color={STATUS_TAGS[run.status].color}>{STATUS_TAGS[run.status].label}</Tag>
            </Space>
          }
        >
          <Flex vertical gap={16}>
            {isExisting && (
              <Alert
                type="info"
                showIcon
                title={`该文件（校验和相同）已于${dayjs(run.createdAt).format('YYYY-MM-DD HH:mm')}对比过，以下为已有结果`}
              />
            )}
            {run.status === 'processing' && (
              <div>
                <Progress percent={percentOf(run)} status="active" />
                <Typography.Text type="secondary">
                  已读取 {run.processedRows} 行{run.totalRows ? ` / 约 ${run.totalRows} 行` : ''}
                </Typography.Text>
              </div>
            )}
            {run.status === 'failed' && (
              <>
                <Alert type="error" showIcon title="名单无法对比" description={run.errorMessage} />
                {run.errors.length > 0 && (
                  <Flex justify="space-between" align="center">
                    <Typography.Text type="danger">
                      共 {count(run, 'invalid')} 行有误
                      {count(run, 'invalid') > run.errors.length
                        ? `（以下列出前 ${run.errors.length} 处错误）`
                        : ''}
                      ，请修正原文件后重新上传
                    </Typography.Text>
                    <Button icon={<DownloadOutlined />} onClick={saveErrors}>
                      下载错误明细
                    </Button>
                  </Flex>
                )}
                {run.errors.length > 0 && (
                  <Table<TRowError>
                    size="small"
                    rowKey={(e) => `${e.rowNumber}-${e.column}-${e.message}`}
                    columns={errorColumns}
                    dataSource={run.errors}
                    pagination={{ pageSize: 10, showTotal: (total) => `共 ${total} 处错误` }}
                  />
                )}
              </>
            )}
            {run.status === 'completed' && (
              <>
                <Row gutter={[16, 16]}>
                  {[
                    ['名单行数', 'total'],
                    ['参与对比', 'compared'],
                    ['管辖范围外', 'outOfScope'],
                    ['涉及村', 'villages'],
                    ['一致', 'same'],
                  ].map(([label, key]) => (
                    <Col key={key} xs={12} sm={8} md={4}>
                      <Card size="small">
                        <Statistic title={label} value={count(run, key ?? '')} />
                      </Card>
                    </Col>
                  ))}
                </Row>
                <Tabs
                  activeKey={kind}
                  onChange={changeKind}
                  items={(Object.keys(KIND_COUNT_KEYS) as ComparisonKind[]).map((k) => ({
                    key: k,
                    label: `${COMPARISON_KIND_LABELS[k]}（${count(run, KIND_COUNT_KEYS[k])}）`,
                  }))}
                />
                <Form<TFilterForm> form={filterForm} layout="inline" onFinish={search}>
                  <Form.Item name="regionCode" label="区域">
                    <RegionCascader style={{ width: 240 }} aria-label="区域" />
                  </Form.Item>
                  {kind === 'different' && (
                    <Form.Item name="field" label="不一致字段">
                      <Select
                        allowClear
                        style={{ width: 140 }}
                        options={COMPARISON_FIELDS.map((f) => ({
                          value: f,
                          label: COMPARISON_FIELD_LABELS[f],
                        }))}
                      />
                    </Form.Item>
                  )}
                  <Form.Item name="q" label="姓名/身份证号">
                    <Input allowClear style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item>
                    <Button htmlType="submit">查询</Button>
                  </Form.Item>
                </Form>
                <Flex justify="space-between" align="center">
                  <Typography.Text type="secondary">
                    {kind === 'only_in_list'
                      ? '仅名单有的人员未在系统中登记，不能生成入户核实任务：点击“导出为导入模板”，补全信息后通过“数据导入”登记（文件含完整身份证号，下载将记入审计日志）'
                      : '可为所选人员或本类全部人员生成入户核实任务，由乡镇或村完成核实并更正'}
                  </Typography.Text>
                  <Space>
                    <Button icon={<DownloadOutlined />} onClick={exportRows} disabled={kindTotal === 0}>
                      导出Excel
                    </Button>
                    {kind === 'only_in_list' && (
                      <Button
                        type="primary"
                        icon={<FileExcelOutlined />}
                        onClick={saveOnlyInListTemplate}
                        disabled={kindTotal === 0}
                      >
                        导出为导入模板
                      </Button>
                    )}
                    {kind !== 'only_in_list' && (
                      <>
                        <Button
                          icon={<SafetyCertificateOutlined />}
                          disabled={selected.length === 0}
                          onClick={() => setTaskScope('selected')}
                        >
                          为所选生成入户核实任务（{selected.length}）
                        </Button>
                        <Button
                          type="primary"
                          icon={<SafetyCertificateOutlined />}
                          disabled={(rows.pagination.total ?? 0) === 0}
                          onClick={() => setTaskScope('all')}
                        >
                          生成入户核实任务
                        </Button>
                      </>
                    )}
                  </Space>
                </Flex>
                <Table<TComparisonRow>
                  rowKey="id"
                  size="small"
                  columns={columns}
                  dataSource={rows.items}
                  loading={rows.isLoading}
                  pagination={rows.pagination}
                  scroll={{ x: 900 }}
                  locale={{ emptyText: <Empty description={EMPTY_TEXT[kind]} /> }}
                  rowSelection={
                    kind === 'only_in_list'
                      ? undefined
                      : {
                          selectedRowKeys: selected,
                          onChange: (keys) => setSelected(keys.map(Number)),
                          getCheckboxProps: (row) => ({ disabled: row.verificationTaskId !== null }),
                        }
                  }
                />
              </>
            )}
          </Flex>
        </Card>
      ) : (
        <Card>
          <Empty description="上传名单后在此查看对比结果，或在下方对比记录中打开以往的结果" />
        </Card>
      )}

      <Card title="对比记录">
        <Table<TComparison>
          rowKey="id"
          size="small"
          columns={historyColumns}
          dataSource={history.items}
          loading={history.isLoading}
          pagination={history.pagination}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty description="还没有数据对比记录" /> }}
          onRow={(row) => ({ onClick: () => void openRun(row.id), style: { cursor: 'pointer' } })}
        />
      </Card>

      <Modal
        title="生成入户核实任务"
        open={taskScope !== null}
        okText="生成任务"
        cancelText="取消"
        confirmLoading={isCreating}
        onOk={createTasks}
        onCancel={() => setTaskScope(null)}
      >
        <Flex vertical gap={12}>
          <Typography.Text>
            {taskScope === 'selected'
              ? `为所选${taskCount}人生成入户核实任务。`
              : `为“${COMPARISON_KIND_LABELS[kind]}”中符合当前筛选的${taskCount}人生成入户核实任务（已有任务的跳过）。`}
          </Typography.Text>
          <Form.Item label="指派到" style={{ marginBottom: 0 }}>
            <Radio.Group
              value={assignTo}
              onChange={(e) => setAssignTo(e.target.value as 'township' | 'village')}
              options={[
                { value: 'township', label: '人员所在乡镇' },
                { value: 'village', label: '人员所在村' },
              ]}
            />
          </Form.Item>
          <Typography.Text type="secondary">
            核实人员在“入户核实”中提交结果；选择“已更正信息”时，更正内容写入人员档案并保留修改记录。
          </Typography.Text>
        </Flex>
      </Modal>
    </PageContainer>
  );
}
