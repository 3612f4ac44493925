import {
  countyCodeOf,
  ZChronicVisit,
  ZDiabetesVisit,
  ZHypertensionVisit,
  ZMentalVisit,
  ZTuberculosisVisit,
} from '@healthaid/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../http/pagination.ts';
import { sendXlsx } from '../../http/xlsx.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import {
  ZCallBody,
  ZCallResult,
  ZCheckupBody,
  ZCheckupDto,
  ZCheckupListQuery,
  ZContractCancelBody,
  ZContractCreateBody,
  ZContractDetailDto,
  ZContractDto,
  ZContractListQuery,
  ZContractRenewBody,
  ZDiagnosisTaskBody,
  ZDiagnosisTaskDto,
  ZDiagnosisTaskListQuery,
  ZEnrolmentBody,
  ZEnrolmentDto,
  ZEnrolmentListQuery,
  ZFulfilmentBody,
  ZIdParams,
  ZIndicatorCodeParams,
  ZIndicatorMember,
  ZIndicatorMembersQuery,
  ZIndicatorQuery,
  ZIndicatorsResult,
  ZListQuery,
  ZOverdueItem,
  ZOverdueQuery,
  ZPackageBody,
  ZPackageDto,
  ZPersonBrief,
  ZPersonFile,
  ZPersonFileQuery,
  ZPersonParams,
  ZPersonSearchQuery,
  ZTeamAccount,
  ZTeamAccountQuery,
  ZTeamBody,
  ZTeamDto,
  ZVisitListQuery,
  ZVisitResult,
} from './chronic.schema.ts';
import {
  listPersonsForPicker,
  narrowToTeamOrDoctor,
  resolveRegionScope,
  todayInChina,
} from './chronic-scope.ts';
import {
  addFulfilment,
  approveContract,
  cancelContract,
  createContracts,
  createPackage,
  createTeam,
  exportContracts,
  getContractDetail,
  listContracts,
  listDoctorAccounts,
  listPackages,
  listTeams,
  renderAgreementHtml,
  renewContract,
  updateTeam,
} from './family-doctor.service.ts';
import {
  createCheckup,
  createDiagnosisTask,
  enrol,
  exportOverdue,
  listCheckups,
  listDiagnosisTasks,
  listEnrolments,
  listOverdue,
  listVisits,
  recordCallOutcome,
  recordVisit,
  renderOverdueHtml,
} from './follow-ups.service.ts';
import { computeIndicators, listIndicatorMembers } from './indicators.service.ts';
import { getPersonFile } from './person-file.service.ts';

const VISIT_FORMS = {
  hypertension: ZHypertensionVisit,
  diabetes: ZDiabetesVisit,
  mental: ZMentalVisit,
  tuberculosis: ZTuberculosisVisit,
  chronic: ZChronicVisit,
} as const;

const VISIT_TITLES = {
  hypertension: '登记高血压随访',
  diabetes: '登记2型糖尿病随访',
  mental: '登记严重精神障碍随访',
  tuberculosis: '登记肺结核随访',
  chronic: '登记其他慢性病随访',
} as const;

