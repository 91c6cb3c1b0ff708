import { useEffect, useRef } from 'react';
import { addDueLine, type CartLine, type CartMember, type DueItem } from '../desk/cart';

/** A fee or an appointment a member is to pay at the Sell screen. */
export interface SellRequest {
  readonly member: CartMember;
  readonly item: DueItem;
}

/** A request as it waits: with how to tell the sender it was refused. */
export interface WaitingSellRequest extends SellRequest {
  readonly refuse: (reason: string) => void;
}

/**
 * Hands fees (member page) and appointments (Appointments) to the Sell screen's cart
 * (issue 18). The Sell screen may not be open yet (screens mount on first visit), so
 * requests wait here until it takes them; listeners are told of each new one, the Sell
 * screen to take it and the workspace to show Sell. One desk window, one queue.
 */
const waiting: WaitingSellRequest[] = [];
const listeners = new Set<() => void>();
/** Told of each request the Sell screen did not refuse at once: the workspace shows Sell. */
const showSellListeners = new Set<() => void>();

/**
 * Sends a request. An open Sell screen takes it at once: the reason it refused it (another
 * member's sale on screen, a payment under way) is returned. A Sell screen not open yet takes
 * it when it opens, and a refusal then goes to `onLaterRefusal`.
 */
export function sendToSell(
  request: SellRequest,
  onLaterRefusal?: (reason: string) => void,
): string | null {
  // Set by the Sell screen's listener while this call runs, hence an object, not a local.
  const now: { sending: boolean; refused: string | null } = { sending: true, refused: null };
  waiting.push({
    ...request,
    refuse: (reason) => {
      if (now.sending) now.refused = reason;
      else onLaterRefusal?.(reason);
    },
  });
  for (const listener of [...listeners]) listener();
  now.sending = false;
  if (now.refused === null) for (const show of [...showSellListeners]) show();
  return now.refused;
}

/**
 * Calls `show` when a request was taken, or waits for a Sell screen not open yet; a request
 * refused at once leaves staff on the screen that sent it, to read why. Returns the
 * unsubscribe.
 */
export function onSellToShow(show: () => void): () => void {
  showSellListeners.add(show);
  return () => {
    showSellListeners.delete(show);
  };
}

/** Calls `listener` after every new request; returns the unsubscribe. */
export function onSellRequest(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The requests not taken yet, in order; taking them empties the queue. */
export function takeSellRequests(): WaitingSellRequest[] {
  return waiting.splice(0, waiting.length);
}

/**
 * The cart with the requests added, each once. A request is refused, with the reason, while
 * payment is under way (the total is fixed then) or when the sale on screen is another
 * member's: a fee is paid by the member who owes it, never on someone else's sale.
 */
export function acceptSellRequests<R extends SellRequest>(
  sale: {
    readonly cart: readonly CartLine[];
    readonly member: CartMember | null;
    readonly tendering: boolean;
  },
  requests: readonly R[],
): {
  cart: readonly CartLine[];
  member: CartMember | null;
  refusals: { readonly request: R; readonly reason: string }[];
} {
  let { cart, member } = sale;
  const refusals: { readonly request: R; readonly reason: string }[] = [];
  for (const request of requests) {
    const { member: who, item } = request;
    if (sale.tendering) {
      refusals.push({
        request,
        reason: `${item.name} was not added: payment has started for the sale on screen.`,
      });
    } else if (member && member.memberId !== who.memberId && cart.length > 0) {
      refusals.push({
        request,
        reason: `${item.name} was not added: the sale on screen is for ${member.name}, not ${who.name}. Finish it, then send it again.`,
      });
    } else {
      cart = addDueLine(cart, item);
      member = who;
    }
  }
  return { cart, member, refusals };
}

/**
 * Takes the waiting requests once `ready` (the Sell screen has its open sale back) and each
 * new one after, giving them to `take` as the screen is at that moment.
 */
export function useSellRequests(
  ready: boolean,
  take: (requests: readonly WaitingSellRequest[]) => void,
): void {
  const latest = useRef(take);
  latest.current = take;
  useEffect(() => {
    if (!ready) return undefined;
    const drain = () => {
      const requests = takeSellRequests();
      if (requests.length > 0) latest.current(requests);
    };
    drain();
    return onSellRequest(drain);
  }, [ready]);
}
