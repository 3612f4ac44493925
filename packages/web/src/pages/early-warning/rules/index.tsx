import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { can } from '@healthaid/domain/access';
import { formatBp, formatFen, parseYuanToFen } from '@healthaid/domain/money';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { yuanRule } from '../../../components/yuan-rule.ts';
import { useAsync } from '../../../hooks/useAsync.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import {
  createRuleSet,
  listRuleSets,
  RULE_LABELS,
  type TRuleSet,
  type TRules,
  type TYearAmount,
} from '../api.ts';

const DEFAULT_RULES: TRules = {
  highExpense: { enabled: true, shareBp: 5_000, incomeBase: [] },
  lowIncome: { enabled: true, lines: [], skipMonitoredAtRisk: true },
  monitoredNoMeasure: { enabled: true, graceMonths: 1 },
  majorWaiting: { enabled: true, maxWaitingDays: 30 },
};

type TYearYuan = { year: number; yuan: string };
type TValues = {
  name: string;
  effectiveFrom: Dayjs;
  note?: string;
  highEnabled: boolean;
  sharePercent: number;
  incomeBase: TYearYuan[];
  lowEnabled: boolean;
  lines: TYearYuan[];
  skipMonitoredAtRisk: boolean;
  monitoredEnabled: boolean;
  graceMonths: number;
  waitingEnabled: boolean;
  maxWaitingDays: number;
};

const toYuan = (rows: TYearAmount[]): TYearYuan[] =>
  rows.map((r) => ({ year: r.year, yuan: formatFen(r.amountFen, { grouping: false }) }));
const toFen = (rows: TYearYuan[] | undefined): TYearAmount[] =>
  (rows ?? []).map((r) => ({ year: r.year, amountFen: parseYuanToFen(r.yuan) }));

function YearAmounts({
  name,
  label,
  yearHint,
}: {
  name: 'incomeBase' | 'lines';
  label: string;
  yearHint: string;
}) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          <Typography.Text>{label}</Typography.Text>
          {fields.map((field) => (
            <Space key={field.key} align="baseline" style={{ display: 'flex', marginTop: 8 }}>
              <Form.Item name={[field.name, 'year']} rules={[{ required: true, message: '请填写年份' }]}>
                <InputNumber aria-label="年份" min={2000} max={2100} suffix="年" />
              </Form.Item>
              <Form.Item name={[field.name, 'yuan']} rules={[yuanRule(true)]}>
                <Input aria-label={`${label}（元）`} suffix="元" style={{ width: 180 }} />
              </Form.Item>
              <Button
                type="text"
                aria-label="删除"
                icon={<MinusCircleOutlined />}
                onClick={() => remove(field.name)}
              />
            </Space>
          ))}
          <Button
            type="dashed"
            size="small"
            icon={<PlusOutlined />}
            onClick={() => add({ year: dayjs().year() - 1 })}
            style={{ marginTop: 8 }}
          >
            添加年度（{yearHint}）
          </Button>
        </>
      )}
    </Form.List>
  );
}

