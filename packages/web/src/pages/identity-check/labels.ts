import { PERSON_STATUS_LABELS } from '@healthaid/domain/registry';

export const SEX_LABELS: Record<'M' | 'F', string> = { M: '男', F: '女' };

/** Person statuses that need the clerk's attention (a normal status shows no tag). */
export const STATUS_TAGS: Record<'normal' | 'dead' | 'moved_out', { label: string; color: string } | null> = {
  normal: null,
  dead: { label: `登记为已${PERSON_STATUS_LABELS.dead}，请核对身份`, color: 'red' },
  moved_out: { label: `登记为已${PERSON_STATUS_LABELS.moved_out}`, color: 'orange' },
};
