import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import { COMPARISON_SOURCES, isComparisonSource } from '@healthaid/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../http/app-error.ts';
import { receiveFileUpload } from '../../http/file-upload.ts';
import { pageOf, ZPageQuery } from '../../http/pagination.ts';
import { attachmentHeader, XLSX_MIME } from '../../http/xlsx.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import { auditContextOf } from '../audit/audit.service.ts';
import { detectFileFormat, estimateCsvRows, ImportFileError } from '../imports/import-file-reader.ts';
import { streamErrorWorkbook } from '../imports/import-workbooks.ts';
import { MAX_IMPORT_ROWS, tooManyRowsMessage } from '../imports/person-list-stream.ts';
import { insertRunOrFindSame } from './comparisons.repository.ts';
import {
  ZComparisonDto,
  ZComparisonIdParams,
  ZComparisonRowDto,
  ZCreateTasksBody,
  ZCreateTasksResult,
  ZExportQuery,
  ZOnlyInListTemplateQuery,
  ZRerunBody,
  ZRowsQuery,
  ZUploadResponse,
} from './comparisons.schema.ts';
import {
  comparisonScopeOf,
  createTasksFromRows,
  exportOnlyInListTemplate,
  exportRows,
  getRun,
  listRuns,
  pageRows,
  purgeExpiredComparisonLists,
  runComparison,
  startRerun,
  todayInChina,
} from './comparisons.service.ts';

/** Upload limit of one list (as the import's: a 1M-row CSV is about 120 MB). */
const MAX_FILE_BYTES = 300 * 1024 * 1024;
const UPLOAD_DIR = path.join(os.tmpdir(), 'healthaid-comparisons');

/** How often stored lists past their retention are looked for. */
const LIST_PURGE_INTERVAL_MS = 60 * 60_000;

const isTrue = (value: string | undefined) => ['true', '1', 'on', 'yes', '是'].includes((value ?? '').trim());

