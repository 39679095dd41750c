/**
 * Custom elements manifest (`npm run analyze` → `custom-elements.json`), built
 * from the elements' JSDoc: attributes, properties, events, slots, parts and
 * custom properties. Storybook's Controls and Docs read it
 * (`.storybook/preview.ts`), so do the host developers' editors.
 *
 * The manifest is generated, not committed: `npm run storybook`,
 * `build-storybook` and `test:stories` regenerate it first.
 */
export default {
  globs: ['src/**/*.ts'],
  exclude: [
    'src/**/*.test.ts',
    'src/**/*.spec.ts',
    'src/**/*.stories.ts',
    'src/**/*.d.ts',
    'src/generated/**',
    // The fake backend for hosts' tests (`client-access-elements/testing`) defines no element.
    'src/testing/**',
    // An internal element of <contact-dialog> (its access section): not API, no tag for hosts' types.
    'src/contact-dialog/access-summary.ts',
  ],
  outdir: '.',
  litelement: true,
  // Only our own sources: do not crawl node_modules for inherited classes' docs.
  dependencies: false,
  packagejson: false,
  plugins: [
    {
      // The analyzer also records each `dispatchEvent(new XEvent(...))` as an
      // event without a name, beside the JSDoc's `@event` (which has the name
      // and the description): the docs would show an empty row.
      name: 'cae:drop-nameless-events',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules ?? []) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
            // The dialogs' shell (`internal/dialog-element.ts`) is a class they extend, not an element:
            // its members are already copied into theirs; without a tag it is no element of the package.
            if (declaration.customElement && !declaration.tagName) delete declaration.customElement;
          }
        }
      },
    },
  ],
};
