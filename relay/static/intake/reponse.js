// The reply page (/depot/<name>/reponse): the requester types the reply code; the page derives
// the locator and the reply identity from it (docs/format.md §12.3), lists the replies with the
// locator in a header (never in the address), decrypts each one in the browser and offers its
// files as downloads. The code itself never leaves the page.
"use strict";

(function () {
  const I = globalThis.scelleI18n;
  const C = globalThis.scelleCommon;
  const K = globalThis.scelleContainer;
  const { PageError } = C;
  const $ = (id) => document.getElementById(id);
  const state = { name: null, busy: false, urls: [], replies: [] };

  function el(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A name to save a file under: the sender's when it is a plain name, else piece-<n> (§3.5's
  // spirit: no folder, no hidden file, no control or invisible character).
  function saveName(name, index) {
    const plain = C.isCleanLine(name, 255) && name.trim() === name && name !== "" &&
      !/[/\\:*?"<>|]/.test(name) && !name.startsWith(".");
    return plain ? name : `piece-${index + 1}`;
  }

  function formatDate(text) {
    const moment = new Date(text);
    if (Number.isNaN(moment.getTime())) return "";
    return moment.toLocaleString(I.language() === "fr" ? "fr-FR" : "en-GB",
      { dateStyle: "long", timeStyle: "short" });
  }

  function releaseUrls() {
    for (const url of state.urls) URL.revokeObjectURL(url);
    state.urls = [];
  }

  function fileList(files) {
    const list = el("ul", { class: "files" });
    files.forEach((file, index) => {
      const name = saveName(file.name, index);
      const link = el("a", { class: "button", download: name },
        I.t("reply.download", { name, size: C.formatSize(file.size) }));
      // application/octet-stream: a reply's file is saved, never opened by the page.
      link.href = URL.createObjectURL(new Blob([file.bytes], { type: "application/octet-stream" }));
      state.urls.push(link.href);
      const item = el("li");
      item.append(link);
      list.append(item);
    });
    return list;
  }

  function showReply(reply) {
    const { header, files } = reply;
    const article = el("article", { class: "panel reply" });
    article.append(el("h2", {}, header.subject || I.t("reply.nosubject")));
    article.append(el("p", { class: "hint" }, I.t("reply.from", {
      organisation: header.organisation, date: formatDate(header.created),
    })));
    article.append(el("div", { class: "message" }, header.message));
    if (files.length) {
      article.append(el("h3", {}, I.t("reply.files")));
      article.append(fileList(files));
    }
    $("replies").append(article);
  }

  // Drawn again when the language changes, so dates, sizes and labels follow it.
  function render() {
    releaseUrls();
    $("replies").replaceChildren();
    state.replies.forEach(showReply);
  }

  async function fetchReplies(locator) {
    const headers = { "Scelle-Reply-Locator": locator };
    const listed = await (await C.api("/v1/intake/replies", { headers })).json();
    const entries = Array.isArray(listed.replies) ? listed.replies : [];
    const found = [];
    for (const entry of entries) {
      if (typeof entry.id !== "string" || !/^[0-9a-f]+$/.test(entry.id)) continue;
      const response = await C.api(`/v1/intake/replies/${entry.id}`, { headers });
      found.push(new Uint8Array(await response.arrayBuffer()));
    }
    return found;
  }

  async function read() {
    const key = C.parseReplyCode($("code").value);
    C.setStatus("status", "reply.loading");
    const identity = C.replyIdentity(key);
    const ciphertexts = await fetchReplies(C.replyLocator(key));
    const replies = [];
    let unreadable = 0;
    for (const data of ciphertexts) {
      try {
        replies.push(await K.openReply(data, identity, state.name));
      } catch (_) {
        unreadable += 1;
      }
    }
    state.replies = replies;
    render();
    C.setStatus("status", replies.length ? "reply.count" : "reply.none",
      { count: replies.length });
    if (unreadable) C.showError(new PageError("reply.unreadable"));
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (state.busy) return;
    state.busy = true;
    $("read").disabled = true;
    C.clearError();
    try {
      await read();
    } catch (error) {
      C.setStatus("status", null);
      C.showError(error);
    } finally {
      state.busy = false;
      $("read").disabled = false;
    }
  }

  function start() {
    I.init();
    I.onChange(() => {
      C.retranslate();
      render();
    });
    $("code-form").addEventListener("submit", onSubmit);
    try {
      state.name = C.intakeName();
      $("back").href = `/depot/${encodeURIComponent(state.name)}`;
    } catch (error) {
      C.showError(error);
      $("read").disabled = true;
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
