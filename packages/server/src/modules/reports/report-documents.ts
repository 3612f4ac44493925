import type { RenderedReport, RenderedSegment } from '@healthaid/domain';
import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  Packer,
  Paragraph,
  TextRun,
} from 'docx';

/**
 * Turns a rendered work report into a .docx (figures bold, missing figures red and highlighted, each figure's
 * source in a footnote) and into print-ready HTML (A4, every text escaped).
 */

function provenance(segment: Extract<RenderedSegment, { type: 'figure' }>): string {
  const part = segment.part === 'numerator' ? '（分子）' : segment.part === 'denominator' ? '（分母）' : '';
  const base = `${segment.indicatorName}${part}：区划 ${segment.regionCode}，${segment.from} 至 ${segment.to}`;
  return segment.isMissing ? `${base}；缺数据：${segment.missingReason ?? ''}` : base;
}

export async function buildReportDocx(report: RenderedReport): Promise<Buffer> {
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  let next = 1;
  const paragraphs: Paragraph[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun(report.title)],
    }),
  ];
  for (const section of report.sections) {
    paragraphs.push(
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(section.heading)] }),
    );
    for (const segments of section.paragraphs) {
      const runs: (TextRun | FootnoteReferenceRun)[] = [];
      for (const segment of segments) {
        if (segment.type === 'text') {
          runs.push(new TextRun(segment.text));
          continue;
        }
        runs.push(
          new TextRun({
            text: segment.text,
            bold: true,
            ...(segment.isMissing ? { color: 'C00000', highlight: 'yellow' } : {}),
          }),
        );
        footnotes[next] = { children: [new Paragraph(provenance(segment))] };
        runs.push(new FootnoteReferenceRun(next));
        next++;
      }
      paragraphs.push(new Paragraph({ indent: { firstLine: 480 }, spacing: { line: 360 }, children: runs }));
    }
  }
  const doc = new Document({
    creator: 'HealthAid 健康扶贫动态管理系统',
    title: report.title,
    styles: { default: { document: { run: { font: '宋体', size: 24 } } } },
    footnotes,
    sections: [{ children: paragraphs }],
  });
  return Packer.toBuffer(doc);
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function buildReportHtml(report: RenderedReport): string {
  const notes: string[] = [];
  const body = report.sections
    .map((section) => {
      const paragraphs = section.paragraphs
        .map((segments) => {
          const html = segments
            .map((segment) => {
              if (segment.type === 'text') {
                return escapeHtml(segment.text);
              }
              notes.push(provenance(segment));
              const n = notes.length;
              const cls = segment.isMissing ? 'figure missing' : 'figure';
              return `<span class="${cls}" title="${escapeHtml(provenance(segment))}">${escapeHtml(segment.text)}</span><sup>${n}</sup>`;
            })
            .join('');
          return `<p>${html}</p>`;
        })
        .join('\n');
      return `<h2>${escapeHtml(section.heading)}</h2>\n${paragraphs}`;
    })
    .join('\n');
  const missing =
    report.missingCount > 0
      ? `<p class="warning">注意：本报告有 ${report.missingCount} 处数据缺失（红色标出），打印前请核实。</p>`
      : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title>
<style>
@page { size: A4; margin: 25mm 20mm; }
body { font-family: "SimSun", "宋体", "WenQuanYi Micro Hei", serif; font-size: 16px; line-height: 1.9; max-width: 170mm; margin: 0 auto; color: #000; }
h1 { text-align: center; font-size: 22px; }
h2 { font-size: 18px; margin-top: 1.2em; }
p { text-indent: 2em; margin: 0.4em 0; }
.figure { font-weight: bold; }
.missing { color: #c00000; background: #fff2a8; }
.warning { color: #c00000; text-indent: 0; }
sup { font-size: 10px; color: #666; }
ol.notes { font-size: 12px; color: #444; border-top: 1px solid #999; padding-top: 0.5em; }
@media print { .warning { display: none; } }
</style></head>
<body>
<h1>${escapeHtml(report.title)}</h1>
${missing}
${body}
<ol class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ol>
</body></html>`;
}
