import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DeskBridgeError } from '../../src-shared/bridge/desk-bridge';
import { describeIssues, issueWordsFromText } from '../../src-shared/validation/describe-issues';
import {
  errorSentence,
  errorText,
  fieldLabel,
  readableRefusal,
} from '../../src-renderer/desk/error-text';
import { fieldErrorsOf, lastSegmentIn } from '../../src-renderer/screens/console/console-refusals';
import { joinProblem } from '../../src-renderer/screens/first-run-errors';

/** Issue 17 item 7: refusals read as sentences with the field's label, not developer text. */
describe('issue 17 item 7: describeIssues words each issue for people', () => {
  const schema = z.strictObject({
    reason: z.string().trim().min(3).max(200),
    amount: z.number().int().positive().max(10_000_000),
    email: z.email(),
    memberId: z.uuid(),
    method: z.enum(['cash', 'card']),
    lines: z.array(z.string()).min(1),
    note: z.string().regex(/^x/, 'a note that starts with x'),
  });
  const wordsFor = (input: unknown) => {
    const parsed = schema.safeParse(input);
    if (parsed.success) throw new Error('the input was meant to be refused');
    return describeIssues(parsed.error);
  };

  it('says what to do for each field, keeping `path: words` for the forms', () => {
    const text = wordsFor({
      reason: 'ab',
      amount: 0,
      email: 'not-an-address',
      memberId: 'x',
      method: 'cheque',
      lines: [],
      note: 'y',
    });
    expect(text).toBe(
      [
        'reason: write at least 3 characters',
        'amount: must be more than 0',
        'email: enter an e-mail address like name@example.com',
        'memberId: is not one this desk knows; choose it again',
        'method: choose one of: cash, card',
        'lines: add at least one',
        // A schema's own message is kept as it is.
        'note: a note that starts with x',
      ].join('; '),
    );
    expect(text).not.toMatch(/Too small|expected|Invalid/);
  });

  it('words missing fields, wrong types and unknown fields', () => {
    expect(wordsFor({ amount: 'ten' })).toContain('reason: fill this in');
    expect(wordsFor({ amount: 'ten' })).toContain('amount: must be a whole number');
    expect(wordsFor({ extra: 1 })).toContain('(arguments): has fields this desk does not know');
  });

  it("reads the library's own wording back when only the text arrived", () => {
    expect(issueWordsFromText('Too small: expected string to have >=3 characters')).toBe(
      'write at least 3 characters',
    );
    expect(issueWordsFromText('Too big: expected number to be <=65535')).toBe(
      'must be at most 65535',
    );
    expect(issueWordsFromText('Invalid input: expected string, received undefined')).toBe(
      'fill this in',
    );
    expect(issueWordsFromText('changed mind')).toBe('changed mind');
  });

  it('still splits into field messages for the console forms', () => {
    const parsed = schema.safeParse({ reason: 'ab', amount: 5, email: 'a@b.co' });
    if (parsed.success) throw new Error('refused');
    const error = new DeskBridgeError('invalid', `product.update: ${describeIssues(parsed.error)}`);
    const fields = fieldErrorsOf(
      error,
      lastSegmentIn(['reason', 'memberId', 'method', 'lines', 'note']),
    );
    expect(fields?.reason).toBe('write at least 3 characters');
  });
});

describe('issue 17 item 7: errorText shows the label, not the mutation name', () => {
  it('turns a refusal of arguments into "Label: words."', () => {
    const refusal = new DeskBridgeError(
      'invalid',
      'drawer.move: reason: Too small: expected string to have >=3 characters',
    );
    expect(errorText(refusal)).toEqual({
      what: 'Reason: write at least 3 characters.',
      nextStep: '',
    });
    expect(
      readableRefusal(
        'pos.sale: tenders.0.amountCents: must be more than 0; memberId: fill this in',
      ),
    ).toBe('Amount: must be more than 0. Member: fill this in.');
    expect(fieldLabel('settings.connection.port')).toBe('Port');
    expect(fieldLabel('pinHash')).toBe('PIN');
  });

  it('adds advice only where it applies', () => {
    expect(errorText(new DeskBridgeError('rule', 'open the cash drawer first'))).toEqual({
      what: 'Open the cash drawer first.',
      nextStep: '',
    });
    expect(errorText(new DeskBridgeError('forbidden', 'Only a manager can refund.')).nextStep).toBe(
      'Ask an owner or manager to do this.',
    );
    // Something nobody planned for: the one place for "tell the studio owner".
    expect(errorSentence(new TypeError('x is undefined'))).toBe(
      'X is undefined. Try again; if it keeps happening, tell the studio owner.',
    );
    for (const code of ['invalid', 'rule', 'not_found', 'offline', 'internal', 'card_declined']) {
      expect(errorSentence(new DeskBridgeError(code, 'Something.'))).not.toMatch(/studio owner/);
    }
  });

  it('explains a card reader SDK that did not load', () => {
    expect(errorText(new Error('Failed to load StripeTerminal')).what).toBe(
      'The card reader software could not be loaded.',
    );
  });
});

describe('issue 17 item 7: the first-run error says one thing', () => {
  it('tells a desk that never joined to check the address, not to "keep working"', () => {
    const offline = new DeskBridgeError(
      'offline',
      "The studio's server cannot be reached (cannot reach the server at https://nowhere.invalid). Check the internet connection; the desk keeps working and syncs when it is back.",
    );
    const text = errorSentence(joinProblem(offline, ' https://nowhere.invalid/path '));
    expect(text).toBe(
      "No studio server answered at https://nowhere.invalid. Check the server address the studio owner gave you and this computer's internet connection, then press Connect again.",
    );
    expect(text).not.toMatch(/keeps working|Keep working/);
    const refused = new DeskBridgeError('invalid_code', 'That enrolment code was already used.');
    expect(joinProblem(refused, 'https://x.example')).toBe(refused);
  });
});
