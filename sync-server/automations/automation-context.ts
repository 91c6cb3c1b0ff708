import type { Clock } from '../../src-shared/time/clock';
import type { TenantDatabase } from '../db/tenant-database';
import type { ServiceLog } from '../support/service-error';
import type { PokeHub } from '../sync/poke-hub';
import type { MailSender } from './automation-mail';
import type { PushSender } from './automation-push';

/** What the automation job shares; passed explicitly, no module state. */
export interface AutomationsContext {
  readonly tenants: TenantDatabase;
  readonly clock: Clock;
  readonly log: ServiceLog;
  /** Desks are poked after the job records sends, as after any server change. */
  readonly hub: PokeHub;
  /** The server's address as members reach it, for unsubscribe links (`https://…`). */
  readonly publicUrl: string;
  /** The studio's SMTP, else the platform's; undefined when neither is set (nothing is sent). */
  mailerFor(tenantId: string): Promise<MailSender | undefined>;
  /** Web Push with the platform's VAPID keys; undefined when none are set (no push is sent). */
  readonly push?: PushSender | undefined;
}
