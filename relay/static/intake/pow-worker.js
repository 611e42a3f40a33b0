// The deposit's proof of work, off the page's thread (docs/relay.md "Intake"): the first 8-byte
// big-endian counter whose SHA-256(challenge || counter) starts with `difficulty` zero bits.
// SHA-256 is the vendored @noble/hashes'; this file only counts bits.
"use strict";

importScripts("/depot/static/vendor.js");

function leadingZeroBits(digest) {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

self.onmessage = (event) => {
  const { challenge, difficulty } = event.data;
  const V = self.scelleVendor;
  const prefix = V.hex.decode(challenge);
  const input = new Uint8Array(prefix.length + 8);
  input.set(prefix);
  const counter = new DataView(input.buffer, prefix.length, 8);
  for (let n = 0; n < Number.MAX_SAFE_INTEGER; n++) {
    counter.setUint32(0, Math.floor(n / 0x100000000));
    counter.setUint32(4, n >>> 0);
    if (leadingZeroBits(V.sha256(input)) >= difficulty) {
      self.postMessage({ nonce: V.hex.encode(input.subarray(prefix.length)) });
      return;
    }
  }
};
