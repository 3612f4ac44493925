import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';

/** Loads the demo county into an empty database (no users yet). Returns false when data already exists. */
export async function seedDemoIfEmpty(
  db: Kysely<DB>,
  log: (message: string) => void = () => {},
): Promise<boolean> {
  const existing = await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  if (existing) {
    return false;
  }
  log('首次启动：正在载入演示县（青龙满族自治县）… / first start: loading the demo county');
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('app_user')
      .values(
        DEMO_ACCOUNTS.map((a, i) => ({
          username: a.username,
          display_name: a.displayName,
          password_hash: hashes[i] ?? '',
          role: a.role,
          region_code: a.regionCode,
          institution_code: a.institutionCode ?? null,
          must_change_password: false,
        })),
      )
      .execute();
  });
  log(`演示账号已创建：${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`);
  return true;
}
