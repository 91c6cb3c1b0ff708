import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
import { MAX_MUTATION_BYTES, MAX_PUSH_BATCH_BYTES } from '../../src-shared/protocol/sync-messages';
import type { Desk } from './open-desk';

/** One outbox row as the push reads it. */
export interface OutboxEntry {
  readonly seq: number;
  readonly id: string;
  readonly name: string;
  readonly args: string;
  readonly actor_id: string;
  readonly at: string;
}

/**
 * Bytes of an envelope besides its arguments and name: seq, two UUIDs, the timestamp and
 * the JSON around them come to under 200; the margin keeps the estimate an upper bound.
 */
const ENVELOPE_OVERHEAD_BYTES = 256;

/** An upper bound of a mutation's envelope size as JSON, from its stored parts. */
export function envelopeBytes(name: string, argsJson: string): number {
  return ENVELOPE_OVERHEAD_BYTES + Buffer.byteLength(name) + Buffer.byteLength(argsJson);
}

/**
 * The next pending entries in seq order: at most `countLimit`, and no more bytes than
 * MAX_PUSH_BATCH_BYTES (R3.6), but always at least one. Sizes are read first, so a queue
 * of large signatures is never loaded whole to find where a batch ends.
 */
export function nextBatch(desk: Desk, countLimit: number): OutboxEntry[] {
  const sizes = desk.sqlite
    .prepare(
      `select seq, length(cast(args as blob)) + length(cast(name as blob)) as bytes
       from desk_outbox where status = 'pending' order by seq limit ?`,
    )
    .all(countLimit) as { seq: number; bytes: number }[];
  let total = 0;
  let count = 0;
  for (const entry of sizes) {
    total += entry.bytes + ENVELOPE_OVERHEAD_BYTES;
    if (count > 0 && total > MAX_PUSH_BATCH_BYTES) break;
    count += 1;
  }
  if (count === 0) return [];
  return desk.sqlite
    .prepare(
      `select seq, id, name, args, actor_id, at from desk_outbox
       where status = 'pending' order by seq limit ?`,
    )
    .all(count) as OutboxEntry[];
}

/**
 * Gives every unsent entry a new seq from `expected` on, in the order they ran (R3.8). The
 * server numbered other mutations of this device with the seqs these entries hold: this
 * desk's data was restored from an older copy, or a copy of it sells elsewhere. The ids are
 * kept, so an entry the server already has under another seq is answered `duplicate` and
 * never applies twice. Returns how many entries moved.
 */
export function carryForwardUnsent(desk: Desk, expected: number): number {
  return desk.sqlite.transaction(() => {
    const done = desk.sqlite
      .prepare(`select coalesce(max(seq), 0) as seq from desk_outbox where status != 'pending'`)
      .get() as { seq: number };
    const from = Math.max(expected, done.seq + 1);
    const pending = desk.sqlite
      .prepare(`select seq from desk_outbox where status = 'pending' order by seq`)
      .all() as { seq: number }[];
    // Two steps through negative seqs, since the new range may overlap the old one.
    desk.sqlite.prepare(`update desk_outbox set seq = -seq where status = 'pending'`).run();
    const move = desk.sqlite.prepare(`update desk_outbox set seq = ? where seq = ?`);
    pending.forEach((entry, index) => move.run(from + index, -entry.seq));
    return pending.length;
  })();
}

/**
 * The arguments as the outbox stores them, refused before anything is written when their
 * envelope could never be pushed (R3.6): over MAX_MUTATION_BYTES it would sit in the outbox
 * for ever.
 */
export function sendableArgsJson(name: string, args: unknown): string {
  // Arguments left out (undefined) are stored as JSON null, which the server reads back.
  const json = args === undefined ? 'null' : JSON.stringify(args);
  const bytes = envelopeBytes(name, json);
  if (bytes <= MAX_MUTATION_BYTES) return json;
  const kib = (n: number) => `${Math.ceil(n / 1024)} KiB`;
  throw new MutationRefusal(
    'invalid',
    `${name} is ${kib(bytes)}, more than one change may be (${kib(MAX_MUTATION_BYTES)}); ` +
      'nothing was recorded. Make it smaller (a shorter note, a smaller signature) and try again.',
  );
}
