import { describe, expect, it } from 'vitest';
import { DeskBridgeError } from '../../src-shared/bridge/desk-bridge';
import { fieldErrorsOf, profileArgs } from '../../src-renderer/screens/member-form';

describe('issue 17 item 9: the member form', () => {
  it('leaves out an empty e-mail, phone and card, so a walk-in needs only a name', () => {
    expect(
      profileArgs({ firstName: ' Wanda ', lastName: 'Walk', email: ' ', phone: '', barcode: '' }),
    ).toEqual({ firstName: 'Wanda', lastName: 'Walk' });
    expect(
      profileArgs({
        firstName: 'A',
        lastName: 'B',
        email: ' a@example.com ',
        phone: '555-0100',
        barcode: ' C-1 ',
      }),
    ).toEqual({
      firstName: 'A',
      lastName: 'B',
      email: 'a@example.com',
      phone: '555-0100',
      barcode: 'C-1',
    });
  });

  it('shows a taken e-mail or card next to its field, and other refusals as one error', () => {
    const email = 'The e-mail a@example.com is already Maya Tester’s: find them instead';
    expect(fieldErrorsOf(new DeskBridgeError('rule', email))).toEqual({ email });
    const card = 'Card C-1 already belongs to Maya Tester: scan or type another card';
    expect(fieldErrorsOf(new DeskBridgeError('rule', card))).toEqual({ barcode: card });
    expect(fieldErrorsOf(new DeskBridgeError('rule', 'the drawer is closed'))).toBeNull();
    expect(fieldErrorsOf(new Error(email))).toBeNull();
  });
});