/** Chronic-disease management: family-doctor contracts, follow-ups, overdue lists, checkups, indicators. */
export const chronicRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const read = requireAuth({ permission: 'persons.read' });
  const manage = requireAuth({ permission: 'persons.write' });
  const write = requireAuth({ permission: 'followups.write' });
  const aggregates = requireAuth({ permission: 'aggregates.read' });
  const tags = ['chronic'];
  const scopeOf = (request: Parameters<typeof actorOf>[0], region?: string) =>
    resolveRegionScope(db, request, actorOf(request), region);

  app.get(
    '/chronic/persons',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '选择居民（脱敏）',
        querystring: ZPersonSearchQuery,
        response: { 200: pageOf(ZPersonBrief) },
      },
    },
    async (request) =>
      listPersonsForPicker(db, (await scopeOf(request, request.query.region)).scope, request.query),
  );

  // ------------------------------------------------------------ teams and packages
  app.get(
    '/chronic/teams',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '家庭医生团队列表',
        querystring: ZListQuery,
        response: { 200: pageOf(ZTeamDto) },
      },
    },
    async (request) => listTeams(db, await scopeOf(request, request.query.region), request.query),
  );
  app.post(
    '/chronic/teams',
    {
      preHandler: manage,
      schema: { tags, summary: '新建家庭医生团队', body: ZTeamBody, response: { 201: ZTeamDto } },
    },
    async (request, reply) =>
      reply.status(201).send(await createTeam(db, request, actorOf(request), request.body)),
  );
  app.put(
    '/chronic/teams/:id',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '修改家庭医生团队',
        params: ZIdParams,
        body: ZTeamBody,
        response: { 200: ZTeamDto },
      },
    },
    async (request) =>
      updateTeam(db, request, actorOf(request), await scopeOf(request), request.params.id, request.body),
  );
  app.get(
    '/chronic/team-accounts',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '可关联为团队成员的村医账号',
        querystring: ZTeamAccountQuery,
        response: { 200: z.array(ZTeamAccount) },
      },
    },
    async (request) => listDoctorAccounts(db, actorOf(request), request.query.q),
  );
  app.get(
    '/chronic/packages',
    { preHandler: read, schema: { tags, summary: '签约服务包', response: { 200: z.array(ZPackageDto) } } },
    async (request) => listPackages(db, countyCodeOf(actorOf(request).regionCode)),
  );
  app.post(
    '/chronic/packages',
    {
      preHandler: manage,
      schema: { tags, summary: '新建服务包', body: ZPackageBody, response: { 201: ZPackageDto } },
    },
    async (request, reply) =>
      reply.status(201).send(await createPackage(db, request, actorOf(request), request.body)),
  );

  // ------------------------------------------------------------ contracts
  app.get(
    '/chronic/contracts',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '签约列表',
        querystring: ZContractListQuery,
        response: { 200: pageOf(ZContractDto) },
      },
    },
    async (request) => listContracts(db, await scopeOf(request, request.query.region), request.query),
  );
  app.get(
    '/chronic/contracts/export.xlsx',
    { preHandler: read, schema: { tags, summary: '导出签约名单', querystring: ZContractListQuery } },
    async (request, reply) => {
      const rs = await scopeOf(request, request.query.region);
      const file = await exportContracts(db, request, rs, request.query);
      return sendXlsx(reply, '签约名单.xlsx', file);
    },
  );
  app.post(
    '/chronic/contracts',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '签约（个人或家庭）',
        body: ZContractCreateBody,
        response: { 201: z.array(ZContractDto) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createContracts(db, request, actorOf(request), await scopeOf(request), request.body)),
  );
  app.get(
    '/chronic/contracts/:id',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '签约详情（含履约）',
        params: ZIdParams,
        response: { 200: ZContractDetailDto },
      },
    },
    async (request) => getContractDetail(db, await scopeOf(request), request.params.id),
  );
  app.get(
    '/chronic/contracts/:id/agreement.html',
    { preHandler: read, schema: { tags, summary: '打印签约协议书', params: ZIdParams } },
    async (request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(await renderAgreementHtml(db, request, await scopeOf(request), request.params.id)),
  );
  app.post(
    '/chronic/contracts/:id/approve',
    {
      preHandler: write,
      schema: { tags, summary: '审核通过', params: ZIdParams, response: { 200: ZContractDetailDto } },
    },
    async (request) => approveContract(db, request, await scopeOf(request), request.params.id),
  );
  app.post(
    '/chronic/contracts/:id/renew',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '续约',
        params: ZIdParams,
        body: ZContractRenewBody,
        response: { 201: ZContractDetailDto },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await renewContract(
            db,
            request,
            actorOf(request),
            await scopeOf(request),
            request.params.id,
            request.body,
          ),
        ),
  );
  app.post(
    '/chronic/contracts/:id/cancel',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '解约',
        params: ZIdParams,
        body: ZContractCancelBody,
        response: { 200: ZContractDetailDto },
      },
    },
    async (request) => cancelContract(db, request, await scopeOf(request), request.params.id, request.body),
  );
  app.post(
    '/chronic/contracts/:id/fulfilments',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '登记履约',
        params: ZIdParams,
        body: ZFulfilmentBody,
        response: { 201: ZContractDetailDto },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addFulfilment(
            db,
            request,
            actorOf(request),
            await scopeOf(request),
            request.params.id,
            request.body,
          ),
        ),
  );

  // ------------------------------------------------------------ follow-ups
  app.get(
    '/chronic/enrolments',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '慢病管理名册',
        querystring: ZEnrolmentListQuery,
        response: { 200: pageOf(ZEnrolmentDto) },
      },
    },
    async (request) => listEnrolments(db, await scopeOf(request, request.query.region), request.query),
  );
  app.post(
    '/chronic/enrolments',
    {
      preHandler: write,
      schema: { tags, summary: '纳入慢病管理', body: ZEnrolmentBody, response: { 201: ZEnrolmentDto } },
    },
    async (request, reply) =>
      reply.status(201).send(await enrol(db, request, await scopeOf(request), request.body)),
  );
  for (const disease of Object.keys(VISIT_FORMS) as (keyof typeof VISIT_FORMS)[]) {
    app.post(
      `/chronic/persons/:personId/visits/${disease}`,
      {
        preHandler: write,
        schema: {
          tags,
          summary: VISIT_TITLES[disease],
          params: ZPersonParams,
          body: VISIT_FORMS[disease],
          response: { 201: ZVisitResult },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await recordVisit(db, request, actorOf(request), await scopeOf(request), request.params.personId, {
            ...(request.body as object),
            disease,
          } as Parameters<typeof recordVisit>[5]),
        ),
    );
  }
  app.get(
    '/chronic/persons/:personId/file',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '居民慢病档案（管理病种、年度规范管理日历、签约、随访、体检）',
        params: ZPersonParams,
        querystring: ZPersonFileQuery,
        response: { 200: ZPersonFile },
      },
    },
    async (request) =>
      getPersonFile(
        db,
        await scopeOf(request),
        request.params.personId,
        request.query.year ?? Number(todayInChina().slice(0, 4)),
      ),
  );
  app.get(
    '/chronic/visits',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '随访记录',
        querystring: ZVisitListQuery,
        response: { 200: pageOf(ZVisitResult) },
      },
    },
    async (request) => listVisits(db, await scopeOf(request, request.query.region), request.query),
  );

  // ------------------------------------------------------------ overdue list
  const ZOverduePage = pageOf(ZOverdueItem).extend({
    asOf: z.string(),
    highRiskCount: z.number(),
    dueTodayCount: z.number(),
  });
  app.get(
    '/chronic/overdue',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '今日待随访/逾期名单',
        querystring: ZOverdueQuery,
        response: { 200: ZOverduePage },
      },
    },
    async (request) =>
      listOverdue(db, await scopeOf(request, request.query.region), {
        ...request.query,
        asOf: request.query.asOf ?? todayInChina(),
      }),
  );
  app.get(
    '/chronic/overdue/export.xlsx',
    { preHandler: read, schema: { tags, summary: '导出待随访名单', querystring: ZOverdueQuery } },
    async (request, reply) => {
      const asOf = request.query.asOf ?? todayInChina();
      const file = await exportOverdue(db, request, await scopeOf(request, request.query.region), asOf);
      return sendXlsx(reply, `待随访名单-${asOf}.xlsx`, file);
    },
  );
  app.get(
    '/chronic/overdue/print.html',
    { preHandler: read, schema: { tags, summary: '打印待随访名单（入户用）', querystring: ZOverdueQuery } },
    async (request, reply) => {
      const asOf = request.query.asOf ?? todayInChina();
      const html = await renderOverdueHtml(db, request, await scopeOf(request, request.query.region), asOf);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    },
  );
  app.post(
    '/chronic/overdue/:id/outcomes',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '登记联系/随访结果',
        params: ZIdParams,
        body: ZCallBody,
        response: { 200: ZCallResult },
      },
    },
    async (request) =>
      recordCallOutcome(
        db,
        request,
        actorOf(request),
        await scopeOf(request),
        request.params.id,
        request.body,
      ),
  );

  // ------------------------------------------------------------ checkups
  app.get(
    '/chronic/checkups',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '年度体检记录',
        querystring: ZCheckupListQuery,
        response: { 200: pageOf(ZCheckupDto) },
      },
    },
    async (request) =>
      listCheckups(db, await scopeOf(request, request.query.region), {
        ...request.query,
        isAbnormalOnly: request.query.isAbnormalOnly === 'true',
      }),
  );
  app.post(
    '/chronic/checkups',
    {
      preHandler: write,
      schema: { tags, summary: '登记年度体检', body: ZCheckupBody, response: { 201: ZCheckupDto } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createCheckup(db, request, actorOf(request), await scopeOf(request), request.body)),
  );
  app.post(
    '/chronic/checkups/:id/diagnosis-tasks',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '异常结果发起诊断核实（在疾病核准中登记待核准诊断）',
        params: ZIdParams,
        body: ZDiagnosisTaskBody,
        response: { 201: ZDiagnosisTaskDto },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createDiagnosisTask(
            db,
            request,
            actorOf(request),
            await scopeOf(request),
            request.params.id,
            request.body,
          ),
        ),
  );
  app.get(
    '/chronic/diagnosis-tasks',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '体检发起的诊断核实（疾病核准状态）',
        querystring: ZDiagnosisTaskListQuery,
        response: { 200: pageOf(ZDiagnosisTaskDto) },
      },
    },
    async (request) => listDiagnosisTasks(db, await scopeOf(request, request.query.region), request.query),
  );

  // ------------------------------------------------------------ indicators
  app.get(
    '/chronic/indicators',
    {
      preHandler: aggregates,
      schema: {
        tags,
        summary: '慢病管理指标',
        querystring: ZIndicatorQuery,
        response: { 200: ZIndicatorsResult },
      },
    },
    async (request) =>
      computeIndicators(
        db,
        await narrowToTeamOrDoctor(db, await scopeOf(request, request.query.region), request.query),
        request.query.from,
        request.query.to,
      ),
  );
  app.get(
    '/chronic/indicators/:code/members',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '指标分子/分母人员明细',
        params: ZIndicatorCodeParams,
        querystring: ZIndicatorMembersQuery,
        response: { 200: pageOf(ZIndicatorMember) },
      },
    },
    async (request) =>
      listIndicatorMembers(
        db,
        await narrowToTeamOrDoctor(db, await scopeOf(request, request.query.region), request.query),
        { ...request.query, code: request.params.code },
      ),
  );
};
