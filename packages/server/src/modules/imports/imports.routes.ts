import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import { isSourceDepartment, SOURCE_DEPARTMENTS } from '@healthaid/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../http/app-error.ts';
import { receiveFileUpload } from '../../http/file-upload.ts';
import { pageOf, ZPageQuery } from '../../http/pagination.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { detectFileFormat, estimateCsvRows, ImportFileError } from './import-file-reader.ts';
import { buildPersonTemplate, streamErrorWorkbook } from './import-workbooks.ts';
import { insertBatch } from './imports.repository.ts';
import {
  ZBatchDetail,
  ZBatchDto,
  ZBatchIdParams,
  ZCommitResult,
  ZErrorsQuery,
  ZPreviewResponse,
  ZRowErrorDto,
} from './imports.schema.ts';
import {
  commitBatch,
  findBatchForDownload,
  getBatch,
  importScopeOf,
  iterateBatchErrors,
  listBatches,
  pageBatchErrors,
  runPreview,
  todayInChina,
} from './imports.service.ts';
import { MAX_IMPORT_ROWS, tooManyRowsMessage } from './person-list-stream.ts';

/** Upload limit of one list file (a 1M-row CSV is about 120 MB). */
export const MAX_IMPORT_FILE_BYTES = 300 * 1024 * 1024;
const UPLOAD_DIR = path.join(os.tmpdir(), 'healthaid-imports');
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const contentDisposition = (fileName: string) =>
  `attachment; filename="download.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

const isTrue = (value: string | undefined) => ['true', '1', 'on', 'yes', '是'].includes((value ?? '').trim());

export const importsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const guard = requireAuth({ permission: 'registry.import' });
  const tags = ['imports'];
  const pending = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...pending]);
  });
  // defParamCharset (passed through to busboy): browsers send UTF-8 file names such as 名单.xlsx.
  const multipartOptions = {
    defParamCharset: 'utf8',
    limits: { fileSize: MAX_IMPORT_FILE_BYTES, files: 1, fields: 10, fieldSize: 1024 },
  };
  await app.register(fastifyMultipart, multipartOptions);

  app.get(
    '/imports/persons/template',
    { preHandler: guard, schema: { tags, summary: '下载人员名单导入模板（.xlsx）' } },
    async (_request, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', contentDisposition('人员名单导入模板.xlsx'))
        .send(await buildPersonTemplate()),
  );

  app.post(
    '/imports/persons/preview',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '上传人员名单并预览校验结果（multipart：file, sourceDepartment, isFullList, wait）',
        consumes: ['multipart/form-data'],
        response: { 200: ZPreviewResponse, 202: ZPreviewResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const scope = importScopeOf(actor);
      const upload = await receiveFileUpload(request, { dir: UPLOAD_DIR, maxBytes: MAX_IMPORT_FILE_BYTES });
      let isHandedOver = false;
      try {
        const source = (upload.fields.sourceDepartment ?? '').trim();
        if (!isSourceDepartment(source)) {
          throw new AppError(
            'VALIDATION_FAILED',
            `数据来源部门“${source || '未填写'}”无效，应为${SOURCE_DEPARTMENTS.join('、')}之一`,
          );
        }
        const isFullList = isTrue(upload.fields.isFullList);
        let detected: ReturnType<typeof detectFileFormat>;
        try {
          detected = detectFileFormat(upload.filePath, upload.fileName);
        } catch (error) {
          if (error instanceof ImportFileError) {
            throw new AppError('UNPROCESSABLE', `文件“${upload.fileName}”无法导入：${error.message}`);
          }
          throw error;
        }
        const totalRows = detected.format === 'csv' ? await estimateCsvRows(upload.filePath) : null;
        if (totalRows !== null && totalRows > MAX_IMPORT_ROWS) {
          throw new AppError(
            'UNPROCESSABLE',
            `文件“${upload.fileName}”无法导入：${tooManyRowsMessage(totalRows)}`,
          );
        }
        const batchId = await insertBatch(db, {
          countyCode: scope.countyCode,
          regionCode: scope.regionCode,
          sourceDepartment: source,
          fileName: upload.fileName,
          checksum: upload.checksum,
          isFullList,
          userId: actor.userId,
          totalRows,
        });
        await recordAudit(db, request, {
          action: 'registry.import.upload',
          entityType: 'import_batch',
          entityId: batchId,
          regionCode: actor.regionCode,
          result: 'success',
          detail: {
            fileName: upload.fileName,
            checksum: upload.checksum,
            sourceDepartment: source,
            isFullList,
          },
        });
        const job = runPreview(db, {
          batchId,
          scope,
          source,
          isFullList,
          filePath: upload.filePath,
          format: detected.format,
          encoding: detected.encoding,
          today: todayInChina(),
        }).finally(() => fs.rmSync(upload.filePath, { force: true }));
        isHandedOver = true;
        const shouldWait = isTrue(upload.fields.wait);
        if (shouldWait) {
          await job;
        } else {
          pending.add(job);
          job.finally(() => pending.delete(job)).catch(() => {});
        }
        const batch = await getBatch(db, actor, batchId);
        const errors = await pageBatchErrors(db, actor, batchId, { page: 1, pageSize: 20 });
        return reply
          .status(shouldWait ? 200 : 202)
          .send({ batch, errors: { items: errors.items, total: errors.total } });
      } finally {
        if (!isHandedOver) {
          fs.rmSync(upload.filePath, { force: true });
        }
      }
    },
  );

  app.get(
    '/imports/batches',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '导入批次列表',
        querystring: ZPageQuery,
        response: { 200: pageOf(ZBatchDto) },
      },
    },
    async (request) => listBatches(db, actorOf(request), request.query),
  );

  app.get(
    '/imports/batches/:id',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '导入批次（状态、进度、计数）',
        params: ZBatchIdParams,
        response: { 200: ZBatchDetail },
      },
    },
    async (request) => getBatch(db, actorOf(request), request.params.id),
  );

  app.get(
    '/imports/batches/:id/errors',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '导入批次的错误明细（分页）',
        params: ZBatchIdParams,
        querystring: ZErrorsQuery,
        response: { 200: pageOf(ZRowErrorDto) },
      },
    },
    async (request) => pageBatchErrors(db, actorOf(request), request.params.id, request.query),
  );

  app.get(
    '/imports/batches/:id/errors.xlsx',
    { preHandler: guard, schema: { tags, summary: '下载错误明细（.xlsx）', params: ZBatchIdParams } },
    async (request, reply) => {
      const { batch, scope } = await findBatchForDownload(db, actorOf(request), request.params.id);
      const baseName = batch.file_name.replace(/\.[^.]+$/u, '');
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', contentDisposition(`${baseName}-错误明细.xlsx`))
        .send(streamErrorWorkbook(batch.file_name, iterateBatchErrors(db, scope.countyCode, batch.id)));
    },
  );

  app.post(
    '/imports/batches/:id/commit',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '提交导入（单一事务，幂等）',
        params: ZBatchIdParams,
        response: { 200: ZCommitResult },
      },
    },
    async (request) => commitBatch(db, request, actorOf(request), request.params.id),
  );
};
