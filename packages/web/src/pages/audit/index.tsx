import { DownloadOutlined } from '@ant-design/icons';
import { ROLE_LABELS } from '@healthaid/domain/access';
import { App, Button, Card, Empty, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { describeError, isSessionExpired } from '../../app/api/api-error.ts';
import { saveBlob } from '../../app/api/save-blob.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { usePagedList } from '../../hooks/usePagedList.ts';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, labelOf } from '../../locales/zh-CN/audit-labels.ts';
import { AUDIT_RESULT_LABELS, type TAuditResult } from '../../locales/zh-CN/labels.ts';
import {
  buildExportFilename,
  exportAuditEvents,
  listAuditEvents,
  type TAuditEvent,
  type TAuditFilters,
} from './api.ts';
import { AuditEventDetail } from './components/AuditEventDetail.tsx';
import { AuditFilters } from './components/AuditFilters.tsx';

const RESULT_COLORS: Record<TAuditResult, string> = {
  success: 'success',
  failure: 'error',
  denied: 'warning',
};

/** A code's Chinese name with the stored code under it (unknown codes are shown once). */
function CodeWithLabel({ code, label }: { code: string; label: string }) {
  if (label === code) {
    return <span>{code}</span>;
  }
  return (
    <Space orientation="vertical" size={0}>
      <span>{label}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {code}
      </Typography.Text>
    </Space>
  );
}

const columns: TableColumnsType<TAuditEvent> = [
  {
    title: '时间',
    dataIndex: 'occurredAt',
    render: (value: string) => dayjs(value).format('YYYY-MM-DD HH:mm:ss'),
  },
  {
    title: '用户',
    dataIndex: 'username',
    render: (username: string | null, event) => (
      <Space orientation="vertical" size={0}>
        <span>{username ?? '—'}</span>
        {event.role && (
          <Typography.Text type="secondary">{ROLE_LABELS[event.role] ?? event.role}</Typography.Text>
        )}
      </Space>
    ),
  },
  {
    title: '操作',
    dataIndex: 'action',
    render: (action: string) => <CodeWithLabel code={action} label={labelOf(AUDIT_ACTION_LABELS, action)} />,
  },
  {
    title: '对象',
    dataIndex: 'entityType',
    render: (entityType: string | null, event) => {
      if (!entityType) {
        return event.entityId ?? '—';
      }
      const name = labelOf(AUDIT_ENTITY_LABELS, entityType);
      return event.entityId ? `${name} ${event.entityId}` : name;
    },
  },
  {
    title: '区划',
    dataIndex: 'regionCode',
    render: (value: string | null, row: TAuditEvent) =>
      value === null ? '—' : row.regionName ? `${row.regionName}（${value}）` : value,
  },
  { title: '客户端 IP', dataIndex: 'clientIp', render: (value: string | null) => value ?? '—' },
  {
    title: '结果',
    dataIndex: 'result',
    render: (result: TAuditResult) => (
      <Tag color={RESULT_COLORS[result]}>{AUDIT_RESULT_LABELS[result] ?? result}</Tag>
    ),
  },
  {
    title: '敏感操作',
    dataIndex: 'idUnmasked',
    render: (isUnmasked: boolean) => (isUnmasked ? <Tag color="red">明文查看身份证</Tag> : null),
  },
];

/** Read-only audit log for the auditor, with an Excel export of the same filters. */
export default function AuditPage() {
  const { message } = App.useApp();
  const list = usePagedList<TAuditEvent, TAuditFilters>(listAuditEvents, {});
  const [isExporting, setIsExporting] = useState(false);

  const exportExcel = async () => {
    setIsExporting(true);
    try {
      const { blob, filename } = await exportAuditEvents(list.filters);
      saveBlob(blob, filename ?? buildExportFilename(list.filters));
    } catch (error) {
      if (!isSessionExpired(error)) {
        message.error(describeError(error));
      }
    } finally {
      setIsExporting(false);
    }
  };

  return (
    <PageContainer
      title="审计日志"
      extra={
        <Button icon={<DownloadOutlined />} loading={isExporting} onClick={exportExcel}>
          导出 Excel
        </Button>
      }
    >
      <Card>
        <AuditFilters onSearch={list.applyFilters} />
      </Card>
      <Card>
        <Table<TAuditEvent>
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.isLoading}
          pagination={list.pagination}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的审计记录" />,
          }}
          expandable={{ expandedRowRender: (event) => <AuditEventDetail event={event} /> }}
          scroll={{ x: 'max-content' }}
          size="middle"
        />
      </Card>
    </PageContainer>
  );
}
