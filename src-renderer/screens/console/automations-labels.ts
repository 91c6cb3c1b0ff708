import type { Channel, TriggerName } from '../../../src-shared/automations/automation-triggers';

/**
 * What the owner reads for the automations' stored names (issue 20, R20). Pure, so
 * tests/desk-screens checks it on its own; the names themselves come from the shared
 * triggers, so a trigger added there without words here fails to type-check.
 */
export const TRIGGER_LABELS: Readonly<Record<TriggerName, string>> = {
  member_created: 'Welcome (new member)',
  first_check_in: 'First class follow-up',
  win_back: 'Win-back',
  birthday: 'Birthday',
  pack_low_credits: 'Pack running low',
  membership_expiring: 'Membership ending',
  payment_failed: 'Payment failed',
  class_cancelled: 'Class cancelled',
  trial_follow_up: 'Trial follow-up (lead)',
};

/** Each trigger's tuning, by the key its settings store it under. */
const SETTING_LABELS: Readonly<Record<string, string>> = {
  days: 'Days without a visit',
  credits: 'Credits left',
  daysBefore: 'Days before it ends',
  hoursAfter: 'Hours after the class',
};

const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  email: 'E-mail',
  push: 'Push',
} satisfies Record<Channel, string>;

const STATUS_LABELS: Readonly<Record<string, string>> = {
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
};

export function isTriggerName(name: string): name is TriggerName {
  return Object.hasOwn(TRIGGER_LABELS, name);
}

/** "Win-back"; a stored trigger the server does not know reads as what it is. */
export function triggerLabel(trigger: string | null): string {
  if (trigger === null) return 'A removed automation';
  return isTriggerName(trigger) ? TRIGGER_LABELS[trigger] : `Unknown trigger (${trigger})`;
}

export function settingLabel(key: string): string {
  return SETTING_LABELS[key] ?? key;
}

export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel] ?? channel;
}

export function channelsText(channels: readonly string[]): string {
  return channels.length === 0 ? 'no channel' : channels.map(channelLabel).join(', ');
}

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

/** "Days without a visit 45": a row's tuning in one line, empty for triggers without any. */
export function settingsText(settings: Readonly<Record<string, number>>): string {
  return Object.entries(settings)
    .map(([key, value]) => `${settingLabel(key)} ${value}`)
    .join(', ');
}
