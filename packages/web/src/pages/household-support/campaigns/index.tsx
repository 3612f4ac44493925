import { PlusOutlined } from '@ant-design/icons';
import { can } from '@healthaid/domain/access';
import { App, Button, Card, DatePicker, Empty, Form, Input, Modal, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { RegionCascader } from '../../../components/RegionCascader.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import { createCampaign, listCampaigns, type TCampaign } from '../api.ts';
import { CoverageBar, PHASE_COLORS } from '../components/CoverageBar.tsx';

type TCreateValues = { name: string; regionCode: string; period: [Dayjs, Dayjs]; description?: string };

function CreateCampaignModal({ onClose, onSaved }: { onClose: () => void; onSaved: (id: number) => void }) {
  const user = useCurrentUser();
  const [form] = Form.useForm<TCreateValues>();
  const { submit, isSubmitting, error } = useSubmit(async (values: TCreateValues) => {
    const created = await createCampaign({
      name: values.name.trim(),
      regionCode: values.regionCode,
      startOn: values.period[0].format('YYYY-MM-DD'),
      endOn: values.period[1].format('YYYY-MM-DD'),
      description: values.description?.trim() || null,
    });
    onSaved(created.id);
  });
  return (
    <Modal
      open
      title="新建走访活动"
      okText="创建"
      cancelText="取消"
      confirmLoading={isSubmitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert message={error} />
      <Form<TCreateValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ regionCode: user.regionCode }}
      >
        <Form.Item
          name="name"
          label="活动名称"
          rules={[{ required: true, min: 2, message: '请填写活动名称' }]}
        >
          <Input maxLength={60} placeholder="如 2026年春季健康扶贫大走访" />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label="活动区域（县或乡镇）"
          rules={[{ required: true, message: '请选择活动区域' }]}
          extra="区域内期末所有建档立卡和监测户都应走访到"
        >
          <RegionCascader />
        </Form.Item>
        <Form.Item name="period" label="活动期间" rules={[{ required: true, message: '请选择活动期间' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="description" label="活动说明">
          <Input.TextArea
            rows={3}
            maxLength={500}
            placeholder="如 按照“不漏一户、不落一人”的要求入户走访……"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 大走访: campaigns visible to the user with their coverage in his part of the campaign region. */
export default function CampaignsPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const [version, setVersion] = useState(0);
  const [isCreating, setIsCreating] = useState(false);
  const state = useAsync(listCampaigns, `campaigns:${version}`);

  return (
    <PageContainer
      title="健康扶贫大走访"
      extra={
        can(user.role, 'support.campaigns') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsCreating(true)}>
            新建走访活动
          </Button>
        )
      }
    >
      <Card>
        <ErrorAlert message={state.error ? describeError(state.error) : null} />
        <Table<TCampaign>
          rowKey="id"
          loading={state.isLoading}
          dataSource={state.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description="还没有走访活动" /> }}
          columns={[
            {
              title: '活动',
              key: 'name',
              render: (_, c) => <Link to={`/support/campaigns/${c.id}`}>{c.name}</Link>,
            },
            { title: '区域', dataIndex: 'regionName', key: 'region' },
            { title: '期间', key: 'period', render: (_, c) => `${c.startOn} 至 ${c.endOn}` },
            {
              title: '状态',
              key: 'phase',
              render: (_, c) => <Tag color={PHASE_COLORS[c.phase]}>{c.phaseLabel}</Tag>,
            },
            { title: '应走访户', key: 'inScope', align: 'right', render: (_, c) => c.coverage.inScope },
            { title: '已走访户', key: 'visited', align: 'right', render: (_, c) => c.coverage.visited },
            {
              title: '未走访户',
              key: 'unvisited',
              align: 'right',
              render: (_, c) => c.coverage.unvisited + c.coverage.notHome,
            },
            {
              title: '覆盖率',
              key: 'coverage',
              render: (_, c) => <CoverageBar rateBp={c.coverage.rateBp} display={c.coverage.display} />,
            },
          ]}
        />
      </Card>
      {isCreating && (
        <CreateCampaignModal
          onClose={() => setIsCreating(false)}
          onSaved={(id) => {
            setIsCreating(false);
            setVersion((v) => v + 1);
            message.success('走访活动已创建');
            void navigate(`/support/campaigns/${id}`);
          }}
        />
      )}
    </PageContainer>
  );
}
