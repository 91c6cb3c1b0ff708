/**
 * Longest signature a desk records (characters): a 600×160 PNG of pen strokes is 5–30 KB as
 * a data URL, and the signing screen halves its resolution when one comes out larger. The
 * `waiver.sign` schema keeps accepting up to 200,000 so signatures recorded before this cap
 * still sync; with either, one signature stays well inside a push batch (PROTOCOL.md R3.6).
 * Its own module so the renderer can read it without loading the mutations.
 */
export const MAX_SIGNATURE_CHARS = 100_000;
