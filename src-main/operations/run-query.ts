import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
import { describeIssues } from '../../src-shared/validation/describe-issues';
import { queryRegistry } from '../../src-shared/queries/all-queries';
import { requireIdentity, type Desk } from '../store/open-desk';
import { asSharedDb } from '../store/desk-tables';

/** Runs a named read against the local copy, with its arguments validated first. */
export async function runDeskQuery(desk: Desk, name: string, args: unknown): Promise<unknown> {
  const query = queryRegistry.get(name);
  if (!query) throw new MutationRefusal('unknown_query', `no query is named "${name}"`);
  const parsed = query.args.safeParse(args);
  if (!parsed.success)
    throw new MutationRefusal('invalid', `${name}: ${describeIssues(parsed.error)}`);
  return query.run(
    { db: asSharedDb(desk.db), tenantId: requireIdentity(desk).tenantId },
    parsed.data,
  );
}
