// The layering of architecture.md ("Direction"), checked by `npm run layering` in CI rather than by
// memory: apps -> context libs -> platform; a lib is entered only through its src/index.ts; no
// cycles; no context imports notifications; production code never imports libs/testing.
//
// Rules match by path, so they hold for libraries that do not exist yet: the moment someone adds
// libs/cases or libs/handovers, the rules below apply to them.
'use strict';

/**
 * Which other libs each lib may import (besides itself). A lib missing from this table may import
 * platform and the context libs, never notifications (see `contexts-not-to-notifications`).
 * libs/testing is absent on purpose: it may import anything, including apps/api/src/bootstrap.
 */
const allowedLibs = {
  // The working-day rule: pure, no imports at all, so that the web app may share it with the server.
  'working-days': [],
  platform: ['working-days'],
  audit: ['platform'],
  identity: ['audit', 'platform'],
  access: ['identity', 'audit', 'platform'],
  cases: ['access', 'audit', 'identity', 'platform'],
  intake: ['cases', 'access', 'audit', 'identity', 'platform'],
  handovers: ['cases', 'access', 'audit', 'identity', 'platform'],
  'follow-ups': ['cases', 'access', 'audit', 'identity', 'platform'],
  // Conferences reach follow-ups only through a port the app binds (ConferencesModule.register), as intake does.
  conferences: ['cases', 'access', 'audit', 'identity', 'platform'],
  notifications: ['cases', 'intake', 'handovers', 'follow-ups', 'access', 'audit', 'identity', 'platform'],
  // The typed client runs in browsers and integrations: it knows the server only by its OpenAPI document.
  'api-client': [],
  monitoring: ['audit', 'identity', 'platform'],
};

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
const SPEC = '\\.(spec|e2e-spec)\\.ts$';

const libRules = Object.entries(allowedLibs).map(([lib, allowed]) => ({
  name: `${lib}-imports-only-${allowed.length ? allowed.join('-') : 'itself'}`,
  comment: allowed.length
    ? `libs/${lib} may import only ${allowed.map((l) => `libs/${l}`).join(', ')} (architecture.md "Direction").`
    : `libs/${lib} is the bottom layer: it imports no other lib.`,
  severity: 'error',
  from: { path: `^libs/${escapeRegExp(lib)}/` },
  to: { path: '^libs/', pathNot: `^libs/(${[lib, ...allowed].map(escapeRegExp).join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles (and so no forwardRef): a cycle means two modules are really one, or one is in the wrong layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'only-through-index',
      comment:
        "Another lib is entered only through its src/index.ts, its public face (import '@oneroof/<lib>'). " +
        'libs/testing is exempt: it wires up test apps from the inside.',
      severity: 'error',
      from: { path: '^((?:apps|libs)/[^/]+)/', pathNot: '^libs/testing/' },
      to: { path: '^libs/[^/]+/', pathNot: ['^$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    ...libRules,
    {
      name: 'contexts-not-to-notifications',
      comment: 'No context imports notifications: contexts write events to the outbox and notifications reads them.',
      severity: 'error',
      from: { path: '^libs/', pathNot: '^libs/(notifications|testing)/' },
      to: { path: '^libs/notifications/' },
    },
    {
      name: 'libs-not-to-apps',
      comment: 'Libs sit below apps and never import them (libs/testing may import apps/api/src/bootstrap to build a test app).',
      severity: 'error',
      from: { path: '^libs/', pathNot: '^libs/testing/' },
      to: { path: '^apps/' },
    },
    {
      name: 'web-imports-only-api-client',
      comment:
        'The web app knows the server only through the typed client (libs/api-client, generated from the OpenAPI ' +
        'document): importing a server lib would bundle server code into the browser and bypass the contract. ' +
        'The one other lib it may import is libs/working-days, the pure working-day rule it shares with the server.',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^libs/', pathNot: '^libs/(api-client|working-days)/' },
    },
    {
      name: 'working-days-is-pure',
      comment:
        'libs/working-days is bundled into the browser as well as run on the server: it imports nothing (no package, ' +
        'no Node built-in, no other file of ours), so that sharing it can never pull server code into the web app.',
      severity: 'error',
      from: { path: '^libs/working-days/', pathNot: SPEC },
      to: {},
    },
    {
      name: 'api-client-not-to-server',
      comment: 'libs/api-client imports nothing of the server (apps/ or another lib): its types come from openapi.json alone.',
      severity: 'error',
      from: { path: '^libs/api-client/' },
      to: { path: '^(apps|libs)/', pathNot: '^libs/api-client/' },
    },
    {
      name: 'apps-not-to-other-apps',
      comment: 'Each app is a thin edge of its own; what two apps share belongs in a lib.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'production-not-to-testing',
      comment: 'libs/testing is for specs only: production code (anything but *.spec.ts, *.e2e-spec.ts and libs/testing) never imports it.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['^libs/testing/', SPEC] },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'production-not-to-dev-dependencies',
      comment:
        'The runtime image installs production dependencies only (npm install --omit=dev): a runtime import of a ' +
        'devDependency works here and crashes there. Type-only imports vanish at compile time and are fine. ' +
        'apps/web is exempt: Vite bundles its imports into dist/web at build time, and nothing imports them at run time.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['^libs/testing/', '^apps/web/', SPEC] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-undeclared-packages',
      comment:
        'A runtime import of a package that package.json does not list (it happens to be there as a transitive ' +
        'dependency, until it is not). Type-only imports, like fastify types via @nestjs/platform-fastify, are fine.',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: "An import that resolves to nothing (a typo, or '@oneroof/<lib>' before that lib has its src/index.ts).",
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage)/' },
    // Count `import type` too: a type import is still a dependency on the other layer's design.
    tsPreCompilationDeps: true,
    // Resolves the @oneroof/* paths of tsconfig.json.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
