// What both intake pages share: the relay's API, sizes as people read them, the display rule for
// texts (docs/format.md §3.3) and the reply code (§12.3). Hashing, HKDF, Ed25519 and age are
// the vendored libraries' (vendor.js); this file only encodes and calls them.
"use strict";

(function () {
  const V = globalThis.scelleVendor;
  const { t } = globalThis.scelleI18n;
  const encoder = new TextEncoder();

  // A failure shown to the requester: an i18n key and its parameters, never a stack trace.
  class PageError extends Error {
    constructor(key, params) {
      super(key);
      this.key = key;
      this.params = params || {};
    }
  }

  // The intake point's name from the address: /depot/<name> or /depot/<name>/reponse.
  function intakeName() {
    const parts = location.pathname.split("/");
    const name = decodeURIComponent(parts[2] || "");
    if (!/^[a-z0-9](?:[a-z0-9-]{1,62})[a-z0-9]$/.test(name)) throw new PageError("err.not_found");
    return name;
  }

  const ERROR_KEYS = {
    not_found: "err.not_found",
    intake_outdated: "err.outdated",
    rate_limited: "err.rate_limited",
    body_too_large: "err.too_large",
    challenge_invalid: "err.challenge",
    challenge_used: "err.challenge",
    pow_insufficient: "err.challenge",
  };

  // fetch() with no credentials, no cache and no referrer; a relay error becomes a PageError.
  async function api(path, options) {
    let response;
    try {
      response = await fetch(path, {
        credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer", ...options,
      });
    } catch (_) {
      throw new PageError("err.network");
    }
    if (response.ok) return response;
    let code = `HTTP ${response.status}`;
    try {
      const body = await response.json();
      if (body && body.error && typeof body.error.code === "string") code = body.error.code;
    } catch (_) { /* not JSON: the status names it */ }
    throw new PageError(ERROR_KEYS[code] || "err.server", { code });
  }

  // Decimal units like the desktop's formatter (ui/common/formatting.py): 1 Mo = 1 000 000 octets.
  function formatSize(size) {
    const lang = globalThis.scelleI18n.language();
    const locale = lang === "fr" ? "fr-FR" : "en-GB";
    if (size < 1000) {
      return size === 1 ? t("size.byte") : t("size.bytes", { n: size.toLocaleString(locale) });
    }
    const units = t("size.units");
    let value = size;
    for (let i = 0; i < units.length; i++) {
      value /= 1000;
      const digits = value >= 100 ? 0 : 1;
      const rounded = Number(value.toFixed(digits));
      if (rounded < 1000 || i === units.length - 1) {
        const number = value.toLocaleString(locale, {
          minimumFractionDigits: digits, maximumFractionDigits: digits,
        });
        return `${number}\u00a0${units[i]}`;
      }
    }
    return String(size);
  }

  // §3.3: one-line texts hold no Cc, Cf, Zl, Zp or lone surrogate; multi-line ones may also hold
  // LF, TAB and CR as part of CRLF. Lengths count code points, as the readers do.
  const ONE_LINE_BAD = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
  const MULTI_LINE_BAD = /\r(?!\n)|(?![\n\t\r])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

  function codePoints(text) {
    return [...text].length;
  }

  function checkText(field, text, max, { multiline = false, required = false } = {}) {
    if (required && text.length === 0) throw new PageError("err.subject_empty");
    const length = codePoints(text);
    const name = globalThis.scelleI18n.field(field);
    if (length > max) throw new PageError("err.too_long", { field: name, length, max });
    if ((multiline ? MULTI_LINE_BAD : ONE_LINE_BAD).test(text)) {
      throw new PageError("err.bad_chars", { field: name });
    }
    return text;
  }

  function isCleanLine(text, max) {
    return codePoints(text) <= max && !ONE_LINE_BAD.test(text);
  }

  // The reply code (§12.3): 20 random bytes K as 32 base32 characters in 8 groups of 4.
  function newReplyKey() {
    return crypto.getRandomValues(new Uint8Array(20));
  }

  function formatReplyCode(key) {
    return V.base32.encode(key).match(/.{4}/g).join("-");
  }

  function parseReplyCode(text) {
    const compact = text.replace(/[\s-]/g, "").toUpperCase();
    if (!/^[A-Z2-7]{32}$/.test(compact)) throw new PageError("err.code_format");
    return V.base32.decode(compact);
  }

  function derive(key, info, length) {
    return V.hkdf(V.sha256, key, new Uint8Array(0), encoder.encode(info), length);
  }

  // The reply identity: the HKDF seed as an age hybrid identity, AGE-SECRET-KEY-PQ-1….
  function replyIdentity(key) {
    const seed = derive(key, "scelle/v1 intake reply identity", 32);
    return V.bech32.encode("AGE-SECRET-KEY-PQ-", V.bech32.toWords(seed), false).toUpperCase();
  }

  function replyLocator(key) {
    return V.hex.encode(derive(key, "scelle/v1 intake reply locator", 16));
  }

  function replyLookup(locatorHex) {
    return V.hex.encode(V.sha256(V.hex.decode(locatorHex)));
  }

  // The organisation key as `scelle org key show` prints it: 16 groups of 4 hex digits.
  function fingerprint(keyBytes) {
    return V.hex.encode(keyBytes).match(/.{4}/g).join(" ");
  }

  // Shows a PageError (or any failure, in general words) in the page's alert area.
  function showError(error) {
    const box = document.getElementById("error");
    const known = error instanceof PageError;
    box.dataset.key = known ? error.key : "err.crypto";
    box._params = known ? error.params : {};
    box.textContent = t(box.dataset.key, box._params);
    box.hidden = false;
    box.focus();
    if (!known) console.warn("intake page:", error && error.name);
  }

  function clearError() {
    const box = document.getElementById("error");
    box.hidden = true;
    box.textContent = "";
    delete box.dataset.key;
  }

  // A status line whose words follow the language switch.
  function setStatus(id, key, params) {
    const el = document.getElementById(id);
    if (!key) {
      el.textContent = "";
      delete el.dataset.key;
      return;
    }
    el.dataset.key = key;
    el._params = params || {};
    el.textContent = t(key, el._params);
  }

  function retranslate() {
    for (const el of document.querySelectorAll("[data-key]")) {
      el.textContent = t(el.dataset.key, el._params || {});
    }
  }

  function downloadLink(anchor, bytes, name, type) {
    if (anchor.href && anchor.href.startsWith("blob:")) URL.revokeObjectURL(anchor.href);
    anchor.href = URL.createObjectURL(new Blob([bytes], { type }));
    anchor.download = name;
  }

  globalThis.scelleCommon = {
    PageError, intakeName, api, formatSize, checkText, isCleanLine, codePoints,
    newReplyKey, formatReplyCode, parseReplyCode, replyIdentity, replyLocator, replyLookup,
    fingerprint, showError, clearError, setStatus, retranslate, downloadLink, encoder,
  };
})();
