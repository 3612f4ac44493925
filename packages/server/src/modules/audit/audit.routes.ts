import { addDays, chinaStartOfDay, isRole, ROLE_LABELS } from '@healthaid/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/app-error.ts';
import { offsetOf, pageOf, ZPageQuery } from '../../http/pagination.ts';
import { attachmentHeader, buildXlsx, XLSX_MIME } from '../../http/xlsx.ts';
import { requireAuth } from '../../plugins/auth.ts';
import { type AuditFilter, countAuditEvents, findAuditEvents } from './audit.repository.ts';
import { recordAudit } from './audit.service.ts';

const ZIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const ZAuditFilterQuery = z.object({
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  username: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  result: z.enum(['success', 'failure', 'denied']).optional(),
});
const ZAuditEvent = z.object({
  id: z.number(),
  occurredAt: z.string(),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  role: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  clientIp: z.string().nullable(),
  result: z.enum(['success', 'failure', 'denied']),
  idUnmasked: z.boolean(),
  requestId: z.string().nullable(),
  detail: z.unknown().nullable(),
});
const EXPORT_LIMIT = 100_000;

/** Dates are China calendar days; `to` is inclusive. */
function toFilter(query: z.infer<typeof ZAuditFilterQuery>): AuditFilter {
  if (query.from && query.to && query.from > query.to) {
    throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期');
  }
  return {
    from: query.from ? chinaStartOfDay(query.from) : undefined,
    to: query.to ? chinaStartOfDay(addDays(query.to, 1)) : undefined,
    username: query.username || undefined,
    action: query.action || undefined,
    entityType: query.entityType || undefined,
    result: query.result,
  };
}

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const guard = requireAuth({ permission: 'audit.read' });
  const tags = ['audit'];

  app.get(
    '/audit-events',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '审计日志（仅审计员）',
        querystring: ZPageQuery.extend(ZAuditFilterQuery.shape),
        response: { 200: pageOf(ZAuditEvent) },
      },
    },
    async (request) => {
      const filter = toFilter(request.query);
      const [total, rows] = await Promise.all([
        countAuditEvents(db, filter),
        findAuditEvents(db, filter, request.query.pageSize, offsetOf(request.query)),
      ]);
      return {
        items: rows.map((r) => ({
          id: r.id,
          occurredAt: r.occurred_at.toISOString(),
          userId: r.user_id,
          username: r.username,
          role: r.role,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          regionCode: r.region_code,
          regionName: r.region_name ?? null,
          clientIp: r.client_ip,
          result: r.result,
          idUnmasked: r.id_unmasked,
          requestId: r.request_id,
          detail: r.detail ?? null,
        })),
        total,
        page: request.query.page,
        pageSize: request.query.pageSize,
      };
    },
  );

  app.get(
    '/audit-events/export',
    { preHandler: guard, schema: { tags, summary: '导出审计日志（Excel）', querystring: ZAuditFilterQuery } },
    async (request, reply) => {
      const filter = toFilter(request.query);
      const rows = await findAuditEvents(db, filter, EXPORT_LIMIT, 0);
      const timeFormat = new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        dateStyle: 'short',
        timeStyle: 'medium',
        hour12: false,
      });
      const buffer = await buildXlsx(
        '审计日志',
        [
          { header: '时间', width: 22, value: (r) => timeFormat.format(r.occurred_at) },
          { header: '用户', value: (r) => r.username },
          { header: '角色', value: (r) => (r.role && isRole(r.role) ? ROLE_LABELS[r.role] : r.role) },
          { header: '操作', width: 24, value: (r) => r.action },
          { header: '对象类型', value: (r) => r.entity_type },
          { header: '对象编号', value: (r) => r.entity_id },
          { header: '区划代码', width: 16, value: (r) => r.region_code },
          { header: '区划名称', width: 20, value: (r) => r.region_name ?? '' },
          { header: 'IP', value: (r) => r.client_ip },
          { header: '结果', value: (r) => ({ success: '成功', failure: '失败', denied: '拒绝' })[r.result] },
          { header: '明文查看身份证', value: (r) => (r.id_unmasked ? '是' : '否') },
          { header: '请求编号', width: 28, value: (r) => r.request_id },
          { header: '详情', width: 60, value: (r) => (r.detail ? JSON.stringify(r.detail) : null) },
        ],
        rows,
      );
      await recordAudit(db, request, {
        action: 'audit.export',
        entityType: 'audit_event',
        result: 'success',
        detail: { filter: request.query, rows: rows.length },
      });
      return reply
        .header('content-type', XLSX_MIME)
        .header(
          'content-disposition',
          attachmentHeader(`审计日志-${new Date().toISOString().slice(0, 10)}.xlsx`),
        )
        .send(buffer);
    },
  );
};
