import { DeskBridgeError } from '../../src-shared/bridge/desk-bridge';
import { issueWordsFromText } from '../../src-shared/validation/describe-issues';

/**
 * What staff read when something fails: what happened, then what to do about it. The next
 * step is empty when the message already says what to do (most refusals do): advice that
 * does not apply is noise at a busy desk.
 */
export interface ErrorText {
  readonly what: string;
  readonly nextStep: string;
}

/** Advice that adds something to the desk's message, by the code it refused with. */
const NEXT_STEP_BY_CODE: Readonly<Record<string, string>> = {
  not_signed_in: 'Sign in again with your PIN.',
  forbidden: 'Ask an owner or manager to do this.',
  desk_unreachable: 'Reload the page; if it stays, restart the desk program.',
  desk_unavailable: 'Restart the desk program.',
  desk_restarted: 'The desk restarted: check whether it was done, then try again.',
  timeout: 'Check whether it was done before trying again.',
  malformed_reply: 'Reload the page; if it stays, restart the desk program.',
  locked: 'Wait, or ask a manager to clear the lock with their PIN.',
};

/** A failure nobody planned for: the one case where "tell the studio owner" applies. */
const UNEXPECTED_NEXT_STEP = 'Try again; if it keeps happening, tell the studio owner.';

/** Field names that read badly when only their words are split. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  pin: 'PIN',
  pinHash: 'PIN',
  email: 'E-mail',
  serverUrl: 'Server address',
  code: 'Code',
  setupCode: 'Setup code',
  deviceName: 'Desk name',
  qty: 'Quantity',
  sku: 'SKU',
  url: 'Address',
  path: 'Device path',
  host: 'Printer address',
  printerName: 'Printer queue',
  '(arguments)': '',
  '(body)': '',
};

/** "drawer.move: " as the desk prefixes a refusal of arguments: staff never need it. */
const OPERATION_PREFIX = /^[a-z][a-zA-Z]*(?:\.[a-z][a-zA-Z]*)+: /;
/** "tenders.0.amount: …": a path the desk names the wrong value by. */
const PATH_PART = /^(\(arguments\)|\(body\)|[A-Za-z_$][\w$]*(?:\.[\w$]+)*): (.+)$/;
/** What the Stripe Terminal SDK says when its script cannot be fetched. */
const TERMINAL_SDK_MISSING = /StripeTerminal|Stripe Terminal could not be loaded/;

export function errorText(error: unknown): ErrorText {
  if (error instanceof DeskBridgeError) {
    const what =
      error.code === 'invalid' ? readableRefusal(error.message) : asSentence(error.message);
    return { what, nextStep: NEXT_STEP_BY_CODE[error.code] ?? '' };
  }
  // A screen's own sentence (a check it made before calling the desk) says it all.
  if (typeof error === 'string') return { what: asSentence(error), nextStep: '' };
  const message = error instanceof Error ? error.message : String(error);
  if (TERMINAL_SDK_MISSING.test(message)) {
    return {
      what: 'The card reader software could not be loaded.',
      nextStep: 'Check the internet connection: card readers need it to start.',
    };
  }
  return { what: asSentence(message), nextStep: UNEXPECTED_NEXT_STEP };
}

/** The whole of {@link errorText} as one line, for places that show a single string. */
export function errorSentence(error: unknown): string {
  const text = errorText(error);
  return text.nextStep ? `${text.what} ${text.nextStep}` : text.what;
}

/**
 * A refusal of bad input as staff read it: "drawer.move: reason: write at least 3
 * characters" becomes "Reason: write at least 3 characters." The operation's name goes;
 * each argument path becomes its field's label. Text that is not in that form is only
 * made a sentence, so the desk's own wording is never lost.
 */
export function readableRefusal(message: string): string {
  const body = message.replace(OPERATION_PREFIX, '');
  return body
    .split('; ')
    .map((part) => {
      const found = PATH_PART.exec(part);
      if (!found) return asSentence(part);
      const [, path = '', raw = ''] = found;
      const words = issueWordsFromText(raw);
      const label = fieldLabel(path);
      return asSentence(label ? `${label}: ${words}` : words);
    })
    .join(' ');
}

/** "tenders.0.amount" → "Amount", "memberId" → "Member", "pinHash" → "PIN". */
export function fieldLabel(path: string): string {
  const known = FIELD_LABELS[path];
  if (known !== undefined) return known;
  const segment =
    path
      .split('.')
      .filter((s) => !/^\d+$/.test(s))
      .pop() ?? '';
  const named = FIELD_LABELS[segment];
  if (named !== undefined) return named;
  const words = segment
    .replace(/Id$/, '')
    .replace(/Cents$/, '')
    .replaceAll(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase()
    .trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : '';
}

/** Capital first letter and a full stop, so every message reads as a sentence. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?)]$/.test(capital) ? capital : `${capital}.`;
}
