/** The hosts' Vite builds: `vite build --mode react` (React 19) and `vite build --mode vue`. */
import react from '@vitejs/plugin-react';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const tags = ['client-access-provider', 'client-contacts', 'contact-dialog', 'grant-access-dialog'];

export default defineConfig(({ mode }) => ({
  root: mode === 'vue' ? 'vue' : 'react',
  base: './',
  logLevel: 'warn',
  build: { outDir: `../dist-${mode}`, emptyOutDir: true },
  plugins:
    mode === 'vue'
      ? [vue({ template: { compilerOptions: { isCustomElement: (tag) => tags.includes(tag) } } })]
      : [react()],
}));
