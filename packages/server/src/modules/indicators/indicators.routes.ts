import { STATISTICS_TABLES } from '@healthaid/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { offsetOf, pageOf, ZPageQuery } from '../../http/pagination.ts';
import { attachmentHeader, buildXlsx, XLSX_MIME } from '../../http/xlsx.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { buildDashboard, buildFamilyDoctorDashboard } from './dashboard.service.ts';
import {
  computeIndicator,
  computeIndicatorByChild,
  listDefinitions,
  listIndicatorMembers,
  resolveIndicatorRequest,
} from './indicators.service.ts';
import { buildStatisticsTable, statisticsTableHtml, statisticsTableXlsx } from './statistics.service.ts';

const ZIsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(
    (v) =>
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      message: '日期不存在',
    },
  );
const ZRegionPeriod = z.object({
  region: z.string().max(20).optional(),
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
});
const ZCodeParams = z.object({ code: z.string().max(64) });
const ZValue = z.object({
  numerator: z.number().int(),
  denominator: z.number().int().nullable(),
  value: z.number().int().nullable(),
  display: z.string(),
  missingReason: z.string().nullable(),
});
const ZDefinition = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['count', 'ratio', 'amount']),
  unit: z.string(),
  module: z.string(),
  periodSemantics: z.enum(['point', 'period']),
  numerator: z.string(),
  denominator: z.string().nullable(),
  definition: z.string(),
  formula: z.string(),
  levels: z.array(z.string()),
  isAvailable: z.boolean(),
});
const ZMember = z.object({
  entityType: z.enum(['person', 'household', 'problem', 'institution']),
  id: z.number().int(),
  countyCode: z.string(),
  name: z.string(),
  idNumber: z.string().nullable(),
  householdNo: z.string().nullable(),
  villageCode: z.string(),
  villageName: z.string(),
});
const ZPart = z.enum(['numerator', 'denominator']).default('numerator');
const MEMBER_TYPE_LABELS = { person: '人员', household: '户', problem: '问题', institution: '机构' } as const;

