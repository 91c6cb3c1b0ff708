import { describe, expect, it } from 'vitest';
import { TRIGGERS } from '../../src-shared/automations/automation-triggers';
import {
  channelsText,
  settingLabel,
  settingsText,
  statusLabel,
  triggerLabel,
} from '../../src-renderer/screens/console/automations-labels';

describe('issue 20: the Automations tab’s words (R20)', () => {
  it('names every trigger and every setting a trigger is tuned by in words', () => {
    for (const [trigger, schema] of Object.entries(TRIGGERS)) {
      expect(triggerLabel(trigger)).not.toMatch(/_|Unknown/);
      for (const key of Object.keys(schema.parse({}))) {
        expect(settingLabel(key)).not.toBe(key);
      }
    }
    expect(triggerLabel('win_back')).toBe('Win-back');
    expect(triggerLabel('member_created')).toBe('Welcome (new member)');
  });

  it('shows what it does not know as it is stored, and a deleted automation as removed', () => {
    expect(triggerLabel('inactive_30_days')).toBe('Unknown trigger (inactive_30_days)');
    expect(triggerLabel(null)).toBe('A removed automation');
    expect(channelsText(['email', 'sms'])).toBe('E-mail, sms');
    expect(channelsText([])).toBe('no channel');
    expect(statusLabel('failed')).toBe('Failed');
  });

  it('puts a row’s tuning in one line', () => {
    expect(settingsText({ days: 45 })).toBe('Days without a visit 45');
    expect(settingsText({ credits: 2, daysBefore: 7 })).toBe(
      'Credits left 2, Days before it ends 7',
    );
    expect(settingsText({})).toBe('');
  });
});
