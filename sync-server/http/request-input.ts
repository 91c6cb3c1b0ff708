import type { z } from 'zod';
import { describeIssues } from '../../src-shared/validation/describe-issues';
import { ServiceError } from '../support/service-error';

/** Parses a JSON body with a strict protocol schema: unknown fields and wrong types are refused. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ServiceError(400, 'invalid_request', describeIssues(parsed.error, '(body)'));
  }
  return parsed.data;
}

const CANONICAL_INTEGER = /^(0|[1-9][0-9]{0,14})$/;

/**
 * Parses a query string. Query values are text, so the protocol's schemas convert numbers;
 * before they do, each number must be written as plain digits ("1e3", " 7", "0x10" and ""
 * are refused rather than coerced), and a repeated parameter is refused.
 */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  query: unknown,
  integerFields: readonly string[],
): z.output<S> {
  const entries = Object.entries(typeof query === 'object' && query !== null ? query : {});
  for (const [name, value] of entries) {
    if (typeof value !== 'string') {
      throw new ServiceError(400, 'invalid_query', `${name}: give the parameter once, as text.`);
    }
    if (integerFields.includes(name) && !CANONICAL_INTEGER.test(value)) {
      throw new ServiceError(
        400,
        'invalid_query',
        `${name}: "${value}" is not a whole number written in digits.`,
      );
    }
  }
  const parsed = schema.safeParse(Object.fromEntries(entries));
  if (!parsed.success) {
    throw new ServiceError(400, 'invalid_query', describeIssues(parsed.error, '(body)'));
  }
  return parsed.data;
}
