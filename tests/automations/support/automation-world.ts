import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { uuidV7 } from '../../../src-shared/ids/uuid-v7';
import type { Database } from '../../../src-shared/schema/catalog';
import type { AutomationsContext } from '../../../sync-server/automations/automation-context';
import { smtpSender } from '../../../sync-server/automations/automation-mail';
import {
  webPushSender,
  type VapidSettings,
} from '../../../sync-server/automations/automation-push';
import webpush from 'web-push';
import {
  runTenantAutomations,
  type AutomationRun,
} from '../../../sync-server/automations/automation-run';
import { tenantDatabase } from '../../../sync-server/db/tenant-database';
import { inTenantTransaction } from '../../../sync-server/db/tenant-transaction';
import type { ServiceLog } from '../../../sync-server/support/service-error';
import { PokeHub } from '../../../sync-server/sync/poke-hub';
import { insertPerson } from '../../front-desk/front-desk-harness';
import {
  createStudio,
  openMigratedDatabase,
  startServer,
  TestClock,
  type ServerBackend,
  type TestDatabaseHandle,
} from '../../server/support/server-harness';
import { PushServiceFake } from './push-service-fake';
import { SmtpSink } from './smtp-sink';

export const STUDIO_ZONE = 'America/New_York';
export const PUBLIC_URL = 'http://members.studio.test';

export interface AutomationStudio {
  readonly tenantId: string;
}

export interface Member {
  readonly memberId: string;
  readonly userId: string;
  readonly email: string;
}

/**
 * A migrated server database (Postgres or PGlite), a sync server for the unsubscribe
 * route, a real SMTP server on loopback, and a clock tests move. `runJob()` is one run of
 * a studio's automations as a server instance runs it.
 */
export class AutomationWorld {
  readonly logs: string[] = [];
  readonly hub = new PokeHub();

  private constructor(
    readonly database: TestDatabaseHandle,
    readonly clock: TestClock,
    readonly smtp: SmtpSink,
    readonly pushService: PushServiceFake,
    readonly vapid: VapidSettings,
    readonly app: FastifyInstance,
  ) {}

  /** 15:00 UTC is 10:00 in New York: outside the default quiet hours. */
  static async open(backend: ServerBackend, start = '2026-12-01T15:00:00.000Z') {
    const database = await openMigratedDatabase(backend);
    const clock = new TestClock(start);
    const smtp = await SmtpSink.start();
    const pushService = await PushServiceFake.start();
    const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:platform@studio.test' };
    // The server's notification routes know the VAPID key; its job is run by the tests.
    const app = await startServer(database, clock, {
      automations: { publicUrl: PUBLIC_URL, mailerFor: () => Promise.resolve(undefined), vapid },
    });
    return new AutomationWorld(database, clock, smtp, pushService, vapid, app);
  }

  async dispose(): Promise<void> {
    await this.app.close();
    await this.smtp.close();
    await this.pushService.close();
    await this.database.dispose();
  }

  context(): AutomationsContext {
    const line = (level: string) => (details: object, message: string) => {
      this.logs.push(`${level} ${message} ${JSON.stringify(details)}`);
    };
    const log: ServiceLog = { info: line('info'), warn: line('warn'), error: line('error') };
    const port = this.smtp.port;
    return {
      tenants: tenantDatabase(this.database.db),
      clock: this.clock,
      log,
      hub: this.hub,
      publicUrl: PUBLIC_URL,
      mailerFor: () =>
        Promise.resolve(
          smtpSender({
            host: '127.0.0.1',
            port,
            secure: false,
            from: 'Harbor Yoga <hello@studio.test>',
          }),
        ),
      push: webPushSender(this.vapid, this.pushService.agent),
    };
  }

  runJob(studio: AutomationStudio, context = this.context()): Promise<AutomationRun> {
    return runTenantAutomations(context, studio.tenantId);
  }

  private newId = () => uuidV7(this.clock.now(), randomBytes);
  private at = () => new Date(this.clock.now()).toISOString();

