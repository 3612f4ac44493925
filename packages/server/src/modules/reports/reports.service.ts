import {
  checkReportTemplate,
  DEFAULT_REPORT_TEMPLATE,
  type IndicatorValue,
  indicatorCodesOf,
  isRegionWithin,
  type ReportTemplate,
  renderReport,
} from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError, notFound, outOfScope } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import {
  computeIndicator,
  type IndicatorRequest,
  resolveIndicatorRequest,
} from '../indicators/indicators.service.ts';

export const DEFAULT_TEMPLATE_ID = 0;

export type TemplateDto = {
  id: number;
  name: string;
  regionCode: string | null;
  isBuiltIn: boolean;
  body: ReportTemplate;
  updatedAt: string | null;
};

const BUILT_IN: TemplateDto = {
  id: DEFAULT_TEMPLATE_ID,
  name: '默认模板（卫健局健康扶贫工作总结汇报）',
  regionCode: null,
  isBuiltIn: true,
  body: DEFAULT_REPORT_TEMPLATE,
  updatedAt: null,
};

function assertValidTemplate(body: ReportTemplate): void {
  const problems = checkReportTemplate(body);
  if (problems.length > 0) {
    const text = problems
      .slice(0, 5)
      .map((p) =>
        p.section ? `第${p.section}节第${p.paragraph}段 ${p.placeholder}：${p.message}` : p.message,
      )
      .join('；');
    throw new AppError('VALIDATION_FAILED', `模板有 ${problems.length} 处错误：${text}`, { problems });
  }
}

/** Templates visible to the caller: the built-in one, those of the caller's region and its ancestors and below. */
export async function listTemplates(db: Kysely<DB>, actor: Actor): Promise<TemplateDto[]> {
  const rows = await db.selectFrom('report_template').selectAll().orderBy('updated_at', 'desc').execute();
  return [
    BUILT_IN,
    ...rows
      .filter(
        (r) =>
          isRegionWithin(r.region_code, actor.regionCode) || isRegionWithin(actor.regionCode, r.region_code),
      )
      .map((r) => ({
        id: r.id,
        name: r.name,
        regionCode: r.region_code,
        isBuiltIn: false,
        body: r.body as ReportTemplate,
        updatedAt: r.updated_at.toISOString(),
      })),
  ];
}

export async function getTemplate(db: Kysely<DB>, actor: Actor, id: number): Promise<TemplateDto> {
  const found = (await listTemplates(db, actor)).find((t) => t.id === id);
  if (!found) {
    throw notFound(`报告模板 ${id}`);
  }
  return found;
}

export async function saveTemplate(
  db: Kysely<DB>,
  request: FastifyRequest,
  actor: Actor,
  input: { id?: number; name: string; body: ReportTemplate },
): Promise<TemplateDto> {
  assertValidTemplate(input.body);
  const id = await db.transaction().execute(async (trx) => {
    let savedId: number;
    if (input.id === undefined) {
      const row = await trx
        .insertInto('report_template')
        .values({
          region_code: actor.regionCode,
          name: input.name,
          body: JSON.stringify(input.body),
          created_by: actor.userId,
          updated_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      savedId = row.id;
    } else {
      const existing = await trx
        .selectFrom('report_template')
        .select(['id', 'region_code'])
        .where('id', '=', input.id)
        .executeTakeFirst();
      if (!existing) {
        throw notFound(`报告模板 ${input.id}`);
      }
      if (!isRegionWithin(existing.region_code, actor.regionCode)) {
        throw outOfScope('只能修改本级及下级区划的报告模板');
      }
      await trx
        .updateTable('report_template')
        .set({
          name: input.name,
          body: JSON.stringify(input.body),
          updated_by: actor.userId,
          updated_at: new Date(),
        })
        .where('id', '=', input.id)
        .execute();
      savedId = input.id;
    }
    await recordAudit(trx, request, {
      action: input.id === undefined ? 'report_template.create' : 'report_template.update',
      entityType: 'report_template',
      entityId: savedId,
      regionCode: actor.regionCode,
      result: 'success',
      detail: { name: input.name },
    });
    return savedId;
  });
  return getTemplate(db, actor, id);
}

export async function deleteTemplate(db: Kysely<DB>, request: FastifyRequest, actor: Actor, id: number) {
  const template = await getTemplate(db, actor, id);
  if (template.isBuiltIn) {
    throw new AppError('VALIDATION_FAILED', '默认模板不能删除');
  }
  if (!template.regionCode || !isRegionWithin(template.regionCode, actor.regionCode)) {
    throw outOfScope('只能删除本级及下级区划的报告模板');
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('report_template').where('id', '=', id).execute();
    await recordAudit(trx, request, {
      action: 'report_template.delete',
      entityType: 'report_template',
      entityId: id,
      regionCode: actor.regionCode,
      result: 'success',
      detail: { name: template.name },
    });
  });
}

/** Renders a template (stored, or given inline for a preview) for a region and period from live data. */
export async function generateReport(
  db: Kysely<DB>,
  actor: Actor,
  input: IndicatorRequest & { templateId?: number | undefined; body?: ReportTemplate | undefined },
) {
  const body = input.body ?? (await getTemplate(db, actor, input.templateId ?? DEFAULT_TEMPLATE_ID)).body;
  assertValidTemplate(body);
  const { region, query } = await resolveIndicatorRequest(db, actor, input);
  const values = new Map<string, IndicatorValue | null>();
  for (const code of indicatorCodesOf(body)) {
    values.set(code, (await computeIndicator(db, code, query)).value);
  }
  return {
    region: { code: region.code, name: region.name },
    from: query.from,
    to: query.to,
    report: renderReport(
      body,
      { regionName: region.name, regionCode: region.code, from: query.from, to: query.to },
      values,
    ),
  };
}
