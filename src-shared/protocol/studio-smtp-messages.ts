import { z } from 'zod';

/**
 * An SMTP server's settings (issue 20, R20.5): the platform's `smtp.default` and a studio's
 * own server share this one shape, checked on every write and read.
 */
export const smtpSettingsSchema = z.strictObject({
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65_535),
  secure: z.boolean(),
  user: z.string().min(1).max(254).optional(),
  pass: z.string().min(1).max(1_000).optional(),
  from: z.string().trim().min(3).max(320),
});
export type SmtpSettingsValue = z.output<typeof smtpSettingsSchema>;

// One address, bare (`hello@studio.com`) or with a display name (`Studio <hello@studio.com>`).
const MAILBOX = /^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

/** The sender a studio types: an e-mail address, with a name in front if it wants one. */
const fromAddress = smtpSettingsSchema.shape.from.regex(
  MAILBOX,
  'an e-mail address such as hello@studio.com or Studio <hello@studio.com>',
);

/** A studio's own server: the platform's shape, with a sender that must be an address. */
export const studioSmtpSettingsSchema = smtpSettingsSchema.extend({ from: fromAddress });

const actor = { actorId: z.uuid() };

/** `GET /v1/studio-smtp?actorId=…`: owner only. */
export const studioSmtpQuerySchema = z.strictObject(actor);

/**
 * `POST /v1/studio-smtp`: the studio's own server, owner only. A password left out keeps
 * the one stored for the same host and user, since the desk is never shown it.
 */
export const studioSmtpSetRequestSchema = z.strictObject({
  ...actor,
  smtp: studioSmtpSettingsSchema,
});
export type StudioSmtpSetRequest = z.output<typeof studioSmtpSetRequestSchema>;

/** `POST /v1/studio-smtp/clear`: back to the platform's server. */
export const studioSmtpClearRequestSchema = z.strictObject(actor);

/** `POST /v1/studio-smtp/test`: one message to `to` through the server the studio uses. */
export const studioSmtpTestRequestSchema = z.strictObject({
  ...actor,
  to: z.email().max(320),
});

/** The studio's own server as the desk sees it: never the password, only whether one is kept. */
export const studioSmtpViewSchema = z.strictObject({
  host: z.string(),
  port: z.number().int(),
  secure: z.boolean(),
  user: z.string().nullable(),
  hasPassword: z.boolean(),
  from: z.string(),
});
export type StudioSmtpView = z.output<typeof studioSmtpViewSchema>;

export const studioSmtpStatusSchema = z.strictObject({
  /** Which server automations send through now; `none` when neither is set. */
  uses: z.enum(['studio', 'platform', 'none']),
  own: studioSmtpViewSchema.nullable(),
  platformConfigured: z.boolean(),
});
export type StudioSmtpStatus = z.output<typeof studioSmtpStatusSchema>;

export const studioSmtpTestResponseSchema = z.strictObject({
  delivered: z.boolean(),
  /** Which server was asked. */
  via: z.enum(['studio', 'platform']),
  /** The SMTP server's answer: its acceptance line, or the sentence it refused with. */
  answer: z.string(),
});
export type StudioSmtpTestResult = z.output<typeof studioSmtpTestResponseSchema>;
