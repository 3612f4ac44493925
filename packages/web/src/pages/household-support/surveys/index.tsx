import { formatBp } from '@healthaid/domain/money';
import { Card, Col, Empty, List, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../../app/api/api-error.ts';
import { useCurrentRegion } from '../../../app/region/useCurrentRegion.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { PageContainer } from '../../../components/PageContainer.tsx';
import { PeriodPicker } from '../../../components/PeriodPicker.tsx';
import { useAsync } from '../../../hooks/useAsync.ts';
import { getSurveySummary, type TSurveySummary } from '../api.ts';

function Rate({ rateBp }: { rateBp: number | null }) {
  if (rateBp === null) {
    return <span>—</span>;
  }
  return (
    <Progress
      percent={Math.floor(rateBp / 100)}
      format={() => formatBp(rateBp)}
      size="small"
      status={rateBp >= 9_000 ? 'success' : rateBp < 7_000 ? 'exception' : 'normal'}
      style={{ minWidth: 180 }}
    />
  );
}

/** 政策知晓率: households aware of the health-poverty policies, by region and by question. */
export default function SurveysPage() {
  const { regionCode, setRegionCode } = useCurrentRegion();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const query = {
    region: regionCode,
    from: period[0].format('YYYY-MM-DD'),
    to: period[1].format('YYYY-MM-DD'),
  };
  const state = useAsync(() => getSurveySummary(query), `${query.region}|${query.from}|${query.to}`);
  const data: TSurveySummary | null = state.data;
  const weakest = data
    ? [...data.perQuestion]
        .filter((q) => q.rateBp !== null)
        .sort((a, b) => (a.rateBp ?? 0) - (b.rateBp ?? 0))[0]
    : null;

  return (
    <PageContainer title="健康扶贫政策知晓率" extra={<PeriodPicker value={period} onChange={setPeriod} />}>
      <ErrorAlert message={state.error ? describeError(state.error) : null} />
      <Card loading={state.isLoading && !data}>
        {data && (
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Statistic title="政策知晓率" value={data.display} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="调查户数" value={data.surveyed} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="知晓户数" value={data.aware} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title="答对率最低的政策"
                value={weakest ? weakest.policy : '—'}
                suffix={weakest?.rateBp !== null && weakest ? formatBp(weakest.rateBp ?? 0) : undefined}
                valueStyle={{ fontSize: 18 }}
              />
            </Col>
          </Row>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          入户走访时由户内一名成员回答《{data?.questionnaire.name ?? '健康扶贫政策知晓情况调查表'}
          》；答对题数÷回答题数≥
          {data ? formatBp(data.questionnaire.awareThresholdBp) : '80.00%'}
          判定为知晓；一户期内多次调查以最近一次为准。
        </Typography.Paragraph>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title="各题答对率" size="small">
            <Table
              rowKey="code"
              size="small"
              pagination={false}
              loading={state.isLoading}
              dataSource={data?.perQuestion ?? []}
              locale={{ emptyText: <Empty description="期内没有政策知晓调查" /> }}
              columns={[
                { title: '政策', dataIndex: 'policy', key: 'policy' },
                { title: '回答', dataIndex: 'asked', key: 'asked', align: 'right' },
                { title: '答对', dataIndex: 'correct', key: 'correct', align: 'right' },
                { title: '答对率', key: 'rate', render: (_, q) => <Rate rateBp={q.rateBp} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="各地区政策知晓率" size="small">
            <Table
              rowKey="code"
              size="small"
              pagination={false}
              scroll={{ y: 360 }}
              loading={state.isLoading}
              dataSource={data?.children ?? []}
              locale={{ emptyText: <Empty description="没有下级区域" /> }}
              columns={[
                {
                  title: '区划',
                  key: 'name',
                  render: (_, r) => (
                    <Typography.Link onClick={() => setRegionCode(r.code)}>{r.name}</Typography.Link>
                  ),
                },
                { title: '调查户', dataIndex: 'surveyed', key: 'surveyed', align: 'right' },
                { title: '知晓户', dataIndex: 'aware', key: 'aware', align: 'right' },
                { title: '知晓率', key: 'rate', render: (_, r) => <Rate rateBp={r.rateBp} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {data && (
        <Card title={`调查表：${data.questionnaire.name}（${data.questionnaire.version}版）`} size="small">
          <List
            size="small"
            dataSource={data.questionnaire.questions}
            renderItem={(q, i) => (
              <List.Item>
                <Space direction="vertical" size={2}>
                  <span>{`${i + 1}. ${q.text}`}</span>
                  <Space wrap size={4}>
                    {q.options.map((o) => (
                      <Tag key={o.code} color={o.code === q.correct ? 'green' : 'default'}>
                        {o.label}
                      </Tag>
                    ))}
                  </Space>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
    </PageContainer>
  );
}
