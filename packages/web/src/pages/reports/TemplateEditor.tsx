import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Collapse, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { describeError } from '../../app/api/api-error.ts';
import { createTemplate, type TReportBody, type TReportTemplate, updateTemplate } from './api.ts';

type TFormValues = { name: string; title: string; sections: { heading: string; text: string }[] };

const toForm = (template: TReportTemplate, isCopy: boolean): TFormValues => ({
  name: isCopy ? `${template.name}（副本）` : template.name,
  title: template.body.title,
  sections: template.body.sections.map((s) => ({ heading: s.heading, text: s.paragraphs.join('\n\n') })),
});

const toBody = (values: TFormValues): TReportBody => ({
  title: values.title,
  sections: values.sections.map((s) => ({
    heading: s.heading,
    paragraphs: s.text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p !== ''),
  })),
});

/** Edits a template's text; paragraphs are separated by blank lines; figures are {{indicator_code}} placeholders. */
export function TemplateEditor({
  template,
  isCopy,
  indicatorHelp,
  onSaved,
  onCancel,
}: {
  template: TReportTemplate;
  isCopy: boolean;
  indicatorHelp: { code: string; name: string }[];
  onSaved: (saved: TReportTemplate) => void;
  onCancel: () => void;
}) {
  const [form] = Form.useForm<TFormValues>();
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  return (
    <Modal
      open
      width={920}
      title={isCopy ? '另存为新模板' : `编辑模板：${template.name}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={isSaving}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={toForm(template, isCopy)}
        onFinish={async (values) => {
          setIsSaving(true);
          setError(null);
          try {
            const input = { name: values.name, body: toBody(values) };
            onSaved(isCopy ? await createTemplate(input) : await updateTemplate(template.id, input));
          } catch (e) {
            setError(describeError(e));
          } finally {
            setIsSaving(false);
          }
        }}
      >
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
        <Form.Item
          name="name"
          label="模板名称"
          rules={[{ required: true, message: '请填写模板名称' }, { max: 100 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="title" label="报告标题" rules={[{ required: true, message: '请填写报告标题' }]}>
          <Input />
        </Form.Item>
        <Form.List name="sections">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((field, index) => (
                <div key={field.key} style={{ border: '1px solid #f0f0f0', padding: 12, borderRadius: 6 }}>
                  <Space align="baseline" style={{ width: '100%', justifyContent: 'space-between' }}>
                    <Typography.Text strong>第 {index + 1} 节</Typography.Text>
                    <MinusCircleOutlined aria-label="删除本节" onClick={() => remove(field.name)} />
                  </Space>
                  <Form.Item
                    name={[field.name, 'heading']}
                    label="节标题"
                    rules={[{ required: true, message: '请填写节标题' }]}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item name={[field.name, 'text']} label="正文（空行分段）">
                    <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} />
                  </Form.Item>
                </div>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ heading: '', text: '' })}
              >
                添加一节
              </Button>
            </Space>
          )}
        </Form.List>
        <Collapse
          style={{ marginTop: 12 }}
          items={[
            {
              key: 'help',
              label: '可用的数字占位符',
              children: (
                <Typography.Paragraph style={{ fontSize: 12 }}>
                  {'{{region}} 区划名称，{{from}} {{to}} 统计期，{{year}} 年度；指标：'}
                  {indicatorHelp.map((i) => `{{${i.code}}} ${i.name}`).join('；')}
                  {'。在指标代码后加 .numerator / .denominator 可取分子或分母。'}
                </Typography.Paragraph>
              ),
            },
          ]}
        />
      </Form>
    </Modal>
  );
}
