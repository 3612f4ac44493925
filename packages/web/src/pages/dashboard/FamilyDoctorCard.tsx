import { Alert, Card, Col, Empty, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { describeError } from '../../app/api/api-error.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { getFamilyDoctorDashboard, type TFamilyDoctorDashboard, type TIndicatorValue } from './api.ts';

/** Basis points from which a 签约率 is shown green (on track) / orange (lagging); below is red. */
const RATE_GOOD_BP = 9000;
const RATE_WARN_BP = 7000;

type TChild = TFamilyDoctorDashboard['children'][number];

function rateTag(value: TIndicatorValue) {
  if (value.value === null) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  const color = value.value >= RATE_GOOD_BP ? 'green' : value.value >= RATE_WARN_BP ? 'orange' : 'red';
  return <Tag color={color}>{value.display}</Tag>;
}

/**
 * The 家庭医生签约 card of the 驾驶舱: 签约人数, 重点人群人数 and 签约率 of the region and its children. Loaded by a
 * request of its own, sent only once the main dashboard has answered (`requestKey` is null until then), so the
 * main figures never wait for it.
 */
export function FamilyDoctorCard(props: {
  requestKey: string | null;
  region: string;
  from: string;
  to: string;
  onDrill: (code: string) => void;
}) {
  const { requestKey, region, from, to, onDrill } = props;
  const { data, error, isLoading } = useAsync(
    () => getFamilyDoctorDashboard({ region, from, to }),
    requestKey,
  );
  let body: ReactNode;
  if (error) {
    body = <Alert type="error" showIcon message={`家庭医生签约数据加载失败：${describeError(error)}`} />;
  } else if (!data || isLoading) {
    body = <Skeleton active paragraph={{ rows: 4 }} />;
  } else if (data.keyPersons === 0) {
    body = <Empty description="统计期内本区划暂无重点人群（脱贫/监测对象、重点慢病患者）" />;
  } else {
    body = (
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Row gutter={[16, 16]}>
            <Col span={12}>
              <Statistic title="签约人数" value={data.contractedPersons.display} suffix="人" />
            </Col>
            <Col span={12}>
              <Statistic title="重点人群人数" value={data.keyPersons.toLocaleString('zh-CN')} suffix="人" />
            </Col>
            <Col span={24}>
              <Statistic title="签约率" value={data.contractRate.display} />
            </Col>
          </Row>
        </Col>
        <Col xs={24} lg={16}>
          <Table<TChild>
            rowKey="code"
            size="small"
            pagination={false}
            scroll={{ y: 240 }}
            dataSource={data.children.filter((c) => c.keyPersons > 0)}
            locale={{ emptyText: <Empty description="没有下级区划" /> }}
            columns={[
              {
                title: '区划',
                dataIndex: 'name',
                render: (name: string, row) => (
                  <Typography.Link onClick={() => onDrill(row.code)}>{name}</Typography.Link>
                ),
              },
              {
                title: '签约人数',
                key: 'contractedPersons',
                align: 'right',
                sorter: (a, b) => a.contractedPersons.numerator - b.contractedPersons.numerator,
                render: (_, row) => row.contractedPersons.display,
              },
              {
                title: '重点人群',
                dataIndex: 'keyPersons',
                align: 'right',
                sorter: (a, b) => a.keyPersons - b.keyPersons,
                render: (n: number) => n.toLocaleString('zh-CN'),
              },
              {
                title: '签约率',
                key: 'contractRate',
                align: 'right',
                sorter: (a, b) => (a.contractRate.value ?? -1) - (b.contractRate.value ?? -1),
                render: (_, row) => rateTag(row.contractRate),
              },
            ]}
          />
        </Col>
      </Row>
    );
  }
  return (
    <Card
      size="small"
      title="家庭医生签约"
      extra={
        <Typography.Text type="secondary">
          重点人群：脱贫/监测对象及高血压、糖尿病、肺结核、严重精神障碍患者
        </Typography.Text>
      }
    >
      {body}
    </Card>
  );
}
