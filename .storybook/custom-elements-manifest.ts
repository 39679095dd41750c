/**
 * A Vite plugin that hands Storybook the custom elements manifest as the
 * module `virtual:custom-elements-manifest`, and keeps it fresh:
 *
 * - `storybook dev` and `storybook build` run the analyzer
 *   (`custom-elements-manifest.config.mjs`) once when the manifest is first
 *   asked for, so the docs always describe the sources being shown;
 * - in dev, a change to an element source (`src/**\/*.ts`) runs it again and
 *   reloads the preview;
 * - under Vitest (`npm run test:stories`) an existing manifest is reused (the
 *   story tests do not read the docs); a missing one is generated.
 *
 * `custom-elements.json` itself is generated, git-ignored, never edited.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, ViteDevServer } from 'vite';

const VIRTUAL_ID = 'virtual:custom-elements-manifest';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifestPath = join(root, 'custom-elements.json');
const cemBin = join(
  dirname(createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/package.json')),
  'cem.js',
);

/** Runs `cem analyze` with the project's config; resolves when the manifest is written. */
export function analyze(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cemBin, 'analyze'], { cwd: root }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`cem analyze failed: ${stderr || error.message}`));
      else resolve();
    });
  });
}

/** Sources the analyzer reads (the config's globs less its excludes). */
function isAnalyzed(file: string): boolean {
  const rel = relative(root, file).split(sep).join('/');
  return (
    rel.startsWith('src/') &&
    rel.endsWith('.ts') &&
    !rel.endsWith('.d.ts') &&
    !/\.(test|spec|stories)\.ts$/.test(rel) &&
    !rel.startsWith('src/generated/')
  );
}

export function customElementsManifest(): Plugin {
  let ready: Promise<void> | null = null;
  let server: ViteDevServer | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const ensure = (): Promise<void> => {
    ready ??= process.env['VITEST'] && existsSync(manifestPath) ? Promise.resolve() : analyze();
    return ready;
  };

  const reanalyze = (file: string): void => {
    if (!server || !isAnalyzed(file)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const dev = server;
      if (!dev) return;
      ready = analyze().then(
        () => {
          const mod = dev.moduleGraph.getModuleById(RESOLVED_ID);
          if (mod) dev.moduleGraph.invalidateModule(mod);
          dev.ws.send({ type: 'full-reload' });
        },
        (error: unknown) => dev.config.logger.error(String(error)),
      );
    }, 300);
  };

  return {
    name: 'cae:custom-elements-manifest',
    buildStart() {
      // Start early; `load` waits for it.
      void ensure().catch(() => {});
    },
    configureServer(devServer) {
      server = devServer;
      for (const event of ['add', 'change', 'unlink'] as const) devServer.watcher.on(event, reanalyze);
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return null;
      await ensure();
      return `export default ${await readFile(manifestPath, 'utf8')};`;
    },
  };
}
