import { Alert, Form, Input, Modal, Table, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { yuanRule } from '../../../components/yuan-rule.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import { LEVEL_LABELS, type THospitalLevel, type TVisitType, VISIT_LABELS } from '../api.ts';
import {
  applyFormValues,
  formValuesOf,
  PolicyFormError,
  type PolicyFormValues,
  parsePercentToBp,
} from './policy-form.ts';

export type PolicyFormTarget = {
  /** The draft being edited, or null for a new draft. */
  id: number | null;
  /** The policy body the form starts from (a draft's, or a published version's with the next version number). */
  body: Record<string, unknown>;
};

/** Amount fields: parsed exactly by the domain's yuan parser (no floats), never negative. */
const yuanRules = (required: boolean) => [yuanRule(required)];

const percentRules = [
  {
    validator: async (_: unknown, value: string | undefined) => {
      if (!value?.trim()) {
        throw new Error('请填写比例（%）');
      }
      parsePercentToBp(value);
    },
  },
];

/** A text cell of the form's tables. */
function Cell({
  name,
  label,
  rules,
  placeholder,
  suffix,
}: {
  name: (string | number)[];
  label: string;
  rules: object[];
  placeholder?: string;
  suffix: '元' | '%';
}) {
  return (
    <Form.Item name={name} rules={rules} style={{ margin: 0 }}>
      <Input aria-label={label} placeholder={placeholder} suffix={suffix} style={{ width: 150 }} />
    </Form.Item>
  );
}

/**
 * 政策参数表单: the main parameters of a draft (basic insurance, 大病保险, 医疗救助, 自付上限 by hospital level)
 * edited as 元 and %, saved through the same validated endpoint as the JSON editor. Other parts of the policy
 * (categories, further layers, 先诊疗后付费) are kept as they are and edited as JSON.
 */
export function PolicyFormModal({
  target,
  onClose,
  onSave,
}: {
  target: PolicyFormTarget | null;
  onClose: () => void;
  onSave: (id: number | null, body: Record<string, unknown>) => Promise<void>;
}) {
  const [form] = Form.useForm<PolicyFormValues>();
  const [values, setValues] = useState<PolicyFormValues | null>(null);
  useEffect(() => {
    if (target) {
      const initial = formValuesOf(target.body);
      setValues(initial);
      form.resetFields();
      form.setFieldsValue(initial);
    }
  }, [target, form]);
  const save = useSubmit(async () => {
    if (!target) {
      return;
    }
    await form.validateFields();
    // Rows the form did not render (none today) keep their values: merge over the initial ones.
    const edited = { ...(values as PolicyFormValues), ...form.getFieldsValue(true) };
    let body: Record<string, unknown>;
    try {
      body = applyFormValues(target.body, edited);
    } catch (error) {
      if (error instanceof PolicyFormError) {
        form.setFields([{ name: error.field as never, errors: [error.message] }]);
      }
      throw error;
    }
    await onSave(target.id, body);
  });
  const v = values;
  const version = Number(target?.body.version ?? 0);
  return (
    <Modal
      title={`${target?.id ? '编辑政策草稿' : '新建政策草稿'}（表单，第 ${version} 版）`}
      open={target !== null}
      width={1000}
      okText="保存草稿（逐项校验）"
      okButtonProps={{ loading: save.isSubmitting }}
      onOk={() => void save.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert message={save.error} />
      {v ? (
        <Form form={form} layout="vertical" initialValues={v}>
          <Tabs
            items={[
              {
                key: 'basic',
                label: '基本信息与基本医保',
                children: (
                  <>
                    <Form.Item
                      label="政策名称"
                      name="name"
                      rules={[{ required: true, whitespace: true, message: '请填写政策名称' }]}
                    >
                      <Input />
                    </Form.Item>
                    <Typography.Paragraph type="secondary">
                      生效日期 / 失效日期（YYYY-MM-DD，失效日期留空表示长期有效）
                    </Typography.Paragraph>
                    <div style={{ display: 'flex', gap: 16 }}>
                      <Form.Item
                        label="生效日期"
                        name="effectiveFrom"
                        rules={[
                          { required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式 YYYY-MM-DD' },
                        ]}
                      >
                        <Input style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item
                        label="失效日期"
                        name="effectiveTo"
                        rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式 YYYY-MM-DD' }]}
                      >
                        <Input style={{ width: 160 }} placeholder="长期" />
                      </Form.Item>
                    </div>
                    <Typography.Title level={5}>基本医保（按医院级别和就诊类型）</Typography.Title>
                    <Table
                      size="small"
                      pagination={false}
                      rowKey={(_, i) => String(i)}
                      dataSource={v.basicRules}
                      columns={[
                        {
                          title: '医院级别',
                          dataIndex: 'level',
                          render: (level: THospitalLevel) => LEVEL_LABELS[level] ?? level,
                        },
                        {
                          title: '就诊类型',
                          dataIndex: 'visitType',
                          render: (type: TVisitType) => VISIT_LABELS[type] ?? type,
                        },
                        {
                          title: '起付线',
                          render: (_, r, i) => (
                            <Cell
                              name={['basicRules', i, 'deductible']}
                              label={`${LEVEL_LABELS[r.level]}${VISIT_LABELS[r.visitType]}起付线（元）`}
                              rules={yuanRules(true)}
                              suffix="元"
                            />
                          ),
                        },
                        {
                          title: '再次住院起付线',
                          render: (_, r, i) => (
                            <Cell
                              name={['basicRules', i, 'repeatDeductible']}
                              label={`${LEVEL_LABELS[r.level]}${VISIT_LABELS[r.visitType]}再次住院起付线（元）`}
                              rules={yuanRules(false)}
                              placeholder="同首次"
                              suffix="元"
                            />
                          ),
                        },
                        {
                          title: '报销比例',
                          render: (_, r, i) => (
                            <Cell
                              name={['basicRules', i, 'rate']}
                              label={`${LEVEL_LABELS[r.level]}${VISIT_LABELS[r.visitType]}报销比例（%）`}
                              rules={percentRules}
                              suffix="%"
                            />
                          ),
                        },
                      ]}
                    />
                    {v.basicCaps.length > 0 ? (
                      <>
                        <Typography.Title level={5} style={{ marginTop: 16 }}>
                          基本医保年度支付限额
                        </Typography.Title>
                        {v.basicCaps.map((cap, i) => (
                          <Form.Item
                            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                            key={i}
                            label={`${cap.visitTypes.map((t) => VISIT_LABELS[t] ?? t).join('、')}年度限额`}
                            name={['basicCaps', i, 'cap']}
                            rules={yuanRules(true)}
                          >
                            <Input suffix="元" style={{ width: 200 }} />
                          </Form.Item>
                        ))}
                      </>
                    ) : null}
                  </>
                ),
              },
              {
                key: 'critical',
                label: '大病保险',
                children: v.critical ? (
                  <>
                    <div style={{ display: 'flex', gap: 16 }}>
                      <Form.Item
                        label="大病保险起付线（年度）"
                        name={['critical', 'deductible']}
                        rules={yuanRules(true)}
                      >
                        <Input suffix="元" style={{ width: 200 }} />
                      </Form.Item>
                      <Form.Item
                        label="年度封顶线（留空为不封顶）"
                        name={['critical', 'annualCap']}
                        rules={yuanRules(false)}
                      >
                        <Input suffix="元" style={{ width: 200 }} placeholder="不封顶" />
                      </Form.Item>
                    </div>
                    <Typography.Title level={5}>分段报销（起付线以上的累计金额）</Typography.Title>
                    <Table
                      size="small"
                      pagination={false}
                      rowKey={(_, i) => String(i)}
                      dataSource={v.critical.tiers}
                      columns={[
                        { title: '分段', render: (_, __, i) => `第 ${i + 1} 段` },
                        {
                          title: '上限（最后一段可留空）',
                          render: (_, __, i) => (
                            <Cell
                              name={['critical', 'tiers', i, 'to']}
                              label={`大病保险第 ${i + 1} 段上限（元）`}
                              rules={yuanRules(i < (v.critical?.tiers.length ?? 0) - 1)}
                              placeholder="以上"
                              suffix="元"
                            />
                          ),
                        },
                        {
                          title: '报销比例',
                          render: (_, __, i) => (
                            <Cell
                              name={['critical', 'tiers', i, 'rate']}
                              label={`大病保险第 ${i + 1} 段报销比例（%）`}
                              rules={percentRules}
                              suffix="%"
                            />
                          ),
                        },
                      ]}
                    />
                    <Typography.Text type="secondary">
                      每段下限自动取上一段的上限；人员类别倾斜（起付线减半、比例提高）在 JSON 中编辑。
                    </Typography.Text>
                  </>
                ) : (
                  <Alert type="info" title="此政策未设大病保险层（可在 JSON 中添加）" />
                ),
              },
              {
                key: 'assistance',
                label: '医疗救助',
                children: (
                  <Table
                    size="small"
                    pagination={false}
                    rowKey="code"
                    dataSource={v.assistance}
                    columns={[
                      { title: '救助对象', dataIndex: 'label' },
                      {
                        title: '起付线（年度）',
                        render: (_, r, i) => (
                          <Cell
                            name={['assistance', i, 'deductible']}
                            label={`${r.label}救助起付线（元）`}
                            rules={yuanRules(true)}
                            suffix="元"
                          />
                        ),
                      },
                      {
                        title: '救助比例',
                        render: (_, r, i) => (
                          <Cell
                            name={['assistance', i, 'rate']}
                            label={`${r.label}救助比例（%）`}
                            rules={percentRules}
                            suffix="%"
                          />
                        ),
                      },
                      {
                        title: '年度限额（留空为不限）',
                        render: (_, r, i) => (
                          <Cell
                            name={['assistance', i, 'annualCap']}
                            label={`${r.label}救助年度限额（元）`}
                            rules={yuanRules(false)}
                            placeholder="不限"
                            suffix="元"
                          />
                        ),
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'cap',
                label: '个人自付上限',
                children: v.selfPayCap ? (
                  <>
                    <Typography.Paragraph type="secondary">
                      符合条件人员在下列级别医院就诊，个人自付不超过费用的一定比例，超出部分由医院或指定资金承担；未列出的级别不设上限。
                    </Typography.Paragraph>
                    {v.selfPayCap.levels.map((level, i) => (
                      <Form.Item
                        key={level.level}
                        label={`${LEVEL_LABELS[level.level] ?? level.level}医院个人自付上限`}
                        name={['selfPayCap', 'levels', i, 'rate']}
                        rules={percentRules}
                      >
                        <Input suffix="%" style={{ width: 160 }} />
                      </Form.Item>
                    ))}
                  </>
                ) : (
                  <Alert type="info" title="此政策未设个人自付上限（可在 JSON 中添加）" />
                ),
              },
            ]}
          />
        </Form>
      ) : null}
    </Modal>
  );
}
