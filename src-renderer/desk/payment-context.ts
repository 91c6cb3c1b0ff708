import { createContext, useContext } from 'react';
import type { PaymentTerminal } from '../hardware/card-reader/payment-terminal';

/** The card reader of this desk, or null where none is set up. */
export const PaymentTerminalContext = createContext<PaymentTerminal | null>(null);

export function usePaymentTerminal(): PaymentTerminal | null {
  return useContext(PaymentTerminalContext);
}