export const indicatorsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const aggregates = requireAuth({ permission: 'aggregates.read' });
  const persons = requireAuth({ permission: 'persons.read' });

  app.get(
    '/indicators',
    {
      preHandler: aggregates,
      schema: {
        tags: ['indicators'],
        summary: '指标目录',
        response: { 200: z.object({ items: z.array(ZDefinition) }) },
      },
    },
    async () => ({ items: listDefinitions() }),
  );

  app.get(
    '/indicators/:code',
    {
      preHandler: aggregates,
      schema: {
        tags: ['indicators'],
        summary: '指标值（分子、分母），可按下级区划分解',
        params: ZCodeParams,
        querystring: ZRegionPeriod.extend({ children: z.enum(['true', 'false']).optional() }),
        response: {
          200: z.object({
            code: z.string(),
            name: z.string(),
            unit: z.string(),
            kind: z.string(),
            region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
            from: z.string(),
            to: z.string(),
            isAvailable: z.boolean(),
            value: ZValue.nullable(),
            children: z.array(z.object({ code: z.string(), name: z.string(), value: ZValue })).nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { region, query } = await resolveIndicatorRequest(db, actorOf(request), request.query);
      const result = await computeIndicator(db, request.params.code, query);
      const children =
        request.query.children === 'true'
          ? await computeIndicatorByChild(db, request.params.code, region, query)
          : null;
      return {
        code: result.definition.code,
        name: result.definition.name,
        unit: result.definition.unit,
        kind: result.definition.kind,
        region: { code: region.code, name: region.name, level: region.level },
        from: query.from,
        to: query.to,
        isAvailable: result.isAvailable,
        value: result.value,
        children,
      };
    },
  );

  app.get(
    '/indicators/:code/members',
    {
      preHandler: persons,
      schema: {
        tags: ['indicators'],
        summary: '指标明细（分子或分母所计的人员或户）',
        params: ZCodeParams,
        querystring: ZRegionPeriod.extend({ part: ZPart }).merge(ZPageQuery),
        response: { 200: pageOf(ZMember) },
      },
    },
    async (request) => {
      const { query } = await resolveIndicatorRequest(db, actorOf(request), request.query);
      const { total, items } = await listIndicatorMembers(
        db,
        request.params.code,
        query,
        request.query.part,
        {
          limit: request.query.pageSize,
          offset: offsetOf(request.query),
        },
      );
      return { items, total, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  app.get(
    '/indicators/:code/members.xlsx',
    {
      preHandler: persons,
      schema: {
        tags: ['indicators'],
        summary: '导出指标明细（Excel，身份证号脱敏）',
        params: ZCodeParams,
        querystring: ZRegionPeriod.extend({ part: ZPart }),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { region, query } = await resolveIndicatorRequest(db, actor, request.query);
      const { items, total } = await listIndicatorMembers(
        db,
        request.params.code,
        query,
        request.query.part,
        {
          limit: 200_000,
          offset: 0,
        },
      );
      const buffer = await buildXlsx(
        '指标明细',
        [
          { header: '类型', width: 8, value: (r) => MEMBER_TYPE_LABELS[r.entityType] },
          { header: '姓名/户主', value: (r) => r.name },
          { header: '身份证号', width: 22, value: (r) => r.idNumber },
          { header: '户编号', width: 22, value: (r) => r.householdNo },
          { header: '村', width: 20, value: (r) => r.villageName },
          { header: '村级区划代码', width: 16, value: (r) => r.villageCode },
        ],
        items,
      );
      await recordAudit(db, request, {
        action: 'indicator.members_export',
        entityType: 'indicator',
        entityId: request.params.code,
        regionCode: region.code,
        result: 'success',
        detail: { part: request.query.part, from: query.from, to: query.to, rows: total },
      });
      return reply
        .header('content-type', XLSX_MIME)
        .header(
          'content-disposition',
          attachmentHeader(`指标明细-${request.params.code}-${region.name}-${query.to}.xlsx`),
        )
        .send(buffer);
    },
  );
  app.get(
    '/dashboard',
    {
      preHandler: aggregates,
      schema: {
        tags: ['indicators'],
        summary: '驾驶舱：关键指标、月度趋势、下级区划对比、人员类别与致贫原因分布（实时）',
        querystring: ZRegionPeriod,
        response: {
          200: z.object({
            region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
            from: z.string(),
            to: z.string(),
            keyFigures: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                unit: z.string(),
                kind: z.string(),
                isAvailable: z.boolean(),
                value: ZValue.nullable(),
              }),
            ),
            childColumns: z.array(z.object({ code: z.string() })),
            children: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                figures: z.record(z.string(), ZValue.nullable()),
              }),
            ),
            trend: z.array(
              z.object({ month: z.string(), poorPersons: z.number(), monitoredPersons: z.number() }),
            ),
            categories: z.array(z.object({ key: z.string(), label: z.string(), count: z.number() })),
            causes: z.array(z.object({ key: z.string(), label: z.string(), count: z.number() })),
          }),
        },
      },
    },
    async (request) => {
      const { region, query } = await resolveIndicatorRequest(db, actorOf(request), request.query);
      return buildDashboard(db, region, query);
    },
  );
  const ZSigning = z.object({
    contractedPersons: ZValue,
    keyPersons: z.number().int(),
    contractRate: ZValue,
  });
  app.get(
    '/dashboard/family-doctor',
    {
      preHandler: aggregates,
      schema: {
        tags: ['indicators'],
        summary: '驾驶舱：家庭医生签约（签约人数、重点人群人数、签约率，含下级区划）',
        querystring: ZRegionPeriod,
        response: {
          200: ZSigning.extend({
            region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
            from: z.string(),
            to: z.string(),
            children: z.array(ZSigning.extend({ code: z.string(), name: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      const { region, query } = await resolveIndicatorRequest(db, actorOf(request), request.query);
      return buildFamilyDoctorDashboard(db, region, query);
    },
  );
  app.get(
    '/statistics/tables',
    {
      preHandler: aggregates,
      schema: {
        tags: ['indicators'],
        summary: '统计报表目录',
        response: {
          200: z.object({
            items: z.array(z.object({ code: z.string(), title: z.string(), note: z.string() })),
          }),
        },
      },
    },
    async () => ({ items: STATISTICS_TABLES.map(({ code, title, note }) => ({ code, title, note })) }),
  );

  const ZStatRow = z.object({
    code: z.string(),
    name: z.string(),
    cells: z.record(z.string(), z.object({ value: z.number().nullable(), display: z.string() })),
  });

  app.get(
    '/statistics/tables/:code',
    {
      preHandler: aggregates,
      schema: {
        tags: ['indicators'],
        summary: '统计报表（下级区划为行，两级表头）',
        params: ZCodeParams,
        querystring: ZRegionPeriod,
        response: {
          200: z.object({
            code: z.string(),
            title: z.string(),
            note: z.string(),
            groups: z.array(
              z.object({
                title: z.string(),
                columns: z.array(z.object({ key: z.string(), title: z.string() })),
              }),
            ),
            region: z.object({ code: z.string(), name: z.string() }),
            to: z.string(),
            rows: z.array(ZStatRow),
            total: ZStatRow,
          }),
        },
      },
    },
    async (request) => {
      const { region, query } = await resolveIndicatorRequest(db, actorOf(request), request.query);
      const built = await buildStatisticsTable(db, request.params.code, region, query);
      return {
        code: built.table.code,
        title: built.table.title,
        note: built.table.note,
        groups: built.table.groups.map((g) => ({
          title: g.title,
          columns: g.columns.map((c) => ({ key: c.key, title: c.title })),
        })),
        region: built.region,
        to: built.to,
        rows: built.rows,
        total: built.total,
      };
    },
  );

  for (const format of ['xlsx', 'html'] as const) {
    app.get(
      `/statistics/tables/:code.${format}`,
      {
        preHandler: aggregates,
        schema: {
          tags: ['indicators'],
          summary: format === 'xlsx' ? '导出统计报表（Excel，原表样）' : '统计报表打印版',
          params: ZCodeParams,
          querystring: ZRegionPeriod,
        },
      },
      async (request, reply) => {
        const { region, query } = await resolveIndicatorRequest(db, actorOf(request), request.query);
        const built = await buildStatisticsTable(db, request.params.code, region, query);
        if (format === 'html') {
          return reply.header('content-type', 'text/html; charset=utf-8').send(statisticsTableHtml(built));
        }
        await recordAudit(db, request, {
          action: 'statistics.export',
          entityType: 'statistics_table',
          entityId: built.table.code,
          regionCode: region.code,
          result: 'success',
          detail: { to: query.to },
        });
        return reply
          .header('content-type', XLSX_MIME)
          .header(
            'content-disposition',
            attachmentHeader(`${region.name}${built.table.title}-${query.to}.xlsx`),
          )
          .send(await statisticsTableXlsx(built));
      },
    );
  }
};
