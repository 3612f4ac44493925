import { Tag, Tooltip } from 'antd';
import type { TVisit } from '../api.ts';

/** 入户: voided (with the reason on hover), met someone at home, or nobody at home. */
export function VisitContactTag({ visit }: { visit: TVisit }) {
  if (visit.isVoided) {
    return (
      <Tooltip title={visit.voidReason}>
        <Tag>已作废</Tag>
      </Tooltip>
    );
  }
  return visit.contact === 'met' ? <Tag color="green">见到户内成员</Tag> : <Tag color="orange">家中无人</Tag>;
}

/** 政策知晓: correct answers of those asked and the verdict, or a dash when nobody was surveyed. */
export function SurveyResultTag({ survey }: { survey: TVisit['survey'] }) {
  if (!survey) {
    return '—';
  }
  return (
    <Tag color={survey.isAware ? 'green' : 'red'}>
      {`${survey.correct}/${survey.asked} ${survey.isAware ? '知晓' : '不知晓'}`}
    </Tag>
  );
}
