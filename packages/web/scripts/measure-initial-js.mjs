// Measures the JavaScript a first visit downloads: index.html's entry chunk, the lazy
// chunks of the routes it opens first (the login page by default) and everything those
// import statically, read from Vite's build manifest. Sizes are gzip level 6, as
// `gzip -c file | wc -c`. Exits with 1 when the total exceeds the budget, 2 when there is
// no build to measure.
//
//   node scripts/measure-initial-js.mjs [--budget-kb 400] [src/pages/login/index.tsx ...]
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const DEFAULT_ROUTES = ['src/pages/login/index.tsx'];
const DEFAULT_BUDGET_KB = 400;

const args = process.argv.slice(2);
const budgetIndex = args.indexOf('--budget-kb');
const budgetKb = budgetIndex >= 0 ? Number(args[budgetIndex + 1]) : DEFAULT_BUDGET_KB;
const routes = args.filter((arg, index) => !arg.startsWith('--') && index !== budgetIndex + 1);

if (!Number.isFinite(budgetKb) || budgetKb <= 0) {
  console.error(`--budget-kb must be a positive number of kB, got ${args[budgetIndex + 1]}`);
  process.exit(2);
}

const manifestPath = join(DIST, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) {
  console.error(`${manifestPath} is missing: run \`npm run build -w @healthaid/web\` first.`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const files = new Set();

function visit(key) {
  const chunk = manifest[key];
  if (!chunk) {
    throw new Error(`${key} is not in the build manifest`);
  }
  if (files.has(chunk.file)) {
    return;
  }
  files.add(chunk.file);
  for (const imported of chunk.imports ?? []) {
    visit(imported);
  }
}

visit('index.html');
for (const route of routes.length > 0 ? routes : DEFAULT_ROUTES) {
  visit(route);
}

let totalRaw = 0;
let totalGzip = 0;
const rows = [...files]
  .filter((file) => file.endsWith('.js'))
  .map((file) => {
    const content = readFileSync(join(DIST, file));
    const gzip = gzipSync(content, { level: 6 }).length;
    totalRaw += content.length;
    totalGzip += gzip;
    return { file, raw: content.length, gzip };
  })
  .sort((a, b) => b.gzip - a.gzip);

const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(8);
for (const row of rows) {
  console.log(`${kb(row.raw)} kB  ${kb(row.gzip)} kB gzip  ${row.file}`);
}
console.log(
  `${kb(totalRaw)} kB  ${kb(totalGzip)} kB gzip  TOTAL (${rows.length} files, budget ${budgetKb} kB gzip)`,
);
if (totalGzip > budgetKb * 1024) {
  console.error('Initial JavaScript exceeds the budget.');
  process.exit(1);
}
