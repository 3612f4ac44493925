import { PlusOutlined } from '@ant-design/icons';
import { can } from '@healthaid/domain/access';
import {
  App,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  type TableColumnsType,
  Tag,
  Timeline,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../app/api/api-error.ts';
import { useCurrentUser } from '../../app/auth/useAuth.ts';
import { useCurrentRegion } from '../../app/region/useCurrentRegion.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { PageContainer } from '../../components/PageContainer.tsx';
import { PagedTable } from '../../components/PagedTable.tsx';
import { useAsync } from '../../hooks/useAsync.ts';
import { useFollowRegion } from '../../hooks/useFollowRegion.ts';
import { usePagedList } from '../../hooks/usePagedList.ts';
import { useSubmit } from '../../hooks/useSubmit.ts';
import { PersonSelect } from '../diseases/components/Pickers.tsx';
import {
  changeReferralStatus,
  createReferral,
  exportReferrals,
  getReferral,
  listReferrals,
  REFERRAL_NEXT,
  REFERRAL_REASONS,
  REFERRAL_STATUS_LABELS,
  type TReferral,
  type TReferralFilters,
  type TReferralStatus,
} from './api.ts';
import { InstitutionSelect } from './components/InstitutionSelect.tsx';

const STATUS_COLORS: Record<TReferralStatus, string> = {
  pending: 'gold',
  accepted: 'blue',
  completed: 'green',
  rejected: 'red',
  cancelled: 'default',
};

type TCreateValues = {
  personId: number;
  fromInstitution: string;
  toInstitution: string;
  reason: string;
  referredOn: Dayjs;
};

function CreateReferralModal({
  region,
  onClose,
  onSaved,
}: {
  region: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<TCreateValues>();
  const { submit, isSubmitting, error } = useSubmit(async (values: TCreateValues) => {
    await createReferral({ ...values, referredOn: values.referredOn.format('YYYY-MM-DD') });
    onSaved();
  });
  return (
    <Modal
      open
      title="登记转诊"
      okText="保存"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      width={620}
    >
      <ErrorAlert message={error} />
      <Form<TCreateValues>
        form={form}
        layout="vertical"
        initialValues={{ referredOn: dayjs() }}
        onFinish={submit}
      >
        <Form.Item name="personId" label="患者" rules={[{ required: true, message: '请选择患者' }]}>
          <PersonSelect region={region} />
        </Form.Item>
        <Form.Item
          name="fromInstitution"
          label="转出机构"
          rules={[{ required: true, message: '请选择转出机构' }]}
        >
          <InstitutionSelect />
        </Form.Item>
        <Form.Item
          name="toInstitution"
          label="转入机构"
          rules={[{ required: true, message: '请选择转入机构' }]}
        >
          <InstitutionSelect />
        </Form.Item>
        <Form.Item
          name="reason"
          label="转诊原因"
          rules={[{ required: true, whitespace: true, message: '请填写转诊原因' }]}
        >
          <AutoComplete
            options={REFERRAL_REASONS.map((r) => ({ value: r }))}
            placeholder="选择或填写原因"
            maxLength={200}
          />
        </Form.Item>
        <Form.Item name="referredOn" label="转诊日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StatusModal({
  referral,
  to,
  onClose,
  onSaved,
}: {
  referral: TReferral;
  to: TReferralStatus;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [note, setNote] = useState('');
  const [date, setDate] = useState<Dayjs>(dayjs());
  const { submit, isSubmitting, error } = useSubmit(async () => {
    await changeReferralStatus(referral.id, {
      to,
      date: date.format('YYYY-MM-DD'),
      note: note.trim() || undefined,
    });
    onSaved();
  });
  return (
    <Modal
      open
      title={`${referral.personName}：${referral.fromName} → ${referral.toName}，变更为“${REFERRAL_STATUS_LABELS[to]}”`}
      okText="确定"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => submit()}
    >
      <ErrorAlert message={error} />
      <Space direction="vertical" style={{ width: '100%' }}>
        <DatePicker
          value={date}
          onChange={(d) => d && setDate(d)}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
        />
        <Input.TextArea
          rows={3}
          maxLength={200}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={to === 'rejected' || to === 'cancelled' ? '请填写原因（必填）' : '说明（可不填）'}
        />
      </Space>
    </Modal>
  );
}

function HistoryDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const detail = useAsync(() => getReferral(id), `referral:${id}`);
  return (
    <Drawer open title="转诊经过" onClose={onClose} width={420}>
      {detail.error ? <ErrorAlert message={describeError(detail.error)} /> : null}
      <Timeline
        items={(detail.data?.history ?? []).map((h) => ({
          children: `${h.date} ${h.statusLabel}${h.note ? `：${h.note}` : ''}（${h.by ?? ''}）`,
        }))}
      />
    </Drawer>
  );
}

/** 转诊管理: referrals between institutions in scope, with their status machine and history. */
export default function ReferralsPage() {
  const { message } = App.useApp();
  const { regionCode } = useCurrentRegion();
  const canWrite = can(useCurrentUser().role, 'persons.write');
  const [dialog, setDialog] = useState<'new' | { referral: TReferral; to: TReferralStatus } | null>(null);
  const [historyOf, setHistoryOf] = useState<number | null>(null);
  const list = usePagedList(listReferrals, { region: regionCode } as TReferralFilters);
  const { applyFilters, filters } = list;
  useFollowRegion(list, regionCode);
  const saved = (text: string) => {
    setDialog(null);
    message.success(text);
    list.reload();
  };
  const columns: TableColumnsType<TReferral> = [
    { title: '转诊日期', dataIndex: 'referredOn', key: 'date' },
    { title: '乡镇', dataIndex: 'townshipName', key: 'township' },
    { title: '村', dataIndex: 'villageName', key: 'village' },
    {
      title: '患者',
      key: 'person',
      render: (_, r) => <Link to={`/persons/${r.personId}`}>{r.personName}</Link>,
    },
    { title: '转出机构', dataIndex: 'fromName', key: 'from' },
    { title: '转入机构', dataIndex: 'toName', key: 'to' },
    { title: '方向', dataIndex: 'directionLabel', key: 'direction' },
    { title: '原因', dataIndex: 'reason', key: 'reason' },
    {
      title: '状态',
      key: 'status',
      render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{r.statusLabel}</Tag>,
    },
    {
      title: '操作',
      key: 'op',
      fixed: 'right',
      render: (_, r) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setHistoryOf(r.id)}>
            经过
          </Button>
          {canWrite &&
            REFERRAL_NEXT[r.status].map((to) => (
              <Button
                key={to}
                type="link"
                size="small"
                danger={to === 'rejected' || to === 'cancelled'}
                onClick={() => setDialog({ referral: r, to })}
              >
                {
                  { accepted: '接收', completed: '完成', rejected: '拒绝', cancelled: '取消' }[
                    to as 'accepted'
                  ]
                }
              </Button>
            ))}
        </Space>
      ),
    },
  ];
  return (
    <PageContainer
      title="转诊管理"
      extra={
        <Space>
          <ExportButton
            run={() => exportReferrals({ ...filters, region: regionCode })}
            fallbackName="转诊记录.xlsx"
            label="导出"
          />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('new')}>
              登记转诊
            </Button>
          )}
        </Space>
      }
    >
      <Card>
        <Space wrap>
          <Input.Search
            placeholder="患者或机构名称"
            allowClear
            onSearch={(q) => applyFilters({ ...filters, q })}
            style={{ width: 220 }}
          />
          <Select
            placeholder="全部状态"
            allowClear
            options={(Object.entries(REFERRAL_STATUS_LABELS) as [TReferralStatus, string][]).map(
              ([value, label]) => ({
                value,
                label,
              }),
            )}
            style={{ width: 130 }}
            onChange={(status?: TReferralStatus) => applyFilters({ ...filters, status })}
          />
          <Select
            placeholder="全部方向"
            allowClear
            options={[
              { value: 'up', label: '上转' },
              { value: 'down', label: '下转' },
              { value: 'lateral', label: '平转' },
            ]}
            style={{ width: 120 }}
            onChange={(direction?: string) => applyFilters({ ...filters, direction })}
          />
        </Space>
      </Card>
      <Card>
        <PagedTable<TReferral> list={list} rowKey="id" columns={columns} emptyText="没有符合条件的转诊记录" />
      </Card>
      {dialog === 'new' && (
        <CreateReferralModal
          region={regionCode}
          onClose={() => setDialog(null)}
          onSaved={() => saved('转诊已登记')}
        />
      )}
      {dialog !== null && dialog !== 'new' && (
        <StatusModal
          referral={dialog.referral}
          to={dialog.to}
          onClose={() => setDialog(null)}
          onSaved={() => saved('转诊状态已更新')}
        />
      )}
      {historyOf !== null && <HistoryDrawer id={historyOf} onClose={() => setHistoryOf(null)} />}
    </PageContainer>
  );
}
