import type { z } from 'zod';
import { mutationRegistry } from '../../src-shared/mutations/all-mutations';
import { queryRegistry } from '../../src-shared/queries/all-queries';
import { describeIssues } from '../../src-shared/validation/describe-issues';

/** A mistake in how deskctl was called: exit 2 with a message, change nothing. */
export class UsageError extends Error {}

export function jsonArgument(text: string | undefined): unknown {
  if (text === undefined) throw new UsageError('--json ARGS is required');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`--json is not valid JSON: ${text}`);
  }
}

function checked(schema: z.ZodType, name: string, text: string | undefined, hint = '') {
  const args = jsonArgument(text);
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw new UsageError(`${name}: ${describeIssues(parsed.error)}${hint}`);
  // The arguments as given, not as parsed: the outbox records what was asked for.
  return args;
}

/**
 * A mutation's `--json` arguments, checked against its schema before anything runs. The
 * README promises exit 2 for bad input and keeps 1 for a refusal; the refusal that
 * executeMutation raises for the same schema says 'invalid' just as some rules do, so the
 * difference is drawn here, where the input comes in.
 */
export function mutationArguments(name: string, text: string | undefined): unknown {
  const definition = mutationRegistry.get(name);
  if (!definition) {
    throw new UsageError(`no mutation is named "${name}" (see \`deskctl mutations\`)`);
  }
  return checked(definition.args, name, text, ' (`deskctl mutations` lists every schema)');
}

/** A named read's `--json` arguments (default `{}`), checked the same way. */
export function queryArguments(name: string, text: string | undefined): unknown {
  const query = queryRegistry.get(name);
  if (!query) throw new UsageError(`no query is named "${name}"`);
  return checked(query.args, name, text ?? '{}');
}
