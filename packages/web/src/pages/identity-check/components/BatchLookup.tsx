import { SearchOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Empty,
  Flex,
  Input,
  Progress,
  Segmented,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import { BATCH_LIMIT, checkIdentityBatch, type TBatchItemResult } from '../api.ts';
import { extractIdList } from '../id-input.ts';

/** Longest list one batch run accepts (sent to the server in requests of BATCH_LIMIT). */
const MAX_IDS = 5_000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

type TRow = { key: number; input: string; item: TBatchItemResult };
type TShown = 'all' | 'found' | 'not_found' | 'invalid';

const outcomeOf = (item: TBatchItemResult): Exclude<TShown, 'all'> =>
  !item.ok ? 'invalid' : item.result.found ? 'found' : 'not_found';

const YES = <Tag color="green">适用</Tag>;
const NO = <Tag>不适用</Tag>;

const columns: TableColumnsType<TRow> = [
  { title: '序号', dataIndex: 'key', width: 70, render: (key: number) => key + 1 },
  {
    title: '身份证号',
    key: 'id',
    render: (_, row) => (row.item.ok ? row.item.result.idNumberMasked : row.input),
  },
  {
    title: '结果',
    key: 'outcome',
    render: (_, row) => {
      const { item } = row;
      if (!item.ok) {
        return <Typography.Text type="danger">{item.error.message}</Typography.Text>;
      }
      return item.result.found ? (
        <Space size={4}>
          <Tag color="blue">在库</Tag>
          {item.result.nameMasked}
        </Space>
      ) : (
        <Tag color="warning">未找到，按普通患者办理</Tag>
      );
    },
  },
  {
    title: '人员类别',
    key: 'categories',
    render: (_, { item }) =>
      item.ok && item.result.found ? item.result.categories.map((c) => c.label).join('、') || '无' : '—',
  },
  {
    title: '先诊疗后付费',
    key: 'tfpl',
    render: (_, { item }) =>
      item.ok && item.result.found ? (item.result.treatFirstPayLater.applies ? YES : NO) : '—',
  },
  {
    title: '自付上限',
    key: 'cap',
    render: (_, { item }) =>
      item.ok && item.result.found ? (item.result.selfPayCap.applies ? YES : NO) : '—',
  },
  {
    title: '家庭医生',
    key: 'doctor',
    render: (_, { item }) =>
      item.ok && item.result.familyDoctor
        ? `${item.result.familyDoctor.teamName}${item.result.familyDoctor.doctorName ? ` · ${item.result.familyDoctor.doctorName}` : ''}`
        : '—',
  },
  {
    title: '未结案大病救治',
    key: 'cases',
    render: (_, { item }) =>
      item.ok && item.result.openTreatmentCases.length > 0
        ? item.result.openTreatmentCases
            .map((c) => `${c.itemName ?? c.itemCode ?? ''}（${c.statusLabel}）`)
            .join('、')
        : '—',
  },
];

/** Batch identity check: paste a list or load a text/CSV file; every line gets its own answer. */
export function BatchLookup() {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [date, setDate] = useState<Dayjs>(() => dayjs());
  const [rows, setRows] = useState<TRow[] | null>(null);
  const [shown, setShown] = useState<TShown>('all');
  const [progress, setProgress] = useState<number | null>(null);
  const ids = useMemo(() => extractIdList(text), [text]);

  const [inputError, setInputError] = useState<string | null>(null);
  const start = () => {
    if (ids.length > MAX_IDS) {
      setInputError(`一次最多识别 ${MAX_IDS} 个身份证号，当前 ${ids.length} 个，请分批处理`);
      return;
    }
    setInputError(null);
    void run.submit();
  };
  const run = useSubmit(async () => {
    const collected: TRow[] = [];
    setRows(null);
    setProgress(0);
    try {
      for (let start = 0; start < ids.length; start += BATCH_LIMIT) {
        const chunk = ids.slice(start, start + BATCH_LIMIT);
        const answer = await checkIdentityBatch(chunk, date.format('YYYY-MM-DD'));
        for (const item of answer.results) {
          collected.push({ key: start + item.index, input: chunk[item.index] ?? '', item });
        }
        setProgress(Math.round(((start + chunk.length) / ids.length) * 100));
      }
    } finally {
      setProgress(null);
      setRows(collected.length > 0 ? collected : null);
    }
  });

  const counts = useMemo(() => {
    const result = { found: 0, not_found: 0, invalid: 0 };
    for (const row of rows ?? []) {
      result[outcomeOf(row.item)]++;
    }
    return result;
  }, [rows]);
  const visible = useMemo(
    () => (rows ?? []).filter((row) => shown === 'all' || outcomeOf(row.item) === shown),
    [rows, shown],
  );

  return (
    <Flex vertical gap={16}>
      <Input.TextArea
        aria-label="身份证号列表"
        rows={8}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="每行一个身份证号；也可从 Excel 复制一整列粘贴，或导入文本/CSV 文件（其他列会被忽略）"
      />
      <Flex wrap gap={12} align="center">
        <Upload
          accept=".txt,.csv,text/plain,text/csv"
          showUploadList={false}
          beforeUpload={(file) => {
            if (file.size > MAX_FILE_BYTES) {
              message.error('文件超过 2 MB，请拆分后再导入');
              return Upload.LIST_IGNORE;
            }
            void file.text().then((content) => {
              setText(content);
              message.success(`已读取文件“${file.name}”`);
            });
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>导入文本/CSV 文件</Button>
        </Upload>
        <Space>
          <span>就诊日期</span>
          <DatePicker allowClear={false} value={date} onChange={(value) => value && setDate(value)} />
        </Space>
        <Button
          type="primary"
          icon={<SearchOutlined />}
          loading={run.isSubmitting}
          disabled={ids.length === 0}
          onClick={start}
        >
          批量识别
        </Button>
        <Typography.Text type="secondary">已识别 {ids.length} 个身份证号</Typography.Text>
      </Flex>
      <ErrorAlert message={inputError ?? run.error} />
      {progress !== null ? <Progress percent={progress} status="active" /> : null}
      {rows ? (
        <>
          <Alert
            type={counts.invalid > 0 ? 'warning' : 'success'}
            showIcon
            title={`共 ${rows.length} 项：在库 ${counts.found}，未找到 ${counts.not_found}，有误 ${counts.invalid}`}
          />
          <Segmented<TShown>
            value={shown}
            onChange={setShown}
            options={[
              { label: '全部', value: 'all' },
              { label: `在库（${counts.found}）`, value: 'found' },
              { label: `未找到（${counts.not_found}）`, value: 'not_found' },
              { label: `有误（${counts.invalid}）`, value: 'invalid' },
            ]}
          />
          <Table<TRow>
            rowKey="key"
            size="small"
            columns={columns}
            dataSource={visible}
            pagination={{ pageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 项` }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有此类结果" /> }}
            scroll={{ x: 'max-content' }}
          />
        </>
      ) : null}
    </Flex>
  );
}
