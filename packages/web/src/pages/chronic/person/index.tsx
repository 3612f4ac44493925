import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { can } from '@healthaid/domain/access';
import { formatTenths, parseTenths } from '@healthaid/domain/follow-up';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { useIsMobile } from '../../../hooks/useIsMobile.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import {
  agreementUrl,
  createCheckup,
  createDiagnosisTask,
  enrol,
  getPersonFile,
  listDiagnosisTasks,
  type TCalendar,
  type TCheckup,
  type TPersonFile,
} from '../api.ts';

const DISEASE_OPTIONS = [
  { value: 'hypertension', label: '高血压' },
  { value: 'diabetes', label: '2型糖尿病' },
  { value: 'mental', label: '严重精神障碍' },
  { value: 'tuberculosis', label: '肺结核' },
  { value: 'chronic', label: '其他慢性病' },
];

/** Suspected diseases a checkup flag points to, with the ICD-10 code the pending diagnosis gets. */
const SUSPECTED: Record<string, { name: string; icdCode: string }> = {
  hypertension: { name: '高血压', icdCode: 'I10' },
  diabetes: { name: '2型糖尿病', icdCode: 'E11.9' },
};

const END_REASON_LABELS: Record<string, string> = {
  death: '死亡',
  moved: '迁出',
  lost: '失访',
  refused: '拒绝',
};

function QuarterTile({ q }: { q: TCalendar['quarters'][number] }) {
  const icon = !q.isDue ? (
    <MinusCircleOutlined style={{ color: '#bfbfbf' }} />
  ) : q.isDone ? (
    <CheckCircleFilled style={{ color: '#389e0d' }} />
  ) : (
    <CloseCircleFilled style={{ color: '#cf1322' }} />
  );
  return (
    <Flex
      vertical
      align="center"
      style={{ flex: 1, minWidth: 64, padding: 8, background: '#fafafa', borderRadius: 6 }}
    >
      <Typography.Text strong>第{q.quarter}季度</Typography.Text>
      <span style={{ fontSize: 22 }}>{icon}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {q.isDue
          ? `面对面${q.faceToFaceCount}次${q.phoneCount ? `，电话${q.phoneCount}次` : ''}`
          : '不在管理期'}
      </Typography.Text>
    </Flex>
  );
}

/** The yearly compliance calendar of 规范管理: a face-to-face visit every due quarter, ≥4 a year, 1 health check. */
function ComplianceCalendar({ calendar, year }: { calendar: TCalendar; year: number }) {
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        {calendar.quarters.map((q) => (
          <QuarterTile key={q.quarter} q={q} />
        ))}
      </Flex>
      <Typography.Text>
        {year}年面对面随访 {calendar.faceToFaceCount}/{calendar.requiredFaceToFaceCount} 次 · 健康体检
        {calendar.hasHealthCheck ? '已完成' : calendar.isHealthCheckRequired ? '未完成' : '不要求'} ·{' '}
        {calendar.isCompliant ? <Tag color="green">规范管理达标</Tag> : <Tag color="red">未达标</Tag>}
      </Typography.Text>
      {calendar.shortfalls.length > 0 && (
        <Typography.Text type="danger">{calendar.shortfalls.join('；')}</Typography.Text>
      )}
    </Flex>
  );
}

