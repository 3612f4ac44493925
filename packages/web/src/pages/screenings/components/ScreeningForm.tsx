import {
  SCREENING_GROUP_OF,
  SCREENING_PROGRAMME_LABELS,
  SCREENING_PROGRAMMES,
  SCREENING_RESULT_LABELS,
  SCREENING_RESULTS,
  type ScreeningProgramme,
  type ScreeningResult,
} from '@healthaid/domain/screening';
import { Alert, DatePicker, Form, Input, Modal, Radio, Select, Space, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../../app/api/api-error.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import { createScreening, listProgrammes, lookupSubject, type TLookup, type TScreening } from '../api.ts';

type TValues = {
  programme: ScreeningProgramme;
  method: string;
  idNumber?: string;
  name: string;
  sex?: 'M' | 'F';
  birthDate?: Dayjs;
  birthTime?: Dayjs;
  motherName?: string;
  motherIdNumber?: string;
  villageCode?: string;
  screenedOn: Dayjs;
  screenedTime?: Dayjs;
  gestationalAge?: string;
  result: ScreeningResult;
  resultDetail?: string;
  institution?: string;
};

const dateText = (d?: Dayjs) => (d ? d.format('YYYY-MM-DD') : null);
const timeText = (d?: Dayjs) => (d ? d.format('HH:mm') : null);

/** 登记筛查: one screening of one person (a newborn may be registered by the mother's ID number). */
export function ScreeningFormModal({
  initialProgramme,
  onClose,
  onSaved,
}: {
  initialProgramme?: ScreeningProgramme;
  onClose: () => void;
  onSaved: (record: TScreening) => void;
}) {
  const [form] = Form.useForm<TValues>();
  const programmes = useAsync(listProgrammes, 'programmes');
  const programme = Form.useWatch('programme', form) ?? initialProgramme ?? 'cervical';
  const result = Form.useWatch('result', form);
  const info = programmes.data?.find((p) => p.code === programme);
  const isNewborn = SCREENING_GROUP_OF[programme] === 'newborn';
  const isPrenatal = SCREENING_GROUP_OF[programme] === 'prenatal';
  const [lookup, setLookup] = useState<TLookup | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);

  const runLookup = async (raw: string) => {
    setLookup(null);
    setLookupError(null);
    if (!raw.trim()) {
      return;
    }
    try {
      const found = await lookupSubject(raw.trim());
      setLookup(found);
      if (found.person) {
        form.setFieldsValue({ name: found.person.name, villageCode: found.person.villageCode });
      }
    } catch (error) {
      setLookupError(describeError(error));
    }
  };

  const { submit, isSubmitting, error } = useSubmit(async (values: TValues) => {
    const saved = await createScreening({
      programme: values.programme,
      method: values.method,
      name: values.name ?? '',
      idNumber: values.idNumber?.trim() || null,
      sex: isNewborn ? (values.sex ?? null) : null,
      birthDate: isNewborn ? dateText(values.birthDate) : null,
      birthTime: isNewborn ? timeText(values.birthTime) : null,
      motherName: isNewborn ? values.motherName?.trim() || null : null,
      motherIdNumber: isNewborn ? values.motherIdNumber?.trim() || null : null,
      villageCode: lookup?.person ? null : (values.villageCode ?? null),
      screenedOn: values.screenedOn.format('YYYY-MM-DD'),
      screenedTime: isNewborn ? timeText(values.screenedTime) : null,
      gestationalAge: isPrenatal ? values.gestationalAge?.trim() || null : null,
      result: values.result,
      resultDetail: values.resultDetail?.trim() || null,
      institution: values.institution?.trim() || null,
    });
    onSaved(saved);
  });

  const ruleText = info
    ? info.minAge !== null
      ? `对象：${info.minAge}–${info.maxAge}岁${info.sex === 'F' ? '女性' : ''}，农村和低保妇女优先`
      : info.afterBirth
        ? `出生${info.afterBirth.minHours}小时后、${info.afterBirth.maxDays}天内完成`
        : info.methods
            .filter((m) => m.window)
            .map((m) => `${m.label}：${m.window}`)
            .join('；')
    : '';

  return (
    <Modal
      open
      width={720}
      title="登记筛查"
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
          programme: initialProgramme ?? 'cervical',
          method: 'hpv',
          result: 'normal',
          screenedOn: dayjs(),
        }}
        onValuesChange={(changed: Partial<TValues>) => {
          if (changed.programme) {
            const first = programmes.data?.find((p) => p.code === changed.programme)?.methods[0]?.code;
            form.setFieldsValue({ method: first });
            setLookup(null);
          }
        }}
      >
        <Space size="middle" wrap style={{ width: '100%' }}>
          <Form.Item
            name="programme"
            label="筛查项目"
            rules={[{ required: true, message: '请选择筛查项目' }]}
          >
            <Select
              style={{ width: 260 }}
              options={SCREENING_PROGRAMMES.map((p) => ({ value: p, label: SCREENING_PROGRAMME_LABELS[p] }))}
            />
          </Form.Item>
          <Form.Item name="method" label="筛查方法" rules={[{ required: true, message: '请选择筛查方法' }]}>
            <Select
              style={{ width: 260 }}
              options={(info?.methods ?? []).map((m) => ({ value: m.code, label: m.label }))}
            />
          </Form.Item>
        </Space>
        {ruleText && <Typography.Paragraph type="secondary">{ruleText}</Typography.Paragraph>}

        {isNewborn ? (
          <>
            <Space size="middle" wrap>
              <Form.Item
                name="name"
                label="新生儿姓名"
                rules={[{ required: true, message: '请填写，如“李娜之子”' }]}
              >
                <Input maxLength={50} placeholder="尚未取名可填“母亲姓名之子/之女”" style={{ width: 220 }} />
              </Form.Item>
              <Form.Item name="sex" label="性别" rules={[{ required: true, message: '请选择性别' }]}>
                <Radio.Group
                  options={[
                    { value: 'M', label: '男' },
                    { value: 'F', label: '女' },
                  ]}
                />
              </Form.Item>
            </Space>
            <Space size="middle" wrap>
              <Form.Item
                name="birthDate"
                label="出生日期"
                rules={[{ required: true, message: '请选择出生日期' }]}
              >
                <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
              <Form.Item
                name="birthTime"
                label="出生时间"
                rules={[{ required: true, message: '请填写出生时间' }]}
              >
                <TimePicker format="HH:mm" />
              </Form.Item>
              <Form.Item name="idNumber" label="新生儿身份证号（已办理的填写）">
                <Input maxLength={18} style={{ width: 220 }} />
              </Form.Item>
            </Space>
            <Space size="middle" wrap>
              <Form.Item
                name="motherName"
                label="母亲姓名"
                rules={[{ required: true, message: '请填写母亲姓名' }]}
              >
                <Input maxLength={50} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item
                name="motherIdNumber"
                label="母亲身份证号"
                rules={[{ required: true, message: '请填写母亲身份证号' }]}
              >
                <Input maxLength={18} style={{ width: 220 }} />
              </Form.Item>
            </Space>
          </>
        ) : (
          <>
            <Space size="middle" wrap align="start">
              <Form.Item
                name="idNumber"
                label="身份证号"
                rules={[{ required: true, message: '请填写身份证号' }]}
                extra="输入后自动查询人员档案"
              >
                <Input maxLength={18} style={{ width: 220 }} onBlur={(e) => runLookup(e.target.value)} />
              </Form.Item>
              <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
                <Input maxLength={50} style={{ width: 160 }} disabled={Boolean(lookup?.person)} />
              </Form.Item>
            </Space>
            {lookupError && (
              <Alert type="warning" showIcon title={lookupError} style={{ marginBottom: 12 }} />
            )}
            {lookup && (
              <Alert
                style={{ marginBottom: 12 }}
                type={lookup.person ? 'success' : 'info'}
                showIcon
                title={
                  lookup.person
                    ? `已在人员档案：${lookup.person.name}，${lookup.person.villageName}（筛查记录将关联该档案）`
                    : `不在人员档案中：${lookup.sex === 'F' ? '女' : '男'}，出生于${lookup.birthDate}，请选择居住村（社区）`
                }
                description={
                  lookup.previous.length > 0
                    ? `既往筛查：${lookup.previous
                        .slice(0, 5)
                        .map(
                          (p) =>
                            `${p.screenedOn} ${SCREENING_PROGRAMME_LABELS[p.programme]}（${SCREENING_RESULT_LABELS[p.result]}）`,
                        )
                        .join('；')}`
                    : undefined
                }
              />
            )}
          </>
        )}
        {!lookup?.person && (
          <Form.Item
            name="villageCode"
            label="居住村（社区）"
            rules={[
              { required: true, message: '请选择居住村（社区）' },
              {
                validator: (_, value?: string) =>
                  !value || value.slice(9) !== '000'
                    ? Promise.resolve()
                    : Promise.reject(new Error('请选择到村（社区）一级')),
              },
            ]}
          >
            <RegionCascader placeholder="选择到村（社区）" />
          </Form.Item>
        )}

        <Space size="middle" wrap>
          <Form.Item
            name="screenedOn"
            label={programme === 'newborn_metabolic' ? '采血日期' : '筛查日期'}
            rules={[{ required: true, message: '请选择日期' }]}
          >
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          {isNewborn && (
            <Form.Item
              name="screenedTime"
              label={programme === 'newborn_metabolic' ? '采血时间' : '筛查时间'}
              rules={[{ required: true, message: '请填写时间' }]}
            >
              <TimePicker format="HH:mm" />
            </Form.Item>
          )}
          {isPrenatal && (
            <Form.Item
              name="gestationalAge"
              label="孕周"
              rules={[{ required: true, message: '请填写孕周，如 16+3' }]}
            >
              <Input placeholder="如 16+3" style={{ width: 120 }} />
            </Form.Item>
          )}
          <Form.Item name="institution" label="筛查机构">
            <Input maxLength={100} style={{ width: 240 }} placeholder="如 青龙镇卫生院" />
          </Form.Item>
        </Space>
        <Form.Item name="result" label="筛查结果" rules={[{ required: true, message: '请选择筛查结果' }]}>
          <Radio.Group
            options={SCREENING_RESULTS.map((r) => ({ value: r, label: SCREENING_RESULT_LABELS[r] }))}
          />
        </Form.Item>
        {result && result !== 'normal' && (
          <Form.Item
            name="resultDetail"
            label="结果说明"
            rules={[{ required: true, message: '结果异常或需进一步检查时须填写结果说明' }]}
            extra="保存后进入“待转诊”，请及时登记转诊和确诊情况"
          >
            <Input.TextArea
              rows={2}
              maxLength={200}
              placeholder="如 HPV16阳性；BI-RADS 4a类；21-三体高风险（1/180）"
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
