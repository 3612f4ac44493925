import { DownloadOutlined, EditOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Popconfirm,
  Select,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../app/api/api-error.ts';
import { saveBlob } from '../../app/api/save-blob.ts';
import { useCurrentRegion } from '../../app/region/useCurrentRegion.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useAsync } from '../../hooks/useAsync.ts';
import { listIndicators } from '../indicators/api.ts';
import {
  deleteTemplate,
  downloadDocx,
  generateReport,
  listTemplates,
  printUrl,
  type TReportTemplate,
  type TSegment,
} from './api.ts';
import { TemplateEditor } from './TemplateEditor.tsx';

function Segment({ segment }: { segment: TSegment }) {
  if (segment.type === 'text') {
    return <>{segment.text}</>;
  }
  const source = `${segment.indicatorName}${segment.part === 'value' ? '' : segment.part === 'numerator' ? '（分子）' : '（分母）'}｜区划 ${segment.regionCode}｜${segment.from} 至 ${segment.to}`;
  return (
    <Tooltip title={segment.isMissing ? `缺数据：${segment.missingReason ?? ''}｜${source}` : source}>
      <Typography.Text
        strong
        type={segment.isMissing ? 'danger' : undefined}
        mark={segment.isMissing}
        style={{ cursor: 'help' }}
      >
        {segment.text}
      </Typography.Text>
    </Tooltip>
  );
}

/** 工作总结: a report generated from live figures with a template; every figure shows its source. */
export default function ReportsPage() {
  const { message } = App.useApp();
  const { regionCode } = useCurrentRegion();
  const [templateId, setTemplateId] = useState(0);
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const [templatesVersion, setTemplatesVersion] = useState(0);
  const [editing, setEditing] = useState<{ template: TReportTemplate; isCopy: boolean } | null>(null);
  const [isDownloading, setIsDownloading] = useState(false);
  const query = {
    templateId,
    region: regionCode,
    from: period[0].format('YYYY-MM-DD'),
    to: period[1].format('YYYY-MM-DD'),
  };
  const templates = useAsync(listTemplates, `templates-${templatesVersion}`);
  const indicators = useAsync(listIndicators, 'indicators');
  const report = useAsync(() => generateReport(query), `${JSON.stringify(query)}|${templatesVersion}`);
  const template = templates.data?.items.find((t) => t.id === templateId);

  return (
    <PageContainer
      title="工作总结汇报"
      extra={
        <Space wrap>
          <Select
            style={{ minWidth: 260 }}
            value={templateId}
            loading={templates.isLoading}
            onChange={setTemplateId}
            options={(templates.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
          />
          <DatePicker.RangePicker
            allowClear={false}
            value={period}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            onChange={(range) => {
              if (range?.[0] && range[1]) {
                setPeriod([range[0], range[1]]);
              }
            }}
          />
        </Space>
      }
    >
      <Card
        size="small"
        title={report.data ? report.data.report.title : '报告预览'}
        extra={
          <Space wrap>
            {template ? (
              <Button
                icon={<EditOutlined />}
                onClick={() => setEditing({ template, isCopy: template.isBuiltIn })}
              >
                {template.isBuiltIn ? '复制并编辑' : '编辑模板'}
              </Button>
            ) : null}
            {template && !template.isBuiltIn ? (
              <Popconfirm
                title="确定删除此模板？"
                okText="删除"
                cancelText="取消"
                onConfirm={async () => {
                  try {
                    await deleteTemplate(template.id);
                    setTemplateId(0);
                    setTemplatesVersion((v) => v + 1);
                    message.success('模板已删除');
                  } catch (e) {
                    message.error(describeError(e));
                  }
                }}
              >
                <Button danger>删除模板</Button>
              </Popconfirm>
            ) : null}
            <Button
              icon={<DownloadOutlined />}
              loading={isDownloading}
              onClick={async () => {
                setIsDownloading(true);
                try {
                  const { blob, filename } = await downloadDocx(query);
                  saveBlob(blob, filename ?? '工作总结.docx');
                } catch (e) {
                  message.error(describeError(e));
                } finally {
                  setIsDownloading(false);
                }
              }}
            >
              下载 Word
            </Button>
            <Button icon={<PrinterOutlined />} href={printUrl(query)} target="_blank">
              打印版
            </Button>
          </Space>
        }
      >
        {report.error ? <Alert type="error" showIcon message={describeError(report.error)} /> : null}
        <Spin spinning={report.isLoading}>
          {report.data ? (
            <div style={{ maxWidth: 820, lineHeight: 2, fontSize: 15 }}>
              {report.data.report.missingCount > 0 ? (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 12 }}
                  message={`有 ${report.data.report.missingCount} 处数字缺数据（标红），相关模块接入或录入数据后自动补齐；缺失不按 0 计。`}
                />
              ) : (
                <Tag color="green">全部数字均来自实时数据</Tag>
              )}
              {report.data.report.sections.map((section) => (
                <div key={section.heading}>
                  <Typography.Title level={5}>{section.heading}</Typography.Title>
                  {section.paragraphs.map((segments, p) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs have no identity beyond their order
                    <p key={p} style={{ textIndent: '2em', margin: '4px 0' }}>
                      {segments.map((segment, s) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: segments have no identity beyond their order
                        <Segment key={s} segment={segment} />
                      ))}
                    </p>
                  ))}
                </div>
              ))}
            </div>
          ) : report.isLoading ? null : (
            <Empty description="请选择模板和统计期" />
          )}
        </Spin>
      </Card>
      {editing ? (
        <TemplateEditor
          template={editing.template}
          isCopy={editing.isCopy}
          indicatorHelp={(indicators.data?.items ?? []).map((i) => ({ code: i.code, name: i.name }))}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setTemplatesVersion((v) => v + 1);
            setTemplateId(saved.id);
            message.success('模板已保存');
          }}
        />
      ) : null}
    </PageContainer>
  );
}
