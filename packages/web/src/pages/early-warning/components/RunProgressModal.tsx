import { Alert, Descriptions, List, Modal, Progress, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { describeError } from '../../../app/api/api-error.ts';
import { getRun, RULE_LABELS, type TRuleCode, type TRun } from '../api.ts';

/** Progress of a run of the warning rules (one step per township), polled until it ends. */
export function RunProgressModal({ initial, onClose }: { initial: TRun; onClose: (run: TRun) => void }) {
  const [run, setRun] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (run.status !== 'running') {
      return;
    }
    const timer = setTimeout(() => {
      getRun(run.id)
        .then(setRun)
        .catch((e: unknown) => setError(describeError(e)));
    }, 800);
    return () => clearTimeout(timer);
  }, [run]);
  const percent = run.totalSteps === 0 ? 100 : Math.floor((run.doneSteps * 100) / run.totalSteps);
  return (
    <Modal
      open
      title={`运行预警规则：${run.regionName}（评估日期 ${run.asOf}）`}
      okText={run.status === 'running' ? '后台运行' : '完成'}
      cancelButtonProps={{ style: { display: 'none' } }}
      onOk={() => onClose(run)}
      onCancel={() => onClose(run)}
    >
      {error && <Alert type="error" showIcon title={error} />}
      <Progress
        percent={percent}
        status={run.status === 'failed' ? 'exception' : run.status === 'succeeded' ? 'success' : 'active'}
        format={() => `${run.doneSteps}/${run.totalSteps}`}
      />
      <Typography.Paragraph type="secondary">
        {run.status === 'running'
          ? '正在按乡镇逐一运行预警规则，可关闭窗口，任务在后台继续。'
          : run.status === 'succeeded'
            ? '运行完成。同一对象同一期间的同一情形只产生一条预警，重复运行只更新未处置预警的数据。'
            : run.error}
      </Typography.Paragraph>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="新产生预警">{run.raised}</Descriptions.Item>
        <Descriptions.Item label="更新已有预警">{run.refreshed}</Descriptions.Item>
        {(Object.keys(RULE_LABELS) as TRuleCode[]).map((code) => (
          <Descriptions.Item key={code} label={RULE_LABELS[code]}>
            {run.byRule[code] ? `评估${run.byRule[code].evaluated}，命中${run.byRule[code].matched}` : '—'}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {run.skipped.length > 0 && (
        <List
          style={{ marginTop: 16 }}
          size="small"
          header={<Typography.Text type="warning">未执行的规则（请在“预警规则”中补充配置）</Typography.Text>}
          dataSource={run.skipped}
          renderItem={(s) => <List.Item>{`${s.reason}（涉及${s.subjects}个对象）`}</List.Item>}
        />
      )}
    </Modal>
  );
}
