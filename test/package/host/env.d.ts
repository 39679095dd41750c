/// <reference types="vite/client" />

/** Vite's usual shim: a `.vue` file is a component (the template is checked by vue-tsc, not tsc). */
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
