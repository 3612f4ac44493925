import { DownloadOutlined } from '@ant-design/icons';
import { ROLE_LABELS } from '@healthaid/domain';
import { App, Button, Card, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { describeError, isSessionExpired } from '../../app/api/api-error.ts';
import { saveBlob } from '../../app/api/save-blob.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { usePagedList } from '../../hooks/usePagedList.ts';
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
  { title: '操作', dataIndex: 'action' },
  {
    title: '对象',
    dataIndex: 'entityType',
    render: (entityType: string | null, event) =>
      [entityType, event.entityId].filter(Boolean).join(' / ') || '—',
  },
  { title: '区划', dataIndex: 'regionCode', render: (value: string | null) => value ?? '—' },
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
          expandable={{ expandedRowRender: (event) => <AuditEventDetail event={event} /> }}
          scroll={{ x: 'max-content' }}
          size="middle"
        />
      </Card>
    </PageContainer>
  );
}
