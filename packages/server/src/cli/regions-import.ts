import path from 'node:path';
import { sql } from 'kysely';
import { readVillageCsv } from '../modules/regions/region-data.ts';
import { runCli } from './cli-support.ts';

const USAGE =
  '用法：npm run regions:import -- FILE.csv [FILE2.csv …]\n' +
  '  CSV 列：code,name,streetCode,provinceCode,cityCode,areaCode（与 ../shared/data/regions/villages 格式相同）';

/**
 * `npm run regions:import -- FILE.csv`: loads the villages of other counties. All files are checked
 * first, then written in one transaction; villages already present are updated (name), so a re-run
 * changes nothing. Every township referenced must already exist.
 */
await runCli(USAGE, {}, async ({ positionals }, database) => {
  if (positionals.length === 0) {
    throw new Error(`请指定至少一个 CSV 文件\n${USAGE}`);
  }
  const rows = positionals.flatMap((file) => readVillageCsv(path.resolve(file)));
  const townships = [...new Set(rows.map((r) => r.parent_code).filter((c): c is string => Boolean(c)))];
  const known = new Set<string>();
  for (let i = 0; i < townships.length; i += 1000) {
    const found = await database.db
      .selectFrom('region')
      .select('code')
      .where('code', 'in', townships.slice(i, i + 1000))
      .execute();
    for (const r of found) {
      known.add(r.code);
    }
  }
  const missing = townships.filter((c) => !known.has(c));
  if (missing.length > 0) {
    throw new Error(
      `以下乡镇代码在区划表中不存在，未导入任何数据：${missing.slice(0, 10).join('、')}${missing.length > 10 ? ' 等' : ''}`,
    );
  }
  const before = await database.db
    .selectFrom('region')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('level', '=', 'village')
    .executeTakeFirstOrThrow();
  await database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 1000) {
      await trx
        .insertInto('region')
        .values(rows.slice(i, i + 1000))
        .onConflict((oc) => oc.column('code').doUpdateSet({ name: (eb) => eb.ref('excluded.name') }))
        .execute();
    }
  });
  const after = await database.db
    .selectFrom('region')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('level', '=', 'village')
    .executeTakeFirstOrThrow();
  console.log(
    `已读取 ${rows.length} 个村级区划，新增 ${after.n - before.n} 个（村级区划共 ${after.n} 个）。`,
  );
});
