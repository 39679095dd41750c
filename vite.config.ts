import { defineConfig } from 'vite';

/**
 * Two library builds of `src/index.ts`:
 * - `vite build`: the npm build, `dist/client-access-elements.js`, with Lit and
 *   the `@lit/*` packages external (the host's bundler dedupes them);
 * - `vite build --mode bundle`: `dist/client-access-elements.bundle.js`, one
 *   self-contained module with Lit inside, for host pages without a bundler.
 */
export default defineConfig(({ mode }) => {
  const bundle = mode === 'bundle';
  return {
    publicDir: false,
    build: {
      target: 'es2022',
      emptyOutDir: !bundle,
      sourcemap: true,
      minify: true,
      lib: {
        entry: 'src/index.ts',
        formats: ['es'],
        fileName: () => (bundle ? 'client-access-elements.bundle.js' : 'client-access-elements.js'),
      },
      rollupOptions: {
        external: bundle ? [] : [/^lit($|\/)/, /^@lit\//, /^@lit-labs\//],
        output: { codeSplitting: !bundle },
      },
    },
  };
});
