import {
  MAX_PUSH_BATCH,
  type MutationEnvelope,
  type PushResponse,
} from '../../src-shared/protocol/sync-messages';
import type { Desk } from '../store/open-desk';
import { carryForwardUnsent, nextBatch, type OutboxEntry } from '../store/outbox-batches';
import { SyncServerError, type SyncTransport } from './sync-transport';

export interface PushProgress {
  readonly phase: 'push';
  readonly done: number;
  /** The pending count when the push started. */
  readonly total: number;
}

export interface PushReport {
  readonly pushed: number;
  readonly refused: number;
  /**
   * Unsent mutations given new seqs because the server had used their seqs for other
   * mutations of this device (R3.8): the data folder was restored or copied.
   */
  readonly renumbered: number;
}

/**
 * Renumbering rounds one push may go through. Two live copies of one desk renumber past
 * each other at most once per mutation either sells meanwhile; a bound keeps a pathological
 * race from spinning, and the next sync carries on.
 */
const MAX_RENUMBER_ROUNDS = 20;

type Refusals = ReadonlyMap<number, { code: string; reason: string }>;

/**
 * Marks outbox entries the server has acknowledged, keeping refusals visible (R3.4).
 *
 * The commit has no fsync of its own (synchronous=NORMAL: atomic, durable with the desk's
 * next FULL commit). A power cut can only lose the acknowledgement, and a lost one is a
 * response the desk never received: the entries go again and the server answers them
 * `duplicate` (R3.2, R4.3). Saved: a disk flush between every push and the pull after it
 * (issue 21, B4). The setting changes and returns with no await in between, so a sale
 * never commits under it.
 */
function recordAcknowledgements(desk: Desk, lastAppliedSeq: number, refusals: Refusals) {
  const markApplied = desk.sqlite.prepare(
    `update desk_outbox set status = 'applied' where status = 'pending' and seq <= ?`,
  );
  const markRefused = desk.sqlite.prepare(
    `update desk_outbox set status = 'refused', refusal_code = ?, refusal_reason = ? where seq = ?`,
  );
  const saveAck = desk.sqlite.prepare(
    `update desk_sync_state set last_acked_seq = max(last_acked_seq, ?)`,
  );
  desk.sqlite.pragma('synchronous = NORMAL');
  try {
    desk.sqlite.transaction(() => {
      for (const [seq, refusal] of refusals) markRefused.run(refusal.code, refusal.reason, seq);
      markApplied.run(lastAppliedSeq);
      saveAck.run(lastAppliedSeq);
    })();
  } finally {
    // FULL is the desk's setting for every other commit (openDeskDatabase).
    desk.sqlite.pragma('synchronous = FULL');
  }
}

function envelopeOf(entry: OutboxEntry, withdrawn: boolean): MutationEnvelope {
  return {
    seq: entry.seq,
    id: entry.id,
    name: entry.name,
    // A withdrawn mutation keeps its arguments here, at the desk, for staff to see (R3.7).
    args: withdrawn ? null : (JSON.parse(entry.args) as unknown),
    actorId: entry.actor_id,
    at: entry.at,
    ...(withdrawn ? { withdrawn: 'too_large' as const } : {}),
  };
}

function refusalsOf(response: PushResponse): Refusals {
  return new Map(
    response.results
      .filter((r) => r.outcome === 'refused')
      .map((r) => [
        r.seq,
        { code: r.code ?? 'refused', reason: r.reason ?? 'refused by the server' },
      ]),
  );
}

function expectedSeq(body: unknown): number | undefined {
  if (typeof body === 'object' && body !== null && 'expected' in body) {
    return typeof body.expected === 'number' ? body.expected : undefined;
  }
  return undefined;
}

/**
 * Sends the outbox in seq order until it is empty (R3.1), in batches bounded by count and
 * by bytes (R3.6). A 413 halves the batch; a single mutation still too large is withdrawn
 * (R3.7), so nothing wedges the queue. A seq the server holds under another mutation makes
 * the desk carry its unsent mutations forward under new seqs (R3.8).
 */
export async function pushOutbox(
  desk: Desk,
  transport: SyncTransport,
  options: { readonly onProgress?: (progress: PushProgress) => void } = {},
): Promise<PushReport> {
  let pushed = 0;
  let refused = 0;
  let renumbered = 0;
  let renumberRounds = 0;
  let countLimit = MAX_PUSH_BATCH;
  let withdrawSeq: number | undefined;
  const total = (
    desk.sqlite.prepare(`select count(*) as n from desk_outbox where status = 'pending'`).get() as {
      n: number;
    }
  ).n;
  for (;;) {
    const batch = nextBatch(desk, countLimit);
    const first = batch[0];
    if (!first) return { pushed, refused, renumbered };
    const envelopes = batch.map((entry) => envelopeOf(entry, entry.seq === withdrawSeq));
    try {
      const response = await transport.push(envelopes);
      const refusals = refusalsOf(response);
      recordAcknowledgements(desk, response.lastAppliedSeq, refusals);
      refused += refusals.size;
      pushed += batch.filter((e) => e.seq <= response.lastAppliedSeq).length;
      if (response.lastAppliedSeq < first.seq) {
        throw new Error(`the server acknowledged nothing of a batch starting at seq ${first.seq}`);
      }
    } catch (error) {
      if (!(error instanceof SyncServerError)) throw error;
      const expected = expectedSeq(error.body);
      // R3.3: the server already holds entries before `expected`; they were acknowledged
      // in a response this desk never received.
      if (error.code === 'seq_gap' && expected !== undefined && expected > first.seq) {
        recordAcknowledgements(desk, expected - 1, new Map());
        continue;
      }
      if (error.code === 'seq_reused' && expected !== undefined) {
        if (++renumberRounds > MAX_RENUMBER_ROUNDS) throw error;
        renumbered += carryForwardUnsent(desk, expected);
        continue;
      }
      if (error.status === 413) {
        if (batch.length > 1) countLimit = Math.ceil(batch.length / 2);
        else if (withdrawSeq !== first.seq) withdrawSeq = first.seq;
        else throw error;
        continue;
      }
      throw error;
    }
    options.onProgress?.({ phase: 'push', done: pushed, total });
  }
}
