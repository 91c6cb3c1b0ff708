import type {
  DeskMethodArgs,
  DeskMethodResults,
  StaffView,
} from '../../src-shared/bridge/desk-methods';
import type { TenantRole } from '../../src-shared/mutations/mutation-definition';
import type { Desk } from '../store/open-desk';
import { listStaff } from '../staff/staff-list';
import { createConsoleTransport, type ConsoleTransport } from '../sync/console-transport';
import { DeskHostRefusal } from './host-errors';
import { createStudioSmtpTransport, type StudioSmtpTransport } from './studio-smtp-transport';

const DESK_MANAGERS: readonly TenantRole[] = ['owner', 'manager'];
const PAYMENT_OWNERS: readonly TenantRole[] = ['owner'];

export interface HostConsoleOptions {
  readonly desk: Desk;
  /** The signed-in member, or a `not_signed_in` refusal. */
  readonly signedIn: () => Promise<string>;
  readonly fetchImpl?: typeof fetch;
}

/**
 * The studio console's calls that go to the server (issue 16): the studio's desks, and its
 * Stripe account and card readers. The desk checks the signed-in member's roles first, so
 * staff without them are told at once, offline too; the server checks them again from its
 * own copy and answers 403 to anyone else.
 */
export class HostConsole {
  private readonly transport: ConsoleTransport;
  /** The studio's own e-mail server (issue 20): the owner's, like its Stripe account. */
  private readonly smtp: StudioSmtpTransport;

  constructor(private readonly options: HostConsoleOptions) {
    this.transport = createConsoleTransport(options.desk, options.fetchImpl);
    this.smtp = createStudioSmtpTransport(options.desk, options.fetchImpl);
  }

  async listDesks(): Promise<DeskMethodResults['desks.list']> {
    const actor = await this.actorWith(DESK_MANAGERS, "see the studio's desks");
    return this.transport.listDesks(actor.memberId);
  }

  async renameDesk(
    args: DeskMethodArgs<'desks.rename'>,
  ): Promise<DeskMethodResults['desks.rename']> {
    const actor = await this.actorWith(DESK_MANAGERS, 'rename desks');
    return this.transport.renameDesk(actor.memberId, args.deviceId, args.name.trim());
  }

  async revokeDesk(
    args: DeskMethodArgs<'desks.revoke'>,
  ): Promise<DeskMethodResults['desks.revoke']> {
    const actor = await this.actorWith(DESK_MANAGERS, 'revoke desks');
    return this.transport.revokeDesk(actor.memberId, args.deviceId, args.thisDesk === true);
  }

  async enrollmentCode(): Promise<DeskMethodResults['desks.enrollmentCode']> {
    const actor = await this.actorWith(DESK_MANAGERS, 'add desks');
    return this.transport.enrollmentCode(actor.memberId);
  }

  async connectStripe(
    args: DeskMethodArgs<'stripe.connect'>,
  ): Promise<DeskMethodResults['stripe.connect']> {
    const actor = await this.actorWith(PAYMENT_OWNERS, "connect the studio's Stripe account");
    return this.transport.connectStripe(actor.memberId, args);
  }

  async stripeStatus(): Promise<DeskMethodResults['stripe.connectStatus']> {
    const actor = await this.actorWith(PAYMENT_OWNERS, "see the studio's Stripe account");
    return this.transport.stripeStatus(actor.memberId);
  }

  async registerReader(
    args: DeskMethodArgs<'stripe.registerReader'>,
  ): Promise<DeskMethodResults['stripe.registerReader']> {
    const actor = await this.actorWith(PAYMENT_OWNERS, 'register card readers');
    return this.transport.registerReader(actor.memberId, args);
  }

  async smtpStatus(): Promise<DeskMethodResults['studioSmtp.status']> {
    const actor = await this.actorWith(PAYMENT_OWNERS, "see the studio's e-mail server");
    return this.smtp.status(actor.memberId);
  }

  async setSmtp(
    args: DeskMethodArgs<'studioSmtp.set'>,
  ): Promise<DeskMethodResults['studioSmtp.set']> {
    const actor = await this.actorWith(PAYMENT_OWNERS, "change the studio's e-mail server");
    return this.smtp.set(actor.memberId, args.smtp);
  }

  async clearSmtp(): Promise<DeskMethodResults['studioSmtp.clear']> {
    const actor = await this.actorWith(PAYMENT_OWNERS, "change the studio's e-mail server");
    return this.smtp.clear(actor.memberId);
  }

  async sendTestMail(
    args: DeskMethodArgs<'studioSmtp.sendTest'>,
  ): Promise<DeskMethodResults['studioSmtp.sendTest']> {
    const actor = await this.actorWith(PAYMENT_OWNERS, 'send a test e-mail');
    return this.smtp.sendTest(actor.memberId, args.to);
  }

  private async actorWith(roles: readonly TenantRole[], doing: string): Promise<StaffView> {
    const memberId = await this.options.signedIn();
    const [staff] = await listStaff(this.options.desk, memberId);
    if (!staff?.roles.some((role) => roles.includes(role))) {
      throw new DeskHostRefusal(
        'forbidden',
        `Only ${roles.join(' or ')} staff may ${doing}; ask the studio owner.`,
      );
    }
    return staff;
  }
}
