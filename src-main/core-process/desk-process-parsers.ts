import { demoAnswerSchema, demoProgressSchema, demoRequestSchema } from './demo-relay-protocol';
import {
  isDeskEvent,
  isDeskReply,
  isRecord,
  type FromDeskProcess,
  type ToDeskProcess,
} from './desk-process-protocol';

/** Main reads what the desk process sends with this; undefined means drop and log. */
export function parseFromDeskProcess(message: unknown): FromDeskProcess | undefined {
  if (!isRecord(message)) return undefined;
  const { type } = message;
  if (type === 'reply') {
    const { id, reply } = message;
    if (!isRequestId(id) || !isDeskReply(reply)) return undefined;
    return { type, id, reply };
  }
  if (type === 'event') {
    const { event } = message;
    return isDeskEvent(event) ? { type, event } : undefined;
  }
  const demo = demoRequestSchema.safeParse(message);
  return demo.success ? demo.data : undefined;
}

/** The desk process reads what main sends with this; undefined means drop and log. */
export function parseToDeskProcess(message: unknown): ToDeskProcess | undefined {
  if (!isRecord(message)) return undefined;
  const { type } = message;
  if (type === 'shutdown') return { type };
  if (type === 'invoke') {
    const { id, method, args } = message;
    if (!isRequestId(id) || typeof method !== 'string') return undefined;
    return { type, id, method, args };
  }
  const demo = demoAnswerSchema.safeParse(message);
  if (demo.success) return demo.data;
  const progress = demoProgressSchema.safeParse(message);
  return progress.success ? progress.data : undefined;
}

function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
