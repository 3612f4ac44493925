import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from './app-error.ts';

export type ReceivedFile = {
  /** Temporary file holding the upload; the caller removes it. */
  filePath: string;
  fileName: string;
  /** SHA-256 of the content (hex): the idempotency key of an import. */
  checksum: string;
  fields: Record<string, string>;
};

/**
 * Streams the single `file` part of a multipart request to `dir`, hashing it on the way; other parts
 * become `fields`. Needs @fastify/multipart registered on the route's plugin (with a fileSize limit).
 * Generic: any module that accepts one uploaded spreadsheet can use it.
 */
export async function receiveFileUpload(
  request: FastifyRequest,
  options: { dir: string; maxBytes: number },
): Promise<ReceivedFile> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件（字段 file）');
  }
  fs.mkdirSync(options.dir, { recursive: true });
  const fields: Record<string, string> = {};
  let received: Omit<ReceivedFile, 'fields'> | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') {
        fields[part.fieldname] = String(part.value);
      } else if (part.fieldname !== 'file' || received) {
        part.file.resume();
      } else {
        const filePath = path.join(options.dir, crypto.randomUUID());
        const hash = crypto.createHash('sha256');
        part.file.on('data', (chunk: Buffer) => hash.update(chunk));
        received = { filePath, fileName: part.filename || '未命名文件', checksum: '' };
        await pipeline(part.file, fs.createWriteStream(filePath));
        if (part.file.truncated) {
          throw Object.assign(new Error('file too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
        }
        received.checksum = hash.digest('hex');
      }
    }
  } catch (error) {
    if (received) {
      fs.rmSync(received.filePath, { force: true });
    }
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `文件过大：上限为 ${Math.round(options.maxBytes / 1024 / 1024)} MB，请拆分后分批导入`,
      );
    }
    throw error;
  }
  if (!received) {
    throw new AppError('VALIDATION_FAILED', '请选择要上传的文件（字段 file）');
  }
  return { ...received, fields };
}
