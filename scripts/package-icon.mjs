#!/usr/bin/env node
/**
 * Draws the extension icon (images/icon.png, 256×256 RGBA) with a tiny PNG encoder:
 * a navy rounded square, a container with ribs, and a bright "hard line" across it.
 * Deterministic: running it again produces the same bytes. Usage: node scripts/package-icon.mjs [out.png]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 256;
const SS = 4; // supersampling per axis

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes in a 0..1 coordinate space; later shapes paint over earlier ones.
const NAVY = [12, 35, 64, 255];
const TEAL = [38, 166, 154, 255];
const TEAL_DARK = [24, 120, 112, 255];
const LINE = [255, 196, 0, 255];
const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
function colourAt(x, y) {
  if (!inRoundRect(x, y, 0.02, 0.02, 0.98, 0.98, 0.18)) return [0, 0, 0, 0];
  // the hard line: a bold bar across the container
  if (y >= 0.47 && y <= 0.57 && x >= 0.12 && x <= 0.88) return LINE;
  // the container: body with vertical ribs
  if (inRoundRect(x, y, 0.2, 0.27, 0.8, 0.77, 0.03)) {
    const inside = x > 0.24 && x < 0.76 && y > 0.31 && y < 0.73;
    if (!inside) return TEAL;
    const rib = Math.floor((x - 0.24) / (0.52 / 7));
    return rib % 2 === 0 ? TEAL : TEAL_DARK;
  }
  return NAVY;
}

export function drawIcon(size = SIZE) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = colourAt((px + (sx + 0.5) / SS) / size, (py + (sy + 0.5) / SS) / size);
          // premultiplied accumulation, so transparent samples do not darken edges
          sum[0] += (c[0] * c[3]) / 255;
          sum[1] += (c[1] * c[3]) / 255;
          sum[2] += (c[2] * c[3]) / 255;
          sum[3] += c[3];
        }
      }
      const n = SS * SS;
      const a = sum[3] / n;
      const o = (py * size + px) * 4;
      rgba[o] = a ? Math.round(((sum[0] / n) * 255) / a) : 0;
      rgba[o + 1] = a ? Math.round(((sum[1] / n) * 255) / a) : 0;
      rgba[o + 2] = a ? Math.round(((sum[2] / n) * 255) / a) : 0;
      rgba[o + 3] = Math.round(a);
    }
  }
  return encodePng(size, size, rgba);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? resolve(dirname(fileURLToPath(import.meta.url)), '../images/icon.png'));
  mkdirSync(dirname(out), { recursive: true });
  const png = drawIcon();
  writeFileSync(out, png);
  console.log(`${out} (${png.length} bytes)`);
}