  async newStudio(settings: Record<string, unknown> = {}): Promise<AutomationStudio> {
    const studio = await createStudio(this.database.db, this.clock, 'Harbor Yoga');
    await this.inStudio(studio, async (trx) => {
      const tenant = await trx.selectFrom('tenants').select('settings').executeTakeFirstOrThrow();
      const stored = z.record(z.string(), z.unknown()).parse(JSON.parse(tenant.settings));
      await trx
        .updateTable('tenants')
        .set({ settings: JSON.stringify({ ...stored, timeZone: STUDIO_ZONE, ...settings }) })
        .where('id', '=', studio.tenantId)
        .execute();
    });
    return { tenantId: studio.tenantId };
  }

  inStudio<T>(studio: AutomationStudio, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return inTenantTransaction(this.database.db, studio.tenantId, (_trx, shared) => work(shared));
  }

  async addMember(
    studio: AutomationStudio,
    firstName: string,
    options: { readonly joinedAt?: string; readonly birthDate?: string } = {},
  ): Promise<Member> {
    const at = options.joinedAt ?? this.at();
    return this.inStudio(studio, async (trx) => {
      const person = await insertPerson(trx, {
        tenantId: studio.tenantId,
        firstName,
        role: 'student',
        at,
        newId: this.newId,
      });
      const member = await trx
        .selectFrom('tenant_members')
        .select('profile')
        .where('id', '=', person.memberId)
        .executeTakeFirstOrThrow();
      const profile = JSON.parse(member.profile) as { email: string };
      if (options.birthDate !== undefined) {
        const withBirth = JSON.stringify({ ...profile, birthDate: options.birthDate });
        await trx
          .updateTable('tenant_members')
          .set({ profile: withBirth })
          .where('id', '=', person.memberId)
          .execute();
      }
      return { ...person, email: profile.email };
    });
  }

  async addAutomation(
    studio: AutomationStudio,
    trigger: string,
    template: { readonly subject: string; readonly body: string },
    options: { readonly settings?: object; readonly channels?: readonly string[] } = {},
  ): Promise<string> {
    const id = this.newId();
    await this.inStudio(studio, (trx) =>
      trx
        .insertInto('marketing_automations')
        .values({
          id,
          tenant_id: studio.tenantId,
          trigger_event: trigger,
          subject: template.subject,
          body: template.body,
          is_enabled: 1,
          channels: JSON.stringify(options.channels ?? ['email']),
          settings: options.settings === undefined ? null : JSON.stringify(options.settings),
          created_at: this.at(),
        })
        .execute(),
    );
    return id;
  }

  /** A class at `startIso` the member checked into at its start. */
  async checkIn(studio: AutomationStudio, member: Member, startIso: string): Promise<void> {
    await this.inStudio(studio, async (trx) => {
      const locationId = await this.locationOf(studio, trx);
      const classId = this.newId();
      await trx
        .insertInto('classes')
        .values({
          id: classId,
          tenant_id: studio.tenantId,
          location_id: locationId,
          title: 'Vinyasa',
          start_time: startIso,
          duration_minutes: 60,
          capacity: 20,
          drop_in_price: 2000,
          status: 'completed',
          created_at: startIso,
        })
        .execute();
      await trx
        .insertInto('bookings')
        .values({
          id: this.newId(),
          tenant_id: studio.tenantId,
          class_id: classId,
          member_id: member.memberId,
          status: 'confirmed',
          payment_method: 'free',
          start_time: startIso,
          checked_in_at: startIso,
          created_at: startIso,
        })
        .execute();
    });
  }

  /** A pack of `initial` credits with `remaining` left, bought a week ago. */
  async addPack(studio: AutomationStudio, member: Member, remaining: number): Promise<string> {
    const at = new Date(this.clock.now() - 7 * 24 * 3_600_000).toISOString();
    const packId = this.newId();
    await this.inStudio(studio, async (trx) => {
      const definitionId = this.newId();
      await trx
        .insertInto('class_pack_definitions')
        .values({
          id: definitionId,
          tenant_id: studio.tenantId,
          name: 'Ten Class Pack',
          credits: 10,
          price: 15_000,
          active: 1,
          created_at: at,
        })
        .execute();
      await trx
        .insertInto('purchased_packs')
        .values({
          id: packId,
          tenant_id: studio.tenantId,
          member_id: member.memberId,
          pack_definition_id: definitionId,
          initial_credits: 10,
          remaining_credits: remaining,
          member_price: 15_000,
          created_at: at,
        })
        .execute();
    });
    return packId;
  }

