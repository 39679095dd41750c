/**
 * gzip -9 sizes of our builds and of the peers' equivalent sets, counted the
 * same way: the main module plus the chunks it imports statically ("initial":
 * what a host page loads first), and apart the chunks loaded on demand
 * ("lazy": English, the virtualizer). Peers are bundled by Vite 8 (rolldown)
 * exactly like our self-contained build: minified, HTML/CSS of templates
 * minified, Lit inside.
 */
import minifyHTMLLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

export const KB = 1000;
/** The targets, gzip -9 of the initial load. */
export const TARGETS = { bundle: 25 * KB, npm: 15 * KB };

export interface BuildSize {
  /** Main module + its static imports, gzip -9 bytes. */
  initial: number;
  /** Chunks only loaded on demand, gzip -9 bytes (each also listed in `files`). */
  lazy: number;
  files: { file: string; gzip: number; raw: number; initial: boolean }[];
}

export function gzipSize(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** Follows `import … from "./x.js"` (initial) and `import("./x.js")` (lazy) from an entry file. */
export function measure(entry: string): BuildSize {
  const dir = dirname(entry);
  const seen = new Map<string, boolean>();
  const visit = (file: string, initial: boolean) => {
    if (seen.has(file) && (seen.get(file) || !initial)) return;
    seen.set(file, initial);
    const code = readFileSync(join(dir, file), 'utf8');
    for (const m of code.matchAll(/(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'`]\.\/([^"'`]+)["'`]/g)) visit(m[1]!, initial);
    for (const m of code.matchAll(/\bimport\(\s*["'`]\.\/([^"'`]+)["'`]\s*\)/g)) visit(m[1]!, false);
  };
  visit(entry.slice(dir.length + 1), true);
  const files = [...seen].map(([file, initial]) => {
    const path = join(dir, file);
    return { file, gzip: gzipSize(path), raw: readFileSync(path).length, initial };
  });
  const sum = (xs: typeof files) => xs.reduce((a, f) => a + f.gzip, 0);
  return { initial: sum(files.filter((f) => f.initial)), lazy: sum(files.filter((f) => !f.initial)), files };
}

/** Our two builds (run `npm run build` first). */
export function ourSizes(): { bundle: BuildSize; npm: BuildSize } {
  return {
    bundle: measure(join(DIST, 'client-access-elements.bundle.js')),
    npm: measure(join(DIST, 'client-access-elements.js')),
  };
}

/** Builds a peer set like our self-contained build and measures it. */
export async function peerSize(name: 'shoelace' | 'material'): Promise<BuildSize> {
  const outDir = join(ROOT, 'bench', '.out', 'peers', name);
  rmSync(outDir, { recursive: true, force: true });
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'error',
    publicDir: false,
    plugins: [minifyHTMLLiterals({ options: { minifyOptions: { removeEmptyAttributes: false } } })],
    build: {
      outDir,
      target: 'es2022',
      minify: true,
      lib: { entry: join(ROOT, 'bench', 'peers', `${name}.ts`), formats: ['es'], fileName: () => `${name}.js` },
      rollupOptions: { output: { minify: { compress: true, mangle: true, codegen: true } } },
    },
  });
  return measure(join(outDir, `${name}.js`));
}
