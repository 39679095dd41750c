/** Served by `.storybook/custom-elements-manifest.ts`: the generated `custom-elements.json`. */
declare module 'virtual:custom-elements-manifest' {
  const manifest: {
    schemaVersion: string;
    modules: unknown[];
    [key: string]: unknown;
  };
  export default manifest;
}
