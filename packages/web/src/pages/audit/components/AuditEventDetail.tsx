import { Descriptions, Typography } from 'antd';
import type { TAuditEvent } from '../api.ts';

/** Expanded row: request id, object id and the event's recorded detail. */
export function AuditEventDetail({ event }: { event: TAuditEvent }) {
  return (
    <Descriptions
      column={1}
      size="small"
      items={[
        { key: 'requestId', label: '请求编号', children: event.requestId ?? '—' },
        { key: 'entityId', label: '对象编号', children: event.entityId ?? '—' },
        { key: 'userId', label: '用户编号', children: event.userId ?? '—' },
        {
          key: 'detail',
          label: '详细信息',
          children: event.detail ? (
            <Typography.Paragraph style={{ margin: 0 }}>
              <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                {JSON.stringify(event.detail, null, 2)}
              </pre>
            </Typography.Paragraph>
          ) : (
            '—'
          ),
        },
      ]}
    />
  );
}
