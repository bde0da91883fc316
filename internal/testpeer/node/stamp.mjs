// The frame stamp lkbot burns into synthetic video, read and written on the
// luma (Y) plane of an I420 frame. The layout is shared with lkbot's Go code:
//
//   block size B = floor(width / 32); three rows of 32 square blocks at the
//   top; row r covers y in [r*B, (r+1)*B), block i covers x in [i*B, (i+1)*B).
//   A block is bit 1 when the mean luma of its middle half is above 128.
//   Bits are MSB first (block 0 = bit 31).
//   row 0: frame number, row 1: capture time (Unix ms mod 2^32),
//   row 2: 0xA5C3 << 16 | fold16(frame ^ capture).

const BITS = 32;
const ROWS = 3;
const MAGIC = 0xa5c3;

/** checkWord returns the row-2 word for frame f captured at c. */
export function checkWord(f, c) {
  const x = (f ^ c) >>> 0;
  return ((MAGIC << 16) | ((x ^ (x >>> 16)) & 0xffff)) >>> 0;
}

/** blockSize returns B, or 0 when the frame is too small to carry a stamp. */
export function blockSize(width, height) {
  const b = Math.floor(width / BITS);
  return b >= 2 && ROWS * b <= height ? b : 0;
}

/**
 * decodeStamp reads the stamp from the luma plane y (row stride = width).
 * It returns {ok, frame, captureMs}; ok is false when the check word does
 * not match.
 */
export function decodeStamp(y, width, height) {
  const b = blockSize(width, height);
  if (b === 0) return { ok: false, frame: 0, captureMs: 0 };
  const lo = Math.floor(b / 4);
  const hi = Math.max(lo + 1, Math.floor((3 * b) / 4));
  const words = [];
  for (let r = 0; r < ROWS; r++) {
    let word = 0;
    for (let i = 0; i < BITS; i++) {
      let sum = 0;
      let n = 0;
      for (let yy = r * b + lo; yy < r * b + hi; yy++) {
        const row = yy * width + i * b;
        for (let xx = lo; xx < hi; xx++) {
          sum += y[row + xx];
          n++;
        }
      }
      word = ((word << 1) | (sum / n > 128 ? 1 : 0)) >>> 0;
    }
    words.push(word);
  }
  const [frame, captureMs, check] = words;
  return { ok: check === checkWord(frame, captureMs), frame, captureMs };
}

/** encodeStamp writes frame f captured at c into the luma plane y. */
export function encodeStamp(y, width, height, f, c) {
  const b = blockSize(width, height);
  if (b === 0) return;
  const words = [f >>> 0, c >>> 0, checkWord(f, c)];
  for (let r = 0; r < ROWS; r++) {
    for (let i = 0; i < BITS; i++) {
      const v = (words[r] >>> (BITS - 1 - i)) & 1 ? 235 : 16;
      for (let yy = r * b; yy < (r + 1) * b; yy++) {
        y.fill(v, yy * width + i * b, yy * width + (i + 1) * b);
      }
    }
  }
}

/** delayMs is now - captureMs, both Unix ms mod 2^32, allowing for wrap. */
export function delayMs(nowMs, captureMs) {
  return ((nowMs % 2 ** 32) - captureMs + 2 ** 32) % 2 ** 32 | 0;
}
