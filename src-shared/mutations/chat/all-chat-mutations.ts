import { markChatRead, postChatMessage } from './chat-message-mutations';
import { openChatRoom, setChatRoomStatus } from './chat-room-mutations';

/** The studio's messages (issue 20, PROTOCOL.md R22). */
export const chatMutations = [
  openChatRoom,
  setChatRoomStatus,
  postChatMessage,
  markChatRead,
] as const;
