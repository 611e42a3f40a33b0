// The formats of docs/format.md §12 as the page needs them: the served intake document, checked
// before anything is shown or encrypted (§12.1); the request it encrypts (§12.2); the reply it
// decrypts (§12.3). Ed25519 and age are the vendored libraries'.
"use strict";

(function () {
  const V = globalThis.scelleVendor;
  const C = globalThis.scelleCommon;
  const { PageError } = C;
  const SIGNING_CONTEXT = C.encoder.encode("scelle/v1 intake\u0000");
  const REQUEST_MAGIC = C.encoder.encode("scelle intake request v1\n");
  const REPLY_MAGIC = C.encoder.encode("scelle intake reply v1\n");
  const MAX_HEADER_BYTES = 64 * 1024;
  const MAX_SIGNED_BYTES = 60 * 1024;

  function invalid(reason) {
    return new PageError("err.document", { reason });
  }

  function concat(parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  function decodeBase64(text, length, what) {
    let bytes;
    try {
      bytes = V.base64.decode(text);
    } catch (_) {
      throw invalid(what);
    }
    if (bytes.length !== length) throw invalid(what);
    return bytes;
  }

  function checkRecipients(list) {
    if (!Array.isArray(list) || list.length < 1 || list.length > 25) throw invalid("recipients");
    for (const entry of list) {
      if (!entry || typeof entry.age_pq_recipient !== "string" ||
          !entry.age_pq_recipient.startsWith("age1pq1") ||
          !/^[0-9a-f]{64}$/.test(entry.fingerprint || "")) {
        throw invalid("recipients");
      }
    }
  }

  // `served` is GET /v1/intake/{name}: the signature is checked over the exact bytes of `signed`
  // with the key they name, then the fields the page relies on; `expectedKey` is #cle= (or null).
  function verifyDocument(served, name, expectedKey) {
    if (!served || typeof served.signed !== "string" || typeof served.signature !== "string") {
      throw invalid("form");
    }
    const signedBytes = C.encoder.encode(served.signed);
    if (signedBytes.length > MAX_SIGNED_BYTES) throw invalid("size");
    let doc;
    try {
      doc = JSON.parse(served.signed);
    } catch (_) {
      throw invalid("JSON");
    }
    if (!doc || typeof doc.organisation_key !== "string") throw invalid("organisation_key");
    const key = decodeBase64(doc.organisation_key, 32, "organisation_key");
    const signature = decodeBase64(served.signature, 64, "signature");
    let valid = false;
    try {
      valid = V.ed25519.verify(signature, concat([SIGNING_CONTEXT, signedBytes]), key);
    } catch (_) {
      valid = false;
    }
    if (!valid) throw new PageError("err.signature");
    if (expectedKey !== null && V.hex.encode(key) !== expectedKey) {
      throw new PageError("err.key_mismatch");
    }
    checkDocument(doc, name);
    return { doc, key };
  }

  function checkDocument(doc, name) {
    if (doc.type !== "intake") throw invalid("type");
    if (doc.name !== name) throw invalid("name");
    if (!Number.isSafeInteger(doc.version) || doc.version < 1) throw invalid("version");
    if (typeof doc.title !== "string" || !C.isCleanLine(doc.title, 200)) throw invalid("title");
    if (typeof doc.organisation !== "string" || !C.isCleanLine(doc.organisation, 200)) {
      throw invalid("organisation");
    }
    if (!Number.isSafeInteger(doc.max_bytes) || doc.max_bytes < 1) throw invalid("max_bytes");
    if (!Number.isSafeInteger(doc.max_files) || doc.max_files < 0 || doc.max_files > 20) {
      throw invalid("max_files");
    }
    checkRecipients(doc.recipients);
  }

  // #cle=<64 hex> from the address's fragment (never sent to the server), or null.
  function fragmentKey() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    if (!params.has("cle")) return null;
    const value = params.get("cle").replace(/[\s-]/g, "").toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(value)) throw new PageError("err.key_fragment");
    return value;
  }

  function u32be(n) {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, n);
    return out;
  }

  function requestHeaderBytes(header) {
    const bytes = C.encoder.encode(JSON.stringify(header));
    if (bytes.length > MAX_HEADER_BYTES) throw new PageError("err.header_too_large");
    return bytes;
  }

  // The plaintext of §12.2 as a stream: magic, header, then each file's bytes, each checked to be
  // exactly the size the header states (a file changed on disk would break the container).
  function requestStream(headerBytes, files) {
    let index = -1;
    let reader = null;
    let seen = 0;
    return new ReadableStream({
      async pull(controller) {
        if (index === -1) {
          controller.enqueue(concat([REQUEST_MAGIC, u32be(headerBytes.length), headerBytes]));
          index = 0;
          return;
        }
        while (index < files.length) {
          const file = files[index];
          if (!reader) reader = file.stream().getReader();
          let chunk;
          try {
            chunk = await reader.read();
          } catch (_) {
            throw new PageError("err.file_unreadable");
          }
          if (!chunk.done) {
            seen += chunk.value.length;
            if (seen > file.size) throw new PageError("err.file_changed", { name: file.name });
            controller.enqueue(chunk.value);
            return;
          }
          if (seen !== file.size) throw new PageError("err.file_changed", { name: file.name });
          reader = null;
          seen = 0;
          index += 1;
        }
        controller.close();
      },
    });
  }

  // Encrypts the request to every recipient of the verified document and nothing else; the
  // result is a Blob (a browser keeps a large one on disk), sent with its Content-Length.
  async function encryptRequest(doc, headerBytes, files) {
    const encrypter = new V.Encrypter();
    for (const entry of doc.recipients) encrypter.addRecipient(entry.age_pq_recipient);
    const stream = await encrypter.encrypt(requestStream(headerBytes, files));
    return new Response(stream).blob();
  }

  function readReplyHeader(plain) {
    const magicOk = plain.length >= REPLY_MAGIC.length + 4 &&
      REPLY_MAGIC.every((b, i) => plain[i] === b);
    if (!magicOk) throw new PageError("reply.unreadable");
    const at = REPLY_MAGIC.length;
    const length = new DataView(plain.buffer, plain.byteOffset + at, 4).getUint32(0);
    if (length > MAX_HEADER_BYTES || at + 4 + length > plain.length) {
      throw new PageError("reply.unreadable");
    }
    let header;
    try {
      header = JSON.parse(new TextDecoder("utf-8", { fatal: true })
        .decode(plain.subarray(at + 4, at + 4 + length)));
    } catch (_) {
      throw new PageError("reply.unreadable");
    }
    return { header, body: plain.subarray(at + 4 + length) };
  }

  function checkReplyHeader(header, name) {
    const ok = header && header.type === "intake_reply" && header.intake === name &&
      typeof header.organisation === "string" && C.isCleanLine(header.organisation, 200) &&
      typeof header.subject === "string" && C.isCleanLine(header.subject, 200) &&
      typeof header.message === "string" && header.message.length > 0 &&
      C.codePoints(header.message) <= 20000 && typeof header.created === "string" &&
      Array.isArray(header.files) && header.files.length <= 20;
    if (!ok) throw new PageError("reply.unreadable");
    try {
      C.checkText("message", header.message, 20000, { multiline: true });
    } catch (_) {
      throw new PageError("reply.unreadable");
    }
  }

  // Decrypts a reply with the reply identity and splits it into its texts and files; anything
  // that is not exactly §12.3 for this intake point is refused whole.
  async function openReply(ciphertext, identity, name) {
    const decrypter = new V.Decrypter();
    decrypter.addIdentity(identity);
    let plain;
    try {
      plain = await decrypter.decrypt(ciphertext);
    } catch (_) {
      throw new PageError("reply.unreadable");
    }
    const { header, body } = readReplyHeader(plain);
    checkReplyHeader(header, name);
    const files = [];
    let at = 0;
    for (const entry of header.files) {
      if (!entry || typeof entry.name !== "string" || !Number.isSafeInteger(entry.size) ||
          entry.size < 0 || at + entry.size > body.length) {
        throw new PageError("reply.unreadable");
      }
      files.push({ name: entry.name, size: entry.size, bytes: body.slice(at, at + entry.size) });
      at += entry.size;
    }
    if (at !== body.length) throw new PageError("reply.unreadable");
    return { header, files };
  }

  globalThis.scelleContainer = {
    verifyDocument, fragmentKey, requestHeaderBytes, encryptRequest, openReply,
  };
})();
