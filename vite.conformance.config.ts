import { defineConfig } from 'vite';

/**
 * The conformance kit (`conformance/`, README "Bring your own backend") as one
 * self-contained Node ESM file, `dist/conformance.js`, the package's
 * `client-access-conformance` command: Ajv, ajv-formats and yaml are bundled
 * in, so the elements package gains no runtime dependency. It reads the
 * contract from the package's own `openapi.yaml` (one folder up). Run after
 * the main builds (`emptyOutDir: false`).
 */
export default defineConfig({
  publicDir: false,
  ssr: { noExternal: true },
  build: {
    ssr: 'conformance/cli.ts',
    target: 'node20',
    emptyOutDir: false,
    sourcemap: false,
    minify: false,
    rollupOptions: {
      output: { entryFileNames: 'conformance.js', banner: '#!/usr/bin/env node', format: 'es' },
    },
  },
});
