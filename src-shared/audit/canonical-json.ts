/** A JSON value as the audit chain hashes it. */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // Numbers, strings and booleans have one JSON spelling each.
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/**
 * JSON with object keys sorted and no spaces. Postgres' jsonb re-orders keys and re-spaces
 * text, so anything hashed must be hashed in this form, never as stored.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value);
}
