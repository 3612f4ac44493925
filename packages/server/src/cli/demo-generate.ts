import { parseArgs } from 'node:util';
import { isIsoDate } from '@healthaid/domain';
import { loadConfig } from '../config.ts';
import { DataDirLockedError } from '../db/data-dir-lock.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openMigratedDatabase } from '../db/open-from-config.ts';
import { refreshPlannerStatistics } from '../db/planner-statistics.ts';
import { seedDemoActivityIfEmpty } from '../demo/demo-activity.ts';
import { personListFormatOf, writePersonList } from '../demo/demo-files.ts';
import {
  countyHasHouseholds,
  DEMO_POPULATION_DEFAULTS,
  generateHouseholds,
  loadDemoVillages,
  seedDemoPopulationIfEmpty,
} from '../demo/demo-population.ts';
import { flushRegistryStats } from '../modules/indicators/registry-stats.ts';

const USAGE = `用法：npm run demo:generate -- --county 130321 --persons 70000 --seed 1 [--as-of 2026-11-01]
                [--out 名单.csv|名单.xlsx] [--no-db] [--no-activity]
  默认写入已配置的数据库（DATA_DIR 的内嵌 PGlite，或 DATABASE_URL 指向的 PostgreSQL）：户、人、人员类别、收入，
  以及诊断、救治台账、签约、随访、体检、一站式结算（--no-activity 只写户籍人口）。该区县已有户籍数据时拒绝写入。
  --out 另按人员名单导入模板的格式写出 CSV（UTF-8）或 XLSX 文件（每人一行，可用于导入测试）；
  --no-db 只写文件，不改动任何数据库。同一 --seed 和 --as-of 总是生成完全相同的数据。`;

/**
 * `npm run demo:generate`: the deterministic demo-data generator (issue 3 §7). Writes a county's synthetic
 * households and persons (and, unless --no-activity, a year of activity) into the configured database with COPY,
 * and/or a person-list file in the import template's layout. Scales to 1,000,000 persons (streamed).
 */
async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        county: { type: 'string' },
        persons: { type: 'string' },
        seed: { type: 'string' },
        'as-of': { type: 'string' },
        out: { type: 'string' },
        'no-db': { type: 'boolean' },
        'no-activity': { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`参数错误：${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  const county = String(values.county ?? '130321');
  const persons = Number(values.persons ?? DEMO_POPULATION_DEFAULTS.persons);
  const seed = Number(values.seed ?? DEMO_POPULATION_DEFAULTS.seed);
  const asOf = String(values['as-of'] ?? DEMO_POPULATION_DEFAULTS.asOf);
  const out = typeof values.out === 'string' ? values.out : null;
  const writeDb = values['no-db'] !== true;
  if (!/^\d{6}$/.test(county)) {
    throw new Error(`区县代码“${county}”无效：应为6位数字\n${USAGE}`);
  }
  if (!Number.isSafeInteger(persons) || persons < 1 || persons > 5_000_000) {
    throw new Error(`人数“${values.persons}”无效：应为 1 到 5,000,000 的整数\n${USAGE}`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`随机种子“${values.seed}”无效：应为非负整数\n${USAGE}`);
  }
  if (!isIsoDate(asOf)) {
    throw new Error(`基准日期“${asOf}”无效：应为 YYYY-MM-DD\n${USAGE}`);
  }
  if (out) {
    personListFormatOf(out);
  }
  if (!writeDb && !out) {
    throw new Error(`--no-db 时必须用 --out 指定输出文件\n${USAGE}`);
  }

  // Without a database the villages still come from the region table: migrate a throw-away in-memory one.
  let database: Database | null = null;
  try {
    if (writeDb) {
      database = await openMigratedDatabase(loadConfig());
    } else {
      database = await openDatabase({ engine: 'pglite', dataDir: null });
      await migrateToLatest(database.db);
    }
    const villages = await loadDemoVillages(database.db, county);
    if (villages.length === 0) {
      throw new Error(
        `区县${county}在行政区划表中没有村（社区）：请先用 npm run regions:import 导入该县的村级区划`,
      );
    }
    const started = performance.now();
    const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
    // The demo accounts' village weighs more (as on first start), so the file and the database always agree.
    const options = {
      countyCode: county,
      villages,
      persons,
      seed,
      asOf,
      emphasisedVillages: DEMO_POPULATION_DEFAULTS.emphasisedVillages,
    };
    if (out) {
      const rows = await writePersonList(out, generateHouseholds(options), asOf, (n) =>
        console.error(`  名单：${n.toLocaleString('zh-CN')}人（${seconds()} s）`),
      );
      console.log(`已写出人员名单 ${out}：${rows}行（${seconds()} s）`);
    }
    if (writeDb) {
      if (await countyHasHouseholds(database.db, county)) {
        throw new Error(`区县${county}已有户籍数据，未写入数据库（演示数据只写入空的区县）`);
      }
      const loaded = await seedDemoPopulationIfEmpty(database, county, options);
      console.log(
        `已写入户籍人口：${loaded?.households ?? 0}户、${loaded?.persons ?? 0}人、人员类别${loaded?.categories ?? 0}条（${seconds()} s）`,
      );
      if (values['no-activity'] !== true) {
        const activity = await seedDemoActivityIfEmpty(database, county, { seed: seed + 100, asOf }, (n) => {
          if (n % 100_000 < 20_000) {
            console.error(`  业务数据：已处理${n.toLocaleString('zh-CN')}人（${seconds()} s）`);
          }
        });
        if (activity) {
          console.log(
            `已写入业务数据：诊断${activity.diagnoses}条（大病患者${activity.majorPatients}人、严重精神障碍患者${activity.mentalPatients}人）、` +
              `救治台账${activity.treatmentCases}例、签约${activity.contracts}份、随访${activity.visits}次、体检${activity.checkups}人次、` +
              `结算${activity.settlements}笔（${seconds()} s）`,
          );
        }
      }
      await flushRegistryStats(database.db);
      await refreshPlannerStatistics(database.db);
      console.log(`完成（${seconds()} s）`);
    }
  } finally {
    await database?.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(error instanceof DataDirLockedError ? message : `失败：${message}`);
  process.exitCode = 1;
});
