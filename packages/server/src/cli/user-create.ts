import { isRole, ROLE_LABELS, ROLES, requiresInstitution } from '@healthaid/domain';
import { insertAuditEvent } from '../modules/audit/audit.repository.ts';
import { assertAcceptablePassword, normalizeUsername } from '../modules/auth/auth.service.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { insertUser } from '../modules/users/users.repository.ts';
import { requireOption, runCli } from './cli-support.ts';

const USAGE =
  '用法：npm run user:create -- --username NAME --password PASS --role ROLE --region CODE [--institution CODE] [--display-name 姓名]\n' +
  `  ROLE：${ROLES.map((r) => `${r}（${ROLE_LABELS[r]}）`).join('、')}`;

/**
 * `npm run user:create`: creates an account from the command line (first administrator of a real
 * installation, or recovery). The user must change the password at first login; the creation is audited.
 */
await runCli(
  USAGE,
  {
    username: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string' },
    region: { type: 'string' },
    institution: { type: 'string' },
    'display-name': { type: 'string' },
  },
  async ({ values }, database) => {
    const username = normalizeUsername(requireOption(values, 'username', USAGE));
    const password = requireOption(values, 'password', USAGE);
    const role = requireOption(values, 'role', USAGE);
    const regionInput = requireOption(values, 'region', USAGE);
    if (!isRole(role)) {
      throw new Error(`角色“${role}”不存在\n${USAGE}`);
    }
    assertAcceptablePassword(password, username);
    const regionCode = regionInput.padEnd(12, '0');
    const region = await database.db
      .selectFrom('region')
      .select(['code', 'name'])
      .where('code', '=', regionCode)
      .executeTakeFirst();
    if (!region) {
      throw new Error(`行政区划代码“${regionInput}”不存在`);
    }
    const institution = typeof values.institution === 'string' ? values.institution.trim() : '';
    if (requiresInstitution(role) && !institution) {
      throw new Error('医院结算员必须用 --institution 指定医疗机构编码');
    }
    if (requiresInstitution(role)) {
      const registered = await database.db
        .selectFrom('medical_institution')
        .select(['code', 'active'])
        .where('code', '=', institution)
        .executeTakeFirst();
      if (!registered?.active) {
        throw new Error(`医疗机构编码“${institution}”不存在或已停用：请先在“医疗机构”中登记该机构`);
      }
    }
    const existing = await database.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    if (existing) {
      throw new Error(`用户名“${username}”已被使用`);
    }
    const passwordHash = await hashPassword(password);
    const displayName = typeof values['display-name'] === 'string' ? values['display-name'] : username;
    const id = await database.db.transaction().execute(async (trx) => {
      const newId = await insertUser(trx, {
        username,
        display_name: displayName,
        password_hash: passwordHash,
        role,
        region_code: region.code,
        institution_code: requiresInstitution(role) ? institution : null,
        must_change_password: true,
      });
      await insertAuditEvent(trx, {
        userId: null,
        username: 'cli',
        role: null,
        action: 'user.create',
        entityType: 'user',
        entityId: newId,
        regionCode: region.code,
        result: 'success',
        detail: { username, role, regionCode: region.code, via: 'npm run user:create' },
      });
      return newId;
    });
    console.log(
      `已创建用户 ${username}（ID ${id}，${ROLE_LABELS[role]}，${region.name} ${region.code}）。首次登录须修改密码。`,
    );
  },
);
