// Builds relay/static/intake/vendor.js from entry.mjs with the esbuild pinned in package-lock.json,
// deterministically (no timestamps, no absolute paths, licences kept at the end), then writes the
// Subresource Integrity hash of every script and style sheet into the pages that load them.
// `make js` runs it after `npm ci`; tests/intake_page/test_vendor_build.py checks the result is
// byte-identical to what is committed.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pageDir = join(here, "..", "relay", "static", "intake");
const PAGES = ["index.html", "reponse.html", "introuvable.html"];

await build({
  absWorkingDir: here,
  entryPoints: ["entry.mjs"],
  outfile: join(pageDir, "vendor.js"),
  bundle: true,
  format: "iife",
  globalName: "scelleVendor",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "eof",
  charset: "utf8",
  sourcemap: false,
  logLevel: "warning",
});

// Every `src="/depot/static/F" integrity="…"` or `href=…` pair gets F's current sha384.
const REF = /((?:src|href)="\/depot\/static\/([A-Za-z0-9._-]+)"\s+integrity=")sha384-[A-Za-z0-9+/=]*(")/g;
for (const page of PAGES) {
  const path = join(pageDir, page);
  const html = readFileSync(path, "utf8");
  const updated = html.replace(REF, (_, before, file, after) => {
    const digest = createHash("sha384").update(readFileSync(join(pageDir, file))).digest("base64");
    return `${before}sha384-${digest}${after}`;
  });
  if (updated !== html) writeFileSync(path, updated);
}
