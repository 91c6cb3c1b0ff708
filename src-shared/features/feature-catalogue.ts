/**
 * The features a studio's plan may leave out (issue 20; PROTOCOL.md R19). A feature is on
 * unless the studio's `tenant_features` row for its key says `enabled = 0`: studios that
 * existed before plans keep everything they had.
 *
 * Each feature lists the mutations it gates. Only those are refused while it is off, at the
 * desk from its synced copy and at the server on push. A sale is never gated, even one that
 * pays an appointment or takes a card: by the time it is recorded the money was taken.
 */
export const FEATURE_KEYS = ['appointments', 'automations', 'card_payments'] as const;

export type FeatureKey = (typeof FEATURE_KEYS)[number];

export interface FeatureSpec {
  /** What staff read when the feature is off: "<label> are not part of this studio's plan". */
  readonly label: string;
  /** Mutations refused while the feature is off. */
  readonly mutations: readonly string[];
}

export const FEATURE_CATALOGUE = {
  appointments: {
    label: 'Appointments',
    mutations: [
      'appointmentService.create',
      'appointmentService.update',
      'appointmentService.setStaff',
      'staffAvailability.set',
      'staffAvailability.addException',
      'staffAvailability.removeException',
      'appointment.book',
      'appointment.reschedule',
      'appointment.cancel',
      'appointment.complete',
      'appointment.noShow',
    ],
  },
  // The server's automation job also asks isFeatureEnabled(…, 'automations') and sends
  // nothing for a studio without them (R20).
  automations: { label: 'Automations', mutations: ['automation.save'] },
  // Card payments are HTTP calls to the server, not mutations: its card routes refuse new
  // connection tokens and PaymentIntents while the feature is off (payment-routes.ts), and
  // the desk hides the card tender. Recording a card already charged (pos.sale), capturing
  // or cancelling an intent already made and card refunds still go through.
  card_payments: { label: 'Card payments', mutations: [] },
} as const satisfies Record<FeatureKey, FeatureSpec>;

const FEATURE_OF_MUTATION: ReadonlyMap<string, FeatureKey> = new Map(
  FEATURE_KEYS.flatMap((key) =>
    FEATURE_CATALOGUE[key].mutations.map((name): [string, FeatureKey] => [name, key]),
  ),
);

/** The feature that gates a mutation, or undefined for the (many) mutations no plan gates. */
export function featureOfMutation(name: string): FeatureKey | undefined {
  return FEATURE_OF_MUTATION.get(name);
}

export function isFeatureKey(value: string): value is FeatureKey {
  return (FEATURE_KEYS as readonly string[]).includes(value);
}

/** The sentence a refusal carries: staff read it at the desk and in the sync problems. */
export function featureOffReason(key: FeatureKey): string {
  return `${FEATURE_CATALOGUE[key].label} are not part of this studio's plan; ask the platform to switch them on.`;
}

/** Every feature's state: on unless a row says off. */
export type StudioFeatures = Readonly<Record<FeatureKey, boolean>>;
