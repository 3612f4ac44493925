import { can, formatFen } from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/app-error.ts';
import { pageOf } from '../../http/pagination.ts';
import { attachmentHeader, buildXlsx, XLSX_MIME } from '../../http/xlsx.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import {
  ZIdParams,
  ZPolicySetBody,
  ZPolicySetDto,
  ZReverseBody,
  ZSettlementCreateBody,
  ZSettlementDetailDto,
  ZSettlementDto,
  ZSettlementExportQuery,
  ZSettlementListQuery,
  ZWhatIfBody,
} from './settlements.schema.ts';
import {
  createPolicyDraft,
  createSettlement,
  exportSettlementRows,
  getPolicy,
  getSettlement,
  listPolicies,
  listSettlementsPage,
  publishPolicy,
  reverseSettlement,
  statementHtml,
  updatePolicyDraft,
  whatIf,
} from './settlements.service.ts';

const yuan = (fen: number) => formatFen(fen, { grouping: false });

/** Policy sets (政策) and one-stop settlements (一站式结算). */
export const settlementsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const anyone = requireAuth();
  const managePolicies = requireAuth({ permission: 'policies.manage' });
  const write = requireAuth({ permission: 'settlements.write' });
  /** Settlement windows and county/township staff read settlements (each within their scope). */
  const read = async (request: FastifyRequest) => {
    const actor = actorOf(request);
    if (!can(actor.role, 'settlements.write') && !can(actor.role, 'persons.read')) {
      throw new AppError('FORBIDDEN', '您的角色没有权限查看结算单');
    }
  };
  const whatIfGuard = async (request: FastifyRequest) => {
    const actor = actorOf(request);
    if (!can(actor.role, 'settlements.write') && !can(actor.role, 'policies.manage')) {
      throw new AppError('FORBIDDEN', '您的角色没有权限进行政策测算');
    }
  };
  const policyTags = ['policies'];
  const tags = ['settlements'];

  // ------------------------------------------------------------------ policy sets
  app.get(
    '/policy-sets',
    {
      preHandler: anyone,
      schema: {
        tags: policyTags,
        summary: '政策参数集（本地区及上级）',
        response: { 200: z.array(ZPolicySetDto) },
      },
    },
    async (request) => listPolicies(db, actorOf(request)),
  );
  app.get(
    '/policy-sets/:id',
    {
      preHandler: anyone,
      schema: {
        tags: policyTags,
        summary: '政策参数集详情',
        params: ZIdParams,
        response: { 200: ZPolicySetDto },
      },
    },
    async (request) => getPolicy(db, actorOf(request), request.params.id),
  );
  app.post(
    '/policy-sets',
    {
      preHandler: managePolicies,
      schema: {
        tags: policyTags,
        summary: '新建政策草稿（JSON，逐项校验）',
        body: ZPolicySetBody,
        response: { 201: ZPolicySetDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createPolicyDraft(db, request, actorOf(request), request.body)),
  );
  app.put(
    '/policy-sets/:id',
    {
      preHandler: managePolicies,
      schema: {
        tags: policyTags,
        summary: '修改政策草稿（已发布版本不可修改）',
        params: ZIdParams,
        body: ZPolicySetBody,
        response: { 200: ZPolicySetDto },
      },
    },
    async (request) => updatePolicyDraft(db, request, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/policy-sets/:id/publish',
    {
      preHandler: managePolicies,
      schema: {
        tags: policyTags,
        summary: '发布政策（发布后不可修改）',
        params: ZIdParams,
        response: { 200: ZPolicySetDto },
      },
    },
    async (request) => publishPolicy(db, request, actorOf(request), request.params.id),
  );

  // ------------------------------------------------------------------ settlements
  app.post(
    '/settlements',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '一站式结算（同一机构同一结算单号幂等）',
        body: ZSettlementCreateBody,
        response: { 200: ZSettlementDetailDto, 201: ZSettlementDetailDto },
      },
    },
    async (request, reply) => {
      const { created, dto } = await createSettlement(db, request, actorOf(request), request.body);
      return reply.code(created ? 201 : 200).send(dto);
    },
  );
  app.post(
    '/settlements/what-if',
    {
      preHandler: [anyone, whatIfGuard],
      schema: {
        tags,
        summary: '政策测算：同一单据在两个政策版本下的结算结果（不写入）',
        body: ZWhatIfBody,
        response: {
          200: z.object({
            baseline: z.record(z.string(), z.unknown()),
            alternative: z.record(z.string(), z.unknown()),
            delta: z.record(z.string(), z.unknown()),
          }),
        },
      },
    },
    async (request) => whatIf(db, actorOf(request), request.body),
  );
  app.get(
    '/settlements',
    {
      preHandler: [anyone, read],
      schema: {
        tags,
        summary: '结算单列表',
        querystring: ZSettlementListQuery,
        response: { 200: pageOf(ZSettlementDto) },
      },
    },
    async (request) => listSettlementsPage(db, actorOf(request), request.query),
  );
  app.get(
    '/settlements/export.xlsx',
    {
      preHandler: [anyone, read],
      schema: { tags, summary: '导出结算单（xlsx）', querystring: ZSettlementExportQuery },
    },
    async (request, reply) => {
      const rows = await exportSettlementRows(db, actorOf(request), request.query);
      const buffer = await buildXlsx(
        '一站式结算',
        [
          { header: '结算单号', value: (r) => r.claimNo },
          { header: '姓名', value: (r) => r.personNameMasked },
          { header: '身份证号', value: (r) => r.idNumberMasked, width: 22 },
          { header: '医疗机构', value: (r) => r.institutionCode },
          { header: '入院日期', value: (r) => r.admissionDate },
          { header: '出院日期', value: (r) => r.dischargeDate },
          { header: '总费用（元）', value: (r) => yuan(r.totalFen) },
          { header: '基本医保（元）', value: (r) => yuan(r.basicFen) },
          { header: '大病保险（元）', value: (r) => yuan(r.criticalFen) },
          { header: '医疗救助（元）', value: (r) => yuan(r.assistanceFen) },
          { header: '其他保障（元）', value: (r) => yuan(r.otherFen) },
          { header: '超限承担（元）', value: (r) => yuan(r.borneFen) },
          { header: '个人自付（元）', value: (r) => yuan(r.selfPayFen) },
          { header: '免收押金（元）', value: (r) => yuan(r.depositWaivedFen) },
          { header: '状态', value: (r) => (r.status === 'settled' ? '已结算' : '已冲销') },
        ],
        rows,
      );
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachmentHeader('一站式结算单.xlsx'))
        .send(buffer);
    },
  );
  app.get(
    '/settlements/:id',
    {
      preHandler: [anyone, read],
      schema: {
        tags,
        summary: '结算单详情（分层明细与计算说明）',
        params: ZIdParams,
        response: { 200: ZSettlementDetailDto },
      },
    },
    async (request) => getSettlement(db, actorOf(request), request.params.id),
  );
  app.get(
    '/settlements/:id/statement.html',
    { preHandler: [anyone, read], schema: { tags, summary: '打印一站式结算单（HTML）', params: ZIdParams } },
    async (request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(await statementHtml(db, request, actorOf(request), request.params.id)),
  );
  app.post(
    '/settlements/:id/reverse',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '冲销结算单（回退年度累计）',
        params: ZIdParams,
        body: ZReverseBody,
        response: { 200: ZSettlementDetailDto },
      },
    },
    async (request) =>
      reverseSettlement(db, request, actorOf(request), request.params.id, request.body.reason),
  );
};
