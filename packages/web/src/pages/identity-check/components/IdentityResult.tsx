import { CheckCircleFilled, MinusCircleFilled, WarningFilled } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Flex, Row, Space, Tag, Typography } from 'antd';
import type { TIdentity } from '../api.ts';
import { SEX_LABELS, STATUS_TAGS } from '../labels.ts';

/** A yes/no benefit in large type, with the policy's explanation underneath. */
function BenefitBox({ title, applies, detail }: { title: string; applies: boolean; detail: string }) {
  return (
    <Card
      size="small"
      style={{ height: '100%', borderColor: applies ? '#52c41a' : undefined }}
      styles={{ body: { padding: 16 } }}
    >
      <Typography.Text type="secondary">{title}</Typography.Text>
      <Flex align="center" gap={8} style={{ margin: '4px 0 8px' }}>
        {applies ? (
          <CheckCircleFilled style={{ color: '#52c41a', fontSize: 24 }} />
        ) : (
          <MinusCircleFilled style={{ color: '#bfbfbf', fontSize: 24 }} />
        )}
        <Typography.Text strong style={{ fontSize: 22 }} data-testid={`${title}-结论`}>
          {applies ? '适用' : '不适用'}
        </Typography.Text>
      </Flex>
      <Typography.Text>{detail}</Typography.Text>
    </Card>
  );
}

/** The answer of one identity check, readable at a glance at the registration window. */
export function IdentityResult({ identity }: { identity: TIdentity }) {
  if (!identity.found) {
    return (
      <Alert
        type="warning"
        showIcon
        icon={<WarningFilled />}
        title={<span style={{ fontSize: 18 }}>未在本辖区健康扶贫人员库中找到此人</span>}
        description={
          <>
            按普通患者办理（身份证号 {identity.idNumberMasked}，就诊日期 {identity.date}
            ）。如患者出示了贫困人口证明，请联系县卫健局核实。
          </>
        }
      />
    );
  }
  const status = identity.status ? STATUS_TAGS[identity.status] : null;
  const cap = identity.selfPayCap;
  return (
    <Card
      title={
        <Space size={12} wrap>
          <span style={{ fontSize: 20 }}>{identity.nameMasked}</span>
          <span>{identity.sex ? SEX_LABELS[identity.sex] : ''}</span>
          <span>{identity.age === null ? '' : `${identity.age} 岁`}</span>
          <span>{identity.villageName ?? ''}</span>
          {status ? <Tag color={status.color}>{status.label}</Tag> : null}
        </Space>
      }
      extra={<Typography.Text type="secondary">就诊日期 {identity.date}</Typography.Text>}
    >
      <Flex vertical gap={16}>
        <Alert type={identity.categories.length > 0 ? 'success' : 'info'} showIcon title={identity.message} />
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <BenefitBox
              title="先诊疗后付费"
              applies={identity.treatFirstPayLater.applies}
              detail={identity.treatFirstPayLater.description}
            />
          </Col>
          <Col xs={24} md={12}>
            <BenefitBox title="个人自付上限" applies={cap.applies} detail={cap.description} />
          </Col>
        </Row>
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="身份证号">{identity.idNumberMasked}</Descriptions.Item>
          <Descriptions.Item label="参保情况">
            {identity.isInsured === null ? (
              '—'
            ) : identity.isInsured ? (
              '已参保'
            ) : (
              <Tag color="red">未参保</Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="人员类别" span={2}>
            {identity.categories.length === 0
              ? '无（该日期无有效的扶贫人员类别）'
              : identity.categories.map((c) => (
                  <Tag key={c.code} color="blue">
                    {c.label}
                  </Tag>
                ))}
            {identity.isPriorityGroup ? <Tag color="green">四类人员</Tag> : null}
          </Descriptions.Item>
          <Descriptions.Item label="家庭医生" span={2}>
            {identity.familyDoctor ? (
              <Space size={4} wrap>
                <span>{identity.familyDoctor.teamName}</span>
                {identity.familyDoctor.doctorName ? <span>· {identity.familyDoctor.doctorName}</span> : null}
                {identity.familyDoctor.doctorPhone ? (
                  <span>· 电话 {identity.familyDoctor.doctorPhone}</span>
                ) : null}
                {identity.familyDoctor.institutionName ? (
                  <span>· {identity.familyDoctor.institutionName}</span>
                ) : null}
                <Typography.Text type="secondary">
                  （签约期 {identity.familyDoctor.startDate} 至 {identity.familyDoctor.endDate}）
                </Typography.Text>
              </Space>
            ) : (
              '该日期无在约的家庭医生签约'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="大病救治" span={2}>
            {identity.openTreatmentCases.length === 0
              ? '无未结案的大病专项救治'
              : identity.openTreatmentCases.map((c) => (
                  <div key={`${c.itemCode ?? ''}-${c.openedOn}`}>
                    {c.itemName ?? c.itemCode ?? '未分类病种'} <Tag color="orange">{c.statusLabel}</Tag>
                    <Typography.Text type="secondary">（{c.openedOn} 起）</Typography.Text>
                  </div>
                ))}
          </Descriptions.Item>
          <Descriptions.Item label="适用政策" span={2}>
            {identity.policySet
              ? `${identity.policySet.name}（第 ${identity.policySet.version} 版）`
              : '该日期本地区没有已发布的结算政策'}
          </Descriptions.Item>
        </Descriptions>
      </Flex>
    </Card>
  );
}
