/**
 * `exportparts` of a nested element, from the list of its parts: its
 * `dialog` part (the box itself) as `prefix`, every other part `x` as
 * `prefix-x`; names already prefixed by a deeper element pass as they are.
 */
export function exportParts(prefix: string, parts: readonly string[], forwarded: readonly string[] = []): string {
  return [...parts.map((p) => (p === 'dialog' ? `dialog: ${prefix}` : `${p}: ${prefix}-${p}`)), ...forwarded].join(', ');
}

/** The names a host sees for a nested element's parts (what `exportParts` gives). */
export function exportedNames(prefix: string, parts: readonly string[]): string[] {
  return parts.map((p) => (p === 'dialog' ? prefix : `${prefix}-${p}`));
}
