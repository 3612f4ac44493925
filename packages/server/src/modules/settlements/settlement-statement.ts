import { formatBp, formatFen, maskIdNumber, type TPolicySet } from '@healthaid/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { insertAuditEvent } from '../audit/audit.repository.ts';
import { dataScopeOf } from '../auth/data-scope.ts';
import type { SettlementContext } from './settlement-booking.ts';
import { findPolicySet, type PolicySetRow, type SettlementRow } from './settlements.repository.ts';
import { explainRow, insuredLabelOf, loadInScope } from './settlements.service.ts';

/**
 * The one-stop settlement statement (一站式结算单): every payer layer with its rule, base, deductible, rate and
 * amount, the rule trace in Chinese, and the amount the patient pays at the window. One model (buildStatement)
 * feeds both the printable HTML page (A4 or A5, the browser prints it) and the PDF (settlement-pdf.ts).
 */

export type PaperSize = 'A4' | 'A5';

export type StatementModel = {
  title: string;
  isReversed: boolean;
  reversedText: string | null;
  header: { label: string; value: string }[];
  layers: {
    label: string;
    rule: string;
    baseYuan: string;
    deductibleYuan: string;
    rate: string;
    paidYuan: string;
    isCapHit: boolean;
  }[];
  borne: { label: string; yuan: string } | null;
  totalYuan: string;
  depositWaivedYuan: string;
  patientPaysYuan: string;
  explanation: string[];
  footer: string;
};

export async function buildStatement(db: Kysely<DB>, row: SettlementRow): Promise<StatementModel> {
  const policy = (await findPolicySet(db, row.policy_set_id)) as PolicySetRow;
  const result = explainRow(row, policy.body as TPolicySet);
  const yuan = (fen: number) => formatFen(fen);
  const categories = row.categories as string[];
  const isInRegistry = row.person_id !== null;
  const ruleByLayer = new Map(result.trace.map((t) => [t.layer, t.rule.description]));
  return {
    title: '三重保障一站式结算单',
    isReversed: row.status !== 'settled',
    reversedText:
      row.status === 'settled'
        ? null
        : `本结算单（第 ${row.revision} 版）已冲销${row.replaced_by_id ? '并由新版本替代' : ''}：${row.reversed_reason ?? ''}`,
    header: [
      { label: '结算单号', value: `${row.claim_no}（第 ${row.revision} 版）` },
      { label: '医疗机构', value: `${row.institution_name ?? ''}（${row.institution_code}）` },
      { label: '姓名', value: row.person_name || '（未登记）' },
      { label: '身份证号', value: maskIdNumber(row.person_id_number) },
      { label: '人员类别', value: insuredLabelOf(isInRegistry, categories) },
      { label: '就诊', value: `${row.admission_date} 至 ${row.discharge_date}` },
      { label: '适用政策', value: `${row.policy_name}（第 ${row.policy_version} 版）` },
    ],
    layers: result.layers.map((l) => ({
      label: l.label,
      rule: ruleByLayer.get(l.code) ?? l.ruleCode,
      baseYuan: yuan(l.baseFen),
      deductibleYuan: yuan(l.deductibleFen),
      rate: formatBp(l.rateBp),
      paidYuan: yuan(l.paidFen),
      isCapHit: l.isCapHit,
    })),
    borne:
      result.borneByFen > 0
        ? { label: `${result.bearer?.label ?? '医疗机构'}承担（超自付上限）`, yuan: yuan(result.borneByFen) }
        : null,
    totalYuan: yuan(result.totalFen),
    depositWaivedYuan: yuan(result.depositWaivedFen),
    patientPaysYuan: yuan(result.patientPaysFen),
    explanation: result.explanation,
    footer: '患者（家属）签字：____________　　经办人：____________　　日期：____________',
  };
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function renderStatementHtml(model: StatementModel, size: PaperSize): string {
  const e = escapeHtml;
  const small = size === 'A5';
  const header = model.header.map((h) => `<tr><th>${e(h.label)}</th><td>${e(h.value)}</td></tr>`).join('');
  const layers = model.layers
    .map(
      (l) =>
        `<tr><td>${e(l.label)}${l.isCapHit ? '（达封顶）' : ''}</td><td class="rule">${e(l.rule)}</td><td class="n">${e(l.baseYuan)}</td><td class="n">${e(l.deductibleYuan)}</td><td class="n">${e(l.rate)}</td><td class="n">${e(l.paidYuan)}</td></tr>`,
    )
    .join('');
  const borne = model.borne
    ? `<tr><td colspan="5">${e(model.borne.label)}</td><td class="n">${e(model.borne.yuan)}</td></tr>`
    : '';
  const lines = model.explanation.map((line) => `<li>${e(line)}</li>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${e(model.title)} ${e(model.header[0]?.value ?? '')}</title>
<style>@page{size:${size};margin:${small ? 8 : 15}mm}
body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","Microsoft YaHei",sans-serif;font-size:${small ? 9 : 11}pt;color:#000;margin:0}
h1{text-align:center;font-size:${small ? 13 : 17}pt;margin:0 0 6px}table{width:100%;border-collapse:collapse;margin:6px 0}
td,th{border:1px solid #000;padding:${small ? '2px 3px' : '3px 5px'};vertical-align:top}th{text-align:left;white-space:nowrap;width:7em}
.n{text-align:right;white-space:nowrap}.rule{font-size:${small ? 7.5 : 9}pt}.void{color:#c00;font-weight:bold;text-align:center}
.pay{font-size:${small ? 12 : 15}pt;font-weight:bold}ol{margin:4px 0;padding-left:1.6em}li{margin:1px 0}
.toolbar{margin:8px 0}@media print{.toolbar{display:none}}</style></head><body>
<div class="toolbar"><button onclick="window.print()">打印 / 另存为 PDF</button></div>
<h1>${e(model.title)}</h1>${model.reversedText ? `<p class="void">${e(model.reversedText)}</p>` : ''}
<table>${header}</table>
<table><thead><tr><th>保障层</th><th>适用规则</th><th>计算基数（元）</th><th>起付线（元）</th><th>比例</th><th>支付（元）</th></tr></thead><tbody>${layers}${borne}</tbody></table>
<p>医疗总费用：${e(model.totalYuan)} 元；免收押金：${e(model.depositWaivedYuan)} 元</p>
<p class="pay">个人窗口支付：${e(model.patientPaysYuan)} 元</p>
<h2 style="font-size:${small ? 10 : 12}pt">计算说明</h2><ol>${lines}</ol>
<p>${e(model.footer)}</p>
</body></html>`;
}

/** Load a settlement in the caller's scope, audit the view and build its statement. */
export async function loadStatement(
  db: Kysely<DB>,
  ctx: SettlementContext,
  id: number,
  format: 'html' | 'pdf',
) {
  const row = await loadInScope(db, dataScopeOf(ctx.actor), id);
  await insertAuditEvent(db, {
    ...ctx.audit,
    action: 'settlement.statement_viewed',
    entityType: 'settlement',
    entityId: row.id,
    regionCode: row.person_village_code,
    result: 'success',
    detail: { format },
  });
  return { row, model: await buildStatement(db, row) };
}
