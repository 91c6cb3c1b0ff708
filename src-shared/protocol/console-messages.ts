import { z } from 'zod';
import { PIN_PATTERN } from '../auth/pin-hash';

/**
 * The studio console's wire (issue 16): setting up a studio from nothing, managing its
 * desks, and connecting its Stripe account. Every schema is strict, like sync-messages.ts;
 * the server parses bodies with these and the desk parses answers with them.
 */

const uuid = z.uuid();

/** An IANA zone the runtime knows ("Europe/Berlin"); schedules are shown in it. */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/Berlin');

/** `POST /v1/setup`: a one-time setup code makes a studio, its owner and this desk. */
export const setupRequestSchema = z.strictObject({
  setupCode: z.string().min(6).max(64),
  studio: z.strictObject({
    name: z.string().trim().min(1).max(100),
    timeZone: timeZoneSchema,
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD'),
  }),
  owner: z.strictObject({
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().min(1).max(100),
    email: z.email().max(254),
    pin: z.string().regex(PIN_PATTERN, '4 to 8 digits'),
  }),
  deviceName: z.string().min(1).max(100),
});
export type SetupRequest = z.infer<typeof setupRequestSchema>;
// The answer is the enrolment answer (enrollResponseSchema): the desk stores it the same way.

/** The staff member a desk acts for: its signed-in member, checked again by the server. */
const actor = { actorId: uuid };

export const deskSummarySchema = z.strictObject({
  deviceId: uuid,
  name: z.string(),
  status: z.enum(['active', 'revoked']),
  enrolledAt: z.string(),
  lastSeenAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** The desk that asked. */
  isThisDesk: z.boolean(),
});
export type DeskSummary = z.infer<typeof deskSummarySchema>;

/** `GET /v1/desks?actorId=…` */
export const desksListQuerySchema = z.strictObject(actor);
export const desksListResponseSchema = z.strictObject({ desks: z.array(deskSummarySchema) });
export type DesksListResponse = z.infer<typeof desksListResponseSchema>;

/** `POST /v1/desks/:deviceId/rename` */
export const deskRenameRequestSchema = z.strictObject({
  ...actor,
  name: z.string().trim().min(1).max(100),
});
/** `POST /v1/desks/:deviceId/revoke`; revoking the asking desk needs `thisDesk: true`. */
export const deskRevokeRequestSchema = z.strictObject({
  ...actor,
  thisDesk: z.boolean().optional(),
});
/**
 * `POST /v1/desks/enrollment-code`: a one-time code another desk enrols with (R2.1), for an
 * owner or manager; shown once, valid for 15 minutes.
 */
export const enrollmentCodeRequestSchema = z.strictObject(actor);
export const enrollmentCodeResponseSchema = z.strictObject({
  code: z.string().min(6).max(64),
  expiresAt: z.string(),
});
export type EnrollmentCodeResponse = z.infer<typeof enrollmentCodeResponseSchema>;
export const deskParamsSchema = z.strictObject({ deviceId: uuid });
export const deskResponseSchema = z.strictObject({ desk: deskSummarySchema });
export type DeskResponse = z.infer<typeof deskResponseSchema>;

const httpsUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe('where Stripe sends the owner back');

/** `POST /v1/payments/connect`: an onboarding link for the studio's Stripe account. */
export const connectRequestSchema = z.strictObject({
  ...actor,
  returnUrl: httpsUrl,
  refreshUrl: httpsUrl,
});
export const connectLinkResponseSchema = z.strictObject({
  accountId: z.string(),
  url: z.string(),
  expiresAt: z.string(),
});
export type ConnectLinkResponse = z.infer<typeof connectLinkResponseSchema>;

/** `GET /v1/payments/connect?actorId=…` */
export const connectStatusQuerySchema = z.strictObject(actor);
export const connectStatusResponseSchema = z.strictObject({
  connected: z.boolean(),
  accountId: z.string().nullable(),
  chargesEnabled: z.boolean(),
  detailsSubmitted: z.boolean(),
});
export type ConnectStatusResponse = z.infer<typeof connectStatusResponseSchema>;

export const readerAddressSchema = z.strictObject({
  line1: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(100),
  postalCode: z.string().trim().min(1).max(20),
  state: z.string().trim().min(1).max(100).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as US'),
});

/**
 * `POST /v1/payments/readers`. The studio location defaults to the studio's only one; the
 * address is needed the first time a location gets a reader (Stripe's Terminal location).
 */
export const readerRequestSchema = z.strictObject({
  ...actor,
  registrationCode: z.string().trim().min(1).max(100),
  label: z.string().trim().min(1).max(100),
  locationId: uuid.optional(),
  address: readerAddressSchema.optional(),
});
/** One type for the desk's call and the server's service, read off the schema that checks it. */
export type ReaderRequest = z.infer<typeof readerRequestSchema>;
export const readerResponseSchema = z.strictObject({
  readerId: z.string(),
  label: z.string(),
  terminalLocationId: z.string(),
  status: z.string().nullable(),
});
export type ReaderResponse = z.infer<typeof readerResponseSchema>;
