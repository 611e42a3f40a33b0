// What the intake page takes from its vendored libraries, exposed as the global `scelleVendor`
// (relay/static/intake/vendor.js, built by build.mjs). The page writes no cryptography of its own:
// age encrypts and decrypts, @noble verifies Ed25519 and hashes, @scure encodes.
export { Decrypter, Encrypter, identityToRecipient } from "age-encryption";
export { hkdf } from "@noble/hashes/hkdf.js";
export { sha256, sha384 } from "@noble/hashes/sha2.js";
export { ed25519 } from "@noble/curves/ed25519.js";
export { base32, base64, bech32, hex } from "@scure/base";
