import { describe, expect, it } from 'vitest';
import { externalLinkDecision } from './external-links';

describe('externalLinkDecision (issue 16: the Stripe onboarding link opens in the browser)', () => {
  it('sends https pages, such as Stripe onboarding, to the system browser', () => {
    expect(externalLinkDecision('https://connect.stripe.com/setup/s/acct_123/abc')).toBe(
      'open-in-browser',
    );
    expect(externalLinkDecision('https://example.com/help?q=1#top')).toBe('open-in-browser');
  });

  it('denies every other scheme, malformed text and addresses with credentials', () => {
    for (const url of [
      'http://connect.stripe.com/setup',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'app://desk/index.html',
      'smb://fileserver/share',
      'ms-msdt:/id PCWDiagnostic',
      'https://user:secret@example.com/',
      'https://user@example.com/',
      'not a url',
      '',
    ]) {
      expect(externalLinkDecision(url), url).toBe('deny');
    }
  });
});
