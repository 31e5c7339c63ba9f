/* The service worker's code (its settings come first from /sw.js, pwa/views.py).

   Workbox (vendored, static/vendor/workbox) does the caching:
   - the app shell (styles, scripts, icons, the offline page) is precached at install;
   - her pages ("/" and "/meetings/...") are network first: fresh when there is signal, the kept
     copy when there is none or it takes too long. A page is kept only when the server marked it
     with its user (X-LKP-User), shown only to that user, and every kept page goes when another
     user's page arrives or she logs out: another user on this phone never sees her pages;
   - any other page without signal gets the offline page.
   It also sends the outbox (static/js/store.js) when it starts, on Background Sync and when a page
   asks: the sheet she sent with "Kirim" without signal goes when the signal returns.
*/
(function () {
  "use strict";
  var cfg = self.LKP_SW;
  var wb = self.LKPWorkbox;
  var store = self.LKPStore;
  store.config.whoami = cfg.whoamiUrl;
  // The user whose pages are kept is remembered in IndexedDB (store.claimPages), not in this
  // worker's memory: the browser stops and restarts the worker, and pages keep pages too.

  self.addEventListener("install", function () { self.skipWaiting(); });
  wb.clientsClaim();
  wb.cleanupOutdatedCaches();
  wb.precacheAndRoute(cfg.precache);

  var ownPages = {
    // A page of hers from the network: note whose it is (another user's: forget the kept pages).
    fetchDidSucceed: function (param) {
      var owner = param.response.headers.get(cfg.userHeader);
      if (!owner) { return Promise.resolve(param.response); }
      return store.claimPages(owner).then(function () { return param.response; });
    },
    // Keep only complete pages marked with the current user.
    cacheWillUpdate: function (param) {
      var r = param.response;
      if (!r || r.status !== 200 || !r.headers.get(cfg.userHeader)) { return Promise.resolve(null); }
      return store.currentUser().then(function (user) { return r.headers.get(cfg.userHeader) === user ? r : null; });
    },
    // She logged out while the page was being put (the logout dropped the cache first): take it out.
    cacheDidUpdate: function (param) {
      var owner = param.newResponse.headers.get(cfg.userHeader);
      return store.currentUser().then(function (user) {
        if (owner === user) { return null; }
        return store.forgetPage(param.request.url);
      });
    },
    // Show a kept page only to the user it was made for.
    cachedResponseWillBeUsed: function (param) {
      var r = param.cachedResponse;
      if (!r) { return Promise.resolve(null); }
      return store.currentUser().then(function (user) {
        return user && r.headers.get(cfg.userHeader) === user ? r : null;
      });
    }
  };

  function isPage(request, url) {
    return request.mode === "navigate" && request.method === "GET" && url.origin === self.location.origin;
  }
  function isKept(url) {
    var kept = cfg.pages.some(function (p) { return p === "/" ? url.pathname === "/" : url.pathname.indexOf(p) === 0; });
    return kept && !cfg.neverKept.some(function (end) { return url.pathname.slice(-end.length) === end; });
  }

  wb.registerRoute(function (o) { return isPage(o.request, o.url) && isKept(o.url); }, new wb.NetworkFirst({
    cacheName: store.PAGES,
    // On EDGE a fresh page starts arriving within a few seconds; past that the kept one is better.
    networkTimeoutSeconds: 6,
    matchOptions: {ignoreVary: true},
    plugins: [ownPages]
  }));
  wb.registerRoute(function (o) { return isPage(o.request, o.url); }, new wb.NetworkOnly());
  wb.setCatchHandler(function (o) {
    if (o.request.mode === "navigate") {
      return wb.matchPrecache(cfg.offlineUrl).then(function (r) { return r || Response.error(); });
    }
    return Promise.resolve(Response.error());
  });

  function sendQueued() {
    return store.currentUser().then(function (u) { return u ? store.sendAll(u) : null; });
  }

  // Background Sync (Chromium): the browser wakes the worker when the signal is back; a rejection
  // (still no network) makes it try again later.
  self.addEventListener("sync", function (event) {
    if (event.tag === store.SYNC_TAG) { event.waitUntil(sendQueued()); }
  });
  self.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "logout") {
      event.waitUntil(store.claimPages(null));
    } else if (data.type === "send") {
      event.waitUntil(sendQueued().catch(function () { return null; }));
    }
  });
  self.addEventListener("activate", function (event) {
    event.waitUntil(sendQueued().catch(function () { return null; }));
  });
  // Each time the worker starts (the browser starts it for a page or an event): try the outbox.
  sendQueued().catch(function () { return null; });
}());
