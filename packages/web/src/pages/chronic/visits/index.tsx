import {
  DIABETES_SYMPTOM_LABELS,
  EMERGENCY_SIGN_LABELS,
  HOSPITALISATION_LABELS,
  HYPERTENSION_SYMPTOM_LABELS,
  INSIGHT_LABELS,
  MANAGEMENT_END_REASON_LABELS,
  MEDICATION_ADHERENCE_LABELS,
  MENTAL_STATE_LABELS,
  MENTAL_SYMPTOM_LABELS,
  SOCIAL_FUNCTION_AREA_LABELS,
  TB_PHASE_LABELS,
  TB_SUPERVISOR_LABELS,
  TB_VISIT_KIND_LABELS,
  VISIT_FIELD_RANGES,
  VISIT_METHOD_LABELS,
  VISIT_OUTCOME_LABELS,
  ZChronicVisit,
  ZDiabetesVisit,
  ZHypertensionVisit,
  ZMentalVisit,
  ZTuberculosisVisit,
} from '@healthaid/domain/follow-up';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Segmented,
  Select,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { useIsMobile } from '../../../hooks/useIsMobile.ts';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { listVisits, postVisit, type TVisitResult } from '../api.ts';
import { PersonPicker } from '../components/PersonPicker.tsx';
import { type TDisease, type TValues, toVisitBody } from './visit-form.ts';

const DISEASES: { value: TDisease; label: string }[] = [
  { value: 'hypertension', label: '高血压' },
  { value: 'diabetes', label: '2型糖尿病' },
  { value: 'mental', label: '严重精神障碍' },
  { value: 'tuberculosis', label: '肺结核' },
  { value: 'chronic', label: '其他慢病' },
];

const SCHEMAS = {
  hypertension: ZHypertensionVisit,
  diabetes: ZDiabetesVisit,
  mental: ZMentalVisit,
  tuberculosis: ZTuberculosisVisit,
  chronic: ZChronicVisit,
} as const;

const optionsOf = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

const range = (field: keyof typeof VISIT_FIELD_RANGES, label: string, unit: string) => ({
  validator: (_: unknown, value: number | null | undefined) => {
    const { min, max } = VISIT_FIELD_RANGES[field];
    return value === null || value === undefined || (value >= min && value <= max)
      ? Promise.resolve()
      : Promise.reject(new Error(`${label}应在${min}–${max} ${unit}之间`));
  },
});

function ResultCard({
  result,
  isMobile,
  onBack,
  onNext,
}: {
  result: TVisitResult;
  isMobile: boolean;
  onBack: (() => void) | null;
  onNext: () => void;
}) {
  return (
    <Card title={`已保存：${result.personName} ${result.visitDate}`}>
      {result.isRedAlert && (
        <Alert
          type="error"
          showIcon
          title="紧急转诊（红色预警）"
          description={result.referralTriggers.map((t) => t.label).join('；')}
          style={{ marginBottom: 12 }}
        />
      )}
      {result.isFirstVisitLate && (
        <Alert type="warning" showIcon title="首次入户随访超过72小时" style={{ marginBottom: 12 }} />
      )}
      <Descriptions column={1} size={isMobile ? 'middle' : 'small'} bordered>
        <Descriptions.Item label="随访分类">{result.classificationLabel}</Descriptions.Item>
        <Descriptions.Item label="是否建议转诊">
          {result.shouldRefer ? <Tag color="red">是</Tag> : '否'}
        </Descriptions.Item>
        <Descriptions.Item label="下次随访">
          {result.nextDueDate ? `${result.nextDueDate}（${result.nextReasonLabel ?? ''}）` : '已终止管理'}
        </Descriptions.Item>
        <Descriptions.Item label="履约">
          {result.fulfilmentId ? '已自动记入签约履约' : '无对应签约服务项目'}
        </Descriptions.Item>
      </Descriptions>
      <Flex gap={8} wrap style={{ marginTop: 16 }}>
        {onBack && (
          <Button type="primary" size="large" block={isMobile} onClick={onBack}>
            返回今日待随访
          </Button>
        )}
        <Button size="large" block={isMobile} onClick={onNext}>
          登记下一位
        </Button>
        <Link to={`/chronic/persons/${result.personId}`}>
          <Button size="large" type="link">
            查看慢病档案
          </Button>
        </Link>
      </Flex>
    </Card>
  );
}

