import { EyeOutlined } from '@ant-design/icons';
import { can } from '@healthaid/domain/access';
import {
  HOUSEHOLD_RELATIONS,
  PERSON_STATUS_LABELS,
  PERSON_STATUSES,
  type PersonStatus,
  REGISTRY_CATEGORIES,
  REGISTRY_CATEGORY_LABELS,
  type RegistryCategory,
} from '@healthaid/domain/registry';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PageLoading } from '../../../components/PageLoading.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { personDiseaseTabs } from '../../diseases/components/PersonDiseaseTabs.tsx';
import { PersonWarningsTab } from '../../early-warning/components/PersonWarningsTab.tsx';
import { PersonScreeningsTab } from '../../screenings/components/PersonScreeningsTab.tsx';
import { PersonSettlementsTab } from '../../settlements/components/PersonSettlementsTab.tsx';
import { PersonProblemsTab } from '../../supervision/components/PersonProblemsTab.tsx';
import {
  addPersonCategory,
  changePersonStatus,
  createVerificationTask,
  getPerson,
  patchPerson,
  patchPersonCategory,
  revealPersonId,
  type TCategoryPeriod,
  type TPersonDetail,
} from '../api.ts';
import { CategoryTags } from '../components/CategoryTags.tsx';
import { ChangeHistoryTable } from '../components/ChangeHistoryTable.tsx';
import { SEX_LABELS } from '../labels.ts';

type TDialog = 'edit' | 'status' | 'category' | 'verify' | { closeCategory: TCategoryPeriod } | null;

const REASON_RULES = [{ required: true, min: 2, message: '请填写修改原因（至少2个字）' }];
const dateText = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** 一人一档: one person's file with its categories and change history. */
export default function PersonDetailPage() {
  const { id = '' } = useParams();
  const [version, setVersion] = useState(0);
  const state = useAsync(() => getPerson(id), `${id}:${version}`);
  const [current, setCurrent] = useState<TPersonDetail | null>(null);
  const data = current && String(current.person.id) === id ? current : state.data;

  if (state.isLoading && !data) {
    return <PageLoading />;
  }
  if (!data) {
    return (
      <Result
        status="404"
        title="未找到该人员"
        subTitle={describeError(state.error)}
        extra={<Link to="/persons">返回人员档案</Link>}
      />
    );
  }
  return (
    <PersonFile detail={data} onChanged={(next) => (next ? setCurrent(next) : setVersion((v) => v + 1))} />
  );
}

