import { findIndicator } from './indicator-catalog.ts';
import type { IndicatorValue } from './indicator-value.ts';

/**
 * Work-report templates (工作总结汇报). A template is sections of paragraphs whose text holds placeholders:
 *   {{poor_households}}              the indicator's value as printed ("1,234", "45.23%")
 *   {{poor_households.numerator}}    its numerator; `.denominator` its denominator
 *   {{region}} {{from}} {{to}} {{year}}  the report's region name and period
 * Parsing checks every placeholder against the indicator catalogue; rendering binds values and marks
 * every figure with where it came from, and a missing figure as missing (never 0).
 */

export type ReportTemplate = {
  title: string;
  sections: { heading: string; paragraphs: string[] }[];
};

export type FigurePart = 'value' | 'numerator' | 'denominator';
export type ContextKey = 'region' | 'from' | 'to' | 'year';

export type TemplateToken =
  | { type: 'text'; text: string }
  | { type: 'figure'; code: string; part: FigurePart }
  | { type: 'context'; key: ContextKey };

export type TemplateProblem = { section: number; paragraph: number; placeholder: string; message: string };

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const CONTEXT_KEYS: readonly ContextKey[] = ['region', 'from', 'to', 'year'];

/** Splits one paragraph into text, figure and context tokens; unknown placeholders become problems. */
export function tokenizeParagraph(
  text: string,
  where: { section: number; paragraph: number } = { section: 0, paragraph: 0 },
): { tokens: TemplateToken[]; problems: TemplateProblem[] } {
  const tokens: TemplateToken[] = [];
  const problems: TemplateProblem[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const index = match.index ?? 0;
    if (index > last) {
      tokens.push({ type: 'text', text: text.slice(last, index) });
    }
    last = index + match[0].length;
    const inner = match[1] ?? '';
    if ((CONTEXT_KEYS as readonly string[]).includes(inner)) {
      tokens.push({ type: 'context', key: inner as ContextKey });
      continue;
    }
    const [code = '', part = 'value', ...rest] = inner.split('.');
    const definition = findIndicator(code);
    if (!definition) {
      problems.push({ ...where, placeholder: match[0], message: `未知的指标“${code}”` });
      tokens.push({ type: 'text', text: match[0] });
      continue;
    }
    if (rest.length > 0 || !['value', 'numerator', 'denominator'].includes(part)) {
      problems.push({
        ...where,
        placeholder: match[0],
        message: `“${part}”不是指标的组成部分（可用 numerator 或 denominator）`,
      });
      tokens.push({ type: 'text', text: match[0] });
      continue;
    }
    if (part === 'denominator' && definition.denominator === null) {
      problems.push({ ...where, placeholder: match[0], message: `指标“${definition.name}”没有分母` });
      tokens.push({ type: 'text', text: match[0] });
      continue;
    }
    tokens.push({ type: 'figure', code, part: part as FigurePart });
  }
  if (last < text.length) {
    tokens.push({ type: 'text', text: text.slice(last) });
  }
  return { tokens, problems };
}

/** Every problem of a template (empty when it can be used), with section and paragraph numbers from 1. */
export function checkReportTemplate(template: ReportTemplate): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (template.title.trim() === '') {
    problems.push({ section: 0, paragraph: 0, placeholder: '', message: '标题不能为空' });
  }
  template.sections.forEach((section, s) => {
    section.paragraphs.forEach((paragraph, p) => {
      problems.push(...tokenizeParagraph(paragraph, { section: s + 1, paragraph: p + 1 }).problems);
    });
  });
  return problems;
}

/** The indicator codes a template uses, sorted. */
export function indicatorCodesOf(template: ReportTemplate): string[] {
  const codes = new Set<string>();
  for (const section of template.sections) {
    for (const paragraph of section.paragraphs) {
      for (const token of tokenizeParagraph(paragraph).tokens) {
        if (token.type === 'figure') {
          codes.add(token.code);
        }
      }
    }
  }
  return [...codes].sort();
}

export type ReportContext = { regionName: string; regionCode: string; from: string; to: string };

/** A rendered piece of a paragraph: plain text, or a figure with its provenance. */
export type RenderedSegment =
  | { type: 'text'; text: string }
  | {
      type: 'figure';
      text: string;
      code: string;
      indicatorName: string;
      part: FigurePart;
      regionCode: string;
      from: string;
      to: string;
      isMissing: boolean;
      missingReason: string | null;
    };

export type RenderedReport = {
  title: string;
  sections: { heading: string; paragraphs: RenderedSegment[][] }[];
  missingCount: number;
};

const MISSING_TEXT = '【缺数据】';

/** Binds values to a template. A code absent from `values` (or a missing ratio) renders as 【缺数据】, flagged. */
export function renderReport(
  template: ReportTemplate,
  context: ReportContext,
  values: ReadonlyMap<string, IndicatorValue | null>,
): RenderedReport {
  let missingCount = 0;
  const contextText: Record<ContextKey, string> = {
    region: context.regionName,
    from: context.from,
    to: context.to,
    year: context.to.slice(0, 4),
  };
  const renderText = (text: string) => renderParagraph(text);
  function renderParagraph(text: string): RenderedSegment[] {
    return tokenizeParagraph(text).tokens.map((token): RenderedSegment => {
      if (token.type === 'text') {
        return token;
      }
      if (token.type === 'context') {
        return { type: 'text', text: contextText[token.key] };
      }
      const definition = findIndicator(token.code);
      const value = values.get(token.code) ?? null;
      let shown: string | null = null;
      let missingReason: string | null = null;
      if (!value) {
        missingReason = '该指标暂无数据来源';
      } else if (token.part === 'value') {
        shown = value.missingReason ? null : value.display;
        missingReason = value.missingReason;
      } else {
        const n = token.part === 'numerator' ? value.numerator : value.denominator;
        shown = n === null ? null : n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
      }
      if (shown === null) {
        missingCount++;
      }
      return {
        type: 'figure',
        text: shown ?? MISSING_TEXT,
        code: token.code,
        indicatorName: definition?.name ?? token.code,
        part: token.part,
        regionCode: context.regionCode,
        from: context.from,
        to: context.to,
        isMissing: shown === null,
        missingReason: shown === null ? (missingReason ?? '无数据') : null,
      };
    });
  }
  return {
    title: renderText(template.title)
      .map((s) => s.text)
      .join(''),
    sections: template.sections.map((section) => ({
      heading: renderText(section.heading)
        .map((s) => s.text)
        .join(''),
      paragraphs: section.paragraphs.map(renderParagraph),
    })),
    missingCount,
  };
}
