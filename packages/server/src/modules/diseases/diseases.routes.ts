import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../http/pagination.ts';
import { sendXlsx } from '../../http/xlsx.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import { diagnosisImportRoutes } from './diagnosis-import.routes.ts';
import { diseaseCatalogRoutes } from './disease-catalogs.routes.ts';
import {
  ZCaseDetailDto,
  ZCaseDto,
  ZCaseFilter,
  ZCaseListQuery,
  ZCaseOpenBody,
  ZCaseStatusBody,
  ZClassificationDto,
  ZDiagnosisCreateBody,
  ZDiagnosisDto,
  ZDiagnosisFilter,
  ZDiagnosisListQuery,
  ZIcdHit,
  ZIcdQuery,
  ZIdParams,
  ZIllPersonDto,
  ZIllPersonQuery,
  ZRateQuery,
  ZTreatmentRateRow,
  ZVerificationRateRow,
  ZVerifyBody,
} from './diseases.schema.ts';
import {
  changeCaseStatus,
  createDiagnosis,
  exportCases,
  exportDiagnoses,
  getCase,
  getClassification,
  listCasesPage,
  listDiagnosesOfPerson,
  listDiagnosesPage,
  listIllPersonsPage,
  openCase,
  resolveScope,
  searchIcd,
  treatmentRates,
  verificationRates,
  verifyDiagnosis,
} from './diseases.service.ts';

const ZVerificationRates = z.object({
  regionCode: z.string(),
  from: z.string(),
  to: z.string(),
  total: ZVerificationRateRow.omit({ code: true, name: true }),
  children: z.array(ZVerificationRateRow),
});
const ZTreatmentRates = z.object({
  regionCode: z.string(),
  total: ZTreatmentRateRow.omit({ code: true, name: true }),
  children: z.array(ZTreatmentRateRow),
  byDisease: z.array(ZTreatmentRateRow),
});