  /** A monthly membership whose paid period ends at `periodEnd`; `cancelAtEnd` schedules its end. */
  async addMembership(
    studio: AutomationStudio,
    member: Member,
    options: {
      readonly periodEnd: string;
      readonly status: 'active' | 'past_due';
      readonly cancelAtEnd?: boolean;
      readonly staffId: string;
    },
  ): Promise<string> {
    const at = new Date(this.clock.now() - 20 * 24 * 3_600_000).toISOString();
    const subscriptionId = this.newId();
    await this.inStudio(studio, async (trx) => {
      const planId = this.newId();
      await trx
        .insertInto('membership_plans')
        .values({
          id: planId,
          tenant_id: studio.tenantId,
          name: 'Unlimited Monthly',
          price: 12_000,
          interval: 'month',
          vod_enabled: 0,
          active: 1,
          created_at: at,
        })
        .execute();
      await trx
        .insertInto('subscriptions')
        .values({
          id: subscriptionId,
          tenant_id: studio.tenantId,
          user_id: member.userId,
          member_id: member.memberId,
          plan_id: planId,
          status: options.status,
          current_period_start: at,
          current_period_end: options.periodEnd,
          created_at: at,
        })
        .execute();
      if (options.cancelAtEnd === true) {
        await trx
          .insertInto('subscription_scheduled_changes')
          .values({
            id: this.newId(),
            tenant_id: studio.tenantId,
            subscription_id: subscriptionId,
            kind: 'cancel',
            effective_at: options.periodEnd,
            staff_id: options.staffId,
            created_at: at,
          })
          .execute();
      }
    });
    return subscriptionId;
  }

  /** A class at `startIso` the studio cancelled, with the members' bookings cancelled with it. */
  async cancelledClass(
    studio: AutomationStudio,
    title: string,
    startIso: string,
    booked: readonly Member[],
  ): Promise<string> {
    const classId = this.newId();
    await this.inStudio(studio, async (trx) => {
      const locationId = await this.locationOf(studio, trx);
      await trx
        .insertInto('classes')
        .values({
          id: classId,
          tenant_id: studio.tenantId,
          location_id: locationId,
          title,
          start_time: startIso,
          duration_minutes: 60,
          capacity: 20,
          drop_in_price: 2000,
          status: 'cancelled',
          created_at: this.at(),
        })
        .execute();
      for (const member of booked) {
        await trx
          .insertInto('bookings')
          .values({
            id: this.newId(),
            tenant_id: studio.tenantId,
            class_id: classId,
            member_id: member.memberId,
            status: 'cancelled',
            payment_method: 'free',
            start_time: startIso,
            cancelled_at: this.at(),
            created_at: this.at(),
          })
          .execute();
      }
    });
    return classId;
  }

  /** The studio's location, made on first use. */
  async locationOf(studio: AutomationStudio, trx: Kysely<Database>): Promise<string> {
    const location = await trx.selectFrom('locations').select('id').executeTakeFirst();
    if (location !== undefined) return location.id;
    const id = this.newId();
    await trx
      .insertInto('locations')
      .values({
        id,
        tenant_id: studio.tenantId,
        name: 'Main',
        time_zone: STUDIO_ZONE,
        created_at: this.at(),
      })
      .execute();
    return id;
  }

  async sendLog(studio: AutomationStudio) {
    return this.inStudio(studio, (trx) =>
      trx
        .selectFrom('automation_logs')
        .selectAll()
        .where('tenant_id', '=', studio.tenantId)
        .orderBy('triggered_at')
        .execute(),
    );
  }
}
