import { can, formatFen } from '@healthaid/domain';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/app-error.ts';
import { pageOf } from '../../http/pagination.ts';
import { attachmentHeader, buildXlsx, XLSX_MIME } from '../../http/xlsx.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import { dataScopeOf } from '../auth/data-scope.ts';
import {
  createPolicyDraft,
  getPolicy,
  listPolicies,
  publishPolicy,
  updatePolicyDraft,
} from './policy-sets.service.ts';
import { resettleForPolicy } from './settlement-batch-resettle.ts';
import { contextOf } from './settlement-booking.ts';
import { renderStatementPdf } from './settlement-pdf.ts';
import { simulateSettlements } from './settlement-simulate.ts';
import { loadStatement, renderStatementHtml } from './settlement-statement.ts';
import {
  ZCorrectBody,
  ZIdParams,
  ZPolicySetBody,
  ZPolicySetDto,
  ZReverseBody,
  ZSettlementCreateBody,
  ZSettlementDetailDto,
  ZSettlementDto,
  ZSettlementExportQuery,
  ZSettlementListQuery,
  ZSimulateBody,
  ZSimulateResponse,
  ZWhatIfBody,
} from './settlements.schema.ts';
import {
  correctSettlement,
  createSettlement,
  exportSettlementRows,
  getSettlement,
  listSettlementsPage,
  parseIdempotencyKey,
  reverseSettlementById,
  whatIf,
} from './settlements.service.ts';

const yuan = (fen: number) => formatFen(fen, { grouping: false });
const ZStatementQuery = z.object({ size: z.enum(['A4', 'A5']).default('A4') });

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

  app.post(
    '/policy-sets/:id/resettle',
    {
      preHandler: managePolicies,
      schema: {
        tags: policyTags,
        summary:
          '政策版本更正后重新结算：本县该版本有效期内的结算按出院日期顺序重算，变化的生成冲销分录和新版本',
        params: ZIdParams,
        body: ZReverseBody,
        response: {
          200: z.object({
            runId: z.number(),
            personYears: z.number(),
            claims: z.number(),
            reversals: z.number(),
            newSettlements: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const scope = dataScopeOf(actor);
      if (!scope.countyCode) {
        throw new AppError('FORBIDDEN', '重新结算须由县级（或以下）账号在本县内发起');
      }
      const policy = await getPolicy(db, actor, request.params.id);
      return resettleForPolicy(db, contextOf(request, actor), {
        policySetId: policy.id,
        countyCode: scope.countyCode,
        regionPrefix: scope.villagePrefix,
        reason: `政策版本更正：${policy.name}（第 ${policy.version} 版）：${request.body.reason}`,
      });
    },
  );

  // ------------------------------------------------------------------ settlements
  app.post(
    '/settlements',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '一站式结算（幂等：Idempotency-Key 请求头；同一机构同一结算单号）',
        description:
          '请求头 Idempotency-Key（1–128 个可见 ASCII 字符，建议 UUID）：同一 Key 与相同请求体重试时返回同一结算单（200，不再写入）；' +
          '同一 Key 与不同请求体返回 409 IDEMPOTENCY_CONFLICT，不写入任何数据。医疗机构级别取自医疗机构库。' +
          '人员库中没有（或不在本辖区）的身份证号按普通参保人员结算，结果中 isInRegistry = false。',
        headers: z.object({ 'idempotency-key': z.string().optional() }).passthrough(),
        body: ZSettlementCreateBody,
        response: { 200: ZSettlementDetailDto, 201: ZSettlementDetailDto },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { created, dto } = await createSettlement(db, contextOf(request, actor), request.body, {
        idempotencyKey: parseIdempotencyKey(request.headers['idempotency-key']),
        source: actor.role === 'hospital_clerk' ? 'window' : 'api',
      });
      return reply.code(created ? 201 : 200).send(dto);
    },
  );
  app.post(
    '/settlements/simulate',
    {
      preHandler: [anyone, whatIfGuard],
      schema: {
        tags,
        summary: '模拟结算：按给定政策参数集（JSON）结算一组单据，不读写数据库',
        description:
          '用于政策测算和 HIS 厂商联调。policy 按政策参数集格式逐项校验（错误指明字段路径）；person 给出结算日人员类别与出生日期；' +
          'claims 按出院日期顺序结算，年度累计数从 0（或 openingAccumulators）开始，跨年度自动清零。响应中 isWritten 恒为 false。',
        body: ZSimulateBody,
        response: { 200: ZSimulateResponse },
      },
    },
    async (request) =>
      simulateSettlements({
        policy: request.body.policy,
        person: request.body.person,
        claims: request.body.claims,
        openingAccumulators: request.body.openingAccumulators,
        withTrace: request.body.withTrace,
      }) as never,
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
    {
      preHandler: [anyone, read],
      schema: {
        tags,
        summary: '一站式结算单打印页（HTML，A4 或 A5；浏览器打印或另存为 PDF）',
        params: ZIdParams,
        querystring: ZStatementQuery,
      },
    },
    async (request, reply) => {
      const { model } = await loadStatement(
        db,
        contextOf(request, actorOf(request)),
        request.params.id,
        'html',
      );
      return reply.type('text/html; charset=utf-8').send(renderStatementHtml(model, request.query.size));
    },
  );
  app.get(
    '/settlements/:id/statement.pdf',
    {
      preHandler: [anyone, read],
      schema: {
        tags,
        summary: '一站式结算单 PDF（A4 或 A5，含各保障层、规则说明和个人窗口支付金额）',
        description:
          '需要服务器安装中文字体（fonts-wqy-microhei 或 SETTLEMENT_PDF_FONT 指定）；否则返回 503，可改用打印页。',
        params: ZIdParams,
        querystring: ZStatementQuery,
      },
    },
    async (request, reply) => {
      const { row, model } = await loadStatement(
        db,
        contextOf(request, actorOf(request)),
        request.params.id,
        'pdf',
      );
      const pdf = await renderStatementPdf(model, request.query.size);
      return reply
        .type('application/pdf')
        .header('content-disposition', attachmentHeader(`一站式结算单-${row.claim_no}.pdf`))
        .send(pdf);
    },
  );
  app.post(
    '/settlements/:id/correct',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '更正结算单：冲销原结算并按更正后的单据重新结算，同年度其后单据按出院日期顺序重算',
        params: ZIdParams,
        body: ZCorrectBody,
        response: { 200: ZSettlementDetailDto },
      },
    },
    async (request) =>
      correctSettlement(db, contextOf(request, actorOf(request)), request.params.id, request.body),
  );
  app.post(
    '/settlements/:id/reverse',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '冲销结算单（生成冲销分录；同年度其后单据按出院日期顺序重算）',
        params: ZIdParams,
        body: ZReverseBody,
        response: { 200: ZSettlementDetailDto },
      },
    },
    async (request) =>
      reverseSettlementById(db, contextOf(request, actorOf(request)), request.params.id, request.body.reason),
  );
};
