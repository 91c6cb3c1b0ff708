// Writes build/icon.png, the placeholder app icon electron-builder turns into the
// platform formats (it wants at least 512×512). Run: `npx tsx scripts/make-placeholder-icon.ts`.
// A designed icon replaces this file's output; the script exists so the placeholder is
// reproducible rather than an unexplained binary.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 512;
const CORNER_RADIUS = 96;
const TEAL = [15, 118, 110] as const;
const WHITE = [255, 255, 255] as const;

/** RGBA of one pixel: a teal rounded square holding a white ring. */
function pixel(x: number, y: number): readonly [number, number, number, number] {
  const cx = x + 0.5;
  const cy = y + 0.5;
  const nearestX = Math.min(Math.max(cx, CORNER_RADIUS), SIZE - CORNER_RADIUS);
  const nearestY = Math.min(Math.max(cy, CORNER_RADIUS), SIZE - CORNER_RADIUS);
  if (Math.hypot(cx - nearestX, cy - nearestY) > CORNER_RADIUS) return [0, 0, 0, 0];
  const fromCentre = Math.hypot(cx - SIZE / 2, cy - SIZE / 2);
  const [r, g, b] = fromCentre > 120 && fromCentre < 168 ? WHITE : TEAL;
  return [r, g, b, 255];
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.writeUInt8(8, 8); // bit depth
header.writeUInt8(6, 9); // colour type: RGBA
// bytes 10–12: compression, filter and interlace methods, all 0

// Each scanline starts with filter type 0 (none).
const rows = Buffer.alloc(SIZE * (1 + SIZE * 4));
for (let y = 0; y < SIZE; y++) {
  const rowStart = y * (1 + SIZE * 4);
  for (let x = 0; x < SIZE; x++) {
    Buffer.from(pixel(x, y)).copy(rows, rowStart + 1 + x * 4);
  }
}

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(rows, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const target = path.join(import.meta.dirname, '../build/icon.png');
writeFileSync(target, png);
console.log(`wrote ${target} (${png.length} bytes)`);
