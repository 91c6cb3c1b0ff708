/**
 * The demo studio's leg of the desk process ↔ main link. A utility process cannot fork
 * another, so the desk process asks main to start the demo server (a utility process of
 * its own) and main relays its answers. Every message is checked on arrival, on both
 * sides; one that does not fit is dropped and logged.
 */
import { z } from 'zod';
import {
  demoServerProgressShape,
  demoServerReadyShape,
  doneWithinTotal,
} from '../../src-shared/protocol/demo-server-wire';

const requestId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** Which start of the demo server a handle belongs to: a restarted one gets a new id. */
const serverId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Desk process → main. */
export const demoRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('demo.launch'),
    id: requestId,
    dataDir: z.string().min(1).max(4_096),
    port: z.number().int().min(0).max(65_535),
  }),
  z.strictObject({ type: z.literal('demo.createEnrollmentCode'), id: requestId, serverId }),
  z.strictObject({ type: z.literal('demo.close'), id: requestId, serverId }),
]);
export type DemoRequest = z.infer<typeof demoRequestSchema>;

/** Main → desk process: exactly one answer per request, carrying the request's id. */
export const demoAnswerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('demo.ready'),
    id: requestId,
    serverId,
    ...demoServerReadyShape,
  }),
  z.strictObject({ type: z.literal('demo.code'), id: requestId, code: z.string().min(1).max(200) }),
  z.strictObject({ type: z.literal('demo.closed'), id: requestId }),
  z.strictObject({ type: z.literal('demo.failed'), id: requestId, message: z.string().max(2_000) }),
]);
export type DemoAnswer = z.infer<typeof demoAnswerSchema>;

/**
 * Main → desk process, not an answer: any number may come before a launch's answer, each
 * saying how far the server has come in creating the demo studio (the launch's id).
 */
export const demoProgressSchema = z
  .strictObject({ type: z.literal('demo.progress'), id: requestId, ...demoServerProgressShape })
  .refine(doneWithinTotal, 'done must not exceed total');
export type DemoProgress = z.infer<typeof demoProgressSchema>;

/** Everything main tells the desk process about the demo server. */
export type DemoFromMain = DemoAnswer | DemoProgress;
