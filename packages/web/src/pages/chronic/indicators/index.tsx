import { formatBp } from '@healthaid/domain/money';
import {
  Card,
  Col,
  DatePicker,
  Drawer,
  Empty,
  Flex,
  Row,
  Segmented,
  Select,
  Statistic,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import {
  getIndicators,
  listIndicatorMembers,
  listTeams,
  type TIndicator,
  type TIndicatorFilter,
  type TIndicatorMember,
} from '../api.ts';

type TPeriod = TIndicatorFilter & { region: string };

function MembersDrawer({
  indicator,
  period,
  onClose,
}: {
  indicator: TIndicator;
  period: TPeriod;
  onClose: () => void;
}) {
  const [part, setPart] = useState<'numerator' | 'denominator'>('numerator');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const key = `${indicator.code}|${periodKey(period)}|${part}|${paging.page}|${paging.pageSize}`;
  const members = useAsync(() => listIndicatorMembers(indicator.code, { ...period, part, ...paging }), key);
  return (
    <Drawer open size={720} title={`${indicator.label}：人员明细`} onClose={onClose}>
      <Typography.Paragraph type="secondary">{indicator.definition}</Typography.Paragraph>
      {indicator.denominator !== null && (
        <Segmented
          value={part}
          onChange={(value) => {
            setPart(value as 'numerator' | 'denominator');
            setPaging((p) => ({ ...p, page: 1 }));
          }}
          options={[
            { value: 'numerator', label: `分子（${indicator.numerator}）` },
            { value: 'denominator', label: `分母（${indicator.denominator}）` },
          ]}
          style={{ marginBottom: 12 }}
        />
      )}
      {members.error ? <ErrorAlert message={describeError(members.error)} /> : null}
      <Table<TIndicatorMember>
        rowKey={(m) => `${m.personId}-${m.detail}`}
        size="small"
        loading={members.isLoading}
        dataSource={members.data?.items ?? []}
        locale={{ emptyText: <Empty description="没有人员" /> }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: members.data?.total ?? 0,
          showTotal: (total) => `共 ${total} 人`,
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          { title: '身份证号', dataIndex: 'idNumberMasked' },
          { title: '村', dataIndex: 'villageName' },
          { title: '说明', dataIndex: 'detail' },
        ]}
      />
    </Drawer>
  );
}

const periodKey = (p: TPeriod) => `${p.region}|${p.from}|${p.to}|${p.teamId ?? ''}|${p.doctorUserId ?? ''}`;

/**
 * 慢病指标 for a region, one family-doctor team or one village doctor: cards for the period, each
 * drilling down to its numerator and denominator.
 */
export default function ChronicIndicatorsPage() {
  const { regionCode } = useCurrentRegion();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const [selected, setSelected] = useState<TIndicator | null>(null);
  const [teamId, setTeamId] = useState<number | undefined>();
  const [doctorUserId, setDoctorUserId] = useState<number | undefined>();
  const teams = useAsync(
    () => listTeams({ region: regionCode, page: 1, pageSize: 100 }),
    `teams|${regionCode}`,
  );
  const doctors = (teams.data?.items ?? []).flatMap((t) =>
    t.members
      .filter((m) => m.role === 'doctor' && m.userId)
      .map((m) => ({ value: m.userId as number, label: `${m.name}（${t.name}）` })),
  );
  const period: TPeriod = {
    region: regionCode,
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    ...(teamId ? { teamId } : {}),
    ...(doctorUserId ? { doctorUserId } : {}),
  };
  const result = useAsync(() => getIndicators(period), periodKey(period));

  return (
    <PageContainer
      title="慢病指标"
      extra={
        <Flex gap={8} wrap>
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder="全部家庭医生团队"
            aria-label="家庭医生团队"
            value={teamId}
            onChange={(v) => setTeamId(v)}
            options={(teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder="全部签约医生"
            aria-label="签约医生"
            value={doctorUserId}
            onChange={(v) => setDoctorUserId(v)}
            options={doctors}
            notFoundContent="没有关联登录账号的团队医生"
          />
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(value) => {
              if (value?.[0] && value[1]) {
                setRange([value[0], value[1]]);
              }
            }}
          />
        </Flex>
      }
    >
      {result.error ? <ErrorAlert message={describeError(result.error)} /> : null}
      {!result.isLoading && !result.error && (result.data?.items ?? []).length === 0 && (
        <Empty description="所选期间没有数据" />
      )}
      <Row gutter={[16, 16]}>
        {(result.data?.items ?? []).map((indicator) => (
          <Col key={indicator.code} xs={24} sm={12} lg={6}>
            <Card hoverable loading={result.isLoading} onClick={() => setSelected(indicator)}>
              <Statistic
                title={indicator.label}
                value={
                  indicator.denominator === null
                    ? indicator.numerator
                    : indicator.rateBp === null
                      ? '—'
                      : formatBp(indicator.rateBp)
                }
                suffix={indicator.denominator === null ? '人' : undefined}
              />
              <Typography.Text type="secondary">
                {indicator.denominator === null
                  ? '点击查看名单'
                  : `${indicator.numerator} / ${indicator.denominator}，点击查看明细`}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      {selected && <MembersDrawer indicator={selected} period={period} onClose={() => setSelected(null)} />}
    </PageContainer>
  );
}
