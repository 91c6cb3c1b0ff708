/**
 * One issue as the schema library reports it. Only `path` and `message` are certain; the
 * rest (zod's `code`, `minimum`, `origin`, …) is read when present to word the issue for
 * people, so any validator's issues fit.
 */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: unknown;
  readonly origin?: unknown;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly inclusive?: unknown;
  readonly expected?: unknown;
  readonly format?: unknown;
  readonly values?: unknown;
  readonly keys?: unknown;
  readonly divisor?: unknown;
}

/**
 * A validation failure as one line people can act on ("reason: write at least 3
 * characters; amount: must be more than 0"), instead of the schema library's JSON dump.
 * Each part stays `path: words` so a form can put each message next to its field; `whole`
 * names the input when the issue is about all of it.
 */
export function describeIssues(
  error: { readonly issues: readonly SchemaIssue[] },
  whole = '(arguments)',
): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || whole}: ${issueWords(issue)}`)
    .join('; ');
}

/** The schema library's own wording, which we replace; a schema's custom message is kept. */
const LIBRARY_WORDING =
  /^(Too (small|big)|Invalid (input|option|string|number|email|UUID|URL|format|key|element|value|date)|Unrecognized keys?)\b/;

/**
 * What is wrong with one value, in words for the person who typed it, without the field's
 * name (the caller puts the label first): "write at least 3 characters", "fill this in".
 */
export function issueWords(issue: SchemaIssue): string {
  if (!LIBRARY_WORDING.test(issue.message)) return issue.message;
  const min = numberOf(issue.minimum);
  const max = numberOf(issue.maximum);
  switch (issue.code) {
    case 'too_small':
      return tooSmall(issue.origin, min, issue.inclusive !== false) ?? issue.message;
    case 'too_big':
      return tooBig(issue.origin, max, issue.inclusive !== false) ?? issue.message;
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return 'fill this in';
      return issue.expected === 'number' || issue.expected === 'int'
        ? 'must be a whole number'
        : 'is not the right kind of value';
    case 'invalid_format':
      return formatWords(issue.format);
    case 'invalid_value':
      return valueWords(issue.values);
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `has fields this desk does not know (${listOf(issue.keys)})`;
    default:
      return 'is not valid';
  }
}

/**
 * {@link issueWords} for an issue known only by the schema library's message, as it arrives
 * in a refusal's text (a server's reason, an older desk): the common wordings are read back
 * into an issue; any other text is kept as it is.
 */
export function issueWordsFromText(message: string): string {
  const size =
    /^Too (small|big): expected (string|number|array|int) to (?:have|be) ([<>]=?)(-?[\d.]+)/.exec(
      message,
    );
  if (size) {
    const [, which = '', origin = '', relation = '', bound = ''] = size;
    const limit = Number(bound);
    return issueWords({
      path: [],
      message,
      code: which === 'small' ? 'too_small' : 'too_big',
      origin,
      inclusive: relation.endsWith('='),
      ...(which === 'small' ? { minimum: limit } : { maximum: limit }),
    });
  }
  const type = /^Invalid input: expected (\w+), received (\w+)/.exec(message);
  if (type) return issueWords({ path: [], message, code: 'invalid_type', expected: type[1] });
  const format = /^Invalid (email|UUID|URL)\b/.exec(message);
  if (format) {
    const name = (format[1] ?? '').toLowerCase();
    return issueWords({ path: [], message, code: 'invalid_format', format: name });
  }
  return message;
}

function tooSmall(origin: unknown, min: number | null, inclusive: boolean): string | null {
  if (min === null) return null;
  if (origin === 'string') {
    return min <= 1 ? 'fill this in' : `write at least ${min} characters`;
  }
  if (origin === 'array' || origin === 'set') {
    return min <= 1 ? 'add at least one' : `add at least ${min}`;
  }
  if (origin === 'number' || origin === 'int' || origin === 'bigint') {
    return inclusive ? `must be at least ${min}` : `must be more than ${min}`;
  }
  if (origin === 'date') return 'is too early';
  return null;
}

function tooBig(origin: unknown, max: number | null, inclusive: boolean): string | null {
  if (max === null) return null;
  if (origin === 'string') return `write at most ${max} characters`;
  if (origin === 'array' || origin === 'set') return `at most ${max} allowed`;
  if (origin === 'number' || origin === 'int' || origin === 'bigint') {
    return inclusive ? `must be at most ${max}` : `must be less than ${max}`;
  }
  if (origin === 'date') return 'is too late';
  return null;
}

function formatWords(format: unknown): string {
  switch (format) {
    case 'email':
      return 'enter an e-mail address like name@example.com';
    case 'url':
      return 'enter a full address starting with https://';
    case 'uuid':
    case 'guid':
      return 'is not one this desk knows; choose it again';
    case 'date':
    case 'datetime':
      return 'enter a valid date';
    default:
      return 'is not in the expected form';
  }
}

function valueWords(values: unknown): string {
  if (!Array.isArray(values) || values.length === 0) return 'is not one of the choices';
  if (values.length === 1) return `must be ${String(values[0])}`;
  if (values.length <= 6) return `choose one of: ${values.map(String).join(', ')}`;
  return 'is not one of the choices';
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

function listOf(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(', ') : '';
}
