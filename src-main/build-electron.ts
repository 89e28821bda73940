import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

/**
 * Bundles the Electron entry points to dist/electron/: main, the sandboxed preload (everything inlined but
 * `electron`, as a sandboxed preload cannot require modules) and the core's utilityProcess entry.
 */
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
const importMetaUrl = { banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' }, define: { 'import.meta.url': '__import_meta_url' } };

await build({
  entryPoints: { main: 'src-main/electron/main.ts', core: 'src-main/electron/core-process.ts' },
  outdir: 'dist/electron',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron', ...Object.keys(pkg.dependencies)],
  sourcemap: true,
  logLevel: 'warning',
  ...importMetaUrl,
});

await build({
  entryPoints: { preload: 'src-main/electron/preload.ts', 'citizen-preload': 'src-main/electron/citizen-preload.ts' },
  outdir: 'dist/electron',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome130',
  external: ['electron'],
  logLevel: 'warning',
});
console.log('built dist/electron/{main,core,preload,citizen-preload}.cjs');
