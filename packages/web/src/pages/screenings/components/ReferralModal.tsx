import {
  SCREENING_REFERRAL_STATUS_LABELS,
  SCREENING_REFERRAL_TRANSITIONS,
  SCREENING_RESULT_LABELS,
  type ScreeningReferralStatus,
  type ScreeningResult,
} from '@healthaid/domain/screening';
import { DatePicker, Descriptions, Form, Input, Modal, Radio, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import { changeReferral, type TScreening, voidScreening } from '../api.ts';
import { VoidReasonModal } from './VoidReasonModal.tsx';

export const RESULT_COLORS: Record<ScreeningResult, string> = {
  normal: 'green',
  abnormal: 'red',
  follow_up: 'orange',
};
export const REFERRAL_COLORS: Record<ScreeningReferralStatus, string> = {
  none: 'default',
  pending: 'gold',
  referred: 'blue',
  confirmed: 'red',
  excluded: 'green',
  lost: 'default',
};

export function ResultTag({ result }: { result: ScreeningResult }) {
  return <Tag color={RESULT_COLORS[result]}>{SCREENING_RESULT_LABELS[result]}</Tag>;
}

export function ReferralTag({ status }: { status: ScreeningReferralStatus }) {
  return status === 'none' ? (
    <span>—</span>
  ) : (
    <Tag color={REFERRAL_COLORS[status]}>{SCREENING_REFERRAL_STATUS_LABELS[status]}</Tag>
  );
}

type TReferralValues = {
  to: ScreeningReferralStatus;
  date: Dayjs;
  institution?: string;
  diagnosis?: string;
  note?: string;
};

/** 转诊登记: referred, confirmed (with the diagnosis), excluded or lost, as the status machine allows. */
export function ReferralModal({
  record,
  onClose,
  onSaved,
}: {
  record: TScreening;
  onClose: () => void;
  onSaved: (next: TScreening) => void;
}) {
  const [form] = Form.useForm<TReferralValues>();
  const allowed = SCREENING_REFERRAL_TRANSITIONS[record.referralStatus];
  const to = Form.useWatch('to', form);
  const { submit, isSubmitting, error } = useSubmit(async (values: TReferralValues) => {
    onSaved(
      await changeReferral(record.id, {
        to: values.to,
        date: values.date.format('YYYY-MM-DD'),
        institution: values.institution?.trim() || null,
        diagnosis: values.diagnosis?.trim() || null,
        note: values.note?.trim() || null,
      }),
    );
  });
  return (
    <Modal
      open
      title={`转诊登记：${record.name}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert message={error} />
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label="筛查">{`${record.screenedOn} ${record.programmeLabel}（${record.methodLabel}）`}</Descriptions.Item>
        <Descriptions.Item label="结果">
          <ResultTag result={record.result} /> {record.resultDetail}
        </Descriptions.Item>
        <Descriptions.Item label="当前转诊状态">
          <ReferralTag status={record.referralStatus} />
          {record.referralInstitution ? `${record.referralInstitution}（${record.referredOn}）` : ''}
        </Descriptions.Item>
      </Descriptions>
      <Form<TReferralValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ to: allowed[0], date: dayjs() }}
      >
        <Form.Item name="to" label="变更为" rules={[{ required: true, message: '请选择' }]}>
          <Radio.Group
            options={allowed.map((s) => ({ value: s, label: SCREENING_REFERRAL_STATUS_LABELS[s] }))}
          />
        </Form.Item>
        <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        {to === 'referred' && (
          <Form.Item
            name="institution"
            label="转诊机构"
            rules={[{ required: true, message: '请填写转诊机构' }]}
          >
            <Input maxLength={100} placeholder="如 青龙满族自治县妇幼保健院" />
          </Form.Item>
        )}
        {to === 'confirmed' && (
          <Form.Item
            name="diagnosis"
            label="确诊结果"
            rules={[{ required: true, message: '请填写确诊结果' }]}
          >
            <Input maxLength={200} placeholder="如 CIN2；先天性甲状腺功能减低症" />
          </Form.Item>
        )}
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 作废: a wrong record is voided with a reason (another record of the person may then count). */
export function VoidModal({
  record,
  onClose,
  onSaved,
}: {
  record: TScreening;
  onClose: () => void;
  onSaved: (next: TScreening) => void;
}) {
  return (
    <VoidReasonModal
      title={`作废筛查记录：${record.name} ${record.screenedOn} ${record.programmeLabel}`}
      placeholder="如 重复录入；身份证号录错"
      onClose={onClose}
      onSubmit={async (reason) => onSaved(await voidScreening(record.id, reason))}
    />
  );
}
