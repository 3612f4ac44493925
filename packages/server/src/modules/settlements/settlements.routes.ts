import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import { can, formatBp, formatFen } from '@healthaid/domain';
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
import {
  executePolicyResettle,
  getResettleRun,
  resumeInterruptedRuns,
  startPolicyResettle,
} from './settlement-batch-resettle.ts';
import { contextOf } from './settlement-booking.ts';
import { buildClaimTemplate, importClaims, MAX_CLAIM_IMPORT_ROWS } from './settlement-import.ts';
import { LEDGER_GROUPS, settlementLedger, whatIfPolicyOnPeriod } from './settlement-ledger.ts';
import { renderStatementPdf } from './settlement-pdf.ts';
import { simulateSettlements } from './settlement-simulate.ts';
import { loadStatement, renderStatementHtml } from './settlement-statement.ts';
import {
  ZCorrectBody,
  ZIdParams,
  ZPolicySetBody,
  ZPolicySetDto,
  ZResettleRunDto,
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

const MAX_CLAIM_FILE_BYTES = 20 * 1024 * 1024;
const UPLOAD_DIR = path.join(os.tmpdir(), 'healthaid-claim-imports');

/** The uploaded claim file streamed to a temporary file and hashed; `dryRun` (default true) from the form. */
async function receiveClaimFile(request: FastifyRequest) {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传结算单据文件（字段 file）');
  }
  fs.mkdirSync(UPLOAD_DIR, { recursive: true });
  const fields: Record<string, string> = {};
  let file: { filePath: string; fileName: string; checksum: string } | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') {
        fields[part.fieldname] = String(part.value);
      } else if (part.fieldname === 'file' && !file) {
        const filePath = path.join(UPLOAD_DIR, crypto.randomUUID());
        const hash = crypto.createHash('sha256');
        part.file.on('data', (chunk: Buffer) => hash.update(chunk));
        await pipeline(part.file, fs.createWriteStream(filePath));
        file = { filePath, fileName: part.filename || '结算单据', checksum: hash.digest('hex') };
      } else {
        part.file.resume();
      }
    }
  } catch (error) {
    if (file) {
      fs.rmSync(file.filePath, { force: true });
    }
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `文件过大：上限 ${MAX_CLAIM_FILE_BYTES / 1024 / 1024} MB，请按月份拆分`,
      );
    }
    throw error;
  }
  if (!file) {
    throw new AppError('VALIDATION_FAILED', '请选择要导入的结算单据文件（字段 file）');
  }
  return { ...file, dryRun: !['false', '0', 'no', '否'].includes((fields.dryRun ?? 'true').trim()) };
}

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

  // Re-settlement runs work in the background; on close they stop after their current batch (resumable).
  const activeRuns = new Set<Promise<unknown>>();
  const shutdown = new AbortController();
  const track = (work: Promise<unknown>) => {
    activeRuns.add(work);
    void work.finally(() => activeRuns.delete(work));
  };
  app.addHook('onClose', async () => {
    shutdown.abort();
    await Promise.allSettled([...activeRuns]);
  });
  // Runs a restart (or a crash) interrupted carry on by themselves.
  app.addHook('onReady', async () => {
    try {
      const resumed = await resumeInterruptedRuns(db, {
        signal: shutdown.signal,
        onError: (runId, error) =>
          app.log.warn(
            { runId, err: { message: String(error) } },
            'resumed policy re-settlement run stopped',
          ),
      });
      for (const { runId, work } of resumed) {
        app.log.info({ runId }, 'resuming an interrupted policy re-settlement run');
        track(work);
      }
    } catch (error) {
      app.log.warn({ err: { message: String(error) } }, 'could not look for interrupted re-settlement runs');
    }
  });
  app.post(
    '/policy-sets/:id/resettle',
    {
      preHandler: managePolicies,
      schema: {
        tags: policyTags,
        summary:
          '政策版本更正后重新结算（后台执行）：本县（本辖区）该版本有效期内的结算按出院日期顺序重算，变化的生成冲销分录和新版本',
        description:
          '返回 202 与批次进度（GET /settlement-runs/{id} 查询）。同一政策版本和地区已有中断（失败或长时间无进展）的批次时继续执行该批次；正在执行时返回 200 与其进度。每个人员年度要么全部按新版本重算，要么保持原状。',
        params: ZIdParams,
        body: ZReverseBody,
        response: { 200: ZResettleRunDto, 202: ZResettleRunDto },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const scope = dataScopeOf(actor);
      if (!scope.countyCode) {
        throw new AppError('FORBIDDEN', '重新结算须由县级（或以下）账号在本县内发起');
      }
      const policy = await getPolicy(db, actor, request.params.id);
      const ctx = contextOf(request, actor);
      const started = await startPolicyResettle(db, ctx, {
        policySetId: policy.id,
        countyCode: scope.countyCode,
        regionPrefix: scope.villagePrefix,
        reason: `政策版本更正：${policy.name}（第 ${policy.version} 版）：${request.body.reason}`,
      });
      if (!started.isAlreadyRunning) {
        const work = executePolicyResettle(db, ctx, started.runId, {
          resumed: started.resumed,
          signal: shutdown.signal,
        }).catch((error: unknown) =>
          request.log.warn({ err: { message: String(error) } }, 'policy re-settlement run stopped'),
        );
        track(work);
      }
      const run = await getResettleRun(db, scope.villagePrefix, started.runId);
      return reply.code(started.isAlreadyRunning ? 200 : 202).send(run);
    },
  );
  app.get(
    '/settlement-runs/:id',
    {
      preHandler: managePolicies,
      schema: {
        tags: policyTags,
        summary: '重新结算批次的进度（人员年度、结算单、冲销分录和新版本数，状态与出错原因）',
        params: ZIdParams,
        response: { 200: ZResettleRunDto },
      },
    },
    async (request) => getResettleRun(db, dataScopeOf(actorOf(request)).villagePrefix, request.params.id),
  );

  // ------------------------------------------------------------------ ledgers and what-if
  const ZLedgerQuery = z.object({
    groupBy: z.enum(LEDGER_GROUPS).default('region'),
    from: z.iso.date(),
    to: z.iso.date(),
  });
  app.get(
    '/settlements/ledger',
    {
      preHandler: [anyone, read],
      schema: {
        tags,
        summary:
          '结算台账：按地区（下一级）、医疗机构、月份或人员类别汇总人次、各保障层金额、自付、超限承担、先诊疗后付费等',
        querystring: ZLedgerQuery,
      },
    },
    async (request) => settlementLedger(db, actorOf(request), request.query),
  );
  app.get(
    '/settlements/ledger.xlsx',
    {
      preHandler: [anyone, read],
      schema: { tags, summary: '导出结算台账（xlsx）', querystring: ZLedgerQuery },
    },
    async (request, reply) => {
      const rows = await settlementLedger(db, actorOf(request), request.query);
      const ratio = (num: number, den: number) =>
        den === 0 ? '—' : formatBp(Number((BigInt(num) * 10_000n + BigInt(den) / 2n) / BigInt(den)));
      const buffer = await buildXlsx(
        '结算台账',
        [
          { header: '分组', value: (r) => r.label, width: 22 },
          { header: '一站式结算人次', value: (r) => r.settlements },
          { header: '医疗总费用（元）', value: (r) => yuan(r.totalFen) },
          { header: '基本医保（元）', value: (r) => yuan(r.basicFen) },
          { header: '大病保险（元）', value: (r) => yuan(r.criticalFen) },
          { header: '医疗救助（元）', value: (r) => yuan(r.assistanceFen) },
          { header: '其他保障（元）', value: (r) => yuan(r.otherFen) },
          { header: '个人自付（元）', value: (r) => yuan(r.selfPayFen) },
          { header: '超自付上限承担（元）', value: (r) => yuan(r.borneFen) },
          { header: '其中医疗机构承担（元）', value: (r) => yuan(r.hospitalBorneFen) },
          { header: '触及自付上限人次', value: (r) => r.capHits },
          { header: '先诊疗后付费人次', value: (r) => r.treatFirstPayLater },
          { header: '免收押金（元）', value: (r) => yuan(r.depositWaivedFen) },
          {
            header: '住院政策范围内补偿比',
            value: (r) => ratio(r.inpatientInScopeFen - r.inpatientInScopeSelfPayFen, r.inpatientInScopeFen),
          },
          {
            header: '住院合规费用自付比',
            value: (r) => ratio(r.inpatientInScopeSelfPayFen, r.inpatientInScopeFen),
          },
        ],
        rows,
      );
      return reply
        .header('content-type', XLSX_MIME)
        .header(
          'content-disposition',
          attachmentHeader(`结算台账-${request.query.from}-${request.query.to}.xlsx`),
        )
        .send(buffer);
    },
  );
  app.post(
    '/policy-sets/:id/what-if',
    {
      preHandler: [anyone, whatIfGuard],
      schema: {
        tags: policyTags,
        summary:
          '政策测算：用该政策（可为草稿）重算期间内已结算单据，按人员类别列出各保障层支出和个人自付的变化（不写入）',
        params: ZIdParams,
        body: z.object({ from: z.iso.date(), to: z.iso.date() }),
      },
    },
    async (request) => whatIfPolicyOnPeriod(db, actorOf(request), request.params.id, request.body),
  );

  // ------------------------------------------------------------------ claim import
  // defParamCharset (passed through to busboy): browsers send UTF-8 file names such as 结算单据.xlsx.
  const multipartOptions = {
    defParamCharset: 'utf8',
    limits: { fileSize: MAX_CLAIM_FILE_BYTES, files: 1, fields: 5, fieldSize: 100 },
  };
  await app.register(fastifyMultipart, multipartOptions);
  app.get(
    '/settlements/imports/template',
    { preHandler: write, schema: { tags, summary: '下载结算单据导入模板（.xlsx）' } },
    async (_request, reply) =>
      reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachmentHeader('结算单据导入模板.xlsx'))
        .send(await buildClaimTemplate()),
  );
  app.post(
    '/settlements/imports',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '导入 HIS/医保导出的结算单据（multipart：file，dryRun=true 预览）',
        description: `xlsx 或 csv（UTF-8/GBK），每行一张结算单据，最多 ${MAX_CLAIM_IMPORT_ROWS} 行；全部成功才写入（原子），同一文件重复导入返回首次结果（幂等）。错误逐行给出行号、列名和原因。`,
      },
    },
    async (request, reply) => {
      const upload = await receiveClaimFile(request);
      try {
        const outcome = await importClaims(db, contextOf(request, actorOf(request)), upload, {
          dryRun: upload.dryRun,
        });
        return reply.code(outcome.status === 'committed' ? 201 : 200).send(outcome);
      } finally {
        fs.rmSync(upload.filePath, { force: true });
      }
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
