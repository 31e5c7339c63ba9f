#!/usr/bin/env node
// Copy the built files of the npm packages the pages use into static/vendor/ (committed).
//
// Why vendored and committed: `make run` and production must not need npm or a CDN, and the
// service worker caches these files under hashed names; `npm ci && node scripts/vendor.mjs`
// (or `make vendor`) refreshes them from package-lock.json. Source maps are copied beside the
// files that name them, so collectstatic's manifest can resolve every reference.
//
// Workbox ships ES modules (its classic `workbox-sw` loader fetches them from Google's CDN), so
// the modules the service worker uses are bundled here with esbuild (a devDependency, exact
// version) into one minified classic script, BUNDLES below; the bundle is committed like the rest.
import { buildSync } from "esbuild";
import { copyFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nm = join(root, "node_modules");
const out = join(root, "static", "vendor");

// package -> [files relative to the package, destination folder under static/vendor, or, when it
// starts with "/", under the project root (test tools stay out of the static files)]
export const FILES = {
  "axe-core": [
    ["axe.min.js", "/tests/browser/vendor"],
    ["LICENSE", "/tests/browser/vendor"],
  ],
  idb: [
    ["build/umd.js", "idb"],
    ["LICENSE", "idb"],
  ],
  "workbox-core": [["LICENSE", "workbox"]],
  bootstrap: [
    ["dist/css/bootstrap.min.css", "bootstrap"],
    ["dist/css/bootstrap.min.css.map", "bootstrap"],
    ["dist/js/bootstrap.bundle.min.js", "bootstrap"],
    ["dist/js/bootstrap.bundle.min.js.map", "bootstrap"],
    ["LICENSE", "bootstrap"],
  ],
};

let copied = 0;
for (const [pkg, files] of Object.entries(FILES)) {
  for (const [rel, dest] of files) {
    const src = join(nm, pkg, rel);
    if (!existsSync(src)) {
      console.error(`missing ${src}: run npm ci first`);
      process.exit(1);
    }
    const folder = dest.startsWith("/") ? join(root, dest.slice(1)) : join(out, dest);
    mkdirSync(folder, { recursive: true });
    copyFileSync(src, join(folder, basename(rel)));
    copied += 1;
  }
}
// entry module under scripts/ -> [bundle under static/vendor, global name]
export const BUNDLES = {
  "workbox-entry.mjs": ["workbox/workbox.min.js", "LKPWorkbox"],
};

for (const [entry, [dest, globalName]] of Object.entries(BUNDLES)) {
  buildSync({
    entryPoints: [join(root, "scripts", entry)],
    outfile: join(out, dest),
    bundle: true,
    format: "iife",
    globalName,
    minify: true,
    legalComments: "none",
    // Workbox's development logging and checks are dropped in its production build.
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
  copied += 1;
}
console.log(`vendored ${copied} files`);
