import { Space, Tag, Tooltip } from 'antd';
import {
  LINE_LABELS,
  type TDiagnosis,
  type TDiseaseLine,
  type TIllPerson,
  TREATMENT_LABELS,
  type TVerificationStatus,
  VERIFICATION_LABELS,
} from '../api.ts';

export const LINE_COLORS: Record<TDiseaseLine, string> = {
  major_treatment: 'red',
  severe_safety_net: 'volcano',
  chronic_contract: 'blue',
  none: 'default',
};

const VERIFICATION_COLORS: Record<TVerificationStatus, string> = {
  pending: 'gold',
  verified: 'green',
  rejected: 'default',
};

/** 核准 status of a diagnosis; the rejection reason, or who decided and when, on hover. */
export function VerificationTag({ diagnosis: d }: { diagnosis: TDiagnosis }) {
  return (
    <Tooltip title={d.reason ?? `${d.statusBy} ${d.statusDate}`}>
      <Tag color={VERIFICATION_COLORS[d.verificationStatus]}>{VERIFICATION_LABELS[d.verificationStatus]}</Tag>
    </Tooltip>
  );
}

/** 三个一批 line of a diagnosis (its catalogue item when classified), the reason on hover; a dash when none. */
export function DiseaseLineTag({ diagnosis: d }: { diagnosis: TDiagnosis }) {
  if (!d.diseaseLine) {
    return '—';
  }
  return (
    <Tooltip title={d.classificationReason}>
      <Tag color={LINE_COLORS[d.diseaseLine]}>{d.itemName ?? LINE_LABELS[d.diseaseLine]}</Tag>
    </Tooltip>
  );
}

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
