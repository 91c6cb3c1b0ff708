import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../../../src-shared/automations/automation-template';
import { MAX_MESSAGE_CHARS } from '../../../src-shared/mutations/chat/chat-fields';
import type { ChatMessageView } from '../../../src-shared/queries/chat/chat-queries';
import type { MemberConversation } from '../../automations/member-messages';
import { memberPage } from './member-page';

/** What the page was asked to show besides the conversation: a refusal and the text kept. */
export interface MessagesPageNote {
  readonly error?: string;
  readonly draft?: string;
}

/** "2026-12-04 21:53 UTC": the server does not know the member's time zone. */
function timeText(at: string): string {
  return `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
}

/**
 * One message, its line breaks kept as <br> (the page's CSP allows no inline style). The
 * member's own say "You"; the studio's replies carry the studio's name rather than the
 * staff member's, who wrote it being the studio's business.
 */
function messageItem(message: ChatMessageView, studio: string): string {
  const who = message.fromMember ? 'You' : studio;
  return (
    `<li><p>${escapeHtml(message.body).replace(/\n/g, '<br>')}</p>` +
    `<small>${escapeHtml(who)}, <time datetime="${escapeHtml(message.createdAt)}">${escapeHtml(timeText(message.createdAt))}</time></small></li>`
  );
}

/**
 * The member's messages page (R22.5): the conversation oldest first and a form posting to
 * the same address. Everything from the database or the request is escaped.
 */
export function memberMessagesPage(
  reply: FastifyReply,
  status: number,
  token: string,
  conversation: MemberConversation,
  note: MessagesPageNote = {},
): FastifyReply {
  const { studio, messages, hasMore } = conversation;
  const older = hasMore ? '<p>Showing the latest messages.</p>' : '';
  const list =
    messages.length === 0
      ? '<p>No messages yet. Write to the studio below.</p>'
      : `<ol aria-label="Messages">${messages.map((m) => messageItem(m, studio)).join('')}</ol>`;
  const error =
    note.error === undefined
      ? ''
      : `<p role="alert" id="message-error">Not sent: ${escapeHtml(note.error)}.</p>`;
  const described = note.error === undefined ? '' : ' aria-describedby="message-error"';
  const form =
    `<form method="post" action="${escapeHtml(token)}" aria-label="Write to the studio">` +
    `<label for="body">Your message</label><br>` +
    `<textarea id="body" name="body" rows="4" cols="40" maxlength="${String(MAX_MESSAGE_CHARS)}"${described}>${escapeHtml(note.draft ?? '')}</textarea><br>` +
    `<button type="submit">Send</button></form>`;
  return memberPage(reply, status, `Messages with ${studio}`, `${older}${list}${error}${form}`);
}
