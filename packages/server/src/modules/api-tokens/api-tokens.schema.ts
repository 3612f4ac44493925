import { API_TOKEN_PERMISSIONS, isIsoDate } from '@healthaid/domain';
import { z } from 'zod';
import { ZPageQuery } from '../../http/pagination.ts';

export const API_TOKEN_STATUSES = ['active', 'revoked', 'expired'] as const;

export const ZApiTokenListQuery = ZPageQuery.extend({
  status: z.enum(API_TOKEN_STATUSES).optional(),
  institutionCode: z.string().trim().max(32).optional(),
  q: z.string().trim().max(100).optional(),
});

export const ZApiTokenIssueBody = z.strictObject({
  name: z.string().trim().min(1, '令牌名称不能为空').max(100, '令牌名称不能超过 100 个字'),
  institutionCode: z.string().trim().min(1, '请选择医疗机构').max(32, '机构编码过长'),
  /** Region the token may see (2–12 digits); defaults to the institution's county. */
  regionCode: z
    .string()
    .trim()
    .regex(/^\d{2,12}$/, '数据范围应为 2–12 位行政区划代码')
    .optional(),
  /** Last day the token is valid (inclusive, China time). */
  expiresOn: z.string().refine(isIsoDate, '有效期至（expiresOn）应为 YYYY-MM-DD 格式的日期'),
  permissions: z
    .array(z.enum(API_TOKEN_PERMISSIONS, { error: '令牌只能授予接口权限：就医身份识别（identity.check）' }))
    .min(1, '至少授予一项接口权限')
    .optional(),
});

export const ZApiTokenRevokeBody = z
  .strictObject({ reason: z.string().trim().max(200, '吊销原因不能超过 200 个字').optional() })
  .nullish();

export const ZApiTokenParams = z.object({ id: z.coerce.number().int().positive() });

export const ZApiTokenDto = z.object({
  id: z.number().int(),
  name: z.string(),
  institutionCode: z.string(),
  institutionName: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  permissions: z.array(z.string()),
  tokenPrefix: z.string(),
  status: z.enum(API_TOKEN_STATUSES),
  expiresAt: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  lastUsedIp: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export type TApiTokenDto = z.infer<typeof ZApiTokenDto>;

export const ZApiTokenIssuedDto = z.object({
  token: ZApiTokenDto,
  /** The secret, shown this once: the server keeps only its hash. */
  secret: z.string(),
});

export const ZInstitutionOptionsQuery = z.object({ q: z.string().trim().max(50).optional() });
export const ZInstitutionOptionDto = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  regionCode: z.string(),
  countyCode: z.string(),
});