function EnrolmentCard({ e, year }: { e: TPersonFile['enrolments'][number]; year: number }) {
  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center" wrap>
          {e.diseaseLabel}
          {e.isHighRisk && <Tag color="red">高危</Tag>}
          {e.managedUntil && (
            <Tag>
              {e.managedUntil}终止管理
              {e.endReason ? `（${END_REASON_LABELS[e.endReason] ?? e.endReason}）` : ''}
            </Tag>
          )}
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'from', label: '纳入管理', children: e.managedFrom },
            { key: 'next', label: '下次随访', children: e.nextDueDate ?? '—' },
            { key: 'last', label: '末次随访', children: e.lastVisitDate ?? '尚无随访' },
            { key: 'bp', label: '末次血压', children: e.lastBp ? `${e.lastBp} mmHg` : '—' },
            {
              key: 'glucose',
              label: '末次空腹血糖',
              children: e.lastGlucose ? `${e.lastGlucose} mmol/L` : '—',
            },
            { key: 'history', label: '脑卒中/心梗史', children: e.hasStrokeOrHeartAttack ? '有' : '无' },
          ]}
        />
        {e.isHighRisk && <Alert type="error" showIcon title={`高危：${e.riskReasons.join('；')}`} />}
        {e.tuberculosis && (
          <Alert
            type={
              e.tuberculosis.isFirstVisitLate
                ? 'warning'
                : e.tuberculosis.firstHomeVisitDate
                  ? 'success'
                  : 'info'
            }
            showIcon
            title={
              e.tuberculosis.firstHomeVisitDate
                ? `首次入户随访 ${e.tuberculosis.firstHomeVisitDate}（通知 ${e.tuberculosis.notifiedOn ?? '—'}，须在 ${e.tuberculosis.firstVisitDueDate ?? '—'} 前）${e.tuberculosis.isFirstVisitLate ? '：超过72小时' : '：72小时内完成'}`
                : `尚未首次入户随访：须在 ${e.tuberculosis.firstVisitDueDate ?? '—'} 前（接到通知后72小时内）`
            }
          />
        )}
        {e.calendar && <ComplianceCalendar calendar={e.calendar} year={year} />}
      </Flex>
    </Card>
  );
}

