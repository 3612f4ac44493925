import { can } from '@healthaid/domain/access';
import {
  HOUSEHOLD_RELATIONS,
  VERIFICATION_OUTCOME_LABELS,
  VERIFICATION_OUTCOMES,
  type VerificationOutcome,
} from '@healthaid/domain/registry';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentUser } from '../../../app/auth/useAuth.ts';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { usePagedList } from '../../../hooks/usePagedList.ts';
import {
  generateVerificationTasks,
  listVerificationTasks,
  submitVerificationResult,
  type TVerificationFilters,
  type TVerificationTask,
} from '../api.ts';

const STATUS_LABELS = { open: '待核实', completed: '已完成', cancelled: '已取消' } as const;
const SOURCE_LABELS = { flag: '系统标记', manual: '手工发起', comparison: '数据对比' } as const;

/** 入户核实: verification tasks of the caller's area and the result form. */
export default function VerificationPage() {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const list = usePagedList<TVerificationTask, TVerificationFilters>(listVerificationTasks, {
    status: 'open',
  });
  const [form] = Form.useForm<TVerificationFilters>();
  const [task, setTask] = useState<TVerificationTask | null>(null);

  const generate = async () => {
    try {
      const { created } = await generateVerificationTasks();
      message.success(created > 0 ? `已为${created}名待核实人员生成任务` : '没有需要生成任务的待核实人员');
      list.reload();
    } catch (error) {
      message.error(describeError(error));
    }
  };

  const columns: TableColumnsType<TVerificationTask> = [
    {
      title: '姓名',
      dataIndex: 'personName',
      fixed: 'left',
      render: (n: string, t) => <Link to={`/persons/${t.personId}`}>{n}</Link>,
    },
    { title: '身份证号', dataIndex: 'idNumberMasked' },
    { title: '所在村', dataIndex: 'villageName' },
    { title: '核实原因', dataIndex: 'reason' },
    { title: '来源', dataIndex: 'source', render: (s: TVerificationTask['source']) => SOURCE_LABELS[s] },
    { title: '指派给', dataIndex: 'assignedRegionName' },
    { title: '创建时间', dataIndex: 'createdAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD') },
    {
      title: '状态',
      dataIndex: 'status',
      render: (s: TVerificationTask['status'], t) => (
        <Space size={4} wrap>
          <Tag color={s === 'open' ? 'orange' : 'green'}>{STATUS_LABELS[s]}</Tag>
          {t.outcome && <Tag>{VERIFICATION_OUTCOME_LABELS[t.outcome]}</Tag>}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'op',
      fixed: 'right',
      render: (_, t) =>
        t.status === 'open' && can(user.role, 'followups.write') ? (
          <Button type="link" size="small" onClick={() => setTask(t)}>
            填写结果
          </Button>
        ) : null,
    },
  ];

  return (
    <PageContainer
      title="入户核实"
      extra={
        can(user.role, 'persons.write') && (
          <Button type="primary" onClick={generate}>
            为待核实人员生成任务
          </Button>
        )
      }
    >
      <Card>
        <Form
          form={form}
          layout="inline"
          initialValues={{ status: 'open' }}
          onFinish={(v) =>
            list.applyFilters({
              ...(v.status ? { status: v.status } : {}),
              ...(v.q?.trim() ? { q: v.q.trim() } : {}),
            })
          }
        >
          <Form.Item name="q" label="姓名/身份证号">
            <Input allowClear style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 120 }}
              options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        <Table<TVerificationTask>
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.isLoading}
          pagination={list.pagination}
          scroll={{ x: 'max-content' }}
          size="middle"
          locale={{ emptyText: '暂无入户核实任务' }}
        />
      </Card>
      {task && (
        <ResultDialog
          task={task}
          onClose={() => setTask(null)}
          onDone={() => {
            setTask(null);
            list.reload();
          }}
        />
      )}
    </PageContainer>
  );
}

type TResultForm = {
  outcome: VerificationOutcome;
  name?: string;
  phone?: string;
  relation?: string;
  statusDate?: Dayjs;
  note?: string;
};

function ResultDialog({
  task,
  onClose,
  onDone,
}: {
  task: TVerificationTask;
  onClose: () => void;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<TResultForm>();
  const outcome = Form.useWatch('outcome', form);
  const [isSubmitting, setIsSubmitting] = useState(false);

  const submit = async (values: TResultForm) => {
    setIsSubmitting(true);
    try {
      const corrections = {
        ...(values.name?.trim() ? { name: values.name.trim() } : {}),
        ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
        ...(values.relation ? { relation: values.relation } : {}),
      };
      await submitVerificationResult(task.id, {
        outcome: values.outcome,
        ...(values.outcome === 'corrected' ? { corrections } : {}),
        ...(values.statusDate ? { statusDate: values.statusDate.format('YYYY-MM-DD') } : {}),
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      });
      message.success('核实结果已提交');
      onDone();
    } catch (error) {
      message.error(describeError(error));
    } finally {
      setIsSubmitting(false);
    }
  };

  return (
    <Modal
      open
      title={`入户核实结果：${task.personName}`}
      okText="提交"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={isSubmitting}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ outcome: 'confirmed' }}>
        <Form.Item label="核实原因">{task.reason}</Form.Item>
        <Form.Item name="outcome" label="核实结果" rules={[{ required: true, message: '请选择核实结果' }]}>
          <Select
            options={VERIFICATION_OUTCOMES.map((o) => ({ value: o, label: VERIFICATION_OUTCOME_LABELS[o] }))}
          />
        </Form.Item>
        {outcome === 'corrected' && (
          <>
            <Form.Item name="name" label="更正姓名">
              <Input maxLength={50} placeholder="不更正则留空" />
            </Form.Item>
            <Form.Item name="phone" label="更正联系电话">
              <Input maxLength={20} placeholder="不更正则留空" />
            </Form.Item>
            <Form.Item name="relation" label="更正与户主关系">
              <Select allowClear options={HOUSEHOLD_RELATIONS.map((r) => ({ value: r, label: r }))} />
            </Form.Item>
          </>
        )}
        {(outcome === 'dead' || outcome === 'moved_out') && (
          <Form.Item
            name="statusDate"
            label={outcome === 'dead' ? '死亡日期' : '迁出日期'}
            rules={[{ required: true, message: '请选择日期' }]}
          >
            <DatePicker disabledDate={(d) => d.isAfter(dayjs())} />
          </Form.Item>
        )}
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
