import { Space, Tag, Tooltip } from 'antd';
import { LINE_LABELS, type TDiseaseLine, type TIllPerson, TREATMENT_LABELS } from '../api.ts';

export const LINE_COLORS: Record<TDiseaseLine, string> = {
  major_treatment: 'red',
  severe_safety_net: 'volcano',
  chronic_contract: 'blue',
  none: 'default',
};

/** Every disease of a person: name, 三个一批 line, ledger status; pending ones marked 待核准. */
export function DiseaseTags({ diseases }: { diseases: TIllPerson['diseases'] }) {
  return (
    <Space size={[4, 4]} wrap>
      {diseases.map((d) => (
        <Tooltip
          key={d.diagnosisId}
          title={`${d.icdCode ?? '未编码'} · ${d.diagnosedOn}${d.line ? ` · ${LINE_LABELS[d.line]}` : ''}${d.caseStatus ? ` · ${TREATMENT_LABELS[d.caseStatus]}` : ''}`}
        >
          <Tag color={d.verificationStatus === 'pending' ? 'gold' : d.line ? LINE_COLORS[d.line] : 'default'}>
            {d.itemName ?? d.name}
            {d.verificationStatus === 'pending' ? '（待核准）' : ''}
            {d.caseStatus ? ` · ${TREATMENT_LABELS[d.caseStatus]}` : ''}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}
