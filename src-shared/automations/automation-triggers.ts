import { z } from 'zod';

/**
 * The triggers a studio can turn on (issue 20, PROTOCOL.md R20), each with the settings it
 * is tuned by and their defaults. `marketing_automations.trigger_event` names one;
 * `settings` holds the studio's tuning as JSON (absent keys take the defaults).
 */
export const TRIGGERS = {
  /** Welcome: a member joined in the last week. */
  member_created: z.strictObject({}),
  /** Trial follow-up: a member's first class, a few hours after it. */
  first_check_in: z.strictObject({
    hoursAfter: z.number().int().min(0).max(72).default(2),
  }),
  /** Win-back: no visit for `days` days (each lapse once). */
  win_back: z.strictObject({ days: z.number().int().min(7).max(365).default(30) }),
  /** Birthday, on the day in the studio's zone. */
  birthday: z.strictObject({}),
  /** A pack with at most `credits` classes left (once per pack). */
  pack_low_credits: z.strictObject({ credits: z.number().int().min(1).max(10).default(1) }),
  /** A membership that will not renew ends within `daysBefore` days. */
  membership_expiring: z.strictObject({
    daysBefore: z.number().int().min(1).max(60).default(7),
  }),
  /** A membership's renewal could not be charged (past due). */
  payment_failed: z.strictObject({}),
  /** A class the member booked was cancelled by the studio. */
  class_cancelled: z.strictObject({}),
  /**
   * Trial follow-up for a lead (R18.3): a lead whose trial class started `hoursAfter` hours
   * ago (within 3 days) and who is still at the trial stage. E-mail only: a lead has no
   * devices to push to.
   */
  trial_follow_up: z.strictObject({
    hoursAfter: z.number().int().min(0).max(72).default(3),
  }),
} as const;

export type TriggerName = keyof typeof TRIGGERS;
export type TriggerSettings<T extends TriggerName> = z.output<(typeof TRIGGERS)[T]>;

/** The demo generator's older name for win-back after 30 days. */
const LEGACY_TRIGGERS: Readonly<Record<string, { trigger: TriggerName; settings: object }>> = {
  inactive_30_days: { trigger: 'win_back', settings: { days: 30 } },
};

export const CHANNELS = ['email', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A stored automation as the job runs it; undefined when its trigger or settings are unknown. */
export interface RunnableAutomation {
  readonly id: string;
  readonly trigger: TriggerName;
  readonly settings: Record<string, number>;
  readonly subject: string;
  readonly body: string;
  readonly channels: readonly Channel[];
}

export interface StoredAutomation {
  readonly id: string;
  readonly trigger_event: string;
  readonly subject: string;
  readonly body: string;
  readonly channels: string;
  readonly settings: string | null;
}

function isTrigger(name: string): name is TriggerName {
  return Object.hasOwn(TRIGGERS, name);
}

/**
 * Reads a stored automation. Channels the server cannot send (the demo's 'sms') are left
 * out; settings that do not parse make the automation unrunnable rather than guessed.
 */
export function runnableAutomation(row: StoredAutomation): RunnableAutomation | undefined {
  const legacy = LEGACY_TRIGGERS[row.trigger_event];
  const trigger = legacy?.trigger ?? row.trigger_event;
  if (!isTrigger(trigger)) return undefined;
  const stored: unknown =
    row.settings === null ? (legacy?.settings ?? {}) : JSON.parse(row.settings);
  const settings = TRIGGERS[trigger].safeParse(stored);
  const channels = z.array(z.string()).safeParse(JSON.parse(row.channels));
  if (!settings.success || !channels.success) return undefined;
  return {
    id: row.id,
    trigger,
    settings: settings.data,
    subject: row.subject,
    body: row.body,
    channels: CHANNELS.filter((c) => channels.data.includes(c)),
  };
}
