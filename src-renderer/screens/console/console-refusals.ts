import { DeskBridgeError } from '../../../src-shared/bridge/desk-bridge';

/** A message per form field; a field with none is fine. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/**
 * Splits the desk's refusal of bad arguments ("product.create: price: Too big; name: Too
 * small") into a message per field, so each shows next to its input. `fieldOf` names the
 * form's field for an argument path ("set.price" → "price"); a refusal that is not about
 * fields the form shows stays a general error (null).
 */
export function fieldErrorsOf<F extends string>(
  error: unknown,
  fieldOf: (path: string) => F | null,
): FieldErrors<F> | null {
  if (!(error instanceof DeskBridgeError) || error.code !== 'invalid') return null;
  const body = error.message.replace(/^[a-z][a-zA-Z]*(?:\.[a-z][a-zA-Z]*)+: /, '');
  const found: FieldErrors<F> = {};
  for (const part of body.split('; ')) {
    const at = part.indexOf(': ');
    const field = at < 0 ? null : fieldOf(part.slice(0, at));
    if (field === null) return null;
    found[field] = part.slice(at + 2);
  }
  return found;
}

/** The usual mapping: the last segment of the path that is not an index, if the form has it. */
export function lastSegmentIn<F extends string>(fields: readonly F[]) {
  return (path: string): F | null => {
    const segment = path
      .split('.')
      .filter((s) => !/^\d+$/.test(s))
      .pop();
    return fields.find((f) => f === segment) ?? null;
  };
}
