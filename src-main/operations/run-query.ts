import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
import { describeIssues } from '../../src-shared/validation/describe-issues';
import { queryRegistry } from '../../src-shared/queries/all-queries';
import { requireIdentity, type Desk } from '../store/open-desk';
import { asSharedDb } from '../store/desk-tables';
import { localActor } from './run-mutation';

/**
 * Who asks: the signed-in staff member (looked up only for a query that names roles, so the
 * others still answer on a locked desk as before), or the desk's own command line (deskctl),
 * run by whoever holds the desk's files and so may read all of them.
 */
export type QueryAsker = { readonly staffId: () => Promise<string> } | 'command-line';

/**
 * Runs a named read against the local copy, with its arguments validated first. A query that
 * names roles is refused to a staff member holding none of them, and when nobody is named.
 */
export async function runDeskQuery(
  desk: Desk,
  name: string,
  args: unknown,
  askedBy?: QueryAsker,
): Promise<unknown> {
  const query = queryRegistry.get(name);
  if (!query) throw new MutationRefusal('unknown_query', `no query is named "${name}"`);
  // Before the arguments: someone not allowed learns nothing from how they are judged.
  const { roles } = query;
  if (roles && askedBy !== 'command-line') {
    const actor = askedBy ? await localActor(desk, await askedBy.staffId()) : null;
    if (!actor?.roles.some((r) => roles.includes(r))) {
      throw new MutationRefusal('forbidden', `${name} is for ${roles.join(' or ')} staff only`);
    }
  }
  const parsed = query.args.safeParse(args);
  if (!parsed.success)
    throw new MutationRefusal('invalid', `${name}: ${describeIssues(parsed.error)}`);
  return query.run(
    { db: asSharedDb(desk.db), tenantId: requireIdentity(desk).tenantId },
    parsed.data,
  );
}
