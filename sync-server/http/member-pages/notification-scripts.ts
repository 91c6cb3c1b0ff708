/**
 * The two scripts of the member's notifications page, served as they are (plain browser
 * JavaScript, no build): kept here as text so the server reads no files at run time.
 */

/** Registers the service worker, subscribes with the server's VAPID key, sends the subscription. */
export const NOTIFICATIONS_PAGE_SCRIPT = String.raw`// The member's "turn on notifications" page: registers the service worker, asks the
// browser for a push subscription with the server's VAPID key, and sends it to the server.
const root = document.getElementById('notifications');
const status = document.getElementById('status');
const key = root.dataset.vapidKey;

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

document.getElementById('turn-on').addEventListener('click', async () => {
  try {
    const registration = await navigator.serviceWorker.register('sw.js');
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: fromBase64Url(key),
    });
    const answer = await fetch(root.dataset.token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(subscription.toJSON()),
    });
    status.textContent = answer.ok
      ? 'Notifications are on for this device.'
      : 'The studio could not turn notifications on. Try again later.';
  } catch (error) {
    status.textContent = 'This browser did not allow notifications: ' + error.message;
  }
});
`;

/** The service worker: shows the studio's message when the push service delivers it. */
export const NOTIFICATIONS_SERVICE_WORKER = String.raw`// Shows the studio's message when the push service delivers it.
self.addEventListener('push', (event) => {
  const message = event.data ? event.data.json() : { title: 'Studio', body: '' };
  event.waitUntil(self.registration.showNotification(message.title, { body: message.body }));
});
`;
