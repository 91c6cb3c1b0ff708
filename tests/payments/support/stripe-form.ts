/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracketed keys
 * (`metadata[tenant_id]=…`, `allowed_payment_method_types[0]=card_present`, `expand[]=…`),
 * decoded here into nested objects and arrays the way Stripe's API reads them.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

function segmentsOf(key: string): string[] {
  const head = /^[^[]+/.exec(key)?.[0] ?? key;
  const rest = [...key.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? '');
  return [head, ...rest];
}

function place(target: Record<string, FormValue> | FormValue[], path: string[], value: string) {
  const [segment, ...rest] = path;
  if (segment === undefined) return;
  const nextIsList = rest[0] === '' || (rest[0] !== undefined && /^\d+$/.test(rest[0]));
  if (Array.isArray(target)) {
    const index = segment === '' ? target.length : Number(segment);
    if (rest.length === 0) {
      target[index] = value;
      return;
    }
    const child = target[index];
    const container = typeof child === 'object' ? child : nextIsList ? [] : {};
    target[index] = container;
    place(container, rest, value);
    return;
  }
  if (rest.length === 0) {
    target[segment] = value;
    return;
  }
  const child = target[segment];
  const container = typeof child === 'object' ? child : nextIsList ? [] : {};
  target[segment] = container;
  place(container, rest, value);
}

export function parseStripeForm(body: string): Record<string, FormValue> {
  const result: Record<string, FormValue> = {};
  if (body === '') return result;
  for (const pair of body.split('&')) {
    const [rawKey = '', rawValue = ''] = pair.split('=');
    const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
    place(result, segmentsOf(decode(rawKey)), decode(rawValue));
  }
  return result;
}

/** Sorted-key JSON: two requests with the same parameters in any order compare equal. */
export function canonicalParams(value: FormValue | Record<string, FormValue>): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalParams).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalParams(value[k] ?? '')}`).join(',')}}`;
}
