import { can } from '@healthaid/domain/access';
import { formatBp } from '@healthaid/domain/money';
import { TARGET_BASIS_LABELS } from '@healthaid/domain/screening';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  InputNumber,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { ExportButton } from '../../../components/ExportButton.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PeriodPicker } from '../../../components/PeriodPicker.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import {
  exportCompletion,
  getCompletion,
  getTargets,
  saveTargets,
  type TCompletion,
  type TCompletionCell,
  type TTargets,
} from '../api.ts';

type TRow = TCompletion['rows'][number] & { isTotal?: boolean };

/** Share of the year the period covers (progress a programme should have reached), in basis points. */
function expectedProgressBp(from: string, to: string): number {
  const start = dayjs(from);
  const end = dayjs(to);
  if (start.year() !== end.year()) {
    return 10_000;
  }
  const days = end.diff(start.startOf('year'), 'day') + 1;
  const yearDays = start.endOf('year').diff(start.startOf('year'), 'day') + 1;
  return Math.min(10_000, Math.round((days * 10_000) / yearDays));
}

function RateCell({ cell, expectedBp }: { cell: TCompletionCell | undefined; expectedBp: number }) {
  if (!cell) {
    return <span>—</span>;
  }
  if (cell.rateBp === null) {
    return (
      <Tooltip title={cell.target === 0 ? '未下达任务数' : undefined}>
        <span style={{ color: '#999' }}>—</span>
      </Tooltip>
    );
  }
  const color =
    cell.rateBp >= 10_000
      ? 'green'
      : cell.rateBp >= expectedBp
        ? 'blue'
        : cell.rateBp >= expectedBp * 0.8
          ? 'orange'
          : 'red';
  return (
    <Tooltip
      title={`完成${cell.screened}人 / 任务${cell.target}人；异常${cell.abnormal}人，待处理转诊${cell.openReferrals}人`}
    >
      <Tag color={color}>{cell.display}</Tag>
    </Tooltip>
  );
}

function CompletionTab({ regionCode }: { regionCode: string }) {
  const { setRegionCode } = useCurrentRegion();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const query = {
    region: regionCode,
    from: period[0].format('YYYY-MM-DD'),
    to: period[1].format('YYYY-MM-DD'),
  };
  const state = useAsync(() => getCompletion(query), `${query.region}|${query.from}|${query.to}`);
  const data = state.data;
  const expectedBp = expectedProgressBp(query.from, query.to);

  const columns: TableColumnsType<TRow> = [
    {
      title: '区划',
      dataIndex: 'name',
      key: 'name',
      fixed: 'left',
      render: (name: string, row) =>
        row.isTotal || row.code === data?.region.code ? (
          <strong>{name}</strong>
        ) : (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setRegionCode(row.code)}>
            {name}
          </Button>
        ),
    },
    ...(data?.programmes ?? []).map((p) => ({
      title: p.label,
      key: p.code,
      children: [
        {
          title: '任务数',
          key: `${p.code}-target`,
          align: 'right' as const,
          render: (_: unknown, row: TRow) =>
            row.isTotal || data?.rowsHaveTargets ? (row.cells[p.code]?.target ?? 0) : '—',
        },
        {
          title: '完成数',
          key: `${p.code}-screened`,
          align: 'right' as const,
          render: (_: unknown, row: TRow) => row.cells[p.code]?.screened ?? 0,
        },
        {
          title: '完成比率',
          key: `${p.code}-rate`,
          align: 'center' as const,
          render: (_: unknown, row: TRow) =>
            row.isTotal || data?.rowsHaveTargets ? (
              <RateCell cell={row.cells[p.code]} expectedBp={expectedBp} />
            ) : (
              '—'
            ),
        },
      ],
    })),
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <PeriodPicker value={period} onChange={setPeriod} />
        <ExportButton run={() => exportCompletion(query)} fallbackName="两筛两癌完成情况.xlsx" />
        <Typography.Text type="secondary">
          期间已过全年的{formatBp(expectedBp)}：达到此进度为蓝色，低于其八成为红色；点击乡镇查看下级。
        </Typography.Text>
      </Space>
      <ErrorAlert message={state.error ? describeError(state.error) : null} />
      {data && !data.rowsHaveTargets && (
        <Alert type="info" showIcon title="任务数按乡镇下达，各村只列完成数；完成比率见合计行。" />
      )}
      <Table<TRow>
        rowKey="code"
        size="small"
        bordered
        loading={state.isLoading}
        columns={columns}
        dataSource={data ? [...data.rows, { ...data.total, isTotal: true }] : []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description="没有数据" /> }}
      />
      <Typography.Paragraph type="secondary">
        完成数为期内筛查人数（同一人同一项目同一年度只计一次）；任务数为期内所含年度下达的任务数，新生儿项目为活产数；乡镇以下不设任务数。
        明细见<Link to="/screenings">两筛两癌登记</Link>或<Link to="/indicators">指标查询</Link>。
      </Typography.Paragraph>
    </Space>
  );
}

