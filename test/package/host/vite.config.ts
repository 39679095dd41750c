/**
 * The hosts' Vite builds: `vite build --mode react` (React 19), `--mode react18`
 * (the same app on React 18, through aliases) and `--mode vue`.
 */
import react from '@vitejs/plugin-react';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const tags = ['client-access-provider', 'client-contacts', 'contact-dialog', 'grant-access-dialog'];

export default defineConfig(({ mode }) => ({
  root: mode === 'vue' ? 'vue' : 'react',
  base: './',
  logLevel: 'warn',
  build: { outDir: `../dist-${mode}`, emptyOutDir: true },
  resolve: mode === 'react18' ? { alias: { react: 'react-18', 'react-dom': 'react-dom-18' } } : {},
  plugins:
    mode === 'vue'
      ? [vue({ template: { compilerOptions: { isCustomElement: (tag) => tags.includes(tag) } } })]
      : [react()],
}));
