import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { can } from '@healthaid/domain/access';
import { formatFen, parseYuanToFen } from '@healthaid/domain/money';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { fetchRegionChildren, type TRegionNode } from '../../../app/region/region-api.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PagedTable } from '../../../components/PagedTable.tsx';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import {
  createPackage,
  createTeam,
  listPackages,
  listTeamAccounts,
  listTeams,
  type TTeam,
  type TTeamInput,
  updateTeam,
} from '../api.ts';
import { shortVillageName } from '../components/village-name.ts';

const ROLE_LABELS = { doctor: '医生', nurse: '护士', public_health: '公卫人员' } as const;
const PAYER_LABELS: Record<string, string> = {
  public_health: '基本公卫经费',
  insurance: '医保基金',
  resident: '居民个人',
  finance: '财政补助',
};

type TFilters = { q?: string };

function TeamModal({
  team,
  onClose,
  onSaved,
}: {
  team: TTeam | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<TTeamInput & { township?: string }>();
  const [villages, setVillages] = useState<TRegionNode[]>([]);
  const accounts = useAsync(() => listTeamAccounts(), 'team-accounts');
  const township = Form.useWatch('township', form);
  const { submit, isSubmitting, error } = useSubmit(async (values: TTeamInput & { township?: string }) => {
    const input: TTeamInput = {
      name: values.name,
      institutionName: values.institutionName || null,
      members: (values.members ?? []).map((m) => ({
        role: m.role,
        name: m.name,
        phone: m.phone || null,
        userId: m.userId ?? null,
      })),
      villageCodes: values.villageCodes,
      ...(values.status ? { status: values.status } : {}),
    };
    await (team ? updateTeam(team.id, input) : createTeam(input));
    onSaved();
  });

  useEffect(() => {
    if (township) {
      fetchRegionChildren(township)
        .then((nodes) => setVillages(nodes.filter((n) => n.level === 'village')))
        .catch(() => setVillages([]));
    }
  }, [township]);

  const knownVillages = [
    ...villages.map((v) => ({ value: v.code, label: v.name })),
    ...(team?.villageCodes ?? [])
      .filter((code) => !villages.some((v) => v.code === code))
      .map((code, i) => ({ value: code, label: team?.villageNames[i] ?? code })),
  ];

  return (
    <Modal
      open
      title={team ? `编辑团队：${team.name}` : '新建家庭医生团队'}
      okText="保存"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={640}
    >
      <ErrorAlert message={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={
          team ?? {
            members: [
              { role: 'doctor', name: '' },
              { role: 'nurse', name: '' },
              { role: 'public_health', name: '' },
            ],
          }
        }
        onFinish={(values) => submit(values)}
      >
        <Form.Item name="name" label="团队名称" rules={[{ required: true, message: '请填写团队名称' }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="institutionName" label="所属机构">
          <Input maxLength={100} placeholder="如：青龙镇卫生院" />
        </Form.Item>
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <Form.Item label="团队成员（至少一名医生）">
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'role']} rules={[{ required: true, message: '请选择职责' }]}>
                    <Select
                      style={{ width: 110 }}
                      options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, message: '请填写姓名' }]}>
                    <Input placeholder="姓名" maxLength={50} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'phone']}>
                    <Input placeholder="联系电话" maxLength={20} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'userId']}
                    tooltip="关联村医的登录账号后，该村医可查看和登记本团队所有服务村的慢病随访"
                  >
                    <Select
                      allowClear
                      showSearch={{ optionFilterProp: 'label' }}
                      style={{ width: 200 }}
                      placeholder="关联村医账号（可选）"
                      aria-label="关联村医账号"
                      options={(accounts.data ?? []).map((a) => ({
                        value: a.id,
                        label: `${a.displayName}（${a.username}，${shortVillageName(a.regionName)}）`,
                      }))}
                    />
                  </Form.Item>
                  <MinusCircleOutlined aria-label="移除成员" onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'doctor', name: '' })}>
                添加成员
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="township" label="选择乡镇以列出村庄">
          <RegionCascader placeholder="请选择乡镇" />
        </Form.Item>
        <Form.Item
          name="villageCodes"
          label="服务村庄"
          rules={[{ required: true, type: 'array', min: 1, message: '至少选择一个服务村庄' }]}
        >
          <Select
            mode="multiple"
            options={knownVillages}
            placeholder="请先选择乡镇"
            optionFilterProp="label"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const SERVICE_OPTIONS = [
  { value: 'followup_hypertension', label: '高血压随访' },
  { value: 'followup_diabetes', label: '糖尿病随访' },
  { value: 'followup_mental', label: '严重精神障碍随访' },
  { value: 'followup_tuberculosis', label: '肺结核随访' },
  { value: 'followup_chronic', label: '慢性病随访' },
  { value: 'health_check', label: '年度健康体检' },
  { value: 'health_education', label: '健康教育' },
  { value: 'home_visit', label: '上门服务' },
  { value: 'other', label: '其他服务' },
];

