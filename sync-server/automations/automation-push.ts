import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { DeviceSubscription } from './push-subscriptions';

/**
 * The platform's VAPID keys (RFC 8292), `push.vapid`, checked where it is stored
 * (sync-server/admin/platform-config.ts): the push services know the server by them.
 */
export interface VapidSettings {
  readonly publicKey: string;
  readonly privateKey: string;
  /** Who runs the server, for the push service: `mailto:` or an `https:` URL. */
  readonly subject: string;
}

export interface PushMessage {
  readonly title: string;
  readonly body: string;
}

export type PushOutcome =
  { readonly status: 'sent' } | { readonly status: 'expired' | 'failed'; readonly error: string };

/** Delivers one message to one device's push service. */
export type PushSender = (device: DeviceSubscription, message: PushMessage) => Promise<PushOutcome>;

/** How long a push service keeps a message for a device that is off: a day. */
const TTL_SECONDS = 24 * 60 * 60;

/**
 * Web Push with `web-push`: the payload encrypted to the device's keys (RFC 8291), the
 * request signed with the platform's VAPID key. A 404 or 410 means the member turned
 * notifications off on that device (or it is gone): the subscription is expired.
 * `agent` is for tests, whose push service fake has its own certificate.
 */
export function webPushSender(vapid: VapidSettings, agent?: Agent): PushSender {
  return async (device, message) => {
    try {
      await webpush.sendNotification(
        { endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } },
        JSON.stringify(message),
        {
          vapidDetails: vapid,
          TTL: TTL_SECONDS,
          timeout: 10_000,
          ...(agent === undefined ? {} : { agent }),
        },
      );
      return { status: 'sent' };
    } catch (error) {
      const statusCode = error instanceof webpush.WebPushError ? error.statusCode : undefined;
      const reason =
        statusCode === undefined ? errorText(error) : `push service answered ${statusCode}`;
      return statusCode === 404 || statusCode === 410
        ? { status: 'expired', error: reason }
        : { status: 'failed', error: reason };
    }
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}
