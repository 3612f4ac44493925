import { Progress } from 'antd';

export const PHASE_COLORS = { not_started: 'default', ongoing: 'processing', ended: 'success' } as const;

/** A coverage rate (basis points) as a bar with its exact text; green from 95 %. */
export function CoverageBar({ rateBp, display }: { rateBp: number | null; display: string }) {
  if (rateBp === null) {
    return <span>—</span>;
  }
  return (
    <Progress
      percent={Math.floor(rateBp / 100)}
      format={() => display}
      size="small"
      status={rateBp >= 9_500 ? 'success' : 'normal'}
      style={{ minWidth: 160 }}
    />
  );
}