type TPackageItemValues = {
  name: string;
  serviceCode: string;
  countPerYear: number;
  price: string;
  subsidy: string;
  payer: string;
};

const yuanRule = (label: string) => ({
  validator: (_: unknown, value: string | undefined) => {
    if (!value) {
      return Promise.reject(new Error(`请填写${label}`));
    }
    try {
      return parseYuanToFen(value) >= 0 ? Promise.resolve() : Promise.reject(new Error(`${label}不能为负`));
    } catch {
      return Promise.reject(new Error(`${label}应为金额（元），最多两位小数`));
    }
  },
});

function PackageModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm();
  const { submit, isSubmitting, error } = useSubmit(
    async (values: { name: string; kind: 'basic' | 'personalised'; items: TPackageItemValues[] }) => {
      await createPackage({
        name: values.name,
        kind: values.kind,
        items: (values.items ?? []).map((i) => ({
          name: i.name,
          serviceCode: i.serviceCode,
          countPerYear: i.countPerYear,
          priceFen: parseYuanToFen(i.price),
          subsidyFen: parseYuanToFen(i.subsidy),
          payer: i.payer,
        })),
      });
      onSaved();
    },
  );
  return (
    <Modal
      open
      title="新建签约服务包"
      okText="保存"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={860}
    >
      <ErrorAlert message={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'basic',
          items: [
            {
              serviceCode: 'followup_hypertension',
              countPerYear: 4,
              price: '0',
              subsidy: '0',
              payer: 'public_health',
            },
          ],
        }}
        onFinish={(values) => submit(values)}
      >
        <Space wrap>
          <Form.Item name="name" label="服务包名称" rules={[{ required: true, message: '请填写服务包名称' }]}>
            <Input maxLength={60} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="kind" label="类型">
            <Select
              style={{ width: 140 }}
              options={[
                { value: 'basic', label: '基础包' },
                { value: 'personalised', label: '个性化包' },
              ]}
            />
          </Form.Item>
        </Space>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Form.Item label="服务项目">
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[{ required: true, message: '请填写项目名称' }]}
                  >
                    <Input placeholder="项目名称" maxLength={60} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'serviceCode']}>
                    <Select options={SERVICE_OPTIONS} style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'countPerYear']}
                    rules={[{ required: true, message: '请填写次数' }]}
                  >
                    <InputNumber min={0} max={366} placeholder="次/年" style={{ width: 80 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'price']} rules={[yuanRule('价格')]}>
                    <Input placeholder="价格（元）" style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'subsidy']} rules={[yuanRule('补助')]}>
                    <Input placeholder="补助（元）" style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'payer']}>
                    <Select
                      style={{ width: 130 }}
                      options={Object.entries(PAYER_LABELS).map(([value, label]) => ({ value, label }))}
                    />
                  </Form.Item>
                  <MinusCircleOutlined aria-label="移除项目" onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() =>
                  add({ serviceCode: 'other', countPerYear: 1, price: '0', subsidy: '0', payer: 'resident' })
                }
              >
                添加服务项目
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** 家庭医生团队 and the county's service packages. */
export default function TeamsPage() {
  const { regionCode } = useCurrentRegion();
  const user = useCurrentUser();
  // Teams and packages are maintained by township and county staff; village doctors only read them.
  const canManage = can(user.role, 'persons.write');
  const { message } = App.useApp();
  const list = usePagedList<TTeam, TFilters>((p) => listTeams({ ...p, region: regionCode }), {});
  const { reload: reloadOnRegion } = list;
  useEffect(() => {
    if (regionCode) {
      reloadOnRegion();
    }
  }, [regionCode, reloadOnRegion]);
  const [packageVersion, setPackageVersion] = useState(0);
  const packages = useAsync(listPackages, `packages:${packageVersion}`);
  const [editing, setEditing] = useState<TTeam | null | 'new'>(null);
  const [isPackageOpen, setIsPackageOpen] = useState(false);

  const columns: TableColumnsType<TTeam> = [
    { title: '团队名称', dataIndex: 'name' },
    { title: '所属机构', dataIndex: 'institutionName', render: (v: string | null) => v ?? '—' },
    {
      title: '成员',
      dataIndex: 'members',
      render: (members: TTeam['members']) => (
        <Space size={4} wrap>
          {members.map((m) => (
            <Tag key={`${m.role}-${m.name}`} color={m.role === 'doctor' ? 'blue' : undefined}>
              {ROLE_LABELS[m.role]}·{m.name}
              {m.userId ? '（已关联账号）' : ''}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: '服务村庄', dataIndex: 'villageNames', render: (names: string[]) => names.join('、') },
    {
      title: '状态',
      dataIndex: 'status',
      render: (s: string) => (s === 'active' ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
    },
    ...(canManage
      ? [
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, team: TTeam) => (
              <Button type="link" size="small" onClick={() => setEditing(team)}>
                编辑
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <PageContainer
      title="家庭医生团队"
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新建团队
          </Button>
        )
      }
    >
      <Card>
        <Input.Search
          placeholder="按团队名称查找"
          allowClear
          onSearch={(q) => list.applyFilters({ q })}
          style={{ maxWidth: 320 }}
        />
      </Card>
      <Card>
        <PagedTable<TTeam> list={list} rowKey="id" columns={columns} emptyText="本辖区还没有家庭医生团队" />
      </Card>
      <Card
        title="签约服务包"
        extra={
          canManage && (
            <Button icon={<PlusOutlined />} onClick={() => setIsPackageOpen(true)}>
              新建服务包
            </Button>
          )
        }
      >
        {packages.error ? (
          <ErrorAlert message={describeError(packages.error)} />
        ) : (packages.data ?? []).length === 0 ? (
          <Empty description="尚未配置服务包（由县级业务人员维护）" />
        ) : (
          (packages.data ?? []).map((p) => (
            <div key={p.id} style={{ marginBottom: 16 }}>
              <Typography.Text strong>
                {p.kind === 'basic' ? '基础包' : '个性化包'}：{p.name}（合计 {formatFen(p.totalPriceFen)}{' '}
                元，补助 {formatFen(p.totalSubsidyFen)} 元）
              </Typography.Text>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={p.items}
                columns={[
                  { title: '服务项目', dataIndex: 'name' },
                  { title: '次数/年', dataIndex: 'countPerYear' },
                  { title: '价格（元）', dataIndex: 'priceFen', render: (v: number) => formatFen(v) },
                  { title: '补助（元）', dataIndex: 'subsidyFen', render: (v: number) => formatFen(v) },
                  { title: '支付方', dataIndex: 'payer', render: (v: string) => PAYER_LABELS[v] ?? v },
                ]}
              />
            </div>
          ))
        )}
      </Card>
      {isPackageOpen && (
        <PackageModal
          onClose={() => setIsPackageOpen(false)}
          onSaved={() => {
            setIsPackageOpen(false);
            message.success('服务包已保存');
            setPackageVersion((v) => v + 1);
          }}
        />
      )}
      {editing && (
        <TeamModal
          team={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            message.success('团队已保存');
            list.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