function TargetsTab({ regionCode, canEdit }: { regionCode: string; canEdit: boolean }) {
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const [version, setVersion] = useState(0);
  const state = useAsync(() => getTargets({ region: regionCode, year }), `${regionCode}|${year}|${version}`);
  const [draft, setDraft] = useState<TTargets | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDraft(state.data);
  }, [state.data]);

  const setValue = (township: string, programme: string, value: number | null) => {
    setDraft((d) =>
      d
        ? {
            ...d,
            rows: d.rows.map((r) =>
              r.townshipCode === township ? { ...r, targets: { ...r.targets, [programme]: value } } : r,
            ),
          }
        : d,
    );
  };

  const save = async () => {
    if (!draft) {
      return;
    }
    setIsSaving(true);
    setError(null);
    try {
      const items = draft.rows.flatMap((r) =>
        draft.programmes
          .filter((p) => r.targets[p.code] !== null && r.targets[p.code] !== undefined)
          .map((p) => ({
            townshipCode: r.townshipCode,
            programme: p.code,
            count: r.targets[p.code] as number,
          })),
      );
      const { saved } = await saveTargets({ year, items });
      message.success(`已保存${saved}项任务数`);
      setVersion((v) => v + 1);
    } catch (cause) {
      setError(describeError(cause));
    } finally {
      setIsSaving(false);
    }
  };

  const columns: TableColumnsType<TTargets['rows'][number]> = [
    { title: '乡镇', dataIndex: 'townshipName', key: 'township', fixed: 'left' },
    ...(draft?.programmes ?? []).map((p) => ({
      title: (
        <span>
          {p.label}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            （{TARGET_BASIS_LABELS[p.basis]}）
          </Typography.Text>
        </span>
      ),
      key: p.code,
      align: 'right' as const,
      render: (_: unknown, row: TTargets['rows'][number]) =>
        canEdit ? (
          <InputNumber
            min={0}
            max={1_000_000}
            precision={0}
            value={row.targets[p.code]}
            aria-label={`${row.townshipName}${p.label}`}
            onChange={(v) => setValue(row.townshipCode, p.code, typeof v === 'number' ? v : null)}
            style={{ width: 96 }}
          />
        ) : (
          (row.targets[p.code] ?? '—')
        ),
    })),
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          value={year}
          style={{ width: 120 }}
          options={[-1, 0, 1].map((d) => ({ value: dayjs().year() + d, label: `${dayjs().year() + d}年` }))}
          onChange={setYear}
        />
        {canEdit && (
          <Button
            type="primary"
            loading={isSaving}
            onClick={save}
            disabled={!draft || draft.rows.length === 0}
          >
            保存任务数
          </Button>
        )}
      </Space>
      {!canEdit && <Alert type="info" showIcon title="任务数由县级业务人员下达，此处仅供查看。" />}
      <ErrorAlert message={error ?? (state.error ? describeError(state.error) : null)} />
      <Table
        rowKey="townshipCode"
        size="small"
        bordered
        loading={state.isLoading}
        columns={columns}
        dataSource={draft?.rows ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description="所选区域没有乡镇" /> }}
      />
      <Typography.Paragraph type="secondary">
        任务数按乡镇、年度下达：“两癌”为任务人数（可按适龄低保、农村妇女的一定比例确定），产前筛查为任务人数，新生儿筛查为当年活产数（可随年内出生登记更新）。
      </Typography.Paragraph>
    </Space>
  );
}

/** 筛查完成情况: completion rate of each programme by child region, and the yearly targets (任务数). */
export default function ScreeningCompletionPage() {
  const { regionCode } = useCurrentRegion();
  const user = useCurrentUser();
  return (
    <PageContainer title="两筛两癌完成情况">
      <Card>
        <Tabs
          items={[
            { key: 'completion', label: '完成情况', children: <CompletionTab regionCode={regionCode} /> },
            {
              key: 'targets',
              label: '年度任务数',
              children: <TargetsTab regionCode={regionCode} canEdit={can(user.role, 'screenings.targets')} />,
            },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
