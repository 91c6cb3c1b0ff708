import { useState } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk } from '../../desk/desk-context';
import type { StudioClock } from '../../desk/studio-time';
import { ErrorNote } from '../../shell/error-note';

type Verification = QueryResult<'audit.chainReport'>;
type Problem = Verification['problems'][number];

const count = new Intl.NumberFormat('en-US');

const PROBLEM_TEXT: Record<Problem['problem'], string> = {
  altered: 'its content or hash was changed after it was written',
  broken_link:
    'it does not link to the entry before it (that one was changed and re-hashed, or removed)',
  missing: 'no entry holds this position: one was removed',
  duplicate: 'two entries claim this position',
  truncated: 'the chain ends before the head recorded elsewhere',
};

function problemLine(problem: Problem, clock: StudioClock): string {
  const entry = problem.action
    ? ` (${problem.action}, ${clock.dateTime(problem.at)}${problem.subjectId ? `, ${problem.subjectId}` : ''})`
    : '';
  return `Entry #${problem.chainSeq}${entry}: ${PROBLEM_TEXT[problem.problem]}.`;
}

/**
 * "Verify chain": recomputes every hash of the studio's chain in this desk's copy. The
 * server's chain is the truth (src-shared/audit/audit-chain.ts); the copy equals it after
 * a sync with nothing pending, so the result says when changes are still waiting to sync.
 */
export function AuditVerify({ clock }: { readonly clock: StudioClock }) {
  const desk = useDesk();
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const pending = desk.sync?.pending ?? 0;

  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await desk.query('audit.chainReport', {}));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="audit-verify">
      <button type="button" disabled={busy} onClick={() => void verify()}>
        {busy ? 'Verifying…' : 'Verify chain'}
      </button>
      <ErrorNote error={error} />
      {result && (
        <div
          role="status"
          aria-label="Chain verification"
          className={result.ok ? 'audit-ok' : 'audit-broken'}
        >
          {result.ok ? (
            <p>
              <strong>
                {count.format(result.checked)} {result.checked === 1 ? 'entry' : 'entries'}, chain
                intact.
              </strong>{' '}
              {result.head && (
                <span className="muted">
                  Every hash recomputed on this desk’s copy, up to #{result.head.chainSeq} (
                  <code>{result.head.hash.slice(0, 12)}…</code>).
                </span>
              )}
            </p>
          ) : (
            <>
              <p>
                <strong>
                  Chain broken: {count.format(result.problemCount)}{' '}
                  {result.problemCount === 1 ? 'problem' : 'problems'} in{' '}
                  {count.format(result.checked)} entries.
                </strong>{' '}
                The first broken link:{' '}
                {result.problems[0] ? problemLine(result.problems[0], clock) : '—'}
              </p>
              {result.problems.length > 1 && (
                <ul>
                  {result.problems.slice(1).map((p) => (
                    <li key={`${p.chainSeq}-${p.problem}-${p.entryId ?? ''}`}>
                      {problemLine(p, clock)}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          {result.unchained > 0 && (
            <p className="hint">
              {count.format(result.unchained)} older entries were written before the chain and carry
              no hash link.
            </p>
          )}
          {pending > 0 && (
            <p className="hint">
              This desk has {pending} {pending === 1 ? 'change' : 'changes'} not yet synced: their
              entries are provisional until the server’s arrive, so verify again after a sync.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
