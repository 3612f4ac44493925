import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attachmentHeader } from '../../http/xlsx.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { buildReportDocx, buildReportHtml } from './report-documents.ts';
import {
  deleteTemplate,
  generateReport,
  getTemplate,
  listTemplates,
  saveTemplate,
} from './reports.service.ts';

const ZIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const ZTemplateBody = z.strictObject({
  title: z.string().trim().min(1, '标题不能为空').max(200, '标题最多 200 字'),
  sections: z
    .array(
      z.strictObject({
        heading: z.string().trim().min(1, '节标题不能为空').max(200, '节标题最多 200 字'),
        paragraphs: z.array(z.string().max(5000, '每段最多 5000 字')).max(50, '每节最多 50 段'),
      }),
    )
    .min(1, '至少需要一节')
    .max(30, '最多 30 节'),
});
const ZTemplate = z.object({
  id: z.number().int(),
  name: z.string(),
  regionCode: z.string().nullable(),
  isBuiltIn: z.boolean(),
  body: ZTemplateBody,
  updatedAt: z.string().nullable(),
});
const ZTemplateInput = z.strictObject({
  name: z.string().trim().min(1, '名称不能为空').max(100),
  body: ZTemplateBody,
});
const ZId = z.object({ id: z.coerce.number().int().min(0) });
const ZGenerateQuery = z.object({
  templateId: z.coerce.number().int().min(0).optional(),
  region: z.string().max(20).optional(),
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
});
const ZSegment = z.union([
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({
    type: z.literal('figure'),
    text: z.string(),
    code: z.string(),
    indicatorName: z.string(),
    part: z.enum(['value', 'numerator', 'denominator']),
    regionCode: z.string(),
    from: z.string(),
    to: z.string(),
    isMissing: z.boolean(),
    missingReason: z.string().nullable(),
  }),
]);
const ZRendered = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  report: z.object({
    title: z.string(),
    sections: z.array(z.object({ heading: z.string(), paragraphs: z.array(z.array(ZSegment)) })),
    missingCount: z.number().int(),
  }),
});

export const reportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const guard = requireAuth({ permission: 'aggregates.read' });

  app.get(
    '/reports/templates',
    {
      preHandler: guard,
      schema: {
        tags: ['reports'],
        summary: '报告模板列表',
        response: { 200: z.object({ items: z.array(ZTemplate) }) },
      },
    },
    async (request) => ({ items: await listTemplates(db, actorOf(request)) }),
  );

  app.get(
    '/reports/templates/:id',
    {
      preHandler: guard,
      schema: { tags: ['reports'], summary: '报告模板', params: ZId, response: { 200: ZTemplate } },
    },
    async (request) => getTemplate(db, actorOf(request), request.params.id),
  );

  app.post(
    '/reports/templates',
    {
      preHandler: guard,
      schema: {
        tags: ['reports'],
        summary: '新建报告模板',
        body: ZTemplateInput,
        response: { 201: ZTemplate },
      },
    },
    async (request, reply) => {
      const saved = await saveTemplate(db, request, actorOf(request), request.body);
      return reply.code(201).send(saved);
    },
  );

  app.put(
    '/reports/templates/:id',
    {
      preHandler: guard,
      schema: {
        tags: ['reports'],
        summary: '修改报告模板',
        params: ZId,
        body: ZTemplateInput,
        response: { 200: ZTemplate },
      },
    },
    async (request) =>
      saveTemplate(db, request, actorOf(request), { id: request.params.id, ...request.body }),
  );

  app.delete(
    '/reports/templates/:id',
    { preHandler: guard, schema: { tags: ['reports'], summary: '删除报告模板', params: ZId } },
    async (request, reply) => {
      await deleteTemplate(db, request, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/reports/generate',
    {
      preHandler: guard,
      schema: {
        tags: ['reports'],
        summary: '按模板生成工作总结（JSON，含每个数字的来源）',
        querystring: ZGenerateQuery,
        response: { 200: ZRendered },
      },
    },
    async (request) => generateReport(db, actorOf(request), request.query),
  );

  app.post(
    '/reports/preview',
    {
      preHandler: guard,
      schema: {
        tags: ['reports'],
        summary: '用未保存的模板预览',
        body: z.strictObject({
          body: ZTemplateBody,
          region: z.string().max(20).optional(),
          from: ZIsoDate.optional(),
          to: ZIsoDate.optional(),
        }),
        response: { 200: ZRendered },
      },
    },
    async (request) => generateReport(db, actorOf(request), request.body),
  );

  for (const format of ['docx', 'html'] as const) {
    app.get(
      `/reports/generate.${format}`,
      {
        preHandler: guard,
        schema: {
          tags: ['reports'],
          summary: format === 'docx' ? '生成 Word 文档' : '生成可打印的网页',
          querystring: ZGenerateQuery,
        },
      },
      async (request, reply) => {
        const result = await generateReport(db, actorOf(request), request.query);
        await recordAudit(db, request, {
          action: 'report.generate',
          entityType: 'report_template',
          entityId: request.query.templateId ?? 0,
          regionCode: result.region.code,
          result: 'success',
          detail: { format, from: result.from, to: result.to, missing: result.report.missingCount },
        });
        const fileName = `${result.region.name}健康扶贫工作总结-${result.from}至${result.to}`;
        if (format === 'html') {
          return reply
            .header('content-type', 'text/html; charset=utf-8')
            .send(buildReportHtml(result.report));
        }
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
          .header('content-disposition', attachmentHeader(`${fileName}.docx`))
          .send(await buildReportDocx(result.report));
      },
    );
  }
};
