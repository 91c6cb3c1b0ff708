import { z } from 'zod';
import { uuidV5 } from '../../ids/uuid-v5';

/** The most a message holds, in characters after trimming (R22.2). */
export const MAX_MESSAGE_CHARS = 2000;

export const messageBody = z
  .string()
  .trim()
  .min(1, 'a message cannot be empty')
  .max(MAX_MESSAGE_CHARS, `a message holds at most ${MAX_MESSAGE_CHARS} characters`);

export const roomName = z.string().trim().min(1, 'a room needs a name').max(80);

/** The studio's default staff room, for notes from one shift or desk to the next. */
export const HANDOVER_ROOM_NAME = 'Handover';

/**
 * The Handover room's id: one per studio, derived from the studio's id, so two desks that
 * open it offline make one room (R22.1).
 */
export function handoverRoomId(tenantId: string): string {
  return uuidV5(tenantId, 'chat/handover');
}

/** The conversation about a member: one per member, whichever desk opens it first (R22.1). */
export function memberRoomId(memberId: string): string {
  return uuidV5(memberId, 'chat/member');
}
