import { afterEach, describe, expect, it } from 'vitest';
import { findCjkFont, renderStatementPdf } from './settlement-pdf.ts';
import type { StatementModel } from './settlement-statement.ts';

/** The text of an uncompressed pdfkit PDF: glyph codes of every TJ/Tj string decoded through the ToUnicode CMap. */
function extractText(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const map = new Map<string, string>();
  const hexToString = (hex: string) =>
    String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((h) => Number.parseInt(h, 16)));
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const entry of (block[1] ?? '').matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
      const start = Number.parseInt(entry[1] ?? '0', 16);
      [...(entry[3] ?? '').matchAll(/<([0-9a-f]+)>/gi)].forEach((dst, i) => {
        map.set((start + i).toString(16).padStart(4, '0'), hexToString(dst[1] ?? ''));
      });
    }
  }
  let out = '';
  for (const show of text.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    for (const str of (show[1] ?? '').matchAll(/<([0-9a-f]+)>/gi)) {
      for (const code of (str[1] ?? '').match(/.{4}/g) ?? []) {
        out += map.get(code.toLowerCase()) ?? '?';
      }
    }
    out += '\n';
  }
  return out;
}

const MODEL: StatementModel = {
  title: '三重保障一站式结算单',
  isReversed: false,
  reversedText: null,
  header: [
    { label: '结算单号', value: 'QL-2024-0001（第 1 版）' },
    { label: '姓名', value: '张三' },
    { label: '人员类别', value: '低保对象、建档立卡贫困人口' },
  ],
  layers: [
    {
      label: '基本医保',
      rule: '县级医疗机构住院：每次起付线 300.00 元，报销比例 85%',
      baseYuan: '56,000.00',
      deductibleYuan: '300.00',
      rate: '85%',
      paidYuan: '47,345.00',
      isCapHit: false,
    },
    {
      label: '大病保险',
      rule: '年度累计起付线 7,500.00 元',
      baseYuan: '8,655.00',
      deductibleYuan: '7,500.00',
      rate: '65%',
      paidYuan: '750.75',
      isCapHit: false,
    },
    {
      label: '医疗救助',
      rule: '低保：救助比例 70%',
      baseYuan: '7,904.25',
      deductibleYuan: '0.00',
      rate: '70%',
      paidYuan: '5,532.98',
      isCapHit: false,
    },
  ],
  borne: { label: '县级健康扶贫兜底保障资金承担（超自付上限）', yuan: '371.27' },
  totalYuan: '60,000.00',
  depositWaivedYuan: '3,000.00',
  patientPaysYuan: '6,000.00',
  explanation: [
    '基本医保：(56,000.00 − 300.00) × 85% = 47,345.00 元',
    '合计：出院时个人在窗口支付 6,000.00 元',
  ],
  footer: '患者（家属）签字：____________',
};

const saved = process.env.SETTLEMENT_PDF_FONT;
afterEach(() => {
  if (saved === undefined) {
    delete process.env.SETTLEMENT_PDF_FONT;
  } else {
    process.env.SETTLEMENT_PDF_FONT = saved;
  }
});

describe('statement PDF', () => {
  it('finds a CJK font on this machine (fonts-wqy-microhei is a stated requirement)', () => {
    expect(findCjkFont(), 'install fonts-wqy-microhei (see README)').not.toBeNull();
  });

  it.each([
    ['A4', '595.28 841.89'],
    ['A5', '419.53 595.28'],
  ] as const)('draws every layer, the trace and the amount the patient pays on %s', async (size, box) => {
    const pdf = await renderStatementPdf(MODEL, size, { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain(`/MediaBox [0 0 ${box}]`);
    const text = extractText(pdf);
    for (const expected of [
      '三重保障一站式结算单',
      '基本医保',
      '大病保险',
      '医疗救助',
      '47,345.00',
      '750.75',
      '5,532.98',
      '371.27',
      '个人窗口支付：6,000.00 元',
      '(56,000.00 − 300.00) × 85% = 47,345.00 元',
    ]) {
      expect(text.replaceAll('\n', '')).toContain(expected);
    }
  });

  it('answers 503 with a Chinese message when no CJK font is installed', async () => {
    process.env.SETTLEMENT_PDF_FONT = '/nonexistent/font.ttf';
    await expect(renderStatementPdf(MODEL, 'A4')).rejects.toMatchObject({
      status: 503,
      message: expect.stringContaining('服务器未安装中文字体'),
    });
  });
});
