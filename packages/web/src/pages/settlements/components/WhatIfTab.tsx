import { formatFen } from '@healthaid/domain/money';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import {
  createPolicyDraft,
  listPolicySets,
  publishPolicy,
  type TPolicySet,
  type TTotals,
  type TWhatIfReport,
  updatePolicyDraft,
  whatIfPolicy,
} from '../api.ts';
import { PolicyFormModal, type PolicyFormTarget } from './PolicyFormModal.tsx';
import { ResettleRunButton } from './ResettleRunButton.tsx';

const LAYER_LABELS: Record<string, string> = {
  basic_insurance: '基本医保',
  critical_illness: '大病保险',
  medical_assistance: '医疗救助',
};
const signed = (fen: number) => `${fen > 0 ? '+' : ''}${formatFen(fen)}`;

/**
 * 政策管理与测算: policy versions, drafts edited in a form (main parameters in 元 and %) or as validated JSON,
 * what-if by category before publishing.
 */
export function WhatIfTab({ canManage }: { canManage: boolean }) {
  const { message, modal } = App.useApp();
  const [reload, setReload] = useState(0);
  const policies = useAsync(listPolicySets, String(reload));
  const [selected, setSelected] = useState<number | null>(null);
  const [range, setRange] = useState<[Dayjs, Dayjs]>([
    dayjs().subtract(1, 'year').startOf('year'),
    dayjs().subtract(1, 'year').endOf('year'),
  ]);
  const [report, setReport] = useState<TWhatIfReport | null>(null);
  const [editing, setEditing] = useState<{ id: number | null; text: string } | null>(null);
  const [formTarget, setFormTarget] = useState<PolicyFormTarget | null>(null);
  const run = useSubmit(async () => {
    if (selected === null) {
      return;
    }
    setReport(
      await whatIfPolicy(selected, {
        from: range[0].format('YYYY-MM-DD'),
        to: range[1].format('YYYY-MM-DD'),
      }),
    );
  });
  const save = useSubmit(async () => {
    if (!editing) {
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(editing.text);
    } catch {
      throw new Error('JSON 格式错误，请检查括号、引号和逗号');
    }
    const saved =
      editing.id === null ? await createPolicyDraft(body) : await updatePolicyDraft(editing.id, body);
    message.success(`已保存草稿：${saved.name}（第 ${saved.version} 版）`);
    setEditing(null);
    setSelected(saved.id);
    setReload((r) => r + 1);
  });
  const saveFromForm = async (id: number | null, body: Record<string, unknown>) => {
    const saved = id === null ? await createPolicyDraft(body) : await updatePolicyDraft(id, body);
    message.success(`已保存草稿：${saved.name}（第 ${saved.version} 版）`);
    setFormTarget(null);
    setSelected(saved.id);
    setReload((r) => r + 1);
  };
  const chosen = policies.data?.find((p) => p.id === selected) ?? null;
  /** The body a new edit starts from: the draft's own, or the chosen version's with the next version number. */
  const draftBody = (): Record<string, unknown> =>
    chosen?.status === 'draft'
      ? chosen.body
      : { ...(chosen?.body ?? {}), version: (chosen?.version ?? 0) + 1 };
  const layerCodes = report ? Object.keys({ ...report.baseline.layers, ...report.alternative.layers }) : [];
  const deltaColumns = [
    { title: '人员类别', dataIndex: 'label', key: 'label' },
    ...layerCodes.map((code) => ({
      title: `${LAYER_LABELS[code] ?? code}变化（元）`,
      key: code,
      align: 'right' as const,
      render: (_: unknown, row: { delta: TTotals }) => signed(row.delta.layers[code] ?? 0),
    })),
    {
      title: '个人自付变化（元）',
      key: 'self',
      align: 'right' as const,
      render: (_: unknown, row: { delta: TTotals }) => signed(row.delta.patientPaysFen),
    },
    {
      title: '超限承担变化（元）',
      key: 'borne',
      align: 'right' as const,
      render: (_: unknown, row: { delta: TTotals }) => signed(row.delta.borneByFen),
    },
    {
      title: '结算人次',
      key: 'n',
      align: 'right' as const,
      render: (_: unknown, row: { baseline: TTotals }) => row.baseline.claimCount,
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card title="政策版本">
        <Space wrap>
          <Select<number>
            style={{ width: 420 }}
            placeholder="选择政策版本（草稿可先测算再发布）"
            loading={policies.isLoading}
            value={selected ?? undefined}
            onChange={setSelected}
            options={(policies.data ?? []).map((p: TPolicySet) => ({
              value: p.id,
              label: `${p.name} 第 ${p.version} 版（${p.effectiveFrom} 起）${p.status === 'draft' ? ' · 草稿' : ''}`,
            }))}
          />
          {canManage ? (
            <>
              <Button
                type="primary"
                onClick={() =>
                  setFormTarget({ id: chosen?.status === 'draft' ? chosen.id : null, body: draftBody() })
                }
                disabled={!chosen}
              >
                {chosen?.status === 'draft' ? '编辑草稿（表单）' : '基于此版本新建草稿（表单）'}
              </Button>
              <Button
                onClick={() =>
                  setEditing({
                    id: chosen?.status === 'draft' ? chosen.id : null,
                    text: JSON.stringify(draftBody(), null, 2),
                  })
                }
                disabled={!chosen}
              >
                {chosen?.status === 'draft' ? '编辑草稿（JSON）' : '新建草稿（JSON）'}
              </Button>
              <Button
                danger
                disabled={chosen?.status !== 'draft'}
                onClick={() =>
                  modal.confirm({
                    title: `发布“${chosen?.name}”第 ${chosen?.version} 版？`,
                    content: '发布后不可修改；此后出院日期在有效期内的结算将使用此版本。',
                    okText: '发布',
                    onOk: async () => {
                      await publishPolicy(chosen?.id as number);
                      message.success('已发布');
                      setReload((r) => r + 1);
                    },
                  })
                }
              >
                发布
              </Button>
              {chosen?.status === 'published' ? <ResettleRunButton key={chosen.id} policy={chosen} /> : null}
            </>
          ) : null}
        </Space>
        {chosen ? (
          <div style={{ marginTop: 8 }}>
            <Tag color={chosen.status === 'draft' ? 'orange' : 'green'}>
              {chosen.status === 'draft' ? '草稿' : '已发布（不可修改）'}
            </Tag>
            <Typography.Text type="secondary">
              编码 {chosen.code}，适用地区 {chosen.regionCode}，有效期 {chosen.effectiveFrom} 至{' '}
              {chosen.effectiveTo ?? '长期'}
            </Typography.Text>
          </div>
        ) : null}
      </Card>
      <Card title="政策测算：用所选版本重算期间内已结算单据（不写入）">
        <Space wrap>
          <DatePicker.RangePicker
            allowClear={false}
            value={range}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          />
          <Button
            type="primary"
            disabled={selected === null}
            loading={run.isSubmitting}
            onClick={() => void run.submit()}
          >
            开始测算
          </Button>
        </Space>
        <ErrorAlert message={run.error} />
        {report ? (
          <>
            <Descriptions size="small" column={4} style={{ margin: '12px 0' }}>
              <Descriptions.Item label="单据">
                {report.claims} 张 / {report.personYears} 人年
              </Descriptions.Item>
              <Descriptions.Item label="基金支出变化">
                {signed(Object.values(report.delta.layers).reduce((s, v) => s + v, 0))} 元
              </Descriptions.Item>
              <Descriptions.Item label="个人自付变化">
                {signed(report.delta.patientPaysFen)} 元
              </Descriptions.Item>
              <Descriptions.Item label="超限承担变化">{signed(report.delta.borneByFen)} 元</Descriptions.Item>
            </Descriptions>
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              columns={deltaColumns}
              dataSource={[
                { key: 'total', label: '合计', baseline: report.baseline, delta: report.delta },
                ...report.byCategory,
              ]}
              locale={{ emptyText: <Empty description="期间内没有已结算单据" /> }}
            />
            <Alert
              style={{ marginTop: 8 }}
              type="info"
              title="同一人持有多个类别时，其单据在每个类别中各计一次；合计行每张单据只计一次。"
            />
          </>
        ) : null}
      </Card>
      <PolicyFormModal target={formTarget} onClose={() => setFormTarget(null)} onSave={saveFromForm} />
      <Modal
        title={editing?.id ? '编辑政策草稿（JSON）' : '新建政策草稿（JSON）'}
        open={editing !== null}
        width={900}
        okText="保存草稿（逐项校验）"
        okButtonProps={{ loading: save.isSubmitting }}
        onOk={() => void save.submit()}
        onCancel={() => setEditing(null)}
      >
        <ErrorAlert message={save.error} />
        <Input.TextArea
          aria-label="政策参数 JSON"
          rows={24}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
          value={editing?.text}
          onChange={(e) => setEditing((prev) => (prev ? { ...prev, text: e.target.value } : prev))}
        />
      </Modal>
    </Space>
  );
}
