import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../../http/app-error.ts';
import type { PaperSize, StatementModel } from './settlement-statement.ts';

/**
 * The statement as a PDF, drawn by pdfkit (pure JavaScript, no browser) with a CJK font embedded as a subset.
 * Chosen over printing the HTML in headless Chromium because a bureau's server has no browser, while a font
 * file is one Debian package (fonts-wqy-microhei, also needed by the browser tests) and the output is the same
 * on every machine and testable byte by byte. The font is SETTLEMENT_PDF_FONT (a .ttf/.otf/.ttc path,
 * optionally `path#PostScriptName` for a collection) or the first installed of CJK_FONT_CANDIDATES; without one
 * the PDF endpoint answers 503 with a Chinese message and the printable HTML page remains available.
 */
export const CJK_FONT_CANDIDATES: readonly { path: string; family?: string }[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf' },
];

export function findCjkFont(env: NodeJS.ProcessEnv = process.env): { path: string; family?: string } | null {
  const configured = env.SETTLEMENT_PDF_FONT?.trim();
  if (configured) {
    const [path, family] = configured.split('#');
    return path && fs.existsSync(path) ? { path, ...(family ? { family } : {}) } : null;
  }
  return CJK_FONT_CANDIDATES.find((font) => fs.existsSync(font.path)) ?? null;
}

const PAGE = {
  A4: { margin: 42, title: 16, body: 9.5, small: 8, pay: 13 },
  A5: { margin: 24, title: 12.5, body: 7.2, small: 6.2, pay: 10.5 },
} as const;

export async function renderStatementPdf(
  model: StatementModel,
  size: PaperSize,
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  const font = findCjkFont();
  if (!font) {
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      '服务器未安装中文字体（如 Debian 软件包 fonts-wqy-microhei，或用 SETTLEMENT_PDF_FONT 指定字体文件），暂不能生成 PDF；请使用“打印结算单”页面，在浏览器中打印或另存为 PDF',
    );
  }
  const p = PAGE[size];
  const doc = new PDFDocument({
    size,
    margin: p.margin,
    compress: options.compress ?? true,
    info: { Title: `${model.title} ${model.header[0]?.value ?? ''}`, Creator: 'HealthAid' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (font.family) {
    doc.registerFont('cjk', font.path, font.family);
  } else {
    doc.registerFont('cjk', font.path);
  }
  doc.font('cjk');
  const width = doc.page.width - p.margin * 2;
  const left = p.margin;

  doc.fontSize(p.title).text(model.title, { align: 'center' });
  doc.moveDown(0.3);
  if (model.reversedText) {
    doc
      .fontSize(p.body)
      .fillColor('#c00000')
      .text(model.reversedText, { align: 'center' })
      .fillColor('#000000');
    doc.moveDown(0.3);
  }
  doc.fontSize(p.body);
  for (const h of model.header) {
    doc.text(`${h.label}：${h.value}`, { width });
  }
  doc.moveDown(0.4);

  // Layers table: label | rule | base | deductible | rate | paid.
  const cols = [0.13, 0.4, 0.13, 0.12, 0.08, 0.14].map((f) => f * width);
  const headers = ['保障层', '适用规则', '计算基数（元）', '起付线（元）', '比例', '支付（元）'];
  const drawRow = (cells: string[], fontSize: number, isHeader = false) => {
    const top = doc.y;
    let x = left;
    let height = 0;
    cells.forEach((cell, i) => {
      const w = (cols[i] as number) - 4;
      doc.fontSize(i === 1 && !isHeader ? p.small : fontSize);
      height = Math.max(height, doc.heightOfString(cell, { width: w }));
      x += cols[i] as number;
    });
    if (top + height + 6 > doc.page.height - p.margin) {
      doc.addPage();
      return drawRow(cells, fontSize, isHeader);
    }
    x = left;
    cells.forEach((cell, i) => {
      const w = (cols[i] as number) - 4;
      doc.fontSize(i === 1 && !isHeader ? p.small : fontSize);
      doc.text(cell, x + 2, top + 3, { width: w, align: i >= 2 && !isHeader ? 'right' : 'left' });
      doc.rect(x, top, cols[i] as number, height + 6).stroke();
      x += cols[i] as number;
    });
    doc.x = left;
    doc.y = top + height + 6;
  };
  doc.lineWidth(0.5);
  drawRow(headers, p.small, true);
  for (const l of model.layers) {
    drawRow(
      [
        `${l.label}${l.isCapHit ? '（达封顶）' : ''}`,
        l.rule,
        l.baseYuan,
        l.deductibleYuan,
        l.rate,
        l.paidYuan,
      ],
      p.body,
    );
  }
  if (model.borne) {
    drawRow([model.borne.label, '', '', '', '', model.borne.yuan], p.body);
  }
  doc.moveDown(0.5);
  doc
    .fontSize(p.body)
    .text(`医疗总费用：${model.totalYuan} 元；免收押金：${model.depositWaivedYuan} 元`, left, doc.y, {
      width,
    });
  doc.moveDown(0.2);
  doc.fontSize(p.pay).text(`个人窗口支付：${model.patientPaysYuan} 元`, { width });
  doc.moveDown(0.4);
  doc.fontSize(p.body).text('计算说明', { width });
  doc.fontSize(p.small);
  model.explanation.forEach((line, i) => {
    doc.text(`${i + 1}. ${line}`, { width });
  });
  doc.moveDown(0.8);
  doc.fontSize(p.body).text(model.footer, { width });
  doc.end();
  return done;
}
