import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { LeadStatus } from '../../../src-shared/mutations/leads/lead-fields';
import type { AutomationStudio, AutomationWorld } from './automation-world';

export interface TrialLead {
  readonly leadId: string;
  readonly classId: string;
  readonly email: string | null;
}

/**
 * A lead with a trial booked in a class starting at `classStart`, as `lead.bookTrial` leaves
 * it (R18.3); `status` and the class's status say how the pipeline went on from there.
 */
export async function addTrialLead(
  world: AutomationWorld,
  studio: AutomationStudio,
  options: {
    readonly name: string;
    readonly email: string | null;
    readonly classStart: string;
    readonly status?: LeadStatus;
    readonly classStatus?: 'scheduled' | 'completed' | 'cancelled';
    readonly title?: string;
  },
): Promise<TrialLead> {
  const leadId = randomUUID();
  const classId = randomUUID();
  const at = new Date(world.clock.now()).toISOString();
  await world.inStudio(studio, async (trx) => {
    await trx
      .insertInto('classes')
      .values({
        id: classId,
        tenant_id: studio.tenantId,
        location_id: await world.locationOf(studio, trx),
        title: options.title ?? 'Vinyasa Flow',
        start_time: options.classStart,
        duration_minutes: 60,
        capacity: 20,
        drop_in_price: 2000,
        status: options.classStatus ?? 'scheduled',
        created_at: at,
      })
      .execute();
    await trx
      .insertInto('leads')
      .values({
        id: leadId,
        tenant_id: studio.tenantId,
        email: options.email,
        name: options.name,
        phone: options.email === null ? '555-0100' : null,
        source: 'website',
        status: options.status ?? 'trial',
        converted_member_id: null,
        created_at: at,
        trial_class_id: classId,
        trial_booked_at: at,
      })
      .execute();
  });
  return { leadId, classId, email: options.email };
}

/** The studio's own link secret, to sign links as the server would for another holder. */
export async function studioSecret(
  world: AutomationWorld,
  studio: AutomationStudio,
): Promise<string> {
  const secrets = await sql<{ pin_pepper: string }>`select pin_pepper from tenant_secrets
    where tenant_id = ${studio.tenantId}`.execute(world.database.db);
  const secret = secrets.rows[0]?.pin_pepper;
  if (secret === undefined) throw new Error('the studio has no secret');
  return secret;
}

export async function leadOptOut(
  world: AutomationWorld,
  studio: AutomationStudio,
  leadId: string,
): Promise<string | null> {
  const lead = await world.inStudio(studio, (trx) =>
    trx
      .selectFrom('leads')
      .select('messages_opt_out_at')
      .where('id', '=', leadId)
      .executeTakeFirstOrThrow(),
  );
  return lead.messages_opt_out_at;
}
