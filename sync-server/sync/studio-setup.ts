import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { pinCrypto } from '../../src-shared/auth/pin-crypto';
import { DEFAULT_SCRYPT, hashPin, type ScryptParams } from '../../src-shared/auth/pin-hash';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import type { SetupRequest } from '../../src-shared/protocol/console-messages';
import type { EnrollResponse } from '../../src-shared/protocol/sync-messages';
import { isoAt } from '../../src-shared/time/clock';
import { insertStaffRows, insertTenantRows } from '../db/studio-rows';
import type { TenantTransaction } from '../db/tenant-transaction';
import { newPinPepper, normalizeEnrollmentCode, sha256Hex } from '../support/secret-tokens';
import { ServiceError } from '../support/service-error';
import { insertEnrolledDevice, type DeviceServiceDeps } from './device-enrollment';

export interface StudioSetupDeps extends DeviceServiceDeps {
  /** The owner's PIN hash cost; tests lower it, the format stays the same. */
  readonly pinCost?: ScryptParams;
}

/** Why a setup code was not spent: studio_claim_setup_code's answer, as the desk is told. */
function claimRefusal(outcome: string): ServiceError {
  if (outcome === 'used') {
    return new ServiceError(
      400,
      'setup_code_used',
      'This setup code was already used; ask the platform operator for a new one.',
    );
  }
  if (outcome === 'expired') {
    return new ServiceError(
      400,
      'setup_code_expired',
      'This setup code has expired; ask the platform operator for a new one.',
    );
  }
  return new ServiceError(
    400,
    'setup_code_invalid',
    'This setup code is not known; check it or ask the platform operator for a new one.',
  );
}

const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/;

/** A slug for serverctl's --tenant from the studio's name: "Harbor Yoga!" → "harbor-yoga". */
export function slugFromName(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return SLUG_PATTERN.test(base) ? base : 'studio';
}

async function freeSlug(trx: TenantTransaction, name: string): Promise<string> {
  const base = slugFromName(name);
  const taken = await sql<{
    id: string | null;
  }>`select studio_tenant_id_by_slug(${base}) as id`.execute(trx);
  if (!taken.rows[0]?.id) return base;
  // Another studio has the name: a random suffix (about 31 bits) tells them apart.
  return `${base}-${randomBytes(4).toString('hex').slice(0, 6)}`;
}

/**
 * Makes a studio from nothing with a one-time setup code (issue 16): the tenant with its PIN
 * pepper, its first location (which carries the studio's time zone), its owner with a PIN,
 * and the calling desk, enrolled, answering what `POST /v1/enroll` answers.
 *
 * Everything happens in the new tenant's one transaction, and the code is spent in it first
 * (studio_claim_setup_code locks the code's row): a refused code creates nothing, a failure
 * later leaves the code unspent, and of two concurrent uses the second waits for the first
 * and then finds the code spent, so one code makes one studio.
 */
export async function setUpStudio(
  deps: StudioSetupDeps,
  request: SetupRequest,
): Promise<EnrollResponse> {
  const codeHash = sha256Hex(normalizeEnrollmentCode(request.setupCode));
  const newId = () => uuidV7(deps.clock.now(), randomBytes);
  const tenantId = newId();
  // A wrong code is refused before any scrypt, so guessing codes costs the server little.
  const state = await deps.tenants.inTenant(tenantId, async (trx) => {
    const found = await sql<{
      state: string;
    }>`select studio_setup_code_state(${codeHash}, ${isoAt(deps.clock)}) as state`.execute(trx);
    return found.rows[0]?.state ?? 'unknown';
  });
  if (state !== 'usable') throw claimRefusal(state);
  const pinPepper = newPinPepper();
  // Hashed before the transaction opens: scrypt is slow on purpose and holds no lock.
  const pinHash = hashPin(request.owner.pin, pinPepper, pinCrypto, deps.pinCost ?? DEFAULT_SCRYPT);
  return deps.tenants.inTenant(tenantId, async (trx) => {
    const now = isoAt(deps.clock);
    const claimed = await sql<{
      outcome: string;
    }>`select studio_claim_setup_code(${codeHash}, ${now}, ${tenantId}) as outcome`.execute(trx);
    const outcome = claimed.rows[0]?.outcome ?? 'unknown';
    if (outcome !== 'claimed') throw claimRefusal(outcome);
    const { studio, owner } = request;
    await insertTenantRows(trx, {
      tenantId,
      slug: await freeSlug(trx, studio.name),
      name: studio.name,
      currency: studio.currency,
      pinPepper,
      now,
    });
    await trx
      .insertInto('locations')
      .values({
        id: newId(),
        tenant_id: tenantId,
        name: studio.name,
        time_zone: studio.timeZone,
        address: null,
        phone: null,
        created_at: now,
      })
      .execute();
    await insertStaffRows(trx, {
      tenantId,
      userId: newId(),
      memberId: newId(),
      email: owner.email.toLowerCase(),
      typedEmail: owner.email,
      firstName: owner.firstName,
      lastName: owner.lastName,
      role: 'owner',
      pinHash,
      now,
    });
    return insertEnrolledDevice(trx, deps, tenantId, request.deviceName);
  });
}
