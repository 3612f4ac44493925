import { IdcardOutlined, SearchOutlined } from '@ant-design/icons';
import { parseCitizenId } from '@healthaid/domain/citizen-id';
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Input,
  type InputRef,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useSubmit } from '../../hooks/useSubmit.ts';
import { checkIdentity, type TIdentity } from './api.ts';
import { BatchLookup } from './components/BatchLookup.tsx';
import { IdentityResult } from './components/IdentityResult.tsx';
import { normalizeScannedId } from './id-input.ts';

type THistoryRow = TIdentity & { key: number; at: string };
const HISTORY_SIZE = 20;

const historyColumns: TableColumnsType<THistoryRow> = [
  { title: '时间', dataIndex: 'at', width: 90 },
  { title: '身份证号', dataIndex: 'idNumberMasked' },
  { title: '姓名', dataIndex: 'nameMasked', render: (name: string | null) => name ?? '—' },
  {
    title: '结果',
    key: 'found',
    render: (_, row) =>
      row.found ? (
        row.categories.map((c) => c.label).join('、') || '在库（无有效类别）'
      ) : (
        <Tag color="warning">未找到</Tag>
      ),
  },
  {
    title: '先诊疗后付费',
    key: 'tfpl',
    render: (_, row) => (row.treatFirstPayLater.applies ? <Tag color="green">适用</Tag> : '—'),
  },
  {
    title: '自付上限',
    key: 'cap',
    render: (_, row) => (row.selfPayCap.applies ? <Tag color="green">适用</Tag> : '—'),
  },
];

/**
 * One ID at a time, as at the registration window: the field takes typing, pasting and an ID-card reader in
 * keyboard mode (the reader types the number and presses Enter). After each answer the field is cleared and
 * focused again, so the next card can be read straight away.
 */
function SingleLookup() {
  const inputRef = useRef<InputRef>(null);
  const [raw, setRaw] = useState('');
  const [date, setDate] = useState<Dayjs>(() => dayjs());
  const [identity, setIdentity] = useState<TIdentity | null>(null);
  const [history, setHistory] = useState<THistoryRow[]>([]);
  const [counter, setCounter] = useState(0);

  // A misread card is explained at once, without a request.
  const [inputError, setInputError] = useState<string | null>(null);
  const lookup = useSubmit(async (idNumber: string) => {
    setIdentity(null);
    const answer = await checkIdentity(idNumber, date.format('YYYY-MM-DD'));
    setIdentity(answer);
    setHistory((rows) =>
      [{ ...answer, key: counter, at: dayjs().format('HH:mm:ss') }, ...rows].slice(0, HISTORY_SIZE),
    );
    setCounter((n) => n + 1);
    setRaw('');
    inputRef.current?.focus();
  });
  const check = () => {
    const idNumber = normalizeScannedId(raw);
    const parsed = parseCitizenId(idNumber, { today: dayjs().format('YYYY-MM-DD') });
    if (!parsed.ok) {
      setInputError(`身份证号“${idNumber || raw.trim()}”无效：${parsed.message}`);
      inputRef.current?.select();
      return;
    }
    setInputError(null);
    void lookup.submit(parsed.value.idNumber);
  };

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex wrap gap={12} align="center">
          <Input
            ref={inputRef}
            autoFocus
            size="large"
            aria-label="身份证号"
            prefix={<IdcardOutlined />}
            placeholder="将身份证放在读卡器上，或输入身份证号后按回车"
            value={raw}
            maxLength={60}
            allowClear
            onChange={(e) => setRaw(e.target.value)}
            onPressEnter={check}
            style={{ width: 460, maxWidth: '100%' }}
          />
          <Space>
            <span>就诊日期</span>
            <DatePicker
              allowClear={false}
              value={date}
              onChange={(value) => value && setDate(value)}
              aria-label="就诊日期"
            />
          </Space>
          <Button
            type="primary"
            size="large"
            icon={<SearchOutlined />}
            loading={lookup.isSubmitting}
            onClick={check}
          >
            识别
          </Button>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          支持身份证读卡器（键盘模式）、全角数字和小写 x；每次识别都会记入审计日志，页面只显示脱敏信息。
        </Typography.Paragraph>
      </Card>
      <ErrorAlert message={inputError ?? lookup.error} />
      {identity ? (
        <IdentityResult identity={identity} />
      ) : (
        <Card>
          <Empty description="刷身份证或输入身份证号后，这里显示患者的健康扶贫身份与可享待遇" />
        </Card>
      )}
      <Card title="本次识别记录" size="small">
        <Table<THistoryRow>
          rowKey="key"
          size="small"
          columns={historyColumns}
          dataSource={history}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未识别" /> }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
    </Flex>
  );
}

/** 就医身份识别: hospital clerks check whether a patient is in the county's 健康扶贫 registry. */
export default function IdentityCheckPage() {
  return (
    <PageContainer title="就医身份识别">
      <Tabs
        items={[
          { key: 'single', label: '刷卡识别', children: <SingleLookup /> },
          { key: 'batch', label: '批量识别', children: <BatchLookup /> },
        ]}
      />
    </PageContainer>
  );
}
