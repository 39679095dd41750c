/** ETags are the resource's integer version in quotes; If-Match compares strongly. */

export function etag(version: number): string {
  return `"${version}"`;
}

/**
 * Does `If-Match` allow the change? Absent: yes (unconditional). `*`: when the
 * resource exists. Otherwise one of the listed strong tags must equal the
 * current version's. `version` is null when the resource does not exist.
 */
export function ifMatchAllows(header: string | undefined, version: number | null): boolean {
  if (header === undefined) return true;
  const value = header.trim();
  if (value === '*') return version !== null;
  if (version === null) return false;
  const current = etag(version);
  return value.split(',').some((tag) => tag.trim() === current);
}