function PersonFile({
  detail,
  onChanged,
}: {
  detail: TPersonDetail;
  onChanged: (next?: TPersonDetail) => void;
}) {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const canWrite = can(user.role, 'persons.write');
  const { person, household } = detail;
  const [revealed, setRevealed] = useState<string | null>(null);
  const [dialog, setDialog] = useState<TDialog>(null);

  const reveal = async () => {
    try {
      setRevealed((await revealPersonId(person.id)).idNumber);
    } catch (error) {
      message.error(describeError(error));
    }
  };

  const done = (next?: TPersonDetail) => {
    setDialog(null);
    onChanged(next);
  };

  return (
    <PageContainer
      title={`一人一档：${person.name}`}
      extra={
        canWrite && (
          <Space wrap>
            <Button onClick={() => setDialog('edit')}>编辑信息</Button>
            <Button onClick={() => setDialog('status')}>变更状态</Button>
            <Button onClick={() => setDialog('category')}>新增类别</Button>
            <Button onClick={() => setDialog('verify')} disabled={detail.openVerificationTaskId !== null}>
              发起入户核实
            </Button>
          </Space>
        )
      }
    >
      {person.needsVerification && (
        <Alert type="warning" showIcon message={`待核实：${person.verificationReason ?? '原因未注明'}`} />
      )}
      <Card>
        <Tabs
          items={[
            {
              key: 'basic',
              label: '基本信息',
              children: (
                <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} bordered size="small">
                  <Descriptions.Item label="姓名">{person.name}</Descriptions.Item>
                  <Descriptions.Item label="身份证号">
                    <Space>
                      <span>{revealed ?? person.idNumberMasked}</span>
                      {!revealed && (
                        <Button size="small" type="link" icon={<EyeOutlined />} onClick={reveal}>
                          查看完整号码
                        </Button>
                      )}
                    </Space>
                  </Descriptions.Item>
                  <Descriptions.Item label="性别">{SEX_LABELS[person.sex]}</Descriptions.Item>
                  <Descriptions.Item label="出生日期">{person.birthDate}</Descriptions.Item>
                  <Descriptions.Item label="所在村">{person.villageName}</Descriptions.Item>
                  <Descriptions.Item label="所属户">
                    {household ? (
                      <Link to={`/households/${household.id}`}>{household.householdNo}</Link>
                    ) : (
                      '—'
                    )}
                  </Descriptions.Item>
                  <Descriptions.Item label="与户主关系">{person.relation ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="联系电话">{person.phoneMasked ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="人员状态">
                    <Tag color={person.status === 'normal' ? 'default' : 'red'}>
                      {PERSON_STATUS_LABELS[person.status]}
                    </Tag>
                    {person.statusDate}
                  </Descriptions.Item>
                  <Descriptions.Item label="参保">{person.isInsured ? '已参保' : '未参保'}</Descriptions.Item>
                  <Descriptions.Item label="资助参保">
                    {person.hasPremiumSubsidy ? '是' : '否'}
                  </Descriptions.Item>
                  <Descriptions.Item label="残疾证号">{person.disabilityCertMasked ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="当前类别" span={3}>
                    <CategoryTags categories={person.categories} />
                  </Descriptions.Item>
                  {household && (
                    <Descriptions.Item label="致贫原因" span={3}>
                      {[household.mainCause, ...household.otherCauses].filter(Boolean).join('、') || '—'}
                    </Descriptions.Item>
                  )}
                </Descriptions>
              ),
            },
            {
              key: 'categories',
              label: '人员类别',
              children: (
                <Table<TCategoryPeriod>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={detail.categories}
                  locale={{ emptyText: '暂无人员类别' }}
                  columns={[
                    {
                      title: '类别',
                      dataIndex: 'category',
                      render: (c: RegistryCategory) => REGISTRY_CATEGORY_LABELS[c],
                    },
                    { title: '起始日期', dataIndex: 'validFrom' },
                    { title: '截止日期', dataIndex: 'validTo', render: (v: string | null) => v ?? '至今' },
                    { title: '来源', dataIndex: 'source', render: (v: string | null) => v ?? '—' },
                    {
                      title: '今日有效',
                      dataIndex: 'isActiveToday',
                      render: (v: boolean) => (v ? <Tag color="green">有效</Tag> : <Tag>无效</Tag>),
                    },
                    ...(canWrite
                      ? [
                          {
                            title: '操作',
                            key: 'op',
                            render: (_: unknown, row: TCategoryPeriod) => (
                              <Button
                                type="link"
                                size="small"
                                onClick={() => setDialog({ closeCategory: row })}
                              >
                                调整期间
                              </Button>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              ),
            },
            ...personDiseaseTabs(person.id),
            { key: 'screenings', label: '两筛两癌', children: <PersonScreeningsTab personId={person.id} /> },
            {
              key: 'settlements',
              label: '结算记录',
              children: <PersonSettlementsTab personId={person.id} />,
            },
            { key: 'history', label: '变更记录', children: <ChangeHistoryTable history={detail.history} /> },
            ...(can(user.role, 'warnings.read')
              ? [{ key: 'warnings', label: '风险预警', children: <PersonWarningsTab personId={person.id} /> }]
              : []),
            ...(can(user.role, 'supervision.read')
              ? [{ key: 'problems', label: '督导问题', children: <PersonProblemsTab personId={person.id} /> }]
              : []),
          ]}
        />
      </Card>
      {dialog === 'edit' && <EditDialog detail={detail} onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'status' && <StatusDialog detail={detail} onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'category' && (
        <CategoryDialog detail={detail} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog === 'verify' && (
        <VerifyDialog detail={detail} onClose={() => setDialog(null)} onDone={() => done()} />
      )}
      {dialog !== null && typeof dialog === 'object' && (
        <PeriodDialog
          detail={detail}
          period={dialog.closeCategory}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      )}
    </PageContainer>
  );
}

type TDialogProps = { detail: TPersonDetail; onClose: () => void; onDone: (next?: TPersonDetail) => void };

function useDialogSubmit<T>(
  run: (values: T) => Promise<TPersonDetail | undefined>,
  onDone: TDialogProps['onDone'],
) {
  const { message } = App.useApp();
  const [isSubmitting, setIsSubmitting] = useState(false);
  const submit = async (values: T) => {
    setIsSubmitting(true);
    try {
      const next = await run(values);
      message.success('已保存');
      onDone(next);
    } catch (error) {
      message.error(describeError(error));
    } finally {
      setIsSubmitting(false);
    }
  };
  return { submit, isSubmitting };
}

function EditDialog({ detail, onClose, onDone }: TDialogProps) {
  const { person } = detail;
  const [form] = Form.useForm();
  const { submit, isSubmitting } = useDialogSubmit(
    (values: {
      name: string;
      relation?: string;
      phone?: string;
      isInsured: boolean;
      hasPremiumSubsidy: boolean;
      reason: string;
    }) => patchPerson(person.id, { ...values, phone: values.phone?.trim() ? values.phone.trim() : null }),
    onDone,
  );
  return (
    <Modal
      open
      title="编辑人员信息"
      okText="保存"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={isSubmitting}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          name: person.name,
          relation: person.relation ?? undefined,
          phone: person.phone ?? '',
          isInsured: person.isInsured,
          hasPremiumSubsidy: person.hasPremiumSubsidy,
        }}
      >
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="relation" label="与户主关系">
          <Select allowClear options={HOUSEHOLD_RELATIONS.map((r) => ({ value: r, label: r }))} />
        </Form.Item>
        <Form.Item name="phone" label="联系电话">
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="isInsured" label="已参保" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="hasPremiumSubsidy" label="资助参保" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="reason" label="修改原因" rules={REASON_RULES}>
          <Input.TextArea rows={2} maxLength={200} placeholder="例如：村委会核对后更正" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StatusDialog({ detail, onClose, onDone }: TDialogProps) {
  const [form] = Form.useForm();
  const status = Form.useWatch('status', form) as PersonStatus | undefined;
  const { submit, isSubmitting } = useDialogSubmit(
    (values: { status: PersonStatus; date?: Dayjs; reason: string }) =>
      changePersonStatus(detail.person.id, {
        status: values.status,
        reason: values.reason,
        ...(values.date ? { date: values.date.format('YYYY-MM-DD') } : {}),
      }),
    onDone,
  );
  return (
    <Modal
      open
      title="变更人员状态"
      okText="保存"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={isSubmitting}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ status: detail.person.status }}>
        <Form.Item name="status" label="状态" rules={[{ required: true, message: '请选择状态' }]}>
          <Select options={PERSON_STATUSES.map((s) => ({ value: s, label: PERSON_STATUS_LABELS[s] }))} />
        </Form.Item>
        {status && status !== 'normal' && (
          <Form.Item
            name="date"
            label={`${PERSON_STATUS_LABELS[status]}日期`}
            rules={[{ required: true, message: '请选择日期' }]}
          >
            <DatePicker />
          </Form.Item>
        )}
        <Form.Item name="reason" label="原因" rules={REASON_RULES}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CategoryDialog({ detail, onClose, onDone }: TDialogProps) {
  const [form] = Form.useForm();
  const { submit, isSubmitting } = useDialogSubmit(
    (values: { category: RegistryCategory; validFrom: Dayjs; validTo?: Dayjs | null; reason: string }) =>
      addPersonCategory(detail.person.id, {
        category: values.category,
        validFrom: values.validFrom.format('YYYY-MM-DD'),
        validTo: dateText(values.validTo) ?? null,
        reason: values.reason,
      }),
    onDone,
  );
  return (
    <Modal
      open
      title="新增人员类别"
      okText="保存"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={isSubmitting}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
          <Select
            options={REGISTRY_CATEGORIES.map((c) => ({ value: c, label: REGISTRY_CATEGORY_LABELS[c] }))}
          />
        </Form.Item>
        <Form.Item name="validFrom" label="起始日期" rules={[{ required: true, message: '请选择起始日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="validTo" label="截止日期" tooltip="不填表示至今有效">
          <DatePicker />
        </Form.Item>
        <Form.Item name="reason" label="原因" rules={REASON_RULES}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PeriodDialog({ detail, period, onClose, onDone }: TDialogProps & { period: TCategoryPeriod }) {
  const [form] = Form.useForm();
  const { submit, isSubmitting } = useDialogSubmit(
    (values: { validTo?: Dayjs | null; reason: string }) =>
      patchPersonCategory(detail.person.id, period.id, {
        validTo: dateText(values.validTo) ?? null,
        reason: values.reason,
      }),
    onDone,
  );
  return (
    <Modal
      open
      title={`调整期间：${REGISTRY_CATEGORY_LABELS[period.category]}（${period.validFrom} 起）`}
      okText="保存"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={isSubmitting}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="validTo" label="截止日期" tooltip="不填表示至今有效">
          <DatePicker />
        </Form.Item>
        <Form.Item name="reason" label="原因" rules={REASON_RULES}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VerifyDialog({ detail, onClose, onDone }: TDialogProps) {
  const [form] = Form.useForm();
  const { submit, isSubmitting } = useDialogSubmit(async (values: { reason: string }) => {
    await createVerificationTask({ personId: detail.person.id, reason: values.reason });
    return undefined;
  }, onDone);
  return (
    <Modal
      open
      title="发起入户核实"
      okText="发起"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={isSubmitting}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label="核实原因"
          rules={[{ required: true, min: 2, message: '请填写核实原因' }]}
        >
          <Input.TextArea rows={2} maxLength={200} placeholder="任务将指派给该人员所在乡镇" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
