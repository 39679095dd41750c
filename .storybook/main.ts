import type { StorybookConfig } from '@storybook/web-components-vite';
import type { Plugin } from 'vite';
import { customElementsManifest } from './custom-elements-manifest.js';

/**
 * Storybook for the client access elements.
 *
 * Stories live in `stories/` (and may sit beside an element as
 * `src/<tag>/<tag>.stories.ts`). Vite's config comes from the root
 * `vite.config.ts` (Storybook keeps only its non-`build` settings, e.g.
 * `publicDir: false`) plus the plugin that serves the custom elements manifest.
 */
/**
 * One copy of Lit. Storybook's web-components renderer imports
 * `lit/directive-helpers.js`, which the dependency scan (stories and preview)
 * does not see: left out of the pre-bundle, it drags in a second lit-html
 * ("Multiple versions of Lit loaded", and templates that do not mix).
 * A plugin rather than `optimizeDeps` here, so the story tests (Vitest takes
 * the plugins of `viteFinal`) get it too.
 */
const oneLit: Plugin = {
  name: 'cae:one-lit',
  config: () => ({
    optimizeDeps: { include: ['lit', 'lit/directive-helpers.js'] },
  }),
};

const config: StorybookConfig = {
  framework: '@storybook/web-components-vite',
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts', '../src/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  core: {
    disableTelemetry: true,
    disableWhatsNewNotifications: true,
  },
  async viteFinal(viteConfig) {
    viteConfig.plugins = [...(viteConfig.plugins ?? []), oneLit, customElementsManifest()];
    viteConfig.build = {
      ...viteConfig.build,
      // Storybook's own chunks (docs blocks, axe) are big by nature.
      chunkSizeWarningLimit: 2000,
      // The manifest's `load` waits for `cem analyze`: not a slow plugin to report.
      rolldownOptions: {
        ...viteConfig.build?.rolldownOptions,
        checks: { ...viteConfig.build?.rolldownOptions?.checks, pluginTimings: false },
      },
    };
    return viteConfig;
  },
};

export default config;
