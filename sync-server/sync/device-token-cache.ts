import type { AuthenticatedDevice } from './device-auth';

/** How long a checked token is trusted without asking the database again. */
const TRUST_MS = 30_000;
/** Desks a process remembers at most; past it the oldest entries make room. */
const MAX_TOKENS = 20_000;

interface Entry {
  readonly device: AuthenticatedDevice;
  readonly until: number;
}

/**
 * Device tokens this process checked recently (issue 21: the lookup was one round trip on
 * every request). Only active devices are kept, for at most TRUST_MS; a revocation or a
 * token change anywhere is announced by the database (migration
 * 20261207120100_device_change_notify) and `forgetDevice` drops the device at once. A push
 * checks the device row again under its lock (R3), so a revoked desk never applies one.
 */
export class DeviceTokenCache {
  private readonly entries = new Map<string, Entry>();
  /** The one token kept for each device. */
  private readonly tokenOf = new Map<string, string>();

  constructor(private readonly now: () => number) {}

  get(tokenHash: string): AuthenticatedDevice | undefined {
    const entry = this.entries.get(tokenHash);
    if (entry === undefined) return undefined;
    if (entry.until > this.now()) return entry.device;
    this.forgetDevice(entry.device.deviceId);
    return undefined;
  }

  /** Keeps an active device's token; its other tokens (one rotated away) are dropped. */
  remember(tokenHash: string, device: AuthenticatedDevice): void {
    this.forgetDevice(device.deviceId);
    if (this.entries.size >= MAX_TOKENS) {
      const oldest = this.entries.values().next();
      if (!oldest.done) this.forgetDevice(oldest.value.device.deviceId);
    }
    this.entries.set(tokenHash, { device, until: this.now() + TRUST_MS });
    this.tokenOf.set(device.deviceId, tokenHash);
  }

  /** After announcements may have been missed (a lost listening connection). */
  clear(): void {
    this.entries.clear();
    this.tokenOf.clear();
  }

  forgetDevice(deviceId: string): void {
    const tokenHash = this.tokenOf.get(deviceId);
    if (tokenHash === undefined) return;
    this.tokenOf.delete(deviceId);
    this.entries.delete(tokenHash);
  }
}
