import { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { refreshPlannerStatistics } from '../db/planner-statistics.ts';
import type { DB } from '../db/schema.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { flushRegistryStats } from '../modules/indicators/registry-stats.ts';
import { DEMO_ACCOUNTS, DEMO_COUNTY_CODE } from './demo-accounts.ts';
import { seedDemoActivityIfEmpty } from './demo-activity.ts';
import { seedDemoInstitutionsIfEmpty } from './demo-institutions.ts';
import { seedDemoOversightIfEmpty } from './demo-oversight.ts';
import { seedDemoPopulationIfEmpty } from './demo-population.ts';
import { seedDemoSupportIfEmpty } from './demo-support.ts';

/**
 * Loads the demo county into an empty database (no users yet). Returns false when data already exists.
 * `population: false` skips the generated households and persons (int tests seed their own rows); the
 * population (70,000 persons by default, `persons` to change it) is loaded with COPY and therefore needs the
 * engine handle: pass the `Database`, not only its Kysely instance.
 */
export async function seedDemoIfEmpty(
  target: Database | Kysely<DB>,
  log: (message: string) => void = () => {},
  options: { population?: boolean; persons?: number } = {},
): Promise<boolean> {
  const database = target instanceof Kysely ? null : target;
  const db = target instanceof Kysely ? target : target.db;
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
  // Institutions come with the accounts (also without the population): the clerk's H130321001 must exist.
  const institutions = await seedDemoInstitutionsIfEmpty(db, DEMO_COUNTY_CODE);
  log(`演示医疗机构已载入：${institutions}家`);
  if (options.population ?? true) {
    if (!database) {
      throw new Error('seedDemoIfEmpty: loading the demo population needs the Database handle (COPY)');
    }
    const started = performance.now();
    const loaded = await seedDemoPopulationIfEmpty(database, DEMO_COUNTY_CODE, {
      ...(options.persons ? { persons: options.persons } : {}),
    });
    if (loaded) {
      const ms = Math.round(performance.now() - started);
      log(`演示人口已载入：${loaded.households}户、${loaded.persons}人（${ms} ms）`);
      const activityStarted = performance.now();
      const activity = await seedDemoActivityIfEmpty(database, DEMO_COUNTY_CODE);
      if (activity) {
        const activityMs = Math.round(performance.now() - activityStarted);
        log(
          `演示业务数据已载入：诊断${activity.diagnoses}条（大病患者${activity.majorPatients}人、严重精神障碍患者${activity.mentalPatients}人）、签约${activity.contracts}份、随访${activity.visits}次、结算${activity.settlements}笔（${activityMs} ms）`,
        );
      }
      const supportStarted = performance.now();
      const support = await seedDemoSupportIfEmpty(db, DEMO_COUNTY_CODE);
      if (support) {
        log(
          `演示两筛两癌和入户帮扶数据已载入：筛查${support.screenings}人次、走访${support.visits}次、政策知晓调查${support.surveys}户次、保健箱${support.kits}次（${Math.round(performance.now() - supportStarted)} ms）`,
        );
      }
      // The population loader wrote the registry aggregates itself; fold in anything else pending.
      await flushRegistryStats(db);
      await refreshPlannerStatistics(db);
      // Supervision rounds and problems, and the year's warnings from the rules run month by month (reads the
      // activity above, so after the statistics refresh).
      const oversightStarted = performance.now();
      const oversight = await seedDemoOversightIfEmpty(db, DEMO_COUNTY_CODE);
      if (oversight) {
        log(
          `演示督导与预警数据已载入：督导${oversight.rounds}轮、问题${oversight.problems}个（已销号${oversight.closedProblems}个）、预警${oversight.warnings}条（已处置${oversight.disposedWarnings}条）（${Math.round(performance.now() - oversightStarted)} ms）`,
        );
      }
    }
  }
  return true;
}
