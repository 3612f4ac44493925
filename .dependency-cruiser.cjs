/**
 * Architecture rules checked by `npm run depcheck` (part of `npm run check`).
 * The domain package is pure: no I/O, no framework, no other workspace. The web app never imports the server.
 * Server feature modules talk to each other only through services, never through another module's routes.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-no-node-builtins',
      comment: 'packages/domain is pure: no I/O, so no node built-ins',
      severity: 'error',
      from: { path: '^packages/domain/src' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-no-frameworks',
      comment: 'packages/domain depends on no other workspace and no database, http or UI library',
      severity: 'error',
      from: { path: '^packages/domain/src' },
      to: {
        path: '(^packages/(server|web)/|node_modules/(kysely|fastify|pg|@electric-sql|react|antd|exceljs|papaparse|iconv-lite)/)',
      },
    },
    {
      name: 'web-does-not-import-server',
      severity: 'error',
      from: { path: '^packages/web/src' },
      to: { path: '^packages/server/' },
    },
    {
      name: 'server-does-not-import-web',
      severity: 'error',
      from: { path: '^packages/server/src' },
      to: { path: '^packages/web/' },
    },
    {
      name: 'no-routes-from-other-modules',
      comment: 'a module uses another module through its service or repository, not its routes',
      severity: 'error',
      from: { path: '^packages/server/src/modules/([^/]+)/' },
      to: {
        path: '^packages/server/src/modules/([^/]+)/[^/]+\\.routes\\.ts$',
        pathNot: '^packages/server/src/modules/$1/',
      },
    },
    {
      name: 'no-production-code-imports-tests',
      severity: 'error',
      from: { pathNot: '(\\.test\\.tsx?$|/test/)' },
      to: { path: '\\.test\\.tsx?$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^packages/[^/]+/dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
