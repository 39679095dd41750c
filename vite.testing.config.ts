import { dirname, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * `client-access-elements/testing` (`src/testing/index.ts`, the in-memory
 * `FakeBackend`), built apart from the elements so that the main entry's
 * bundle and its size budget do not change:
 * - `vite build -c vite.testing.config.ts`: `dist/testing.js`, beside the npm
 *   build;
 * - `... --mode bundle`: `dist/testing.bundle.js`, beside the self-contained one.
 * The fake throws `BackendError` and reads `ACCESS_STATUSES`: both come from
 * the main module (not a copy), so `isBackendError()` / `instanceof` hold on
 * its failures. Run after the main builds (`emptyOutDir: false`).
 */
const FROM_MAIN = ['src/api/backend-error.ts', 'src/api/types.ts'].map((f) => resolve(import.meta.dirname, f));

function fromMainEntry(main: string): Plugin {
  return {
    name: 'cae:testing-imports-main-entry',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.')) return null;
      const target = resolve(dirname(importer), source).replace(/\.js$/, '.ts');
      return FROM_MAIN.includes(target) ? { id: main, external: true } : null;
    },
  };
}

export default defineConfig(({ mode }) => {
  const bundle = mode === 'bundle';
  return {
    publicDir: false,
    plugins: [fromMainEntry(bundle ? './client-access-elements.bundle.js' : './client-access-elements.js')],
    build: {
      target: 'es2022',
      emptyOutDir: false,
      sourcemap: true,
      minify: true,
      lib: {
        entry: { testing: 'src/testing/index.ts' },
        formats: ['es'],
        fileName: (_format, name) => (bundle ? `${name}.bundle.js` : `${name}.js`),
      },
      rollupOptions: { output: { minify: { compress: true, mangle: true, codegen: true } } },
    },
  };
});
