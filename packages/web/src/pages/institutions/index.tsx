import { PlusOutlined } from '@ant-design/icons';
import { can } from '@healthaid/domain/access';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Switch,
  type TableColumnsType,
  Tag,
  Tooltip,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
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
import {
  createInstitution,
  exportInstitutions,
  formatRate,
  INSTITUTION_TYPES,
  LEVEL_LABELS,
  listInstitutions,
  recordStandardisation,
  standardisationRates,
  type TInstitution,
  type TInstitutionFilters,
  type TInstitutionInput,
  type TInstitutionLevel,
  updateInstitution,
} from './api.ts';

const levelOptions = (Object.entries(LEVEL_LABELS) as [TInstitutionLevel, string][]).map(
  ([value, label]) => ({
    value,
    label,
  }),
);

function InstitutionModal({
  institution,
  onClose,
  onSaved,
}: {
  institution: TInstitution | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<TInstitutionInput>();
  const { submit, isSubmitting, error } = useSubmit(async (values: TInstitutionInput) => {
    const body = { ...values, designatedDiseases: values.designatedDiseases ?? [] };
    if (institution) {
      const { code: _code, ...rest } = body;
      await updateInstitution(institution.code, rest);
    } else {
      await createInstitution(body);
    }
    onSaved();
  });
  return (
    <Modal
      open
      title={institution ? `修改：${institution.name}` : '新增医疗机构'}
      okText="保存"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <ErrorAlert message={error} />
      <Form<TInstitutionInput>
        form={form}
        layout="vertical"
        initialValues={institution ?? { isActive: true, designatedDiseases: [] }}
        onFinish={submit}
      >
        <Space size="large" wrap>
          <Form.Item
            name="code"
            label="机构编码"
            rules={[
              { required: true, message: '请填写机构编码' },
              { pattern: /^[A-Z0-9]{4,32}$/, message: '4到32位大写字母或数字' },
            ]}
          >
            <Input disabled={institution !== null} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="level" label="级别" rules={[{ required: true, message: '请选择级别' }]}>
            <Select options={levelOptions} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="type" label="类型">
            <Select
              allowClear
              options={INSTITUTION_TYPES.map((t) => ({ value: t, label: t }))}
              style={{ width: 160 }}
            />
          </Form.Item>
        </Space>
        <Form.Item name="name" label="机构名称" rules={[{ required: true, message: '请填写机构名称' }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label="所在区域（12位行政区划代码）"
          extra="村卫生室填所在村，乡镇卫生院填所在乡镇"
          rules={[{ required: true, pattern: /^\d{12}$/, message: '请填写12位行政区划代码' }]}
        >
          <Input maxLength={12} style={{ width: 200 }} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="address" label="地址">
            <Input maxLength={100} style={{ width: 320 }} />
          </Form.Item>
          <Form.Item name="phone" label="联系电话">
            <Input maxLength={20} style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Form.Item
          name="designatedDiseases"
          label="定点救治病种（病种编码）"
          extra="如 gastric-cancer、stroke；回车添加"
        >
          <Select mode="tags" open={false} />
        </Form.Item>
        <Form.Item name="isActive" label="启用" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type TCheckValues = {
  areaM2: number;
  hasFourRoomsSeparated: boolean;
  doctorsInPost: number;
  equipment: string[];
  checkedOn: Dayjs;
};

function StandardisationModal({
  institution,
  onClose,
  onSaved,
}: {
  institution: TInstitution;
  onClose: () => void;
  onSaved: (next: TInstitution) => void;
}) {
  const [form] = Form.useForm<TCheckValues>();
  const s = institution.standardisation;
  const { submit, isSubmitting, error } = useSubmit(async (values: TCheckValues) => {
    onSaved(
      await recordStandardisation(institution.code, {
        ...values,
        equipment: values.equipment ?? [],
        checkedOn: values.checkedOn.format('YYYY-MM-DD'),
      }),
    );
  });
  return (
    <Modal
      open
      title={`标准化建设核查：${institution.name}`}
      okText="保存核查结果"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <ErrorAlert message={error} />
      <Form<TCheckValues>
        form={form}
        layout="vertical"
        initialValues={{
          areaM2: s?.areaM2 ?? undefined,
          hasFourRoomsSeparated: s?.hasFourRoomsSeparated ?? false,
          doctorsInPost: s?.doctorsInPost ?? undefined,
          equipment: s?.equipment ?? [],
          checkedOn: dayjs(),
        }}
        onFinish={submit}
      >
        <Space size="large" wrap>
          <Form.Item
            name="areaM2"
            label="业务用房面积（㎡）"
            rules={[{ required: true, message: '请填写面积' }]}
          >
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item
            name="doctorsInPost"
            label="在岗医生（人）"
            rules={[{ required: true, message: '请填写人数' }]}
          >
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item name="checkedOn" label="核查日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        </Space>
        <Form.Item name="hasFourRoomsSeparated" valuePropName="checked">
          <Checkbox>诊断室、治疗室、观察室、药房四室分开</Checkbox>
        </Form.Item>
        <Form.Item name="equipment" label="已配备的基本设备">
          <Checkbox.Group options={(s?.requiredEquipment ?? []).map((e) => ({ value: e, label: e }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RatesCard({ region, version }: { region: string; version: number }) {
  const rates = useAsync(() => standardisationRates(region), `std:${region}:${version}`);
  if (!rates.data) {
    return null;
  }
  const t = rates.data.total;
  return (
    <Card size="small" title="标准化建设">
      <Space size="large" wrap>
        <Statistic title="标准化村卫生室数" value={`${t.villageClinicsStandard} / ${t.villageClinics}`} />
        <Statistic title="标准化村卫生室率" value={formatRate(t.villageRateBp)} />
        <Statistic title="已核查村卫生室" value={t.villageClinicsChecked} />
        <Statistic title="乡镇卫生院达标" value={`${t.townshipCentresStandard} / ${t.townshipCentres}`} />
        {rates.data.children
          .filter((c) => c.villageClinics > 0)
          .slice(0, 8)
          .map((c) => (
            <Statistic key={c.code} title={`${c.name}村卫生室`} value={formatRate(c.villageRateBp)} />
          ))}
      </Space>
    </Card>
  );
}

/** 医疗机构: the single list of institution codes, with standardisation checks and rates. */
export default function InstitutionsPage() {
  const { message } = App.useApp();
  const { regionCode } = useCurrentRegion();
  const canManage = can(useCurrentUser().role, 'policies.manage');
  const [dialog, setDialog] = useState<'new' | { edit: TInstitution } | { check: TInstitution } | null>(null);
  const [version, setVersion] = useState(0);
  const list = usePagedList(listInstitutions, { region: regionCode } as TInstitutionFilters);
  const { applyFilters, filters } = list;
  useFollowRegion(list, regionCode);
  const done = (text: string) => {
    setDialog(null);
    message.success(text);
    list.reload();
    setVersion((v) => v + 1);
  };
  const columns: TableColumnsType<TInstitution> = [
    { title: '机构编码', dataIndex: 'code', key: 'code' },
    { title: '机构名称', dataIndex: 'name', key: 'name' },
    { title: '级别', dataIndex: 'levelLabel', key: 'level' },
    { title: '类型', key: 'type', render: (_, i) => i.type ?? '—' },
    { title: '乡镇', key: 'township', render: (_, i) => i.townshipName || '—' },
    { title: '所在区域', dataIndex: 'regionName', key: 'region' },
    {
      title: '定点病种',
      key: 'designated',
      render: (_, i) => (i.designatedDiseases.length > 0 ? `${i.designatedDiseases.length}种` : '—'),
    },
    {
      title: '标准化',
      key: 'standard',
      render: (_, i) => {
        const s = i.standardisation;
        if (!s) {
          return '—';
        }
        if (s.isStandard === null) {
          return <Tag>未核查</Tag>;
        }
        return (
          <Tooltip title={s.isStandard ? `核查日期 ${s.checkedOn}` : s.failures.join('；')}>
            <Tag color={s.isStandard ? 'green' : 'red'}>{s.isStandard ? '达标' : '未达标'}</Tag>
          </Tooltip>
        );
      },
    },
    {
      title: '状态',
      key: 'active',
      render: (_, i) => (i.isActive ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
    },
    ...(canManage
      ? [
          {
            title: '操作',
            key: 'op',
            fixed: 'right' as const,
            render: (_: unknown, i: TInstitution) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setDialog({ edit: i })}>
                  修改
                </Button>
                {i.standardisation && (
                  <Button type="link" size="small" onClick={() => setDialog({ check: i })}>
                    标准化核查
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <PageContainer
      title="医疗机构"
      extra={
        <Space>
          <ExportButton
            run={() => exportInstitutions({ ...filters, region: regionCode })}
            fallbackName="医疗机构.xlsx"
            label="导出"
          />
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('new')}>
              新增机构
            </Button>
          )}
        </Space>
      }
    >
      <RatesCard region={regionCode} version={version} />
      <Card>
        <Space wrap>
          <Input.Search
            placeholder="机构名称或编码"
            allowClear
            onSearch={(q) => applyFilters({ ...filters, q })}
            style={{ width: 220 }}
          />
          <Select
            placeholder="全部级别"
            allowClear
            options={levelOptions}
            style={{ width: 170 }}
            onChange={(level?: TInstitutionLevel) => applyFilters({ ...filters, level })}
          />
          <Select
            placeholder="标准化情况"
            allowClear
            options={[
              { value: 'yes', label: '达标' },
              { value: 'no', label: '未达标' },
              { value: 'unchecked', label: '未核查' },
            ]}
            style={{ width: 130 }}
            onChange={(standard?: 'yes' | 'no' | 'unchecked') => applyFilters({ ...filters, standard })}
          />
        </Space>
      </Card>
      <Card>
        <PagedTable<TInstitution>
          list={list}
          emptyText="本区域没有符合条件的医疗机构"
          rowKey="code"
          columns={columns}
        />
      </Card>
      {dialog === 'new' && (
        <InstitutionModal institution={null} onClose={() => setDialog(null)} onSaved={() => done('已新增')} />
      )}
      {dialog !== null && dialog !== 'new' && 'edit' in dialog && (
        <InstitutionModal
          institution={dialog.edit}
          onClose={() => setDialog(null)}
          onSaved={() => done('已保存')}
        />
      )}
      {dialog !== null && dialog !== 'new' && 'check' in dialog && (
        <StandardisationModal
          institution={dialog.check}
          onClose={() => setDialog(null)}
          onSaved={(next) =>
            done(
              next.standardisation?.isStandard
                ? '核查结果：达标'
                : `核查结果：未达标（${next.standardisation?.failures.length ?? 0}项）`,
            )
          }
        />
      )}
    </PageContainer>
  );
}
