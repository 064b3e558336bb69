// The architecture of ../shared/DESIGN.md ("Layers and layout"), checked in CI: `npm run check:imports`.
// core (src/*.ts, formats/, parse/) <- server/ <- rate-limit/ ; core <- client/ ; everything <- cli/
const CORE = '^src/(?:[^/]+\\.ts$|formats/|parse/|i18n/)';
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Import cycles, type-only imports included: move what both sides need one level down.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-stays-at-the-bottom',
      severity: 'error',
      comment: 'The core (catalog, ApiError, formats, parse) imports nothing above it.',
      from: { path: CORE },
      to: { path: '^src/(?:server|rate-limit|client|cli)/' },
    },
    {
      name: 'server-below-rate-limit',
      severity: 'error',
      comment:
        'src/server/ is the adapters and their shared machinery; the limiter builds on it, never the other way.',
      from: { path: '^src/server/' },
      to: { path: '^src/(?:rate-limit|client|cli)/' },
    },
    {
      name: 'frameworks-apart',
      severity: 'error',
      comment: 'One framework folder never imports another: share through src/server/*.ts.',
      from: { path: '^src/server/(node|express|fastify|hono|fetch|koa|nestjs)/' },
      to: {
        path: '^src/server/(?:node|express|fastify|hono|fetch|koa|nestjs)/',
        pathNot: '^src/server/$1/',
      },
    },
    {
      name: 'rate-limit-and-client-below-cli',
      severity: 'error',
      comment: 'Only the CLI sits on top.',
      from: { path: '^src/(?:rate-limit|client)/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'client-needs-no-server',
      severity: 'error',
      comment: 'errata/client runs in browsers and workers: it imports the core only.',
      from: { path: '^src/client/' },
      to: { path: '^src/(?:server|rate-limit)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
