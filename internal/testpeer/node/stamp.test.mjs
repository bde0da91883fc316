// Run with: node --test stamp.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { checkWord, decodeStamp, delayMs, encodeStamp } from './stamp.mjs';

test('round trip', () => {
  for (const [w, h] of [[640, 360], [320, 180], [64, 8]]) {
    const y = new Uint8Array(w * h).fill(128);
    encodeStamp(y, w, h, 0xdeadbeef, 0x12345678);
    assert.deepEqual(decodeStamp(y, w, h), { ok: true, frame: 0xdeadbeef, captureMs: 0x12345678 });
  }
});

test('check word', () => {
  // f ^ c = 0x0000ffff -> fold = 0xffff
  assert.equal(checkWord(0xffff, 0), 0xa5c3ffff);
  assert.equal(checkWord(0x12340000, 0x12340000), 0xa5c30000);
});

test('blank frame is not stamped', () => {
  const y = new Uint8Array(640 * 360).fill(128);
  assert.equal(decodeStamp(y, 640, 360).ok, false);
  assert.equal(decodeStamp(new Uint8Array(16), 4, 4).ok, false);
});

test('delay across wrap', () => {
  assert.equal(delayMs(2 ** 32 + 5, 2 ** 32 - 5), 10);
  assert.equal(delayMs(1000, 990), 10);
});