/** Diagnoses and their verification, 三个一批 classification, and the major-disease treatment ledger. */
export const diseasesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const read = requireAuth({ permission: 'persons.read' });
  const write = requireAuth({ permission: 'persons.write' });
  const aggregates = requireAuth({ permission: 'aggregates.read' });
  const anyone = requireAuth();
  const tags = ['diseases'];

  app.get(
    '/icd10',
    {
      preHandler: anyone,
      schema: {
        tags,
        summary: 'ICD-10编码检索（编码、中文名、拼音首字母）',
        querystring: ZIcdQuery,
        response: { 200: z.array(ZIcdHit) },
      },
    },
    async (request) => searchIcd(request.query.q, request.query.limit),
  );

  await app.register(diseaseCatalogRoutes);
  await app.register(diagnosisImportRoutes);

  // ------------------------------------------------------------------ diagnoses
  app.get(
    '/persons/:id/diagnoses',
    {
      preHandler: read,
      schema: { tags, summary: '人员的诊断', params: ZIdParams, response: { 200: z.array(ZDiagnosisDto) } },
    },
    async (request) =>
      listDiagnosesOfPerson(
        db,
        (await resolveScope(db, request, actorOf(request), undefined)).scope,
        request.params.id,
      ),
  );
  app.post(
    '/persons/:id/diagnoses',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '登记诊断（未编码的自由文本会被标记）',
        params: ZIdParams,
        body: ZDiagnosisCreateBody,
        response: { 201: ZDiagnosisDto },
      },
    },
    async (request, reply) => {
      const dto = await createDiagnosis(db, request, actorOf(request), request.params.id, request.body);
      return reply.code(201).send(dto);
    },
  );
  app.get(
    '/persons/:id/classification',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '人员的三个一批分类',
        params: ZIdParams,
        response: { 200: ZClassificationDto },
      },
    },
    async (request) =>
      getClassification(
        db,
        (await resolveScope(db, request, actorOf(request), undefined)).scope,
        request.params.id,
      ),
  );
  app.get(
    '/diagnoses',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '诊断核准列表',
        querystring: ZDiagnosisListQuery,
        response: { 200: pageOf(ZDiagnosisDto) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const region = await resolveScope(db, request, actorOf(request), filter.region);
      return listDiagnosesPage(db, region.scope, filter, { page, pageSize });
    },
  );
  app.get(
    '/diagnoses/export',
    {
      preHandler: read,
      schema: { tags, summary: '导出诊断核准列表（Excel）', querystring: ZDiagnosisFilter },
    },
    async (request, reply) => {
      const region = await resolveScope(db, request, actorOf(request), request.query.region);
      const buffer = await exportDiagnoses(db, request, region, request.query);
      return sendXlsx(reply, '诊断核准.xlsx', buffer);
    },
  );
  app.get(
    '/diagnoses/verification-rates',
    {
      preHandler: aggregates,
      schema: {
        tags,
        summary: '核准率（按下级区域）',
        querystring: ZRateQuery,
        response: { 200: ZVerificationRates },
      },
    },
    async (request) => {
      const region = await resolveScope(db, request, actorOf(request), request.query.region);
      return verificationRates(db, region, request.query);
    },
  );
  app.post(
    '/diagnoses/:id/verify',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '核准诊断（已核准 / 核准不患病 / 退回待核准）',
        params: ZIdParams,
        body: ZVerifyBody,
        response: { 200: ZDiagnosisDto },
      },
    },
    async (request) => verifyDiagnosis(db, request, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/ill-persons',
    {
      preHandler: read,
      schema: {
        tags,
        summary: '患病人员（按村、户列出每人所患疾病、三个一批分类和救治状态）',
        querystring: ZIllPersonQuery,
        response: { 200: pageOf(ZIllPersonDto) },
      },
    },
    async (request) => {
      const { page, pageSize, region, ...filter } = request.query;
      const scope = await resolveScope(db, request, actorOf(request), region);
      return listIllPersonsPage(db, scope.scope, filter, { page, pageSize });
    },
  );

  // ------------------------------------------------------------------ treatment ledger
  app.post(
    '/treatment-cases',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '为大病集中救治的人员病种建立救治台账（幂等）',
        body: ZCaseOpenBody,
        response: { 200: ZCaseDetailDto, 201: ZCaseDetailDto },
      },
    },
    async (request, reply) => {
      const { created, value } = await openCase(db, request, actorOf(request), request.body);
      return reply.code(created ? 201 : 200).send(value);
    },
  );
  app.get(
    '/treatment-cases',
    {
      preHandler: read,
      schema: { tags, summary: '救治台账', querystring: ZCaseListQuery, response: { 200: pageOf(ZCaseDto) } },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const region = await resolveScope(db, request, actorOf(request), filter.region);
      return listCasesPage(db, region.scope, filter, { page, pageSize });
    },
  );
  app.get(
    '/treatment-cases/export',
    { preHandler: read, schema: { tags, summary: '导出救治台账（Excel）', querystring: ZCaseFilter } },
    async (request, reply) => {
      const region = await resolveScope(db, request, actorOf(request), request.query.region);
      const buffer = await exportCases(db, request, region, request.query);
      return sendXlsx(reply, '救治台账.xlsx', buffer);
    },
  );
  app.get(
    '/treatment-cases/treatment-rates',
    {
      preHandler: aggregates,
      schema: {
        tags,
        summary: '救治率（按下级区域和病种）',
        querystring: ZRateQuery,
        response: { 200: ZTreatmentRates },
      },
    },
    async (request) =>
      treatmentRates(db, await resolveScope(db, request, actorOf(request), request.query.region)),
  );
  app.get(
    '/treatment-cases/:id',
    {
      preHandler: read,
      schema: { tags, summary: '救治病例及历史', params: ZIdParams, response: { 200: ZCaseDetailDto } },
    },
    async (request) =>
      getCase(db, (await resolveScope(db, request, actorOf(request), undefined)).scope, request.params.id),
  );
  app.patch(
    '/treatment-cases/:id/status',
    {
      preHandler: write,
      schema: {
        tags,
        summary: '变更救治状态',
        params: ZIdParams,
        body: ZCaseStatusBody,
        response: { 200: ZCaseDetailDto },
      },
    },
    async (request) => changeCaseStatus(db, request, actorOf(request), request.params.id, request.body),
  );
};
