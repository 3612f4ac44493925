import { describe, expect, it } from 'vitest';

/**
 * The `@healthaid/domain` barrel re-exports disease catalogues, ICD tables and pinyin data.
 * Imported by anything a first visit loads, all of that lands in the initial download (budget
 * 400 kB gzip, checked by scripts/measure-initial-js.mjs). The shell therefore imports the
 * narrow subpaths (`@healthaid/domain/access`, `/money`, `/citizen-id`, `/region-code`,
 * `/calendar`). This test walks the static imports from the entry and from the pages a first
 * visit opens; lazily loaded pages (`import()`) are other chunks and are not walked.
 */
const globbed = import.meta.glob<string>(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Glob keys are relative to this folder ('./menu.tsx', '../main.tsx'); key by path under src/. */
const sources = new Map(
  Object.entries(globbed).map(([key, text]) => [
    key.startsWith('./') ? `app/${key.slice(2)}` : key.slice(3),
    text,
  ]),
);

const FIRST_VISIT = [
  'main.tsx',
  'pages/login/index.tsx',
  'pages/change-password/index.tsx',
  'layouts/BasicLayout.tsx',
  'pages/home/index.tsx',
];

const STATIC_IMPORT = /^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?\s*['"]([^'"]+)['"]/gm;

function staticImportsOf(text: string): string[] {
  return [...text.matchAll(STATIC_IMPORT)].map((match) => match[1] ?? '');
}

/** Resolves a relative specifier of `from` (both under src/) to a path under src/. */
function resolve(from: string, specifier: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const segment of specifier.split('/')) {
    if (segment === '..') {
      parts.pop();
    } else if (segment !== '.') {
      parts.push(segment);
    }
  }
  return parts.join('/');
}

/** Source files reachable by static imports, and each package imported with one importer. */
function walkStaticGraph(roots: readonly string[]): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    const text = sources.get(file);
    if (text === undefined || files.has(file)) {
      continue;
    }
    files.add(file);
    for (const specifier of staticImportsOf(text)) {
      if (specifier.startsWith('.')) {
        queue.push(resolve(file, specifier));
      } else {
        packages.set(specifier, file);
      }
    }
  }
  return { files, packages };
}

describe('initial bundle boundaries', () => {
  const graph = walkStaticGraph(FIRST_VISIT);

  it('walks the shell from the entry', () => {
    for (const root of FIRST_VISIT) {
      expect(sources.has(root), root).toBe(true);
    }
    expect(graph.files).toContain('app/router.tsx');
    expect(graph.files).toContain('app/menu.tsx');
    expect(graph.files).toContain('app/auth/AuthProvider.tsx');
    expect(graph.packages.has('@healthaid/domain/access')).toBe(true);
  });

  it('never imports the @healthaid/domain barrel into the first download', () => {
    expect(graph.packages.get('@healthaid/domain')).toBeUndefined();
  });

  it('keeps ECharts out of the first download', () => {
    const charts = [...graph.packages.keys()].filter((name) => /^(echarts|zrender)(\/|$)/.test(name));
    expect(charts).toEqual([]);
  });
});
