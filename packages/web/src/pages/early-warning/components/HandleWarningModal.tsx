import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { optionalFenOf, yuanRule } from '../../../components/yuan-rule.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import {
  handleWarning,
  MEASURE_LABELS,
  NEXT_STATUSES,
  PAID_MEASURES,
  STATUS_LABELS,
  type TMeasure,
  type TWarning,
  type TWarningDetail,
  type TWarningStatus,
} from '../api.ts';

type TMeasureValues = { measure: TMeasure; date: Dayjs; amountYuan?: string; note?: string };
type TValues = { to: TWarningStatus; date: Dayjs; reason?: string; measures?: TMeasureValues[] };

/** 处置预警: move a warning on, with the assistance measures taken or the reason it was ruled out. */
export function HandleWarningModal({
  warning,
  onClose,
  onDone,
}: {
  warning: TWarning;
  onClose: () => void;
  onDone: (detail: TWarningDetail) => void;
}) {
  const [form] = Form.useForm<TValues>();
  const to = Form.useWatch('to', form);
  const next = NEXT_STATUSES[warning.status];
  const { submit, isSubmitting, error } = useSubmit(async (values: TValues) => {
    onDone(
      await handleWarning(warning.id, {
        to: values.to,
        date: values.date.format('YYYY-MM-DD'),
        reason: values.reason?.trim() || undefined,
        measures:
          values.to === 'excluded'
            ? []
            : (values.measures ?? []).map((m) => ({
                measure: m.measure,
                date: m.date.format('YYYY-MM-DD'),
                amountFen: optionalFenOf(m.amountYuan) ?? null,
                note: m.note?.trim() || null,
              })),
      }),
    );
  });
  const subject =
    warning.subjectType === 'person'
      ? `${warning.personName ?? ''}（${warning.householdNo ?? '无户'}）`
      : `${warning.householdNo ?? ''} 户主${warning.headName ?? ''}`;
  return (
    <Modal
      open
      width={720}
      title={`处置预警：${warning.ruleLabel} · ${subject}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert message={error} />
      <Typography.Paragraph type="secondary">{warning.message}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          to: next.includes('handled') ? 'handled' : next[0],
          date: dayjs(),
          measures: [
            {
              measure:
                warning.ruleCode === 'major_waiting' ? 'major_disease_treatment' : 'medical_assistance',
              date: dayjs(),
            },
          ],
        }}
      >
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="to" label="处置结果" rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                options={next.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
              />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="date" label="处置日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker
                disabledDate={(d) =>
                  d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(warning.statusDate), 'day')
                }
              />
            </Form.Item>
          </Col>
        </Row>
        {to !== 'excluded' && (
          <Form.List name="measures">
            {(fields, { add, remove }) => (
              <>
                <Typography.Text strong>
                  帮扶措施{to === 'handled' ? '（至少一项）' : '（可选）'}
                </Typography.Text>
                {fields.map((field) => (
                  <Row key={field.key} gutter={8} align="top" style={{ marginTop: 8 }}>
                    <Col span={7}>
                      <Form.Item
                        name={[field.name, 'measure']}
                        rules={[{ required: true, message: '请选择措施' }]}
                      >
                        <Select
                          aria-label="帮扶措施"
                          options={(Object.entries(MEASURE_LABELS) as [TMeasure, string][]).map(
                            ([value, label]) => ({
                              value,
                              label,
                            }),
                          )}
                        />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item
                        name={[field.name, 'date']}
                        rules={[{ required: true, message: '请选择日期' }]}
                      >
                        <DatePicker aria-label="措施日期" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item
                        noStyle
                        shouldUpdate={(a, b) =>
                          a.measures?.[field.name]?.measure !== b.measures?.[field.name]?.measure
                        }
                      >
                        {() => {
                          const measure = form.getFieldValue(['measures', field.name, 'measure']) as
                            | TMeasure
                            | undefined;
                          const isPaid = measure !== undefined && PAID_MEASURES.includes(measure);
                          return (
                            <Form.Item name={[field.name, 'amountYuan']} rules={[yuanRule(isPaid)]}>
                              <Input
                                aria-label="金额（元）"
                                placeholder={isPaid ? '救助金额（元）' : '金额（元，可选）'}
                              />
                            </Form.Item>
                          );
                        }}
                      </Form.Item>
                    </Col>
                    <Col span={6}>
                      <Form.Item name={[field.name, 'note']}>
                        <Input aria-label="措施说明" placeholder="说明" maxLength={200} />
                      </Form.Item>
                    </Col>
                    <Col span={1}>
                      <Button
                        type="text"
                        aria-label="删除措施"
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(field.name)}
                      />
                    </Col>
                  </Row>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ measure: 'temporary_assistance', date: dayjs() })}
                  style={{ marginBottom: 16 }}
                >
                  添加帮扶措施
                </Button>
              </>
            )}
          </Form.List>
        )}
        <Form.Item
          name="reason"
          label={to === 'excluded' ? '排除原因' : '处置说明'}
          rules={to === 'excluded' ? [{ required: true, message: '请填写排除原因' }] : []}
        >
          <Input.TextArea
            rows={2}
            maxLength={500}
            placeholder={
              to === 'excluded'
                ? '如：入户核实，费用已由商业补充保险赔付'
                : '如：已上报民政部门，纳入低保边缘审核'
            }
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