/** 数据对比: compare a department's list with the registry (nothing is imported). */
export const comparisonsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const guard = requireAuth({ permission: 'registry.import' });
  const write = requireAuth({ permission: 'persons.write' });
  const tags = ['comparisons'];
  const pending = new Set<Promise<void>>();
  let purgeTimer: NodeJS.Timeout | null = null;
  app.addHook('onClose', async () => {
    if (purgeTimer) {
      clearInterval(purgeTimer);
    }
    await Promise.allSettled([...pending]);
  });
  // Stored lists past their retention go at start and every hour (COMPARISON_LIST_RETENTION_DAYS).
  const purge = async () => {
    try {
      const purged = await purgeExpiredComparisonLists(
        db,
        new Date(),
        app.deps.config.comparisonListRetentionDays,
      );
      if (purged.runs > 0) {
        app.log.info(purged, 'deleted the stored lists of comparisons past their retention');
      }
    } catch (error) {
      app.log.warn({ err: { message: String(error) } }, 'could not delete expired comparison lists');
    }
  };
  app.addHook('onReady', async () => {
    await purge();
    purgeTimer = setInterval(() => void purge(), LIST_PURGE_INTERVAL_MS);
    purgeTimer.unref();
  });
  /** Awaits a comparison when asked to wait; otherwise leaves it running (awaited when the server closes). */
  const follow = async (job: Promise<void>, shouldWait: boolean) => {
    if (shouldWait) {
      await job;
      return;
    }
    pending.add(job);
    job.finally(() => pending.delete(job)).catch(() => {});
  };
  // defParamCharset (passed through to busboy): browsers send UTF-8 file names such as 参保名单.xlsx.
  const multipartOptions = {
    defParamCharset: 'utf8',
    limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, fieldSize: 1024 },
  };
  await app.register(fastifyMultipart, multipartOptions);

  app.post(
    '/comparisons',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '上传名单与系统数据对比（multipart：file, sourceDepartment, coverage, wait；不导入）',
        consumes: ['multipart/form-data'],
        response: { 200: ZUploadResponse, 202: ZUploadResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const scope = comparisonScopeOf(actor);
      const upload = await receiveFileUpload(request, { dir: UPLOAD_DIR, maxBytes: MAX_FILE_BYTES });
      let isHandedOver = false;
      try {
        const source = (upload.fields.sourceDepartment ?? '').trim();
        if (!isComparisonSource(source)) {
          throw new AppError(
            'VALIDATION_FAILED',
            `名单来源“${source || '未填写'}”无效，应为${COMPARISON_SOURCES.map((s) => s.key).join('、')}之一`,
          );
        }
        const coverage = (upload.fields.coverage ?? 'villages').trim();
        if (coverage !== 'villages' && coverage !== 'scope') {
          throw new AppError(
            'VALIDATION_FAILED',
            '对比范围应为 villages（名单涉及的村）或 scope（管辖范围全部）',
          );
        }
        let detected: ReturnType<typeof detectFileFormat>;
        try {
          detected = detectFileFormat(upload.filePath, upload.fileName);
        } catch (error) {
          if (error instanceof ImportFileError) {
            throw new AppError('UNPROCESSABLE', `文件“${upload.fileName}”无法对比：${error.message}`);
          }
          throw error;
        }
        const totalRows = detected.format === 'csv' ? await estimateCsvRows(upload.filePath) : null;
        if (totalRows !== null && totalRows > MAX_IMPORT_ROWS) {
          throw new AppError(
            'UNPROCESSABLE',
            `文件“${upload.fileName}”无法对比：${tooManyRowsMessage(totalRows)}`,
          );
        }
        const label = COMPARISON_SOURCES.find((s) => s.key === source)?.label ?? source;
        const asOf = todayInChina();
        const { id, isExisting } = await insertRunOrFindSame(db, {
          countyCode: scope.countyCode,
          regionCode: scope.regionCode,
          sourceDepartment: source,
          sourceLabel: label,
          coverage,
          fileName: upload.fileName,
          checksum: upload.checksum,
          totalRows,
          asOf,
          userId: actor.userId,
        });
        const shouldWait = isTrue(upload.fields.wait);
        if (!isExisting) {
          const job = runComparison(db, {
            runId: id,
            scope,
            source,
            coverage,
            filePath: upload.filePath,
            fileName: upload.fileName,
            checksum: upload.checksum,
            format: detected.format,
            encoding: detected.encoding,
            asOf,
            audit: auditContextOf(request),
          }).finally(() => fs.rmSync(upload.filePath, { force: true }));
          isHandedOver = true;
          await follow(job, shouldWait);
        }
        const run = await getRun(db, actor, id);
        return reply.status(run.status === 'processing' ? 202 : 200).send({ run, isExisting });
      } finally {
        if (!isHandedOver) {
          fs.rmSync(upload.filePath, { force: true });
        }
      }
    },
  );

  app.post(
    '/comparisons/:id/rerun',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '重新对比：用已对比名单（不必再次上传）与系统现有数据再对比一次',
        params: ZComparisonIdParams,
        body: ZRerunBody,
        response: { 200: ZUploadResponse, 202: ZUploadResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { id, isExisting, job } = await startRerun(db, request, actor, request.params.id);
      if (job) {
        await follow(job, request.body.wait);
      }
      const run = await getRun(db, actor, id);
      return reply.status(run.status === 'processing' ? 202 : 200).send({ run, isExisting });
    },
  );

  app.get(
    '/comparisons',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '数据对比记录',
        querystring: ZPageQuery,
        response: { 200: pageOf(ZComparisonDto) },
      },
    },
    async (request) => listRuns(db, actorOf(request), request.query),
  );

  app.get(
    '/comparisons/:id',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '数据对比（状态、进度、各类计数）',
        params: ZComparisonIdParams,
        response: { 200: ZComparisonDto },
      },
    },
    async (request) => getRun(db, actorOf(request), request.params.id),
  );

  app.get(
    '/comparisons/:id/errors.xlsx',
    {
      preHandler: guard,
      schema: { tags, summary: '下载被拒名单的错误明细（.xlsx）', params: ZComparisonIdParams },
    },
    async (request, reply) => {
      const run = await getRun(db, actorOf(request), request.params.id);
      const baseName = run.fileName.replace(/\.[^.]+$/u, '');
      async function* chunks() {
        yield run.errors;
      }
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', attachmentHeader(`${baseName}-错误明细.xlsx`))
        .send(streamErrorWorkbook(run.fileName, chunks()));
    },
  );

  app.get(
    '/comparisons/:id/rows',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '对比结果（按类型分页：仅名单有 / 仅系统有 / 信息不一致）',
        params: ZComparisonIdParams,
        querystring: ZRowsQuery,
        response: { 200: pageOf(ZComparisonRowDto) },
      },
    },
    async (request) => pageRows(db, request, actorOf(request), request.params.id, request.query),
  );

  app.get(
    '/comparisons/:id/rows.xlsx',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '导出对比结果（.xlsx，身份证号脱敏）',
        params: ZComparisonIdParams,
        querystring: ZExportQuery,
      },
    },
    async (request, reply) => {
      const { stream, fileName } = await exportRows(
        db,
        request,
        actorOf(request),
        request.params.id,
        request.query,
      );
      return reply.type(XLSX_MIME).header('content-disposition', attachmentHeader(fileName)).send(stream);
    },
  );

  app.get(
    '/comparisons/:id/only-in-list.xlsx',
    {
      preHandler: [guard, write],
      schema: {
        tags,
        summary: '“仅名单有”的人员填入人员导入模板（.xlsx，完整身份证号，审计），补全后通过人员导入登记',
        params: ZComparisonIdParams,
        querystring: ZOnlyInListTemplateQuery,
      },
    },
    async (request, reply) => {
      const { workbook, fileName } = await exportOnlyInListTemplate(
        db,
        request,
        actorOf(request),
        request.params.id,
        request.query,
      );
      return reply.type(XLSX_MIME).header('content-disposition', attachmentHeader(fileName)).send(workbook);
    },
  );

  app.post(
    '/comparisons/:id/tasks',
    {
      preHandler: [guard, write],
      schema: {
        tags,
        summary: '由对比结果生成入户核实任务（所选行或某类全部，指派到乡镇或村）',
        params: ZComparisonIdParams,
        body: ZCreateTasksBody,
        response: { 200: ZCreateTasksResult },
      },
    },
    async (request) => createTasksFromRows(db, request, actorOf(request), request.params.id, request.body),
  );
};
