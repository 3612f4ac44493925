import { PlusOutlined } from '@ant-design/icons';
import { can } from '@healthaid/domain/access';
import {
  PRIORITY_GROUP_LABELS,
  SCREENING_PROGRAMME_LABELS,
  SCREENING_PROGRAMMES,
  SCREENING_REFERRAL_STATUS_LABELS,
  SCREENING_RESULT_LABELS,
  SCREENING_RESULTS,
  type ScreeningProgramme,
  type ScreeningReferralStatus,
  type ScreeningResult,
} from '@healthaid/domain/screening';
import {
  App,
  Button,
  Card,
  Checkbox,
  Input,
  Select,
  Space,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { ExportButton } from '../../../components/ExportButton.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PagedTable } from '../../../components/PagedTable.tsx';
import { PeriodPicker } from '../../../components/PeriodPicker.tsx';
import { useFollowRegion } from '../../../hooks/useFollowRegion.ts';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { exportScreenings, listScreenings, type TScreening, type TScreeningFilters } from '../api.ts';
import { ReferralModal, ReferralTag, ResultTag, VoidModal } from '../components/ReferralModal.tsx';
import { ScreeningFormModal } from '../components/ScreeningForm.tsx';

type TDialog = 'create' | { referral: TScreening } | { void: TScreening } | null;

function subjectDetail(r: TScreening): string {
  if (r.gestationalAge) {
    return `孕${r.gestationalAge}`;
  }
  if (r.hoursOfLife !== null) {
    return `出生${r.hoursOfLife}小时`;
  }
  return r.ageYears === null ? '' : `${r.ageYears}岁`;
}

/** 两筛两癌登记: screening records in the region, abnormal results and their referral, entry and export. */
export default function ScreeningRecordsPage() {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const canWrite = can(user.role, 'screenings.write');
  const { regionCode } = useCurrentRegion();
  const [dialog, setDialog] = useState<TDialog>(null);
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const initial: TScreeningFilters = {
    region: regionCode,
    from: period[0].format('YYYY-MM-DD'),
    to: period[1].format('YYYY-MM-DD'),
  };
  const list = usePagedList(listScreenings, initial);
  const { applyFilters, filters } = list;
  useFollowRegion(list, regionCode);

  const columns: TableColumnsType<TScreening> = [
    { title: '筛查日期', dataIndex: 'screenedOn', key: 'screenedOn', width: 104 },
    {
      title: '项目',
      key: 'programme',
      render: (_, r) => (
        <Tooltip title={r.methodLabel}>
          <span>{r.programmeLabel}</span>
        </Tooltip>
      ),
    },
    {
      title: '姓名',
      key: 'name',
      render: (_, r) => (
        <Space size={4}>
          {r.personId ? <Link to={`/persons/${r.personId}`}>{r.name}</Link> : r.name}
          {r.priorityGroup && <Tag color="purple">{PRIORITY_GROUP_LABELS[r.priorityGroup]}</Tag>}
          {r.isVoided && (
            <Tooltip title={r.voidReason}>
              <Tag>已作废</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: '身份证号',
      key: 'id',
      render: (_, r) => r.idNumberMasked ?? (r.motherIdNumberMasked ? `母亲 ${r.motherIdNumberMasked}` : '—'),
    },
    { title: '年龄/孕周', key: 'detail', render: (_, r) => subjectDetail(r) },
    { title: '乡镇', dataIndex: 'townshipName', key: 'township' },
    { title: '村（社区）', dataIndex: 'villageName', key: 'village' },
    {
      title: '结果',
      key: 'result',
      render: (_, r) => (
        <Tooltip title={r.resultDetail}>
          <span>
            <ResultTag result={r.result} />
          </span>
        </Tooltip>
      ),
    },
    {
      title: '转诊',
      key: 'referral',
      render: (_, r) => (
        <Tooltip
          title={
            r.referralDiagnosis ??
            (r.referralInstitution ? `${r.referralInstitution} ${r.referredOn ?? ''}` : undefined)
          }
        >
          <span>
            <ReferralTag status={r.referralStatus} />
          </span>
        </Tooltip>
      ),
    },
    {
      title: '计入完成数',
      key: 'counted',
      render: (_, r) =>
        r.isCounted ? (
          <Tag color="green">计入</Tag>
        ) : (
          <Tooltip title="同一人同一项目同一年度只计首次有效筛查">
            <Tag>复查不计</Tag>
          </Tooltip>
        ),
    },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, r: TScreening) =>
              r.isVoided ? null : (
                <Space size={0}>
                  {(r.referralStatus === 'pending' ||
                    r.referralStatus === 'referred' ||
                    r.referralStatus === 'lost') && (
                    <Button type="link" size="small" onClick={() => setDialog({ referral: r })}>
                      转诊登记
                    </Button>
                  )}
                  <Button type="link" size="small" danger onClick={() => setDialog({ void: r })}>
                    作废
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];

  const options = <K extends string>(codes: readonly K[], labels: Record<K, string>) =>
    codes.map((value) => ({ value, label: labels[value] }));

  return (
    <PageContainer
      title="两筛两癌登记"
      extra={
        <Space wrap>
          <ExportButton run={() => exportScreenings(filters)} fallbackName="两筛两癌筛查记录.xlsx" />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
              登记筛查
            </Button>
          )}
        </Space>
      }
    >
      <Card>
        <Space wrap>
          <PeriodPicker
            value={period}
            onChange={(range) => {
              setPeriod(range);
              applyFilters({
                ...filters,
                from: range[0].format('YYYY-MM-DD'),
                to: range[1].format('YYYY-MM-DD'),
              });
            }}
          />
          <Select
            placeholder="全部项目"
            allowClear
            style={{ width: 230 }}
            options={options(SCREENING_PROGRAMMES, SCREENING_PROGRAMME_LABELS)}
            onChange={(programme?: ScreeningProgramme) => applyFilters({ ...filters, programme })}
          />
          <Select
            placeholder="全部结果"
            allowClear
            style={{ width: 160 }}
            options={options(SCREENING_RESULTS, SCREENING_RESULT_LABELS)}
            onChange={(result?: ScreeningResult) => applyFilters({ ...filters, result })}
          />
          <Select
            placeholder="全部转诊状态"
            allowClear
            style={{ width: 170 }}
            options={[
              { value: 'open', label: '待处理（待转诊、已转诊）' },
              ...(['pending', 'referred', 'confirmed', 'excluded', 'lost'] as const).map((s) => ({
                value: s,
                label: SCREENING_REFERRAL_STATUS_LABELS[s],
              })),
            ]}
            onChange={(referral?: ScreeningReferralStatus | 'open') => applyFilters({ ...filters, referral })}
          />
          <Select
            placeholder="全部对象"
            allowClear
            style={{ width: 150 }}
            options={[
              { value: 'true', label: '在人员档案中' },
              { value: 'false', label: '不在人员档案中' },
            ]}
            onChange={(inRegistry?: 'true' | 'false') => applyFilters({ ...filters, inRegistry })}
          />
          <Input.Search
            placeholder="姓名、母亲姓名或完整身份证号"
            allowClear
            style={{ width: 240 }}
            onSearch={(q) => applyFilters({ ...filters, q: q || undefined })}
          />
          <Checkbox
            onChange={(e) =>
              applyFilters({ ...filters, includeVoided: e.target.checked ? 'true' : undefined })
            }
          >
            含已作废
          </Checkbox>
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          完成比率按人计：同一人同一项目同一年度只计首次有效筛查，复查、召回保留记录但不重复计入。
        </Typography.Paragraph>
      </Card>
      <Card>
        <PagedTable<TScreening>
          list={list}
          emptyText="所选区域和期间没有筛查记录"
          rowKey="id"
          size="middle"
          columns={columns}
        />
      </Card>
      {dialog === 'create' && (
        <ScreeningFormModal
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            setDialog(null);
            message.success(
              saved.referralStatus === 'pending'
                ? '已登记，结果异常，已进入待转诊'
                : saved.isCounted
                  ? '已登记，计入完成数'
                  : '已登记（本年度已筛查过，作为复查不重复计入）',
            );
            list.reload();
          }}
        />
      )}
      {dialog !== null && dialog !== 'create' && 'referral' in dialog && (
        <ReferralModal
          record={dialog.referral}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            message.success('转诊情况已登记');
            list.reload();
          }}
        />
      )}
      {dialog !== null && dialog !== 'create' && 'void' in dialog && (
        <VoidModal
          record={dialog.void}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            message.success('已作废');
            list.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
