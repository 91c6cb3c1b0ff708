import type { TenantRole } from '../../src-shared/mutations/mutation-definition';
import type {
  SmtpSettingsValue,
  StudioSmtpSetRequest,
  StudioSmtpStatus,
  StudioSmtpTestResult,
  StudioSmtpView,
} from '../../src-shared/protocol/studio-smtp-messages';
import { isoAt, type Clock } from '../../src-shared/time/clock';
import type { TenantDatabase } from '../db/tenant-database';
import { ServiceError } from '../support/service-error';
import { requireActorRole } from '../sync/console-actor';
import type { AuthenticatedDevice } from '../sync/device-auth';
import {
  clearStudioSmtp,
  readStudioSmtp,
  usedSmtp,
  withStudioSmtpTables,
  writeStudioSmtp,
  type PlatformSmtp,
  type StudioSmtpTransaction,
} from './studio-smtp';
import { sendTestMail } from './studio-smtp-test-mail';

/**
 * The studio's own e-mail server, set by its owner from a desk (issue 20, R20.5). The tenant
 * is the desk's; the owner is the member the desk names, whose role is read here. The
 * password goes in and never comes out: the desk is told only whether one is kept.
 */
export interface StudioSmtpContext {
  readonly tenants: TenantDatabase;
  readonly clock: Clock;
  readonly platformSmtp: PlatformSmtp;
}

/** A mail server holds the studio's sender reputation and a password: the owner's alone. */
const SMTP_OWNERS: readonly TenantRole[] = ['owner'];

function asOwner<T>(
  context: StudioSmtpContext,
  device: AuthenticatedDevice,
  actorId: string,
  doing: string,
  work: (trx: StudioSmtpTransaction) => Promise<T>,
): Promise<T> {
  return context.tenants.inTenant(device.tenantId, async (trx, shared) => {
    await requireActorRole(shared, device.tenantId, actorId, SMTP_OWNERS, doing);
    return work(withStudioSmtpTables(trx));
  });
}

function viewOf(smtp: SmtpSettingsValue): StudioSmtpView {
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    user: smtp.user ?? null,
    hasPassword: smtp.pass !== undefined,
    from: smtp.from,
  };
}

async function statusOf(
  context: StudioSmtpContext,
  own: SmtpSettingsValue | undefined,
): Promise<StudioSmtpStatus> {
  const platformConfigured = (await context.platformSmtp()) !== undefined;
  return {
    uses: own !== undefined ? 'studio' : platformConfigured ? 'platform' : 'none',
    own: own === undefined ? null : viewOf(own),
    platformConfigured,
  };
}

export async function studioSmtpStatus(
  context: StudioSmtpContext,
  device: AuthenticatedDevice,
  actorId: string,
): Promise<StudioSmtpStatus> {
  const own = await asOwner(context, device, actorId, "see the studio's e-mail server", (trx) =>
    readStudioSmtp(trx, device.tenantId),
  );
  return statusOf(context, own);
}

/**
 * Stores the studio's own server. The desk never sees the stored password, so a password
 * left out keeps the stored one while the host and user stay the same; for another host or
 * user it is dropped, never sent to a server it was not given for.
 */
export async function setStudioSmtp(
  context: StudioSmtpContext,
  device: AuthenticatedDevice,
  request: StudioSmtpSetRequest,
): Promise<StudioSmtpStatus> {
  const tenantId = device.tenantId;
  const own = await asOwner(
    context,
    device,
    request.actorId,
    'change the studio’s e-mail server',
    async (trx) => {
      const stored = await readStudioSmtp(trx, tenantId);
      const sameLogin = stored?.host === request.smtp.host && stored.user === request.smtp.user;
      const pass = request.smtp.pass ?? (sameLogin ? stored.pass : undefined);
      const smtp: SmtpSettingsValue = {
        ...request.smtp,
        ...(pass === undefined ? {} : { pass }),
      };
      await writeStudioSmtp(trx, tenantId, smtp, {
        actorId: request.actorId,
        at: isoAt(context.clock),
      });
      return smtp;
    },
  );
  return statusOf(context, own);
}

export async function clearStudioSmtpFor(
  context: StudioSmtpContext,
  device: AuthenticatedDevice,
  actorId: string,
): Promise<StudioSmtpStatus> {
  await asOwner(context, device, actorId, 'change the studio’s e-mail server', (trx) =>
    clearStudioSmtp(trx, device.tenantId),
  );
  return statusOf(context, undefined);
}

/**
 * Sends one message through the server the studio's automations use now and reports that
 * server's answer. SMTP is spoken outside any transaction: the owner is checked first.
 */
export async function sendStudioTestMail(
  context: StudioSmtpContext,
  device: AuthenticatedDevice,
  request: { readonly actorId: string; readonly to: string },
): Promise<StudioSmtpTestResult> {
  const studio = await asOwner(context, device, request.actorId, 'send a test e-mail', (trx) =>
    trx
      .selectFrom('tenants')
      .select('name')
      .where('id', '=', device.tenantId)
      .executeTakeFirstOrThrow(),
  );
  const used = await usedSmtp(context.tenants, context.platformSmtp, device.tenantId);
  if (used.via === 'none') {
    throw new ServiceError(
      409,
      'smtp_not_configured',
      'No e-mail server is set: neither the studio’s own nor the platform’s. Set the studio’s own server first.',
    );
  }
  const answer = await sendTestMail(used.smtp, {
    to: request.to,
    subject: `Test e-mail from ${studio.name}`,
    text: `This test came through ${used.via === 'studio' ? 'the studio’s own' : 'the platform’s'} e-mail server (${used.smtp.host}). Automated messages are sent the same way.`,
  });
  return { ...answer, via: used.via };
}
