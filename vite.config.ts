import minifyHTMLLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defineConfig } from 'vite';

/**
 * Two library builds of `src/index.ts`:
 * - `vite build`: the npm build, `dist/client-access-elements.js`, with Lit and
 *   the `@lit/*` packages external (the host's bundler dedupes them);
 * - `vite build --mode bundle`: `dist/client-access-elements.bundle.js`, a
 *   self-contained module with Lit inside, for host pages without a bundler
 *   (one `<script type="module">`).
 * Both load things only when needed, as chunks beside the main module: the
 * dialogs (at idle after the table's first paint, or on first use), the
 * English translations, and (bundle) `@lit-labs/virtualizer`, which
 * `<client-contacts>` imports only for a long list. The dialogs are entries of
 * their own too (`contact-dialog[.bundle].js`, `grant-access-dialog[.bundle].js`),
 * for pages that use one alone. The npm build has one more entry, `react.js`
 * (`client-access-elements/react`, React components made with `@lit/react`;
 * `react` stays external).
 *
 * The bundle's files start with V8's compile hint `//# allFunctionsCalledOnLoad`
 * (Chromium 136+, ignored elsewhere): their functions are compiled as the file
 * loads, on the thread that streams it, instead of one by one on the main
 * thread at their first call — 7-9 ms of the table's first frame (`bench/README.md`).
 * `postBanner`: after minification, which would drop a comment.
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
        // The dialogs are entries too: stable file names for pages that use one on its own.
        entry: {
          'client-access-elements': 'src/index.ts',
          'contact-dialog': 'src/contact-dialog/contact-dialog.ts',
          'grant-access-dialog': 'src/grant-access-dialog/grant-access-dialog.ts',
          ...(bundle ? {} : { react: 'src/react/index.ts' }),
        },
        formats: ['es'],
        fileName: (_format, name) => (bundle ? `${name}.bundle.js` : `${name}.js`),
      },
      rollupOptions: {
        external: bundle ? [] : [/^lit($|\/)/, /^@lit\//, /^@lit-labs\//, /^react($|\/)/],
        output: {
          minify: { compress: true, mangle: true, codegen: true },
          chunkFileNames: bundle ? 'bundle-[name]-[hash].js' : '[name]-[hash].js',
          ...(bundle ? { postBanner: '//# allFunctionsCalledOnLoad' } : {}),
        },
      },
    },
  };
});
