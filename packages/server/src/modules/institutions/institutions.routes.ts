import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../http/pagination.ts';
import { sendXlsx } from '../../http/xlsx.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import { resolveScope } from '../diseases/diseases.service.ts';
import {
  ZCodeParams,
  ZIdParams,
  ZInstitutionBody,
  ZInstitutionDto,
  ZInstitutionFilter,
  ZInstitutionListQuery,
  ZInstitutionOption,
  ZInstitutionPatch,
  ZOptionsQuery,
  ZRateQuery,
  ZReferralCreateBody,
  ZReferralDetailDto,
  ZReferralDto,
  ZReferralFilter,
  ZReferralListQuery,
  ZReferralStatusBody,
  ZStandardisationBody,
  ZStandardisationRateRow,
} from './institutions.schema.ts';
import {
  createInstitution,
  exportInstitutions,
  getInstitution,
  institutionOptions,
  listInstitutionsPage,
  recordStandardisation,
  standardisationRates,
  updateInstitution,
} from './institutions.service.ts';
import {
  changeReferralStatus,
  createReferral,
  exportReferrals,
  getReferral,
  listReferralsOfPerson,
  listReferralsPage,
} from './referrals.service.ts';

const ZStandardisationRates = z.object({
  regionCode: z.string(),
  total: ZStandardisationRateRow.omit({ code: true, name: true }),
  children: z.array(ZStandardisationRateRow),
});

/** Medical institutions (the single list of institution codes), their standardisation, and referrals. */
export const institutionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const read = requireAuth({ permission: 'regions.read' });
  const manage = requireAuth({ permission: 'policies.manage' });
  const personsRead = requireAuth({ permission: 'persons.read' });
  const personsWrite = requireAuth({ permission: 'persons.write' });
  const aggregates = requireAuth({ permission: 'aggregates.read' });
  const tags = ['institutions'];

  app.get(
    '/institutions',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '医疗机构列表（本辖区）',
        querystring: ZInstitutionListQuery,
        response: { 200: pageOf(ZInstitutionDto) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const region = await resolveScope(db, request, actorOf(request), filter.region);
      return listInstitutionsPage(db, region, filter, { page, pageSize });
    },
  );
  app.get(
    '/institutions/export',
    { preHandler: read, schema: { tags, summary: '导出医疗机构（Excel）', querystring: ZInstitutionFilter } },
    async (request, reply) => {
      const region = await resolveScope(db, request, actorOf(request), request.query.region);
      const buffer = await exportInstitutions(db, request, region, request.query);
      return sendXlsx(reply, '医疗机构.xlsx', buffer);
    },
  );
  app.get(
    '/institutions/options',
    {
      preHandler: requireAuth(),
      schema: {
        tags,
        summary: '按名称或编码检索启用的医疗机构（供选择转入机构、定点医院等）',
        querystring: ZOptionsQuery,
        response: { 200: z.array(ZInstitutionOption) },
      },
    },
    async (request) => institutionOptions(db, request.query),
  );
  app.get(
    '/institutions/standardisation-rates',
    {
      preHandler: aggregates,
      schema: {
        tags,
        summary: '标准化村卫生室数/率、乡镇卫生院标准化（按下级区域）',
        querystring: ZRateQuery,
        response: { 200: ZStandardisationRates },
      },
    },
    async (request) =>
      standardisationRates(db, await resolveScope(db, request, actorOf(request), request.query.region)),
  );
  app.get(
    '/institutions/:code',
    {
      preHandler: read,
      schema: { tags, summary: '医疗机构详情', params: ZCodeParams, response: { 200: ZInstitutionDto } },
    },
    async (request) => getInstitution(db, actorOf(request), request.params.code),
  );
  app.post(
    '/institutions',
    {
      preHandler: manage,
      schema: { tags, summary: '新增医疗机构', body: ZInstitutionBody, response: { 201: ZInstitutionDto } },
    },
    async (request, reply) =>
      reply.code(201).send(await createInstitution(db, request, actorOf(request), request.body)),
  );
  app.put(
    '/institutions/:code',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '修改医疗机构（编码不可修改）',
        params: ZCodeParams,
        body: ZInstitutionPatch,
        response: { 200: ZInstitutionDto },
      },
    },
    async (request) => updateInstitution(db, request, actorOf(request), request.params.code, request.body),
  );
  app.put(
    '/institutions/:code/standardisation',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: '登记标准化建设核查（面积、四室分开、在岗医生、基本设备）',
        params: ZCodeParams,
        body: ZStandardisationBody,
        response: { 200: ZInstitutionDto },
      },
    },
    async (request) =>
      recordStandardisation(db, request, actorOf(request), request.params.code, request.body),
  );

  // ------------------------------------------------------------------ referrals
  app.get(
    '/referrals',
    {
      preHandler: personsRead,
      schema: {
        tags,
        summary: '转诊记录',
        querystring: ZReferralListQuery,
        response: { 200: pageOf(ZReferralDto) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const region = await resolveScope(db, request, actorOf(request), filter.region);
      return listReferralsPage(db, region.scope, filter, { page, pageSize });
    },
  );
  app.get(
    '/referrals/export',
    {
      preHandler: personsRead,
      schema: { tags, summary: '导出转诊记录（Excel）', querystring: ZReferralFilter },
    },
    async (request, reply) => {
      const region = await resolveScope(db, request, actorOf(request), request.query.region);
      const buffer = await exportReferrals(db, request, region, request.query);
      return sendXlsx(reply, '转诊记录.xlsx', buffer);
    },
  );
  app.get(
    '/persons/:id/referrals',
    {
      preHandler: personsRead,
      schema: {
        tags,
        summary: '人员的转诊记录',
        params: ZIdParams,
        response: { 200: z.array(ZReferralDto) },
      },
    },
    async (request) =>
      listReferralsOfPerson(
        db,
        (await resolveScope(db, request, actorOf(request), undefined)).scope,
        request.params.id,
      ),
  );
  app.post(
    '/referrals',
    {
      preHandler: personsWrite,
      schema: { tags, summary: '登记转诊', body: ZReferralCreateBody, response: { 201: ZReferralDetailDto } },
    },
    async (request, reply) =>
      reply.code(201).send(await createReferral(db, request, actorOf(request), request.body)),
  );
  app.get(
    '/referrals/:id',
    {
      preHandler: personsRead,
      schema: { tags, summary: '转诊详情及历史', params: ZIdParams, response: { 200: ZReferralDetailDto } },
    },
    async (request) =>
      getReferral(
        db,
        (await resolveScope(db, request, actorOf(request), undefined)).scope,
        request.params.id,
      ),
  );
  app.patch(
    '/referrals/:id/status',
    {
      preHandler: personsWrite,
      schema: {
        tags,
        summary: '变更转诊状态（接收 / 完成 / 拒绝 / 取消）',
        params: ZIdParams,
        body: ZReferralStatusBody,
        response: { 200: ZReferralDetailDto },
      },
    },
    async (request) => changeReferralStatus(db, request, actorOf(request), request.params.id, request.body),
  );
};
