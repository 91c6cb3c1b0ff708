import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../src-shared/schema/catalog';
import { createEnrollmentCode } from '../sync-server/admin/device-admin';
import { addStaff } from '../sync-server/admin/staff-admin';
import { createTenant } from '../sync-server/admin/tenant-admin';

/** Staff PINs hashed cheaply: set-up only, the hash is never checked in the benchmarks. */
const CHEAP_PIN_COST = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };

/** A one-time enrolment code of a bench studio, for the desk that will use it. */
export interface BenchDeskCode {
  readonly tenantId: string;
  readonly ownerId: string;
  readonly code: string;
  readonly deviceName: string;
}

/**
 * Studios with an owner (PIN 1234) and `desks` enrolment codes spread evenly over `tenants`
 * studios; `enrol` turns each code into the caller's desk (over HTTP for B5, through the
 * enrolment service for the hand-written baseline).
 */
export async function enrolBenchDesks<Desk>(
  db: Kysely<Database>,
  sizes: { readonly tenants: number; readonly desks: number; readonly namePrefix: string },
  enrol: (desk: BenchDeskCode) => Promise<Desk>,
): Promise<Desk[]> {
  const perTenant = Math.ceil(sizes.desks / sizes.tenants);
  const desks: Desk[] = [];
  for (let t = 0; t < sizes.tenants && desks.length < sizes.desks; t++) {
    const slug = `${sizes.namePrefix.toLowerCase()}-${t}-${randomBytes(4).toString('hex')}`;
    const tenant = await createTenant(
      { db },
      { name: `${sizes.namePrefix} ${t}`, slug, currency: 'USD' },
    );
    const owner = await addStaff(
      { db },
      {
        tenantId: tenant.tenantId,
        email: `owner@${slug}.example.com`,
        firstName: 'Olive',
        lastName: 'Owner',
        role: 'owner',
        pin: '1234',
      },
      CHEAP_PIN_COST,
    );
    for (let d = 0; d < perTenant && desks.length < sizes.desks; d++) {
      const { code } = await createEnrollmentCode({ db }, { tenantId: tenant.tenantId });
      desks.push(
        await enrol({
          tenantId: tenant.tenantId,
          ownerId: owner.memberId,
          code,
          deviceName: `Desk ${d + 1}`,
        }),
      );
    }
  }
  return desks;
}