function RuleSetModal({
  base,
  onClose,
  onSaved,
}: {
  base: TRuleSet | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<TValues>();
  const rules = base?.rules ?? DEFAULT_RULES;
  const { submit, isSubmitting, error } = useSubmit(async (v: TValues) => {
    await createRuleSet({
      name: v.name.trim(),
      effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
      note: v.note?.trim() || null,
      rules: {
        highExpense: {
          enabled: v.highEnabled,
          shareBp: v.sharePercent * 100,
          incomeBase: toFen(v.incomeBase),
        },
        lowIncome: {
          enabled: v.lowEnabled,
          lines: toFen(v.lines),
          skipMonitoredAtRisk: v.skipMonitoredAtRisk,
        },
        monitoredNoMeasure: { enabled: v.monitoredEnabled, graceMonths: v.graceMonths },
        majorWaiting: { enabled: v.waitingEnabled, maxWaitingDays: v.maxWaitingDays },
      },
    });
    onSaved();
  });
  return (
    <Modal
      open
      width={760}
      title={base ? `基于第${base.version}版保存新版本` : '新建预警规则'}
      okText="保存为新版本"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert message={error} />
      <Typography.Paragraph type="secondary">
        规则按版本保存，已保存的版本不再修改；同一区域按生效日期选用最新版本，乡镇可单独配置覆盖全县规则。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          name: base?.name ?? `${dayjs().year()}年防止因病致贫返贫监测预警规则`,
          effectiveFrom: base ? dayjs(base.effectiveFrom) : dayjs().startOf('year'),
          highEnabled: rules.highExpense.enabled,
          sharePercent: Math.round(rules.highExpense.shareBp / 100),
          incomeBase: toYuan(rules.highExpense.incomeBase),
          lowEnabled: rules.lowIncome.enabled,
          lines: toYuan(rules.lowIncome.lines),
          skipMonitoredAtRisk: rules.lowIncome.skipMonitoredAtRisk,
          monitoredEnabled: rules.monitoredNoMeasure.enabled,
          graceMonths: rules.monitoredNoMeasure.graceMonths,
          waitingEnabled: rules.majorWaiting.enabled,
          maxWaitingDays: rules.majorWaiting.maxWaitingDays,
        }}
      >
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item
              name="name"
              label="规则名称"
              rules={[{ required: true, min: 2, message: '请填写规则名称' }]}
            >
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="effectiveFrom"
              label="生效日期"
              rules={[{ required: true, message: '请选择生效日期' }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Card
          size="small"
          title={RULE_LABELS.high_expense}
          extra={
            <Form.Item name="highEnabled" valuePropName="checked" noStyle>
              <Switch aria-label="启用高额医疗费用预警" />
            </Form.Item>
          }
        >
          <Form.Item
            name="sharePercent"
            label="个人年度自付医疗费用超过上年农村居民人均可支配收入的比例"
            rules={[{ required: true, message: '请填写比例' }]}
          >
            <InputNumber min={1} max={1000} precision={0} suffix="%" />
          </Form.Item>
          <YearAmounts
            name="incomeBase"
            label="农村居民人均可支配收入"
            yearHint="收入所属年度，次年预警使用"
          />
        </Card>
        <Card
          size="small"
          style={{ marginTop: 12 }}
          title={RULE_LABELS.low_income}
          extra={
            <Form.Item name="lowEnabled" valuePropName="checked" noStyle>
              <Switch aria-label="启用收入预警" />
            </Form.Item>
          }
        >
          <YearAmounts name="lines" label="防止返贫监测收入标准（人均纯收入）" yearHint="收入年度" />
          <Form.Item
            name="skipMonitoredAtRisk"
            valuePropName="checked"
            label="已纳入监测且风险未消除的户不重复预警"
            style={{ marginTop: 12 }}
          >
            <Switch />
          </Form.Item>
        </Card>
        <Row gutter={12} style={{ marginTop: 12 }}>
          <Col span={12}>
            <Card
              size="small"
              title={RULE_LABELS.monitored_no_measure}
              extra={
                <Form.Item name="monitoredEnabled" valuePropName="checked" noStyle>
                  <Switch aria-label="启用帮扶措施预警" />
                </Form.Item>
              }
            >
              <Form.Item name="graceMonths" label="识别后应落实帮扶措施的期限" rules={[{ required: true }]}>
                <InputNumber min={1} max={12} precision={0} suffix="个月" />
              </Form.Item>
            </Card>
          </Col>
          <Col span={12}>
            <Card
              size="small"
              title={RULE_LABELS.major_waiting}
              extra={
                <Form.Item name="waitingEnabled" valuePropName="checked" noStyle>
                  <Switch aria-label="启用大病救治预警" />
                </Form.Item>
              }
            >
              <Form.Item name="maxWaitingDays" label="待救治超过" rules={[{ required: true }]}>
                <InputNumber min={1} max={365} precision={0} suffix="天" />
              </Form.Item>
            </Card>
          </Col>
        </Row>
        <Form.Item name="note" label="说明" style={{ marginTop: 12 }}>
          <Input.TextArea rows={2} maxLength={500} placeholder="如：依据省乡村振兴局2026年监测标准文件" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const amounts = (rows: TYearAmount[]) =>
  rows.length === 0 ? (
    <Typography.Text type="danger">未配置</Typography.Text>
  ) : (
    rows.map((r) => `${r.year}年 ${formatFen(r.amountFen)}元`).join('；')
  );

function RuleSetDetail({ set }: { set: TRuleSet }) {
  const r = set.rules;
  const off = (enabled: boolean) => (enabled ? null : <Tag>已停用</Tag>);
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={RULE_LABELS.high_expense}>
        {off(r.highExpense.enabled)}自付费用超过上年农村居民人均可支配收入的{formatBp(r.highExpense.shareBp)}
        ；收入：
        {amounts(r.highExpense.incomeBase)}
      </Descriptions.Item>
      <Descriptions.Item label={RULE_LABELS.low_income}>
        {off(r.lowIncome.enabled)}监测收入标准：{amounts(r.lowIncome.lines)}
        {r.lowIncome.skipMonitoredAtRisk ? '（已纳入监测且风险未消除的户不重复预警）' : ''}
      </Descriptions.Item>
      <Descriptions.Item label={RULE_LABELS.monitored_no_measure}>
        {off(r.monitoredNoMeasure.enabled)}识别后满{r.monitoredNoMeasure.graceMonths}个月仍无帮扶措施
      </Descriptions.Item>
      <Descriptions.Item label={RULE_LABELS.major_waiting}>
        {off(r.majorWaiting.enabled)}待救治超过{r.majorWaiting.maxWaitingDays}天
      </Descriptions.Item>
      {set.note && <Descriptions.Item label="说明">{set.note}</Descriptions.Item>}
    </Descriptions>
  );
}

/** 预警规则: the versioned rule sets of the caller's region, and a form to save a new version. */
export default function RulesPage() {
  const { message } = App.useApp();
  const canConfigure = can(useCurrentUser().role, 'policies.manage');
  const [version, setVersion] = useState(0);
  const [dialog, setDialog] = useState<TRuleSet | 'new' | null>(null);
  const sets = useAsync(listRuleSets, `rule-sets:${version}`);
  const current = sets.data?.find((s) => s.isCurrent) ?? null;
  return (
    <PageContainer
      title="预警规则"
      extra={
        canConfigure && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog(current ?? 'new')}>
            {current ? '调整规则（保存新版本）' : '新建预警规则'}
          </Button>
        )
      }
    >
      <ErrorAlert message={sets.error ? describeError(sets.error) : null} />
      <Card
        size="small"
        title={
          current
            ? `现行规则：${current.name}（第${current.version}版，${current.effectiveFrom}起）`
            : '现行规则'
        }
      >
        {current ? (
          <RuleSetDetail set={current} />
        ) : (
          <Empty description="尚未配置本地预警规则：系统使用默认规则，高额医疗费用和收入预警因缺少本地金额不会执行" />
        )}
      </Card>
      <Card size="small" title="全部版本">
        <Table<TRuleSet>
          rowKey="id"
          size="small"
          loading={sets.isLoading}
          dataSource={sets.data ?? []}
          pagination={false}
          expandable={{ expandedRowRender: (set) => <RuleSetDetail set={set} /> }}
          locale={{ emptyText: <Empty description="暂无规则版本" /> }}
          columns={[
            { title: '适用区域', dataIndex: 'regionName' },
            {
              title: '版本',
              dataIndex: 'version',
              render: (v: number, s) => (
                <Space>
                  第{v}版{s.isCurrent && <Tag color="green">现行</Tag>}
                </Space>
              ),
            },
            { title: '规则名称', dataIndex: 'name' },
            { title: '生效日期', dataIndex: 'effectiveFrom' },
            { title: '保存人', dataIndex: 'createdBy', render: (v: string | null) => v ?? '—' },
            {
              title: '保存时间',
              dataIndex: 'createdAt',
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
            },
          ]}
        />
      </Card>
      {dialog !== null && (
        <RuleSetModal
          base={dialog === 'new' ? null : dialog}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            setVersion((v) => v + 1);
            message.success('预警规则已保存为新版本');
          }}
        />
      )}
    </PageContainer>
  );
}
