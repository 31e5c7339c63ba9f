// The Workbox modules the service worker uses, bundled by scripts/vendor.mjs into
// static/vendor/workbox/workbox.min.js as one classic script (global `LKPWorkbox`) so that the
// service worker loads it with importScripts from our own server: Workbox's `workbox-sw`
// loader would fetch its modules from Google's CDN.
export { clientsClaim } from "workbox-core";
export { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from "workbox-precaching";
export { registerRoute, setCatchHandler } from "workbox-routing";
export { NetworkFirst, NetworkOnly } from "workbox-strategies";
