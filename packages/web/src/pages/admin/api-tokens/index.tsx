import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import {
  listApiTokens,
  STATUS_LABELS,
  type TApiToken,
  type TApiTokenFilters,
  type TApiTokenStatus,
  TOKEN_PERMISSION_LABELS,
} from './api.ts';
import { IssueTokenModal } from './components/IssueTokenModal.tsx';
import { RevokeTokenModal } from './components/RevokeTokenModal.tsx';
import { TokenSecretModal } from './components/TokenSecretModal.tsx';

const formatTime = (value: string | null) => (value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—');
/** Tokens expire at the start of the day after their last valid day. */
const formatLastDay = (expiresAt: string) => dayjs(expiresAt).subtract(1, 'millisecond').format('YYYY-MM-DD');

type TDialog =
  | { kind: 'issue' }
  | { kind: 'secret'; name: string; secret: string }
  | { kind: 'revoke'; token: TApiToken };

function TokenFilters({ onSearch }: { onSearch: (filters: TApiTokenFilters) => void }) {
  const [form] = Form.useForm<TApiTokenFilters>();
  return (
    <Form<TApiTokenFilters>
      name="tokenFilters"
      form={form}
      layout="inline"
      style={{ rowGap: 8 }}
      onFinish={(values) => onSearch({ ...values, q: values.q?.trim() || undefined })}
    >
      <Form.Item name="q" label="关键字">
        <Input placeholder="令牌名称或前缀" allowClear style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name="status" label="状态">
        <Select<TApiTokenStatus>
          allowClear
          placeholder="全部"
          style={{ width: 120 }}
          options={Object.entries(STATUS_LABELS).map(([value, { label }]) => ({
            value: value as TApiTokenStatus,
            label,
          }))}
        />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              onSearch({});
            }}
          >
            重置
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}

/**
 * 接口令牌: tokens that let a hospital information system call the identity check for its institution,
 * without a user session. Issued by the system or county administrator, shown once, revocable at once.
 */
export default function ApiTokensPage() {
  const list = usePagedList<TApiToken, TApiTokenFilters>(listApiTokens, {});
  const [dialog, setDialog] = useState<TDialog | null>(null);

  const columns: TableColumnsType<TApiToken> = [
    { title: '令牌名称', dataIndex: 'name', fixed: 'left' },
    {
      title: '医疗机构',
      key: 'institution',
      render: (_, token) => `${token.institutionName ?? ''}（${token.institutionCode}）`,
    },
    { title: '数据范围', dataIndex: 'regionName' },
    {
      title: '接口权限',
      dataIndex: 'permissions',
      render: (permissions: string[]) => permissions.map((p) => TOKEN_PERMISSION_LABELS[p] ?? p).join('、'),
    },
    { title: '令牌前缀', dataIndex: 'tokenPrefix', render: (prefix: string) => <code>{prefix}…</code> },
    {
      title: '状态',
      dataIndex: 'status',
      render: (status: TApiTokenStatus, token) => {
        const tag = <Tag color={STATUS_LABELS[status].color}>{STATUS_LABELS[status].label}</Tag>;
        return token.revokedAt ? (
          <Tooltip
            title={`${formatTime(token.revokedAt)} 由 ${token.revokedBy ?? '—'} 吊销${token.revokeReason ? `：${token.revokeReason}` : ''}`}
          >
            {tag}
          </Tooltip>
        ) : (
          tag
        );
      },
    },
    { title: '有效期至', dataIndex: 'expiresAt', render: formatLastDay },
    {
      title: '最近使用',
      key: 'lastUsed',
      render: (_, token) =>
        token.lastUsedAt ? `${formatTime(token.lastUsedAt)}（${token.lastUsedIp ?? ''}）` : '从未使用',
    },
    {
      title: '签发',
      key: 'created',
      render: (_, token) => `${formatTime(token.createdAt)} ${token.createdBy ?? ''}`,
    },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      render: (_, token) =>
        token.status === 'revoked' ? null : (
          <Button type="link" size="small" danger onClick={() => setDialog({ kind: 'revoke', token })}>
            吊销
          </Button>
        ),
    },
  ];

  return (
    <PageContainer
      title="接口令牌"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'issue' })}>
          签发令牌
        </Button>
      }
    >
      <Card>
        <TokenFilters onSearch={list.applyFilters} />
      </Card>
      <Card>
        <Table<TApiToken>
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.isLoading}
          pagination={list.pagination}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description="还没有接口令牌。医院信息系统需要调用就医身份识别接口时，在此为其医疗机构签发令牌。"
              />
            ),
          }}
          scroll={{ x: 'max-content' }}
          size="middle"
        />
      </Card>
      {dialog?.kind === 'issue' && (
        <IssueTokenModal
          onClose={() => setDialog(null)}
          onIssued={(issued) => {
            setDialog({ kind: 'secret', ...issued });
            list.reload();
          }}
        />
      )}
      {dialog?.kind === 'secret' && (
        <TokenSecretModal name={dialog.name} secret={dialog.secret} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'revoke' && (
        <RevokeTokenModal
          token={dialog.token}
          onClose={() => setDialog(null)}
          onRevoked={() => {
            setDialog(null);
            list.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
