import { useEffect, useRef } from 'react';

/** Calls `onIdle` once nobody has touched the keyboard, mouse or screen for `minutes`. */
export function useIdleLock(minutes: number, onIdle: () => void): void {
  const handler = useRef(onIdle);
  handler.current = onIdle;
  useEffect(() => {
    if (minutes <= 0) return;
    let timer = window.setTimeout(() => {
      handler.current();
    }, minutes * 60_000);
    const activity = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        handler.current();
      }, minutes * 60_000);
    };
    const events = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
    for (const name of events) window.addEventListener(name, activity, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const name of events) window.removeEventListener(name, activity);
    };
  }, [minutes]);
}

const IDLE_KEY = 'studio-desk.idle-lock-minutes';
export const DEFAULT_IDLE_MINUTES = 5;

/** The desk's idle-lock setting, kept in this browser profile (it is a per-desk choice). */
export function readIdleMinutes(): number {
  const stored = Number(localStorage.getItem(IDLE_KEY));
  return Number.isInteger(stored) && stored > 0 && stored <= 240 ? stored : DEFAULT_IDLE_MINUTES;
}

export function saveIdleMinutes(minutes: number): void {
  localStorage.setItem(IDLE_KEY, String(minutes));
}
