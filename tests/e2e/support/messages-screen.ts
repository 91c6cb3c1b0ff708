import type { Page } from 'playwright-core';

/** The top bar's Messages button; its accessible name carries the unread count. */
export function messagesButton(page: Page) {
  return page.getByRole('banner').getByRole('button', { name: /^Messages/ });
}

/** The Messages screen: the Conversations list and the open thread. */
export function messagesScreen(page: Page) {
  return page.getByRole('region', { name: 'Messages', exact: true });
}
