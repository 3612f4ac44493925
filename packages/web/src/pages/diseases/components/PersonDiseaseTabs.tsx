import { Alert, Card, Empty, Space, Table, type TableColumnsType, Tag, Tooltip } from 'antd';
import { Link } from 'react-router';
import { describeError } from '../../../app/api/api-error.ts';
import { useAsync } from '../../../hooks/useAsync.ts';
import { listReferralsOfPerson, type TReferral } from '../../institutions/api.ts';
import {
  getClassification,
  hospitalLabel,
  listCasesOfPerson,
  listDiagnosesOfPerson,
  SOURCE_LABELS,
  type TDiagnosis,
  type TPersonDisease,
  TREATMENT_LABELS,
  type TTreatmentCase,
} from '../api.ts';
import { DiseaseLineTag, LINE_COLORS, VerificationTag } from './DiseaseTags.tsx';

function PersonDiagnoses({ personId }: { personId: number }) {
  const diagnoses = useAsync(() => listDiagnosesOfPerson(personId), `dx:${personId}`);
  const classification = useAsync(() => getClassification(personId), `cls:${personId}`);
  const columns: TableColumnsType<TDiagnosis> = [
    {
      title: '诊断',
      key: 'diagnosis',
      render: (_, d) => (
        <Space size={4}>
          {d.icdCode ? <Tag>{d.icdCode}</Tag> : <Tag color="orange">未编码</Tag>}
          {d.name}
        </Space>
      ),
    },
    { title: '诊断日期', dataIndex: 'diagnosedOn', key: 'date' },
    { title: '诊断机构', key: 'institution', render: (_, d) => d.institution ?? '—' },
    { title: '来源', key: 'source', render: (_, d) => SOURCE_LABELS[d.source] },
    {
      title: '核准',
      key: 'status',
      render: (_, d) => <VerificationTag diagnosis={d} />,
    },
    {
      title: '三个一批',
      key: 'line',
      render: (_, d) => <DiseaseLineTag diagnosis={d} />,
    },
  ];
  const diseases = classification.data?.personDiseases ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {diagnoses.error ? <Alert type="error" showIcon message={describeError(diagnoses.error)} /> : null}
      {diseases.length > 0 && (
        <Card size="small" title="已核准的疾病（一人多病逐病归类）">
          <Space size={[4, 8]} wrap>
            {diseases.map((d: TPersonDisease) => (
              <Tooltip key={d.personDiseaseKey} title={d.reason}>
                <Tag color={LINE_COLORS[d.line]}>
                  {d.itemName ?? d.reason.slice(0, 20)} · {d.lineLabel}
                  {d.treatmentCaseId ? ' · 已建救治台账' : ''}
                </Tag>
              </Tooltip>
            ))}
          </Space>
        </Card>
      )}
      <Table<TDiagnosis>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={diagnoses.data ?? []}
        loading={diagnoses.isLoading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description="没有登记诊断" /> }}
      />
      <Link to="/diseases/diagnoses">到“疾病核准”登记或核准诊断</Link>
    </Space>
  );
}

function PersonTreatment({ personId }: { personId: number }) {
  const cases = useAsync(() => listCasesOfPerson(personId), `cases:${personId}`);
  const referrals = useAsync(() => listReferralsOfPerson(personId), `ref:${personId}`);
  const caseColumns: TableColumnsType<TTreatmentCase> = [
    { title: '病种', key: 'item', render: (_, c) => c.itemName ?? c.personDiseaseKey },
    { title: '建档日期', dataIndex: 'openedOn', key: 'opened' },
    {
      title: '救治状态',
      key: 'status',
      render: (_, c) => (
        <Tooltip title={c.reason}>
          <Tag color={c.status === 'treated' ? 'green' : c.status === 'waiting' ? 'gold' : 'blue'}>
            {TREATMENT_LABELS[c.status]}
          </Tag>
        </Tooltip>
      ),
    },
    { title: '状态日期', dataIndex: 'statusDate', key: 'date' },
    { title: '定点医院', key: 'hospital', render: (_, c) => hospitalLabel(c) },
    { title: '已等待（天）', key: 'days', render: (_, c) => (c.status === 'waiting' ? c.daysWaited : '—') },
  ];
  const referralColumns: TableColumnsType<TReferral> = [
    { title: '转诊日期', dataIndex: 'referredOn', key: 'date' },
    { title: '转出', dataIndex: 'fromName', key: 'from' },
    { title: '转入', dataIndex: 'toName', key: 'to' },
    { title: '方向', dataIndex: 'directionLabel', key: 'direction' },
    { title: '原因', dataIndex: 'reason', key: 'reason' },
    { title: '状态', key: 'status', render: (_, r) => <Tag>{r.statusLabel}</Tag> },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title="救治台账" extra={<Link to="/diseases/ledger">救治台账</Link>}>
        <Table<TTreatmentCase>
          rowKey="id"
          size="small"
          columns={caseColumns}
          dataSource={cases.data?.items ?? []}
          loading={cases.isLoading}
          pagination={false}
          locale={{ emptyText: <Empty description="没有大病救治病例" /> }}
        />
      </Card>
      <Card size="small" title="转诊记录" extra={<Link to="/referrals">转诊管理</Link>}>
        <Table<TReferral>
          rowKey="id"
          size="small"
          columns={referralColumns}
          dataSource={referrals.data ?? []}
          loading={referrals.isLoading}
          pagination={false}
          locale={{ emptyText: <Empty description="没有转诊记录" /> }}
        />
      </Card>
    </Space>
  );
}

/** Tabs of the person file (一人一档) for diagnoses and treatment; spread into its Tabs items. */
export function personDiseaseTabs(personId: number) {
  return [
    { key: 'diagnoses', label: '诊断与分类', children: <PersonDiagnoses personId={personId} /> },
    { key: 'treatment', label: '救治与转诊', children: <PersonTreatment personId={personId} /> },
  ];
}
