// The deposit page (/depot/<name>): loads and verifies the intake document, shows who the
// requester writes to, checks the form, encrypts the request in the browser, solves the proof
// of work and deposits it; then shows the deposit code, the reply code and the receipt.
"use strict";

(function () {
  const I = globalThis.scelleI18n;
  const C = globalThis.scelleCommon;
  const K = globalThis.scelleContainer;
  const { PageError } = C;
  const $ = (id) => document.getElementById(id);
  const state = { name: null, doc: null, limits: null, pow: 0, busy: false };

  async function load() {
    C.setStatus("status", "page.loading");
    state.name = C.intakeName();
    const expectedKey = K.fragmentKey();
    const response = await C.api(`/v1/intake/${encodeURIComponent(state.name)}`);
    let served;
    try {
      served = await response.json();
    } catch (_) {
      throw new PageError("err.document", { reason: "JSON" });
    }
    const { doc, key } = K.verifyDocument(served, state.name, expectedKey);
    const limits = served.limits || {};
    if (!Number.isSafeInteger(limits.max_request_bytes)) {
      throw new PageError("err.document", { reason: "limits" });
    }
    state.doc = doc;
    state.limits = limits;
    state.pow = served.pow && Number.isSafeInteger(served.pow.difficulty) ? served.pow.difficulty : 0;
    showIdentity(doc, key, expectedKey !== null);
  }

  function showIdentity(doc, key, matched) {
    $("title").textContent = doc.title;
    $("org-name").textContent = doc.organisation;
    $("fingerprint").textContent = C.fingerprint(key);
    $("key-matched").hidden = !matched;
    C.setStatus("intro", "page.intro", { organisation: doc.organisation });
    C.setStatus("status", null);
    if (doc.max_files > 0) {
      C.setStatus("limits", "form.limits", {
        files: doc.max_files, size: () => C.formatSize(doc.max_bytes),
      });
    } else {
      C.setStatus("limits", "form.nofiles");
      $("files-field").hidden = true;
    }
    $("identity").hidden = false;
    $("form").hidden = false;
  }

  function selectedFiles() {
    return Array.from($("files").files || []);
  }

  function checkFiles(files) {
    const doc = state.doc;
    if (files.length > doc.max_files) {
      throw new PageError("err.too_many_files", { count: files.length, max: doc.max_files });
    }
    const total = files.reduce((n, f) => n + f.size, 0);
    if (total > doc.max_bytes) {
      throw new PageError("err.files_too_large", {
        size: () => C.formatSize(total), max: () => C.formatSize(doc.max_bytes),
      });
    }
  }

  function showSelection() {
    C.clearError();
    const files = selectedFiles();
    const total = files.reduce((n, f) => n + f.size, 0);
    C.setStatus("selection", files.length ? "form.selected" : null,
      { count: files.length, size: () => C.formatSize(total) });
    try {
      checkFiles(files);
    } catch (error) {
      C.showError(error);
    }
  }

  function optionalLine(id, field) {
    const value = $(id).value.trim();
    return value === "" ? null : C.checkText(field, value, 200);
  }

  // A media type is informative only (§12.2): one the rule refuses is sent as "".
  function mediaType(file) {
    return C.isCleanLine(file.type || "", 100) ? file.type || "" : "";
  }

  function fileName(file) {
    return typeof file.name.toWellFormed === "function" ? file.name.toWellFormed() : file.name;
  }

  function buildHeader(files, replyRecipient) {
    return {
      type: "intake_request",
      intake: state.name,
      intake_version: state.doc.version,
      created: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      language: I.language(),
      requester: { name: optionalLine("name", "name"), contact: optionalLine("contact", "contact") },
      subject: C.checkText("subject", $("subject").value.trim(), 200, { required: true }),
      message: C.checkText("message", $("message").value, 20000, { multiline: true }),
      reply_recipient: replyRecipient,
      files: files.map((f) => ({ name: fileName(f), size: f.size, type: mediaType(f) })),
    };
  }

  function solve(challenge, difficulty) {
    return new Promise((resolve, reject) => {
      const worker = new Worker("/depot/static/pow-worker.js");
      worker.onmessage = (event) => {
        worker.terminate();
        resolve(event.data.nonce);
      };
      worker.onerror = () => {
        worker.terminate();
        reject(new PageError("err.challenge"));
      };
      worker.postMessage({ challenge, difficulty });
    });
  }

  async function proofOfWork() {
    const response = await C.api(`/v1/intake/${encodeURIComponent(state.name)}/challenge`);
    const found = await response.json();
    if (typeof found.challenge !== "string" || !/^[0-9a-f]+$/.test(found.challenge)) {
      throw new PageError("err.challenge");
    }
    C.setStatus("progress", "progress.pow");
    const nonce = await solve(found.challenge, found.difficulty | 0);
    return { challenge: found.challenge, nonce };
  }

  async function deposit(body, replyLookup) {
    const { challenge, nonce } = await proofOfWork();
    const query = new URLSearchParams({ version: String(state.doc.version), challenge, nonce });
    if (replyLookup) query.set("reply_lookup", replyLookup);
    C.setStatus("progress", "progress.sending", { size: () => C.formatSize(body.size) });
    const path = `/v1/intake/${encodeURIComponent(state.name)}/deposits?${query}`;
    const response = await C.api(path, {
      method: "POST", body, headers: { "Content-Type": "application/octet-stream" },
    });
    return response.json();
  }

  // Everything is checked before the first byte is encrypted, and nothing is sent before the
  // whole request is encrypted.
  async function submit() {
    const files = selectedFiles();
    checkFiles(files);
    const replyKey = $("want-reply").checked ? C.newReplyKey() : null;
    let replyRecipient = null;
    let replyLookup = null;
    if (replyKey) {
      replyRecipient = await globalThis.scelleVendor.identityToRecipient(C.replyIdentity(replyKey));
      replyLookup = C.replyLookup(C.replyLocator(replyKey));
    }
    const headerBytes = K.requestHeaderBytes(buildHeader(files, replyRecipient));
    C.setStatus("progress", "progress.encrypting");
    const body = await K.encryptRequest(state.doc, headerBytes, files);
    if (body.size > state.limits.max_request_bytes) throw new PageError("err.too_large");
    const answer = await deposit(body, replyLookup);
    showDone(answer, replyKey);
  }

  function showDone(answer, replyKey) {
    $("form").hidden = true;
    C.setStatus("progress", null);
    $("receipt-code").textContent = answer.receipt_code;
    $("reply-box").hidden = !replyKey;
    $("no-reply").hidden = Boolean(replyKey);
    if (replyKey) $("reply-code").textContent = C.formatReplyCode(replyKey);
    $("reply-link").href = `/depot/${encodeURIComponent(state.name)}/reponse`;
    $("reply-link").textContent = `${location.origin}/depot/${state.name}/reponse`;
    const receipt = {
      intake: state.name, receipt_code: answer.receipt_code, envelope_id: answer.envelope_id,
      available_until: answer.available_until, proof: answer.proof,
    };
    const safeCode = String(answer.receipt_code).replace(/[^A-Za-z0-9-]/g, "");
    C.downloadLink($("receipt-download"), JSON.stringify(receipt, null, 2),
      `recu-depot-${safeCode}.json`, "application/json");
    $("done").hidden = false;
    $("done").focus();
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (state.busy) return;
    state.busy = true;
    $("submit").disabled = true;
    C.clearError();
    try {
      await submit();
    } catch (error) {
      C.setStatus("progress", null);
      C.showError(error);
    } finally {
      state.busy = false;
      $("submit").disabled = false;
    }
  }

  async function start() {
    I.init();
    I.onChange(() => {
      C.retranslate();
      if (state.doc) $("title").textContent = state.doc.title;
    });
    $("form").addEventListener("submit", onSubmit);
    $("files").addEventListener("change", showSelection);
    try {
      await load();
    } catch (error) {
      C.setStatus("status", null);
      C.showError(error);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