function EnrolModal({
  personId,
  onClose,
  onDone,
}: {
  personId: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{
    disease: string;
    managedFrom: Dayjs;
    hasStrokeOrHeartAttack: boolean;
    notifiedOn?: Dayjs;
  }>();
  const disease = Form.useWatch('disease', form);
  const { submit, isSubmitting, error } = useSubmit(
    async (values: {
      disease: string;
      managedFrom: Dayjs;
      hasStrokeOrHeartAttack: boolean;
      notifiedOn?: Dayjs;
    }) => {
      const saved = await enrol({
        personId,
        disease: values.disease,
        managedFrom: values.managedFrom.format('YYYY-MM-DD'),
        hasStrokeOrHeartAttack: values.hasStrokeOrHeartAttack,
        ...(values.notifiedOn ? { notifiedOn: values.notifiedOn.format('YYYY-MM-DD') } : {}),
      });
      message.success(`已纳入管理，首次随访应在 ${saved.nextDueDate} 前完成`);
      onDone();
    },
  );
  return (
    <Modal
      open
      title="纳入慢病管理"
      okText="保存"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <ErrorAlert message={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ disease: 'hypertension', managedFrom: dayjs(), hasStrokeOrHeartAttack: false }}
        onFinish={submit}
      >
        <Form.Item name="disease" label="管理病种" rules={[{ required: true, message: '请选择管理病种' }]}>
          <Select options={DISEASE_OPTIONS} />
        </Form.Item>
        <Form.Item
          name="managedFrom"
          label="纳入管理日期"
          rules={[{ required: true, message: '请选择纳入管理日期' }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {disease === 'tuberculosis' && (
          <Form.Item
            name="notifiedOn"
            label="接到通知日期（首次入户随访须在72小时内）"
            rules={[{ required: true, message: '肺结核患者必须填写接到通知日期' }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="hasStrokeOrHeartAttack" label="既往脑卒中或心肌梗死" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type TCheckupValues = {
  checkDate: Dayjs;
  systolic?: number;
  diastolic?: number;
  fastingGlucose?: string;
  bmi?: string;
  totalCholesterol?: string;
  ecgAbnormal: boolean;
  conclusion?: string;
  doctorName: string;
};

const TENTHS_FIELDS = [
  ['fastingGlucose', 'fastingGlucoseTenths', '空腹血糖'],
  ['bmi', 'bmiTenths', '体质指数'],
  ['totalCholesterol', 'totalCholesterolTenths', '总胆固醇'],
] as const;

function CheckupModal({
  personId,
  onClose,
  onDone,
}: {
  personId: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [form] = Form.useForm<TCheckupValues>();
  const {
    submit: save,
    isSubmitting,
    error,
  } = useSubmit(async (values: TCheckupValues, results: Record<string, number | boolean>) => {
    const saved = await createCheckup({
      personId,
      checkDate: values.checkDate.format('YYYY-MM-DD'),
      results,
      extraFlags: [],
      ...(values.conclusion ? { conclusion: values.conclusion } : {}),
      doctorName: values.doctorName,
    });
    message.success(
      saved.abnormalFlags.length > 0
        ? `体检已保存，发现异常：${saved.abnormalFlags.map((f) => f.label).join('；')}`
        : '体检已保存，未发现异常',
    );
    onDone();
  });
  const submit = (values: TCheckupValues) => {
    const results: Record<string, number | boolean> = { ecgAbnormal: values.ecgAbnormal };
    if (values.systolic != null) {
      results.systolic = values.systolic;
    }
    if (values.diastolic != null) {
      results.diastolic = values.diastolic;
    }
    for (const [field, key, label] of TENTHS_FIELDS) {
      const text = values[field];
      if (text) {
        const tenths = parseTenths(text);
        if (tenths === null) {
          form.setFields([{ name: field, errors: [`${label}须为数字，最多一位小数`] }]);
          return;
        }
        results[key] = tenths;
      }
    }
    return save(values, results);
  };
  return (
    <Modal
      open
      title="登记年度健康体检"
      okText="保存"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <ErrorAlert message={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ checkDate: dayjs(), ecgAbnormal: false, doctorName: user.displayName }}
        onFinish={submit}
      >
        <Form.Item name="checkDate" label="体检日期" rules={[{ required: true, message: '请选择体检日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Flex gap={8}>
          <Form.Item name="systolic" label="收缩压（mmHg）" style={{ flex: 1 }}>
            <InputNumber min={60} max={300} inputMode="numeric" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="diastolic" label="舒张压（mmHg）" style={{ flex: 1 }}>
            <InputNumber min={30} max={200} inputMode="numeric" style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item name="fastingGlucose" label="空腹血糖（mmol/L）">
          <Input inputMode="decimal" placeholder="如 6.1" />
        </Form.Item>
        <Flex gap={8}>
          <Form.Item name="bmi" label="体质指数（BMI）" style={{ flex: 1 }}>
            <Input inputMode="decimal" />
          </Form.Item>
          <Form.Item name="totalCholesterol" label="总胆固醇（mmol/L）" style={{ flex: 1 }}>
            <Input inputMode="decimal" />
          </Form.Item>
        </Flex>
        <Form.Item name="ecgAbnormal" label="心电图异常" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="conclusion" label="体检结论">
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
        <Form.Item name="doctorName" label="体检医生" rules={[{ required: true, message: '请填写体检医生' }]}>
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DiagnosisTaskModal({
  checkup,
  onClose,
  onDone,
}: {
  checkup: TCheckup;
  onClose: () => void;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const flag = checkup.abnormalFlags.find((f) => f.suspectedDisease && SUSPECTED[f.suspectedDisease]);
  const suspected = flag?.suspectedDisease ? SUSPECTED[flag.suspectedDisease] : undefined;
  const [form] = Form.useForm<{ suspectedDisease: string; icdCode?: string; reason: string }>();
  const { submit, isSubmitting, error } = useSubmit(
    async (values: { suspectedDisease: string; icdCode?: string; reason: string }) => {
      await createDiagnosisTask(checkup.id, {
        suspectedDisease: values.suspectedDisease,
        reason: values.reason,
        ...(values.icdCode ? { icdCode: values.icdCode } : {}),
      });
      message.success('已在“疾病核准”中登记待核准诊断，由乡镇/县级核准');
      onDone();
    },
  );
  return (
    <Modal
      open
      title="发起诊断核实"
      okText="提交核实"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">
        将以体检日期 {checkup.checkDate}{' '}
        在“疾病核准”中登记一条待核准诊断（来源：健康体检），由乡镇或县级核准后计入患病名单。
      </Typography.Paragraph>
      <ErrorAlert message={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          suspectedDisease: suspected?.name,
          icdCode: suspected?.icdCode,
          reason: `体检${checkup.abnormalFlags.map((f) => f.label).join('，')}`,
        }}
        onFinish={submit}
      >
        <Form.Item
          name="suspectedDisease"
          label="疑似疾病"
          rules={[{ required: true, message: '请填写疑似疾病' }]}
        >
          <Input maxLength={50} placeholder="如 高血压" />
        </Form.Item>
        <Form.Item name="icdCode" label="ICD-10编码（可不填）">
          <Input maxLength={20} placeholder="如 I10、E11.9" />
        </Form.Item>
        <Form.Item name="reason" label="核实原因" rules={[{ required: true, message: '请填写核实原因' }]}>
          <Input.TextArea maxLength={200} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 慢病档案: one resident's managements, yearly compliance calendar, visits, contracts and checkups. */
export default function PersonChronicFilePage() {
  const { id } = useParams();
  const personId = Number(id);
  const user = useCurrentUser();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const canWrite = can(user.role, 'followups.write');
  const [year, setYear] = useState<Dayjs>(dayjs());
  const [reloadKey, setReloadKey] = useState(0);
  const [dialog, setDialog] = useState<'enrol' | 'checkup' | null>(null);
  const [taskFor, setTaskFor] = useState<TCheckup | null>(null);
  const key = Number.isInteger(personId) && personId > 0 ? `${personId}|${year.year()}|${reloadKey}` : null;
  const file = useAsync(() => getPersonFile(personId, year.year()), key);
  const tasks = useAsync(() => listDiagnosisTasks({ personId, page: 1, pageSize: 100 }), key);
  const reload = () => setReloadKey((k) => k + 1);
  const data = file.data;

  if (file.error) {
    return (
      <PageContainer title="慢病档案">
        <ErrorAlert message={describeError(file.error)} />
      </PageContainer>
    );
  }
  return (
    <PageContainer
      title={data ? `慢病档案：${data.person.name}` : '慢病档案'}
      extra={
        <Flex gap={8} wrap>
          <DatePicker
            picker="year"
            value={year}
            allowClear={false}
            inputReadOnly={isMobile}
            onChange={(v) => v && setYear(v)}
            aria-label="年度"
          />
          {canWrite && data && (
            <>
              <Button
                type="primary"
                onClick={() =>
                  navigate(
                    `/chronic/visits?${new URLSearchParams({ personId: String(personId), name: data.person.name })}`,
                  )
                }
              >
                登记随访
              </Button>
              <Button onClick={() => setDialog('enrol')}>纳入管理</Button>
              <Button onClick={() => setDialog('checkup')}>登记体检</Button>
            </>
          )}
        </Flex>
      }
    >
      <Card loading={file.isLoading && !data}>
        {data && (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 4 }}
            items={[
              {
                key: 'who',
                label: '姓名',
                children: `${data.person.name}（${data.person.sex}，${data.person.age}岁）`,
              },
              { key: 'id', label: '身份证号', children: data.person.idNumberMasked },
              { key: 'village', label: '村', children: data.person.villageName },
              {
                key: 'phone',
                label: '电话',
                children: data.person.phone ? (
                  <a href={`tel:${data.person.phone}`}>{data.person.phone}</a>
                ) : (
                  '—'
                ),
              },
            ]}
          />
        )}
      </Card>
      {data && (
        <Tabs
          items={[
            {
              key: 'managements',
              label: `慢病管理（${data.enrolments.length}）`,
              children:
                data.enrolments.length === 0 ? (
                  <Empty description="该居民尚未纳入慢病管理" />
                ) : (
                  <Flex vertical gap={12}>
                    {data.enrolments.map((e) => (
                      <EnrolmentCard key={e.id} e={e} year={data.year} />
                    ))}
                  </Flex>
                ),
            },
            {
              key: 'visits',
              label: `随访记录（${data.visits.length}）`,
              children: (
                <Table
                  rowKey="id"
                  size="small"
                  dataSource={data.visits}
                  pagination={{ pageSize: 20 }}
                  scroll={{ x: 'max-content' }}
                  locale={{ emptyText: <Empty description="暂无随访记录" /> }}
                  columns={[
                    { title: '日期', dataIndex: 'visitDate' },
                    {
                      title: '病种',
                      dataIndex: 'disease',
                      render: (d: string) => DISEASE_OPTIONS.find((o) => o.value === d)?.label ?? d,
                    },
                    {
                      title: '血压/血糖',
                      key: 'reading',
                      render: (_, v) =>
                        [
                          v.systolic !== null ? `${v.systolic}/${v.diastolic}` : null,
                          v.fastingGlucoseTenths !== null
                            ? `${formatTenths(v.fastingGlucoseTenths)} mmol/L`
                            : null,
                          v.dangerGrade !== null ? `危险性${v.dangerGrade}级` : null,
                        ]
                          .filter(Boolean)
                          .join(' · ') || '—',
                    },
                    {
                      title: '分类',
                      dataIndex: 'classificationLabel',
                      render: (label: string, v) =>
                        v.isRedAlert ? <Tag color="red">{label}·紧急转诊</Tag> : label,
                    },
                    { title: '下次随访', dataIndex: 'nextDueDate', render: (d: string | null) => d ?? '—' },
                    { title: '医生', dataIndex: 'doctorName' },
                  ]}
                />
              ),
            },
            {
              key: 'contracts',
              label: `家庭医生签约（${data.contracts.length}）`,
              children: (
                <Table
                  rowKey="id"
                  size="small"
                  dataSource={data.contracts}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  locale={{ emptyText: <Empty description="该居民没有签约记录" /> }}
                  columns={[
                    { title: '协议编号', dataIndex: 'contractNo' },
                    { title: '团队', dataIndex: 'teamName' },
                    { title: '期限', key: 'period', render: (_, c) => `${c.startDate} 至 ${c.endDate}` },
                    { title: '状态', dataIndex: 'statusLabel' },
                    {
                      title: '协议书',
                      key: 'print',
                      render: (_, c) => (
                        <a href={agreementUrl(c.id)} target="_blank" rel="noreferrer">
                          打印
                        </a>
                      ),
                    },
                  ]}
                />
              ),
            },
            {
              key: 'checkups',
              label: `年度体检（${data.checkups.length}）`,
              children: (
                <Flex vertical gap={12}>
                  <Table<TCheckup>
                    rowKey="id"
                    size="small"
                    dataSource={data.checkups}
                    pagination={false}
                    scroll={{ x: 'max-content' }}
                    locale={{ emptyText: <Empty description="暂无体检记录" /> }}
                    columns={[
                      { title: '体检日期', dataIndex: 'checkDate' },
                      {
                        title: '异常结果',
                        key: 'flags',
                        render: (_, c) =>
                          c.abnormalFlags.length === 0 ? (
                            <Tag color="green">未见异常</Tag>
                          ) : (
                            <Flex gap={4} wrap>
                              {c.abnormalFlags.map((f) => (
                                <Tag key={f.code} color="orange">
                                  {f.label}
                                </Tag>
                              ))}
                            </Flex>
                          ),
                      },
                      { title: '结论', dataIndex: 'conclusion', render: (v: string | null) => v ?? '—' },
                      { title: '医生', dataIndex: 'doctorName' },
                      {
                        title: '诊断核实',
                        key: 'task',
                        render: (_, c) =>
                          canWrite && c.abnormalFlags.length > 0 ? (
                            <Button size="small" onClick={() => setTaskFor(c)}>
                              发起诊断核实
                            </Button>
                          ) : (
                            '—'
                          ),
                      },
                    ]}
                  />
                  <Card size="small" title="诊断核实（疾病核准中的状态）">
                    <Table
                      rowKey="id"
                      size="small"
                      dataSource={tasks.data?.items ?? []}
                      loading={tasks.isLoading}
                      pagination={false}
                      locale={{ emptyText: <Empty description="没有发起的诊断核实" /> }}
                      columns={[
                        { title: '体检日期', dataIndex: 'checkDate', render: (v: string | null) => v ?? '—' },
                        { title: '疑似疾病', dataIndex: 'suspectedDisease' },
                        { title: 'ICD-10', dataIndex: 'icdCode', render: (v: string | null) => v ?? '—' },
                        { title: '原因', dataIndex: 'reason' },
                        {
                          title: '核准状态',
                          dataIndex: 'statusLabel',
                          render: (label: string, t) => (
                            <Tag
                              color={
                                t.status === 'verified'
                                  ? 'green'
                                  : t.status === 'rejected'
                                    ? 'default'
                                    : 'gold'
                              }
                            >
                              {label}
                            </Tag>
                          ),
                        },
                      ]}
                    />
                    <Typography.Text type="secondary">
                      核准在 <Link to="/diseases/diagnoses">疾病核准</Link> 中由乡镇或县级完成。
                    </Typography.Text>
                  </Card>
                </Flex>
              ),
            },
          ]}
        />
      )}
      {dialog === 'enrol' && (
        <EnrolModal
          personId={personId}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            reload();
          }}
        />
      )}
      {dialog === 'checkup' && (
        <CheckupModal
          personId={personId}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            reload();
          }}
        />
      )}
      {taskFor && (
        <DiagnosisTaskModal
          checkup={taskFor}
          onClose={() => setTaskFor(null)}
          onDone={() => {
            setTaskFor(null);
            reload();
          }}
        />
      )}
    </PageContainer>
  );
}
