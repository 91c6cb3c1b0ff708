// What the booking simulation learns that other tables need: the packs it bought (with
// how many bookings each paid for), the drop-ins sold at check-in, and check-in history.

/** A class pack a member bought when a booking needed one. */
export interface PackPurchase {
  readonly index: number;
  readonly id: string;
  readonly memberIndex: number;
  readonly definitionIndex: number;
  readonly locationIndex: number;
  readonly atMs: number;
  readonly expiresMs: number | null;
}

/** A member reaching a round number of check-ins (10, 25, 50, ...). */
export interface Milestone {
  readonly memberIndex: number;
  readonly count: number;
  readonly atMs: number;
}

export interface DropInSale {
  readonly memberIndex: number;
  readonly classIndex: number;
  readonly atMs: number;
}

/**
 * What the bookings imply for other tables. The simulation runs twice with the same seed:
 * once to fill this in (packs must be written, with their remaining credits, before the
 * bookings that spend them), and once to write the bookings.
 */
export interface AttendanceLedger {
  readonly packPurchases: PackPurchase[];
  /** Bookings paid with each pack, by pack index. */
  readonly packUses: number[];
  readonly dropIns: DropInSale[];
  /** Each member's first check-in (NaN for none) and check-in count. */
  readonly firstCheckInMs: Float64Array;
  readonly checkIns: Int32Array;
  readonly milestones: Milestone[];
  bookings: number;
}

/** Check-in counts that earn a progress entry. */
export const MILESTONES: ReadonlySet<number> = new Set([10, 25, 50, 100, 150, 200]);

export function emptyAttendanceLedger(memberCount: number): AttendanceLedger {
  return {
    packPurchases: [],
    packUses: [],
    dropIns: [],
    firstCheckInMs: new Float64Array(memberCount).fill(Number.NaN),
    checkIns: new Int32Array(memberCount),
    milestones: [],
    bookings: 0,
  };
}