const DISEASE_CODES = new Set<string>(DISEASES.map((d) => d.value));

/** 随访登记: one column, large inputs on phones; server rules mirrored by the shared zod schemas. */
export default function VisitsPage() {
  const { message } = App.useApp();
  const { regionCode } = useCurrentRegion();
  const user = useCurrentUser();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const size = isMobile ? 'large' : 'middle';
  const [form] = Form.useForm<TValues>();
  const presetDisease = searchParams.get('disease') ?? '';
  const [disease, setDisease] = useState<TDisease>(
    DISEASE_CODES.has(presetDisease) ? (presetDisease as TDisease) : 'hypertension',
  );
  const presetPersonId = Number(searchParams.get('personId')) || undefined;
  const presetName = searchParams.get('name');
  const isFromOverdue = searchParams.get('from') === 'overdue';
  const [personId, setPersonId] = useState<number | undefined>(presetPersonId);
  const [result, setResult] = useState<TVisitResult | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const visits = usePagedList<TVisitResult, { disease?: string }>(
    (p) => listVisits({ ...p, region: regionCode }),
    {},
  );
  const { reload: reloadOnRegion } = visits;
  useEffect(() => {
    if (regionCode) {
      reloadOnRegion();
    }
  }, [regionCode, reloadOnRegion]);
  const method = Form.useWatch('method', form);
  const outcome = Form.useWatch('outcome', form);
  const hasAdverseReaction = Form.useWatch('hasAdverseReaction', form);
  const hospitalisation = Form.useWatch('hospitalisation', form);

  const submit = async (values: TValues) => {
    if (!personId) {
      message.error('请先选择随访对象');
      return;
    }
    const { body, errors } = toVisitBody(disease, values);
    const parsed = SCHEMAS[disease].safeParse(body);
    const issues = [
      ...errors,
      ...(parsed.success
        ? []
        : parsed.error.issues.map((i) => ({ name: String(i.path[0] ?? ''), message: i.message }))),
    ];
    if (issues.length > 0) {
      form.setFields(issues.map((i) => ({ name: i.name, errors: [i.message] })));
      message.error(issues[0]?.message ?? '请检查填写内容');
      return;
    }
    setIsSubmitting(true);
    try {
      const saved = await postVisit(personId, disease, body);
      setResult(saved);
      message.success('随访已保存');
      visits.reload();
    } catch (error) {
      message.error(describeError(error));
    } finally {
      setIsSubmitting(false);
    }
  };

  const changeDisease = (value: TDisease) => {
    setDisease(value);
    setResult(null);
    form.resetFields();
  };

  useEffect(() => {
    if (result) {
      resultRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    }
  }, [result]);

  /** Clears the form for the next patient (and forgets a patient chosen from the list). */
  const startNext = () => {
    setResult(null);
    setPersonId(undefined);
    form.resetFields();
    if (presetPersonId) {
      setSearchParams({});
    }
    window.scrollTo({ top: 0 });
  };

  const isOnSite = method !== 'phone';
  // Two columns of large tap targets on a phone.
  const checkboxStyle = isMobile
    ? { display: 'grid', gridTemplateColumns: '1fr 1fr', rowGap: 10, fontSize: 16 }
    : undefined;
  const bpFields = (
    <>
      <Form.Item
        name="systolic"
        label="收缩压（mmHg）"
        rules={[
          { required: disease === 'hypertension' && isOnSite, message: '门诊/家庭随访必须填写收缩压' },
          range('systolic', '收缩压', 'mmHg'),
        ]}
      >
        <InputNumber size={size} inputMode="numeric" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="diastolic"
        label="舒张压（mmHg）"
        rules={[
          { required: disease === 'hypertension' && isOnSite, message: '门诊/家庭随访必须填写舒张压' },
          range('diastolic', '舒张压', 'mmHg'),
        ]}
      >
        <InputNumber size={size} inputMode="numeric" style={{ width: '100%' }} />
      </Form.Item>
    </>
  );
  const glucoseField = (
    <Form.Item
      name="fastingGlucoseTenths"
      label="空腹血糖（mmol/L）"
      rules={[{ required: disease === 'diabetes' && isOnSite, message: '门诊/家庭随访必须填写空腹血糖' }]}
    >
      <Input size={size} inputMode="decimal" placeholder="如 6.9" />
    </Form.Item>
  );
  const emergencyFields = (
    <>
      <Form.Item name="emergencySigns" label="紧急转诊症状">
        <Select
          size={size}
          mode="multiple"
          options={optionsOf(EMERGENCY_SIGN_LABELS)}
          placeholder="无则不选"
        />
      </Form.Item>
      <Form.Item name="hasNewComplication" label="新发或加重并发症" valuePropName="checked">
        <Switch />
      </Form.Item>
    </>
  );
  const medicationFields = (
    <>
      <Form.Item
        name="adherence"
        label="服药依从性"
        rules={[{ required: true, message: '请选择服药依从性' }]}
      >
        <Radio.Group options={optionsOf(MEDICATION_ADHERENCE_LABELS)} optionType="button" size={size} />
      </Form.Item>
    </>
  );

  return (
    <PageContainer title="随访登记">
      {result && (
        <div ref={resultRef}>
          <ResultCard
            result={result}
            isMobile={isMobile}
            onBack={isFromOverdue ? () => navigate('/chronic/overdue') : null}
            onNext={startNext}
          />
        </div>
      )}
      {/* Once saved, the form steps aside (no double saving on a phone) until 登记下一位. */}
      <Card hidden={result !== null}>
        <Form.Item label="随访对象" required style={{ marginBottom: 12 }}>
          {presetPersonId && personId === presetPersonId && presetName ? (
            <Flex align="center" justify="space-between" gap={8}>
              <Typography.Text strong style={{ fontSize: 18 }}>
                {presetName}
              </Typography.Text>
              <Button type="link" onClick={() => setPersonId(undefined)}>
                更换
              </Button>
            </Flex>
          ) : (
            <PersonPicker size={size} region={regionCode} value={personId} onChange={setPersonId} />
          )}
        </Form.Item>
        <Form.Item label="随访病种" required style={{ marginBottom: 0 }}>
          {isMobile ? (
            <Select<TDisease>
              size="large"
              style={{ width: '100%' }}
              options={DISEASES}
              value={disease}
              onChange={changeDisease}
              aria-label="随访病种"
            />
          ) : (
            <Segmented<TDisease> options={DISEASES} value={disease} onChange={changeDisease} />
          )}
        </Form.Item>
      </Card>
      <Card hidden={result !== null}>
        <Form
          form={form}
          layout="vertical"
          style={{ maxWidth: 560 }}
          initialValues={{
            visitDate: dayjs(),
            method: 'clinic',
            outcome: 'continue',
            hasAdverseReaction: false,
            doctorName: user.displayName,
          }}
          onFinish={submit}
          scrollToFirstError
        >
          <Form.Item
            name="visitDate"
            label="随访日期"
            rules={[{ required: true, message: '随访日期不能为空' }]}
          >
            <DatePicker size={size} style={{ width: '100%' }} inputReadOnly={isMobile} />
          </Form.Item>
          <Form.Item name="method" label="随访方式" rules={[{ required: true, message: '请选择随访方式' }]}>
            <Radio.Group options={optionsOf(VISIT_METHOD_LABELS)} optionType="button" size={size} />
          </Form.Item>
          {disease === 'hypertension' && (
            <>
              <Form.Item
                name="symptoms"
                label="症状"
                initialValue={['none']}
                rules={[{ required: true, message: '症状至少选择一项' }]}
              >
                <Checkbox.Group options={optionsOf(HYPERTENSION_SYMPTOM_LABELS)} style={checkboxStyle} />
              </Form.Item>
              {bpFields}
              <Form.Item
                name="heartRate"
                label="心率（次/分钟）"
                rules={[range('heartRate', '心率', '次/分钟')]}
              >
                <InputNumber size={size} inputMode="numeric" style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="weightTenths" label="体重（kg）">
                <Input size={size} inputMode="decimal" />
              </Form.Item>
              {emergencyFields}
              <Form.Item name="isPregnantOrBreastfeeding" label="妊娠期或哺乳期" valuePropName="checked">
                <Switch />
              </Form.Item>
              {medicationFields}
            </>
          )}
          {disease === 'diabetes' && (
            <>
              <Form.Item
                name="symptoms"
                label="症状"
                initialValue={['none']}
                rules={[{ required: true, message: '症状至少选择一项' }]}
              >
                <Checkbox.Group options={optionsOf(DIABETES_SYMPTOM_LABELS)} style={checkboxStyle} />
              </Form.Item>
              {glucoseField}
              {bpFields}
              <Form.Item
                name="heartRate"
                label="心率（次/分钟）"
                rules={[range('heartRate', '心率', '次/分钟')]}
              >
                <InputNumber size={size} inputMode="numeric" style={{ width: '100%' }} />
              </Form.Item>
              {emergencyFields}
              {medicationFields}
            </>
          )}
          {disease === 'mental' && (
            <>
              <Form.Item
                name="dangerGrade"
                label="危险性评估（0–5级）"
                rules={[{ required: true, message: '危险性评估不能为空' }]}
              >
                <Radio.Group
                  optionType="button"
                  size={size}
                  options={[0, 1, 2, 3, 4, 5].map((g) => ({ value: g, label: `${g}级` }))}
                />
              </Form.Item>
              <Form.Item name="symptoms" label="目前症状" initialValue={[]}>
                <Select
                  size={size}
                  mode="multiple"
                  options={optionsOf(MENTAL_SYMPTOM_LABELS)}
                  placeholder="无则不选"
                />
              </Form.Item>
              <Form.Item name="insight" label="自知力" rules={[{ required: true, message: '请选择自知力' }]}>
                <Select size={size} options={optionsOf(INSIGHT_LABELS)} />
              </Form.Item>
              <Form.Item
                name="sleep"
                label="睡眠情况"
                rules={[{ required: true, message: '请选择睡眠情况' }]}
              >
                <Radio.Group options={optionsOf(MENTAL_STATE_LABELS)} optionType="button" size={size} />
              </Form.Item>
              <Form.Item name="diet" label="饮食情况" rules={[{ required: true, message: '请选择饮食情况' }]}>
                <Radio.Group options={optionsOf(MENTAL_STATE_LABELS)} optionType="button" size={size} />
              </Form.Item>
              {Object.entries(SOCIAL_FUNCTION_AREA_LABELS).map(([area, label]) => (
                <Form.Item
                  key={area}
                  name={['socialFunction', area]}
                  label={label}
                  initialValue="good"
                  rules={[{ required: true, message: `请选择${label}` }]}
                >
                  <Radio.Group options={optionsOf(MENTAL_STATE_LABELS)} optionType="button" size={size} />
                </Form.Item>
              ))}
              <Form.Item
                name="hospitalisation"
                label="住院情况"
                rules={[{ required: true, message: '请选择住院情况' }]}
              >
                <Select size={size} options={optionsOf(HOSPITALISATION_LABELS)} />
              </Form.Item>
              {hospitalisation === 'previous' && (
                <Form.Item
                  name="lastDischargeDate"
                  label="末次出院日期"
                  rules={[{ required: true, message: '既往住院时必须填写末次出院日期' }]}
                >
                  <DatePicker size={size} style={{ width: '100%' }} />
                </Form.Item>
              )}
              {medicationFields}
            </>
          )}
          {disease === 'tuberculosis' && (
            <>
              <Form.Item
                name="visitKind"
                label="随访类型"
                rules={[{ required: true, message: '请选择随访类型' }]}
              >
                <Radio.Group options={optionsOf(TB_VISIT_KIND_LABELS)} optionType="button" size={size} />
              </Form.Item>
              <Form.Item
                name="diagnosisDate"
                label="确诊日期"
                rules={[{ required: true, message: '确诊日期不能为空' }]}
              >
                <DatePicker size={size} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item
                name="treatmentPhase"
                label="治疗阶段"
                rules={[{ required: true, message: '请选择治疗阶段' }]}
              >
                <Radio.Group options={optionsOf(TB_PHASE_LABELS)} optionType="button" size={size} />
              </Form.Item>
              <Form.Item
                name="supervisor"
                label="督导人员"
                rules={[{ required: true, message: '请选择督导人员' }]}
              >
                <Select size={size} options={optionsOf(TB_SUPERVISOR_LABELS)} />
              </Form.Item>
              <Form.Item
                name="dosesPlanned"
                label="应服药次数"
                rules={[{ required: true, message: '应服药次数不能为空' }]}
              >
                <InputNumber size={size} min={0} max={400} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item
                name="dosesTaken"
                label="实际服药次数"
                rules={[{ required: true, message: '实际服药次数不能为空' }]}
              >
                <InputNumber size={size} min={0} max={400} style={{ width: '100%' }} />
              </Form.Item>
            </>
          )}
          {disease === 'chronic' && (
            <>
              <Form.Item
                name="conditionName"
                label="慢性病名称"
                rules={[{ required: true, message: '慢性病名称不能为空' }]}
              >
                <Input size={size} maxLength={50} placeholder="如 脑血管病、冠心病、慢阻肺" />
              </Form.Item>
              <Form.Item name="symptomsNote" label="症状">
                <Input size={size} maxLength={200} />
              </Form.Item>
              {bpFields}
              {glucoseField}
              {emergencyFields}
              {medicationFields}
            </>
          )}
          <Form.Item name="hasAdverseReaction" label="药物不良反应" valuePropName="checked">
            <Switch />
          </Form.Item>
          {hasAdverseReaction === true && (
            <Form.Item
              name="adverseReactionNote"
              label="不良反应描述"
              rules={[{ required: true, message: '有药物不良反应时必须填写不良反应描述' }]}
            >
              <Input size={size} maxLength={200} />
            </Form.Item>
          )}
          <Form.Item name="outcome" label="转归" rules={[{ required: true, message: '请选择转归' }]}>
            <Radio.Group options={optionsOf(VISIT_OUTCOME_LABELS)} optionType="button" size={size} />
          </Form.Item>
          {outcome === 'ended' && (
            <Form.Item
              name="endReason"
              label="终止管理原因"
              rules={[{ required: true, message: '转归为终止管理时必须填写终止管理原因' }]}
            >
              <Select size={size} options={optionsOf(MANAGEMENT_END_REASON_LABELS)} />
            </Form.Item>
          )}
          <Form.Item
            name="doctorName"
            label="随访医生签名"
            rules={[{ required: true, message: '随访医生签名不能为空' }]}
          >
            <Input size={size} maxLength={50} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block={isMobile} loading={isSubmitting}>
            保存随访
          </Button>
        </Form>
      </Card>
      <Card title="近期随访记录">
        {isMobile ? (
          <List<TVisitResult>
            loading={visits.isLoading}
            dataSource={visits.items}
            locale={{ emptyText: <Empty description="暂无随访记录" /> }}
            pagination={{
              current: visits.pagination.current,
              pageSize: visits.pagination.pageSize,
              total: visits.pagination.total,
              onChange: visits.pagination.onChange,
              simple: true,
              align: 'center',
            }}
            renderItem={(v) => (
              <List.Item key={v.id}>
                <Flex vertical gap={2}>
                  <Typography.Text strong>
                    {v.personName} · {DISEASES.find((x) => x.value === v.disease)?.label ?? v.disease}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {v.visitDate} {v.classificationLabel}
                    {v.isRedAlert ? ' · 紧急转诊' : ''} · 下次 {v.nextDueDate ?? '—'}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        ) : (
          <Table<TVisitResult>
            rowKey="id"
            size="small"
            dataSource={visits.items}
            loading={visits.isLoading}
            pagination={visits.pagination}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description="暂无随访记录" /> }}
            columns={[
              { title: '日期', dataIndex: 'visitDate' },
              {
                title: '姓名',
                dataIndex: 'personName',
                render: (name: string, v) => <Link to={`/chronic/persons/${v.personId}`}>{name}</Link>,
              },
              {
                title: '病种',
                dataIndex: 'disease',
                render: (d: string) => DISEASES.find((x) => x.value === d)?.label ?? d,
              },
              {
                title: '分类',
                dataIndex: 'classificationLabel',
                render: (label: string, v) =>
                  v.isRedAlert ? <Tag color="red">{label}·紧急转诊</Tag> : label,
              },
              { title: '下次随访', dataIndex: 'nextDueDate', render: (d: string | null) => d ?? '—' },
            ]}
          />
        )}
      </Card>
    </PageContainer>
  );
}
