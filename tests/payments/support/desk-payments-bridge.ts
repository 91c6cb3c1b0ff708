import { DeskBridgeError } from '../../../src-shared/bridge/desk-bridge';
import type { DeskMethodArgs, DeskMethodResults } from '../../../src-shared/bridge/desk-methods';
import {
  DeskPaymentsError,
  type DeskPayments,
} from '../../../src-main/hardware/card-reader/card-payments';
import type {
  PaymentMethodName,
  PaymentsBridge,
} from '../../../src-renderer/hardware/card-reader/payments-bridge';

type Handlers = {
  [M in PaymentMethodName]: (args: DeskMethodArgs<M>) => Promise<DeskMethodResults[M]>;
};

/**
 * The renderer's view of `payments.*` as the desk host serves it: each call runs on the
 * desk's payments, and a refusal reaches the renderer as a DeskBridgeError with its code.
 */
export function paymentsBridgeFor(payments: DeskPayments): PaymentsBridge & { calls: string[] } {
  const handlers: Handlers = {
    'payments.status': () => payments.status(),
    'payments.connectionToken': () => payments.connectionToken(),
    'payments.createIntent': (args) => payments.createIntent(args),
    'payments.capture': (args) => payments.capture(args),
    'payments.cancel': (args) => payments.cancel(args),
  };
  const calls: string[] = [];
  return {
    calls,
    async invoke<M extends PaymentMethodName>(method: M, args: DeskMethodArgs<M>) {
      calls.push(method);
      const handler: Handlers[M] = handlers[method];
      try {
        return await handler(args);
      } catch (error) {
        if (error instanceof DeskPaymentsError)
          throw new DeskBridgeError(error.code, error.message);
        throw error;
      }
    },
  };
}
