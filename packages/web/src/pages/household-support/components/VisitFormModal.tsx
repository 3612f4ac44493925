import {
  KIT_ITEMS,
  KIT_KIND_LABELS,
  KIT_KINDS,
  type KitKind,
  type PolicyQuestionnaire,
  questionnaireOn,
  SUPPORT_NEED_LABELS,
  SUPPORT_NEEDS,
  type SupportNeed,
  scoreSurvey,
  VISIT_CONTACT_LABELS,
  VISITOR_ROLE_LABELS,
  VISITOR_ROLES,
  type VisitContact,
  type VisitorRole,
} from '@healthaid/domain/household-support';
import { formatBp } from '@healthaid/domain/money';
import {
  Alert,
  Checkbox,
  DatePicker,
  Divider,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import { createVisit, getHouseholdMembers, type TCampaign, type TChecklistRow, type TVisit } from '../api.ts';

type TValues = {
  visitedOn: Dayjs;
  visitorName: string;
  visitorRole: VisitorRole;
  contact: VisitContact;
  respondentPersonId?: number;
  findings?: string;
  needs?: SupportNeed[];
  actions?: string;
  hasSurvey?: boolean;
  answers?: Record<string, string>;
  hasKit?: boolean;
  kitKind?: KitKind;
  kitCount?: number;
  kitValue?: string;
  kitContents?: string[];
};

const SKIPPED = '__skip';

function SurveyScore({
  questionnaire,
  answers,
}: {
  questionnaire: PolicyQuestionnaire;
  answers: Record<string, string>;
}) {
  const asked = Object.fromEntries(Object.entries(answers).filter(([, v]) => v && v !== SKIPPED));
  const score = scoreSurvey(questionnaire, asked);
  if (!score.ok) {
    return <Typography.Text type="secondary">{score.problems[0]}</Typography.Text>;
  }
  return (
    <Space>
      <span>
        答对 {score.value.correct}/{score.value.asked}
      </span>
      {score.value.isAware ? <Tag color="green">知晓</Tag> : <Tag color="red">不知晓</Tag>}
      <Typography.Text type="secondary">
        （答对率≥{formatBp(questionnaire.awareThresholdBp)}为知晓）
      </Typography.Text>
    </Space>
  );
}

/** 登记走访: one visit of one household, with the policy-awareness survey and a health kit if given. */
export function VisitFormModal({
  campaign,
  household,
  onClose,
  onSaved,
}: {
  campaign: TCampaign;
  household: TChecklistRow;
  onClose: () => void;
  onSaved: (visit: TVisit) => void;
}) {
  const user = useCurrentUser();
  const [form] = Form.useForm<TValues>();
  const members = useAsync(
    () => getHouseholdMembers(household.householdId),
    `members:${household.householdId}`,
  );
  const contact = Form.useWatch('contact', form) ?? 'met';
  const hasSurvey = Form.useWatch('hasSurvey', form);
  const hasKit = Form.useWatch('hasKit', form);
  const visitedOn = Form.useWatch('visitedOn', form) as Dayjs | undefined;
  const answers = (Form.useWatch('answers', form) ?? {}) as Record<string, string>;
  const questionnaire = questionnaireOn((visitedOn ?? dayjs()).format('YYYY-MM-DD'));
  const adults = (members.data?.members ?? []).filter((m) => m.status === 'normal');
  const today = dayjs();
  const defaultDate = today.isAfter(dayjs(campaign.endOn)) ? dayjs(campaign.endOn) : today;

  const { submit, isSubmitting, error } = useSubmit(async (values: TValues) => {
    const respondent = adults.find((m) => m.id === values.respondentPersonId);
    const surveyAnswers = Object.fromEntries(
      Object.entries(values.answers ?? {}).filter(([, v]) => v && v !== SKIPPED),
    );
    onSaved(
      await createVisit({
        campaignId: campaign.id,
        householdId: household.householdId,
        visitedOn: values.visitedOn.format('YYYY-MM-DD'),
        visitorName: values.visitorName,
        visitorRole: values.visitorRole,
        contact: values.contact,
        respondentPersonId: values.contact === 'met' ? (values.respondentPersonId ?? null) : null,
        findings: values.contact === 'met' ? values.findings?.trim() || null : null,
        needs: values.contact === 'met' ? (values.needs ?? []) : [],
        actions: values.contact === 'met' ? values.actions?.trim() || null : null,
        survey:
          values.contact === 'met' && values.hasSurvey
            ? {
                respondentPersonId: respondent?.id ?? null,
                respondentName: respondent?.name ?? household.headName ?? '',
                answers: surveyAnswers,
              }
            : null,
        kit:
          values.contact === 'met' && values.hasKit
            ? {
                kind: values.kitKind ?? 'new',
                kitCount: values.kitCount ?? 1,
                value: values.kitValue ?? '',
                contents: values.kitContents ?? [],
                recipientName: respondent?.name ?? household.headName ?? '',
                distributedBy: values.visitorName,
              }
            : null,
      }),
    );
  });

  return (
    <Modal
      open
      width={760}
      title={`登记走访：${household.householdNo} ${household.headName ?? ''}（${household.villageName}）`}
      okText="保存"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert message={error} />
      <Form<TValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          visitedOn: defaultDate,
          visitorName: user.displayName,
          visitorRole: user.role === 'village_doctor' ? 'village_doctor' : 'health_centre_doctor',
          contact: 'met',
          needs: [],
          kitKind: 'new',
          kitCount: 1,
          kitContents: ['感冒药', '退烧药', '止泻药', '消炎药', '创可贴', '碘伏', '体温计'],
        }}
      >
        <Space size="middle" wrap>
          <Form.Item
            name="visitedOn"
            label="走访日期"
            rules={[{ required: true, message: '请选择走访日期' }]}
          >
            <DatePicker
              disabledDate={(d) =>
                d.isAfter(today, 'day') ||
                d.isBefore(dayjs(campaign.startOn), 'day') ||
                d.isAfter(dayjs(campaign.endOn), 'day')
              }
            />
          </Form.Item>
          <Form.Item
            name="visitorName"
            label="走访人"
            rules={[{ required: true, min: 2, message: '请填写走访人姓名' }]}
          >
            <Input maxLength={30} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="visitorRole" label="身份" rules={[{ required: true, message: '请选择身份' }]}>
            <Select
              style={{ width: 170 }}
              options={VISITOR_ROLES.map((r) => ({ value: r, label: VISITOR_ROLE_LABELS[r] }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="contact" label="入户情况" rules={[{ required: true, message: '请选择' }]}>
          <Radio.Group
            options={(['met', 'not_home'] as const).map((c) => ({
              value: c,
              label: VISIT_CONTACT_LABELS[c],
            }))}
          />
        </Form.Item>
        {contact === 'met' && (
          <>
            <Form.Item name="respondentPersonId" label="受访人（户内成员）">
              <Select
                allowClear
                loading={members.isLoading}
                style={{ width: 240 }}
                options={adults.map((m) => ({
                  value: m.id,
                  label: `${m.name}${m.relation ? `（${m.relation}）` : ''}`,
                }))}
              />
            </Form.Item>
            <Form.Item
              name="findings"
              label="走访发现"
              rules={[{ required: true, message: '请填写走访发现（健康状况、看病就医困难等）' }]}
            >
              <Input.TextArea
                rows={2}
                maxLength={500}
                placeholder="如 户主高血压，用药不规律；对住院报销政策不了解"
              />
            </Form.Item>
            <Form.Item name="needs" label="帮扶需求">
              <Checkbox.Group
                options={SUPPORT_NEEDS.map((n) => ({ value: n, label: SUPPORT_NEED_LABELS[n] }))}
              />
            </Form.Item>
            <Form.Item name="actions" label="帮扶措施（一人一策）">
              <Input.TextArea rows={2} maxLength={500} placeholder="如 家庭医生每月随访，协助申请医疗救助" />
            </Form.Item>

            <Divider titlePlacement="start" plain>
              <Space>
                <Form.Item name="hasSurvey" valuePropName="checked" noStyle>
                  <Switch size="small" />
                </Form.Item>
                政策知晓调查
              </Space>
            </Divider>
            {hasSurvey &&
              (questionnaire ? (
                <>
                  <Typography.Paragraph type="secondary">
                    《{questionnaire.name}》：逐题询问受访人，未问的题选“未问”；至少回答
                    {questionnaire.minAsked}题。
                  </Typography.Paragraph>
                  {questionnaire.questions.map((q, i) => (
                    <Form.Item
                      key={q.code}
                      name={['answers', q.code]}
                      label={`${i + 1}. ${q.text}（${q.policy}）`}
                      style={{ marginBottom: 8 }}
                    >
                      <Radio.Group
                        options={[
                          ...q.options.map((o) => ({ value: o.code, label: o.label })),
                          { value: SKIPPED, label: '未问' },
                        ]}
                      />
                    </Form.Item>
                  ))}
                  <SurveyScore questionnaire={questionnaire} answers={answers} />
                </>
              ) : (
                <Alert type="warning" showIcon title="走访日期没有适用的调查表" />
              ))}

            <Divider titlePlacement="start" plain>
              <Space>
                <Form.Item name="hasKit" valuePropName="checked" noStyle>
                  <Switch size="small" />
                </Form.Item>
                发放爱心保健箱
              </Space>
            </Divider>
            {hasKit && (
              <>
                <Space size="middle" wrap>
                  <Form.Item name="kitKind" label="类型" rules={[{ required: true, message: '请选择' }]}>
                    <Radio.Group options={KIT_KINDS.map((k) => ({ value: k, label: KIT_KIND_LABELS[k] }))} />
                  </Form.Item>
                  <Form.Item
                    name="kitCount"
                    label="数量（个）"
                    rules={[{ required: true, message: '请填写数量' }]}
                  >
                    <InputNumber min={1} max={5} precision={0} />
                  </Form.Item>
                  <Form.Item
                    name="kitValue"
                    label="价值（元）"
                    rules={[{ required: true, message: '请填写价值' }]}
                    extra="精确到分，如 180 或 180.50"
                  >
                    <Input style={{ width: 120 }} />
                  </Form.Item>
                </Space>
                <Form.Item
                  name="kitContents"
                  label="箱内物品"
                  rules={[{ required: true, message: '请选择箱内物品' }]}
                >
                  <Checkbox.Group options={KIT_ITEMS.map((i) => ({ value: i, label: i }))} />
                </Form.Item>
              </>
            )}
          </>
        )}
      </Form>
    </Modal>
  );
}
