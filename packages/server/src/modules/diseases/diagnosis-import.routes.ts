import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { receiveFileUpload } from '../../http/file-upload.ts';
import { pageOf, ZPageQuery } from '../../http/pagination.ts';
import { sendXlsx } from '../../http/xlsx.ts';
import { actorOf, requireAuth } from '../../plugins/auth.ts';
import {
  buildDiagnosisTemplate,
  commitDiagnosisImport,
  errorWorkbookOf,
  getDiagnosisImport,
  listDiagnosisImports,
  previewDiagnosisImport,
} from './diagnosis-import.service.ts';
import { ZIdParams } from './diseases.schema.ts';

/** A diagnosis file is at most 20,000 rows: a few MB even as xlsx. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const UPLOAD_DIR = path.join(os.tmpdir(), 'healthaid-diagnosis-imports');

const ZBatchDto = z.object({
  id: z.number(),
  fileName: z.string(),
  status: z.enum(['previewed', 'committed']),
  totalRows: z.number(),
  validRows: z.number(),
  duplicateRows: z.number(),
  errorCount: z.number(),
  errors: z.array(z.object({ rowNumber: z.number(), column: z.string(), message: z.string() })),
  insertedRows: z.number().nullable(),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
  isRepeat: z.boolean(),
});

/** Diagnosis spreadsheet import: template, upload with checked preview, error workbook, atomic commit. */
export const diagnosisImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const guard = requireAuth({ permission: 'registry.import' });
  const tags = ['diagnosis-imports'];
  // defParamCharset (passed through to busboy): browsers send UTF-8 file names such as 诊断名单.xlsx.
  const multipartOptions = {
    defParamCharset: 'utf8',
    limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, fieldSize: 1024 },
  };
  await app.register(fastifyMultipart, multipartOptions);

  app.get(
    '/diagnosis-imports/template',
    { preHandler: guard, schema: { tags, summary: '下载诊断导入模板（.xlsx）' } },
    async (_request, reply) => sendXlsx(reply, '诊断导入模板.xlsx', await buildDiagnosisTemplate()),
  );
  app.get(
    '/diagnosis-imports',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '诊断导入批次',
        querystring: ZPageQuery,
        response: { 200: pageOf(ZBatchDto) },
      },
    },
    async (request) => listDiagnosisImports(db, actorOf(request), request.query),
  );
  app.post(
    '/diagnosis-imports',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '上传诊断名单（.xlsx 或 .csv，multipart 字段 file）并预览校验结果',
        consumes: ['multipart/form-data'],
        response: { 200: ZBatchDto, 201: ZBatchDto },
      },
    },
    async (request, reply) => {
      const upload = await receiveFileUpload(request, { dir: UPLOAD_DIR, maxBytes: MAX_FILE_BYTES });
      try {
        const batch = await previewDiagnosisImport(db, request, actorOf(request), upload);
        return reply.code(batch.isRepeat ? 200 : 201).send(batch);
      } finally {
        fs.rmSync(upload.filePath, { force: true });
      }
    },
  );
  app.get(
    '/diagnosis-imports/:id',
    {
      preHandler: guard,
      schema: { tags, summary: '诊断导入批次详情', params: ZIdParams, response: { 200: ZBatchDto } },
    },
    async (request) => getDiagnosisImport(db, actorOf(request), request.params.id),
  );
  app.get(
    '/diagnosis-imports/:id/errors.xlsx',
    { preHandler: guard, schema: { tags, summary: '下载错误明细（.xlsx）', params: ZIdParams } },
    async (request, reply) => {
      const { fileName, stream } = await errorWorkbookOf(db, actorOf(request), request.params.id);
      return sendXlsx(reply, `错误明细-${fileName.replace(/\.[^.]+$/, '')}.xlsx`, stream);
    },
  );
  app.post(
    '/diagnosis-imports/:id/commit',
    {
      preHandler: guard,
      schema: {
        tags,
        summary: '提交导入：全部写入或全部不写入；重复提交返回同一结果',
        params: ZIdParams,
        response: { 200: ZBatchDto },
      },
    },
    async (request) => commitDiagnosisImport(db, request, actorOf(request), request.params.id),
  );
};
