import minifyHTMLLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defineConfig } from 'vite';

/**
 * Two library builds of `src/index.ts`:
 * - `vite build`: the npm build, `dist/client-access-elements.js`, with Lit and
 *   the `@lit/*` packages external (the host's bundler dedupes them);
 * - `vite build --mode bundle`: `dist/client-access-elements.bundle.js`, a
 *   self-contained module with Lit inside, for host pages without a bundler
 *   (one `<script type="module">`).
 * Both load two things only when needed, as chunks beside the main module:
 * the English translations and (bundle) `@lit-labs/virtualizer`, which
 * `<client-contacts>` imports only for a long list.
 *
 * Minified for real: Vite leaves the whitespace in ES library builds
 * (`output.minify.codegen`), and the HTML and CSS of Lit's `html` / `css`
 * templates are minified by `@lit-labs/rollup-plugin-minify-html-literals`.
 * `npm run size` checks the result.
 */
export default defineConfig(({ mode }) => {
  const bundle = mode === 'bundle';
  return {
    publicDir: false,
    plugins: [
      minifyHTMLLiterals({
        include: ['src/**/*.ts'],
        failOnError: true,
        // Empty attributes are kept: `<option value="">` means "all states".
        // Closing slashes too: an `svg` fragment (`<circle/><path/>`) is parsed as SVG, where they close the element.
        options: { minifyOptions: { removeEmptyAttributes: false, keepClosingSlash: true } },
      }),
    ],
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
        output: {
          minify: { compress: true, mangle: true, codegen: true },
          chunkFileNames: bundle ? 'bundle-[name]-[hash].js' : '[name]-[hash].js',
        },
      },
    },
  };
});
