import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_DIR } from './harness.ts';

/**
 * `npm run bench` runs every bench/*.bench.ts; `npm run bench -- NAME …` runs the named ones.
 * Each script prints its figures and writes bench/results/NAME.json; copy them into bench/RESULTS.md.
 */
const all = fs
  .readdirSync(BENCH_DIR)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  console.error(`未知的基准：${unknown.join(', ')}；可选：${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : all) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, `${name}.bench.ts`)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`基准 ${name} 失败（退出码 ${result.status}）`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
