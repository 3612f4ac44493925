import { ROLES } from '@healthaid/domain';
import { z } from 'zod';
import { ZPageQuery } from '../../http/pagination.ts';

export const ZRegionCode = z
  .string()
  .trim()
  .regex(/^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/, '行政区划代码应为2、4、6、9或12位数字');

export const ZUsername = z
  .string()
  .trim()
  .min(3, '用户名至少3个字符')
  .max(32, '用户名最多32个字符')
  .regex(/^[a-zA-Z0-9_.-]+$/, '用户名只能包含字母、数字、下划线、点和连字符');

export const ZDisplayName = z.string().trim().min(1, '姓名不能为空').max(50, '姓名最多50个字符');

export const ZUserDto = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  regionCode: z.string(),
  regionName: z.string(),
  institutionCode: z.string().nullable(),
  status: z.enum(['active', 'disabled', 'locked']),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TUserDto = z.infer<typeof ZUserDto>;

export const ZListUsersQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  role: z.enum(ROLES).optional(),
  status: z.enum(['active', 'disabled', 'locked']).optional(),
});

export const ZInstitutionCode = z
  .string()
  .trim()
  .min(1)
  .max(40, '机构编码最多40个字符')
  .regex(/^[A-Za-z0-9_-]+$/, '机构编码只能包含字母、数字、下划线和连字符');

export const ZCreateUserBody = z.strictObject({
  username: ZUsername,
  displayName: ZDisplayName,
  password: z.string().min(1, '密码不能为空').max(128),
  role: z.enum(ROLES, '角色不正确'),
  regionCode: ZRegionCode,
  institutionCode: ZInstitutionCode.nullish(),
});

export const ZUpdateUserBody = z.strictObject({
  displayName: ZDisplayName.optional(),
  role: z.enum(ROLES, '角色不正确').optional(),
  regionCode: ZRegionCode.optional(),
  institutionCode: ZInstitutionCode.nullish(),
});

export const ZResetPasswordBody = z.strictObject({ password: z.string().min(1, '密码不能为空').max(128) });

export const ZUserIdParams = z.object({ id: z.coerce.number().int().positive() });
