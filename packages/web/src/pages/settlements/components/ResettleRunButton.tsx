import { Alert, Button, Descriptions, Input, Modal, Progress, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { usePoll } from '../../../hooks/usePoll.ts';
import { useSubmit } from '../../../hooks/useSubmit.ts';
import { getResettleRun, startResettle, type TResettleRun } from '../api.ts';

const STATUS_TEXT: Record<TResettleRun['status'], string> = {
  running: '执行中',
  finished: '已完成',
  failed: '已中断（可再次发起，从中断处继续）',
};

/**
 * 按此版本重新结算: after a published version corrects a policy, re-settle the county's settlements of its period
 * in the background (reversal entries and new revisions for what changed) and follow the run's progress.
 */
export function ResettleRunButton({ policy }: { policy: { id: number; name: string; version: number } }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [run, setRun] = useState<TResettleRun | null>(null);
  const start = useSubmit(async () => {
    setRun(await startResettle(policy.id, reason.trim()));
  });
  const runId = run?.id ?? null;
  const isRunning = run?.status === 'running';
  // A failed poll keeps the last progress; the next tick tries again.
  usePoll(isRunning ? runId : null, getResettleRun, setRun);
  const percent =
    run && run.personYearsTotal > 0
      ? Math.floor((run.personYears * 100) / run.personYearsTotal)
      : run?.status === 'finished'
        ? 100
        : 0;
  return (
    <>
      <Button onClick={() => setOpen(true)}>按此版本重新结算</Button>
      <Modal
        title={`按“${policy.name}”第 ${policy.version} 版重新结算`}
        open={open}
        okText={run ? '关闭' : '开始重新结算'}
        okButtonProps={{ disabled: !run && reason.trim().length < 2, loading: start.isSubmitting }}
        onOk={() => (run ? setOpen(false) : void start.submit())}
        onCancel={() => setOpen(false)}
        cancelButtonProps={{ style: run ? { display: 'none' } : undefined }}
      >
        <ErrorAlert message={start.error} />
        {run ? (
          <>
            <Progress
              percent={percent}
              status={
                run.status === 'failed' ? 'exception' : run.status === 'finished' ? 'success' : 'active'
              }
            />
            <Descriptions size="small" column={2} style={{ marginTop: 12 }}>
              <Descriptions.Item label="状态">{STATUS_TEXT[run.status]}</Descriptions.Item>
              <Descriptions.Item label="批次号">{run.id}</Descriptions.Item>
              <Descriptions.Item label="人员年度">
                {run.personYears} / {run.personYearsTotal}
              </Descriptions.Item>
              <Descriptions.Item label="已重算单据">{run.claims}</Descriptions.Item>
              <Descriptions.Item label="冲销分录">{run.reversals}</Descriptions.Item>
              <Descriptions.Item label="新版本结算">{run.newSettlements}</Descriptions.Item>
            </Descriptions>
            {run.error ? <Alert type="error" title={run.error} /> : null}
          </>
        ) : (
          <>
            <Typography.Paragraph>
              本县（本辖区）出院日期在此版本有效期内的结算单，按出院日期顺序逐人逐年重新结算；金额有变化的单据生成冲销分录和新版本，历史保留。在后台执行，每个人员年度要么全部按新版本重算，要么保持原状；中断后再次发起即从中断处继续。
            </Typography.Paragraph>
            <Input.TextArea
              aria-label="重新结算原因"
              placeholder="重新结算原因（必填，如：基本医保报销比例更正）"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </>
        )}
      </Modal>
    </>
  );
}
