import { describe, expect, it } from 'vitest';
import { sourceLabel, splitName, statusLabel } from '../../src-renderer/screens/leads/lead-labels';

describe('issue 20: the Leads screen’s words', () => {
  it('splits a lead’s one name into the member’s first and last name', () => {
    expect(splitName('  Ana  María López ')).toEqual({ firstName: 'Ana', lastName: 'María López' });
    expect(splitName('Cher')).toEqual({ firstName: 'Cher', lastName: '' });
    expect(splitName('')).toEqual({ firstName: '', lastName: '' });
  });

  it('names each source and status, and shows a source from before the list as it is', () => {
    expect(sourceLabel('walk_in')).toBe('Walk-in');
    expect(sourceLabel('social')).toBe('Social media');
    expect(sourceLabel('classpass')).toBe('classpass');
    expect(sourceLabel(null)).toBe('—');
    expect(statusLabel('trial')).toBe('Trial booked');
    expect(statusLabel('converted')).toBe('Converted');
  });
});
