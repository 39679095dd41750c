// Completes `dist/types/` after `tsc -p tsconfig.build.json` and `cem analyze`
// (the last steps of `npm run build`):
// - copies the hand-written or generated `.d.ts` files of `src/` (the
//   contract's `src/api/schema.d.ts`), which tsc reads but never emits: without
//   them every contract type would be `any` for the host;
// - generates, from `custom-elements.json`, the JSX typings of the tags
//   (`dist/types/jsx.d.ts`, for React 19 hosts that write the tags) and the Vue 3
//   typings (`dist/types/vue.d.ts`, `GlobalComponents`), with
//   custom-element-jsx-integration and custom-element-vuejs-integration.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { generateJsxTypes } from 'custom-element-jsx-integration';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';

const SRC = 'src';
const OUT = 'dist/types';

for (const entry of readdirSync(SRC, { recursive: true })) {
  if (!entry.endsWith('.d.ts')) continue;
  const target = join(OUT, entry);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(SRC, entry), target);
}

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
// The generators type a handler `(e: CustomEvent<T>) => void`, T being the
// event's type in the manifest, which they take for the detail's type. Ours are
// event classes (`ContactSavedEvent`): give them `ContactSavedEvent["detail"]`,
// imported from the events' declaration (a quoted type is not re-imported).
for (const module of manifest.modules ?? []) {
  for (const declaration of module.declarations ?? []) {
    for (const event of declaration.events ?? []) {
      const type = event.type?.text;
      if (!/^[A-Z]\w*Event$/.test(type ?? '')) throw new Error(`${declaration.tagName}: event ${event.name} has no event class type (${type})`);
      event.type.text = `import("./events/events.js").${type}["detail"]`;
    }
  }
}
// Each element's declaration, relative to `dist/types/` (where the generated files go).
const componentTypePath = (_name, tag) => `./${tag}/${tag}.js`;
const common = { outdir: OUT, componentTypePath, hideLogs: true };

generateJsxTypes(manifest, { ...common, fileName: 'jsx.generated.d.ts' });
generateVuejsTypes(manifest, { ...common, fileName: 'vue.d.ts' });

// The generators export the element types; these two files put them where
// React's and Vue's compilers look, so that a host writes one import.
writeFileSync(
  join(OUT, 'jsx.d.ts'),
  `/** JSX typings of the tags for React 19 hosts: \`import type {} from 'client-access-elements/jsx';\` once. */
import type { CustomElements } from './jsx.generated.js';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
}
`,
);
console.log(`declarations: ${relative('.', OUT)} complete (schema, jsx.d.ts, vue.d.ts)`);
