/* The phone's own store of the meeting sheets she types, and the queue that posts them exactly once.

   Loaded by the pages and by the service worker (importScripts), on top of idb (vendored from npm):
   no DOM and no words here; the pages say what happened in the user's language.

   - One IndexedDB database per user ("lkp-u<id>"), apart from every cache: another user on this
     phone opens her own and never sees these. Stores: "drafts" (one per meeting: what was typed,
     cell by cell, whether the server has it, the server's refusal, the posted record) and
     "outbox" (sheets she sent with "Kirim", each with the UUID made when she pressed it).
   - sendAll(user) posts the outbox: one sender at a time for the user across tabs and the worker
     (Web Locks), only when the server says the same user is logged in (a sheet survives a session
     that ended: it waits for her to log in again), with a fresh CSRF token. The server answers a
     repeated id with the first result, so a resend after a lost answer posts nothing twice.
*/
(function (root) {
  "use strict";
  var VERSION = 1;
  var SYNC_TAG = "lkp-outbox";
  var PAGES = "lkp-pages";
  var STALE_DAYS = 3;  // unsent work older than this is flagged
  // A posted sheet's copy on the phone is kept a while (its "sent at" line, a page reopened late),
  // then dropped: members' figures should not sit on a phone for good.
  var KEEP_POSTED_DAYS = 14;
  var USER_HEADER = "X-LKP-User";
  var config = {whoami: "/offline/whoami/"};
  var channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("lkp-store") : null;
  var opened = {};

  function open(user) {
    var key = String(user);
    if (!opened[key]) {
      opened[key] = root.idb.openDB("lkp-u" + key, VERSION, {
        upgrade: function (db) {
          db.createObjectStore("drafts", {keyPath: "meeting"});
          db.createObjectStore("outbox", {keyPath: "id"}).createIndex("meeting", "meeting");
        }
      });
    }
    return opened[key];
  }

  /* The worker remembers the last user whose page it kept, in a database of its own. */
  var meta = null;
  function metaDb() {
    if (!meta) {
      meta = root.idb.openDB("lkp-worker", 1, {upgrade: function (db) { db.createObjectStore("meta"); }});
    }
    return meta;
  }
  function currentUser() { return metaDb().then(function (db) { return db.get("meta", "user"); }); }
  /* The user and how many times the pages changed hands: a logout and her login again between two
     reads count, so a page fetched in her old session is never kept in the new one. */
  function currentClaim() {
    return metaDb().then(function (db) {
      return Promise.all([db.get("meta", "user"), db.get("meta", "epoch")]);
    }).then(function (got) { return {user: got[0] || null, epoch: got[1] || 0}; });
  }
  function setCurrentUser(user) {
    return metaDb().then(function (db) {
      var tx = db.transaction("meta", "readwrite");
      tx.store.get("epoch").then(function (epoch) { tx.store.put((epoch || 0) + 1, "epoch"); });
      tx.store.put(user === null ? null : String(user), "user");
      return tx.done;
    });
  }
  /* The kept pages are for ``user`` from now on: another user's kept pages go first (null: nobody's). */
  function claimPages(user) {
    var next = user === null || user === undefined ? null : String(user);
    return currentUser().then(function (current) {
      if ((current || null) === next) { return null; }
      return dropPages().then(function () { return setCurrentUser(next); });
    });
  }

  function notify(message) {
    if (channel) { channel.postMessage(message); }
  }
  /* Hear what other tabs, the worker and this page's own sender did (a channel does not hear itself). */
  function listen(fn) {
    if (typeof BroadcastChannel === "undefined") { return; }
    new BroadcastChannel("lkp-store").addEventListener("message", function (e) { fn(e.data); });
  }

  function getDraft(user, meeting) {
    return open(user).then(function (db) { return db.get("drafts", Number(meeting)); });
  }

  /* Change the draft of ``meeting`` with fn(draft) in one transaction; return the new draft. */
  function updateDraft(user, meeting, fn) {
    return open(user).then(function (db) {
      var tx = db.transaction("drafts", "readwrite");
      return tx.store.get(Number(meeting)).then(function (draft) {
        draft = fn(draft || {meeting: Number(meeting), user: String(user), values: {}});
        tx.store.put(draft);
        return tx.done.then(function () { return draft; });
      });
    });
  }

  function queued(user, meeting) {
    return open(user).then(function (db) { return db.getFromIndex("outbox", "meeting", Number(meeting)); });
  }

  /* Put a sheet in the outbox unless one for this meeting waits already; return the waiting one. */
  function queue(user, item) {
    return open(user).then(function (db) {
      var tx = db.transaction(["outbox", "drafts"], "readwrite");
      var outbox = tx.objectStore("outbox");
      return outbox.index("meeting").get(Number(item.meeting)).then(function (waiting) {
        if (waiting) { return tx.done.then(function () { return waiting; }); }
        item.meeting = Number(item.meeting);
        item.user = String(user);
        item.state = "queued";
        outbox.put(item);
        var drafts = tx.objectStore("drafts");
        return drafts.get(item.meeting).then(function (draft) {
          if (draft) { draft.errors = {}; draft.names = {}; draft.refusedAt = null; drafts.put(draft); }
          return tx.done.then(function () { notify({type: "queued", user: String(user), meeting: item.meeting}); return item; });
        });
      });
    });
  }

  /* Take a sheet out of the outbox again (to change it), unless it is being sent right now. */
  function unqueue(user, meeting) {
    var run = function () {
      return open(user).then(function (db) {
        return db.getFromIndex("outbox", "meeting", Number(meeting)).then(function (item) {
          return item ? db.delete("outbox", item.id).then(function () { return true; }) : false;
        });
      });
    };
    return withLock(user, run, true);
  }

  /* Everything of hers not on the server yet: the outbox and the drafts changed since their last save. */
  function unsent(user) {
    return open(user).then(function (db) {
      return Promise.all([db.getAll("outbox"), db.getAll("drafts")]).then(function (all) {
        var waiting = {};
        all[0].forEach(function (item) { waiting[item.meeting] = item; });
        var drafts = all[1].filter(function (d) { return !d.posted && (d.dirty || waiting[d.meeting] || d.refusedAt); });
        return {outbox: all[0], drafts: drafts, waiting: waiting};
      });
    });
  }

  /* Delete ``user``'s drafts posted more than KEEP_POSTED_DAYS ago; resolves with how many. */
  function prunePosted(user) {
    return open(user).then(function (db) {
      var tx = db.transaction("drafts", "readwrite");
      var limit = Date.now() - KEEP_POSTED_DAYS * 86400000;
      return tx.store.getAll().then(function (drafts) {
        var old = drafts.filter(function (d) { return d.posted && new Date(d.postedAt).getTime() < limit; });
        old.forEach(function (d) { tx.store.delete(d.meeting); });
        return tx.done.then(function () { return old.length; });
      });
    });
  }

  function isStale(since) {
    return since && (Date.now() - new Date(since).getTime()) > STALE_DAYS * 86400000;
  }

  function whoami() {
    return fetch(config.whoami, {credentials: "same-origin", cache: "no-store",
                                 headers: {Accept: "application/json"}}).then(function (r) {
      if (!r.ok) { throw new Error("whoami " + r.status); }
      return r.json();
    });
  }

  function post(url, pairs, csrf) {
    return fetch(url, {method: "POST", credentials: "same-origin", redirect: "manual", cache: "no-store",
                       headers: {"X-CSRFToken": csrf, "Accept": "application/json"},
                       body: new URLSearchParams(pairs)});
  }

  /* Read the server's answer: login (session ended: a redirect to the login page, or a 403 that is
     not ours, e.g. a CSRF token of an old session), or the JSON status, or retry (server trouble). */
  function answer(response) {
    if (response.type === "opaqueredirect" || response.status === 401 || (response.status >= 300 && response.status < 400)) {
      return Promise.resolve({status: "login"});
    }
    var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
    if (!json) {
      return Promise.resolve({status: response.status === 403 ? "login" : "retry", code: response.status});
    }
    return response.json().then(function (data) { return {status: data.status, data: data, code: response.status}; });
  }

  /* Keep a page of hers in the pages cache now (what "prepare for offline" does), or drop it.

     On EDGE the page can arrive after she logged out (in another tab, or in this one before it
     left), when the logout has dropped the kept pages: the claim is read again before and after
     the put, and a page fetched in a claim that ended is not kept; caches.open would make the
     cache again, so it is opened only while the claim holds. */
  function keepPage(url, user) {
    user = String(user);
    var claim;
    return claimPages(user).then(currentClaim).then(function (c) {
      claim = c;
      return fetch(url, {credentials: "same-origin", cache: "no-store"});
    }).then(function (response) {
      return stillHers(claim).then(function (hers) {
        if (!hers) { return false; }
        if (!response.ok || response.headers.get(USER_HEADER) !== user) {
          return forgetPage(url).then(function () { return false; });
        }
        return caches.open(PAGES).then(function (cache) {
          return cache.put(url, response).then(function () { return stillHers(claim); }).then(function (still) {
            // The logout dropped the pages between the check and the put: take it out again.
            return still || cache.delete(url, {ignoreVary: true}).then(tidyPages).then(function () { return false; });
          });
        });
      });
    });
  }

  function stillHers(claim) {
    return currentClaim().then(function (now) { return now.user === claim.user && now.epoch === claim.epoch; });
  }

  /* Nobody is logged in on this phone: no pages cache at all (a late put may have made it again). */
  function tidyPages() {
    return currentUser().then(function (user) { return user ? null : dropPages(); });
  }

  /* Drop one kept page; no cache is made when there is none. */
  function forgetPage(url) {
    if (typeof caches === "undefined") { return Promise.resolve(); }
    return caches.has(PAGES).then(function (has) {
      return has && caches.open(PAGES).then(function (c) { return c.delete(url, {ignoreVary: true}); }).then(tidyPages);
    });
  }

  /* Her kept copy of ``url`` or null. caches.match with a cacheName reads without making the cache
     (caches.open would make it again after a logout dropped it). */
  function keptPage(url, user) {
    if (typeof caches === "undefined") { return Promise.resolve(null); }
    return caches.match(url, {cacheName: PAGES, ignoreVary: true}).then(function (response) {
      return response && response.headers.get(USER_HEADER) === String(user) ? response : null;
    });
  }

  function dropPages() {
    return typeof caches === "undefined" ? Promise.resolve() : caches.delete(PAGES);
  }

  function withLock(user, run, ifAvailable) {
    if (typeof navigator !== "undefined" && navigator.locks) {
      return navigator.locks.request("lkp-send-" + user, ifAvailable ? {ifAvailable: true} : {}, function (lock) {
        return lock === null ? false : run();
      });
    }
    return run();
  }

  /* The outbox item is done: remove it and write the outcome on the draft, in one transaction. */
  function settle(db, item, outcome) {
    var tx = db.transaction(["outbox", "drafts"], "readwrite");
    tx.objectStore("outbox").delete(item.id);
    var drafts = tx.objectStore("drafts");
    return drafts.get(item.meeting).then(function (draft) {
      draft = draft || {meeting: item.meeting, user: item.user, values: {}};
      Object.keys(outcome).forEach(function (k) { draft[k] = outcome[k]; });
      drafts.put(draft);
      return tx.done;
    });
  }

  function mark(db, item, fields) {
    return db.get("outbox", item.id).then(function (fresh) {
      if (!fresh) { return null; }
      Object.keys(fields).forEach(function (k) { fresh[k] = fields[k]; });
      return db.put("outbox", fresh);
    });
  }

  /* Post every sheet of ``user`` waiting in the outbox. Resolves with a summary; rejects when the
     network fails (so Background Sync tries again later). */
  function sendAll(user) {
    user = String(user);
    if (navigator.onLine === false) { return Promise.reject(new Error("offline")); }  // no request is sure to fail
    var run = function () {
      return open(user).then(function (db) {
        return db.getAll("outbox").then(function (items) {
          if (!items.length) { return {sent: 0}; }
          return whoami().then(function (who) {
            if (who.user === null || String(who.user) !== user) {
              var state = who.user === null ? "login" : "other-user";
              return Promise.all(items.map(function (item) { return mark(db, item, {state: state}); })).then(function () {
                notify({type: state, user: user});
                return {sent: 0, state: state};
              });
            }
            items.sort(function (a, b) { return a.createdAt < b.createdAt ? -1 : 1; });
            return sendEach(db, user, items, who.csrf, {sent: 0});
          });
        });
      });
    };
    return withLock(user, run, false);
  }

  function sendEach(db, user, items, csrf, summary) {
    if (!items.length) { return Promise.resolve(summary); }
    var item = items[0];
    return db.get("outbox", item.id).then(function (fresh) {
      if (!fresh) { return sendEach(db, user, items.slice(1), csrf, summary); }  // sent by another tab
      return mark(db, fresh, {state: "sending", triedAt: new Date().toISOString(), tries: (fresh.tries || 0) + 1})
        .then(function () { return post(fresh.url, fresh.fields, csrf); })
        .catch(function (error) {
          return mark(db, fresh, {state: "queued"}).then(function () {
            notify({type: "offline", user: user, meeting: fresh.meeting});
            throw error;
          });
        })
        .then(answer)
        .then(function (a) { return outcome(db, user, fresh, a); })
        .then(function (result) {
          if (result === "stop") { summary.state = "login"; return summary; }
          if (result === "posted") { summary.sent += 1; }
          return sendEach(db, user, items.slice(1), csrf, summary);
        });
    });
  }

  function outcome(db, user, item, a) {
    var now = new Date().toISOString();
    if (a.status === "posted") {
      return settle(db, item, {posted: a.data.url, postedAt: a.data.submitted_at || now, errors: {}, names: {},
                               refusedAt: null, dirty: false}).then(function () {
        notify({type: "posted", user: user, meeting: item.meeting, url: a.data.url});
        // The kept sheet is now the read-only posted one (or gone): no stale draft offline.
        var refresh = [item.sheetUrl, a.data.url].filter(Boolean).map(function (url) {
          return keepPage(url, user).catch(function () { return forgetPage(url); });
        });
        return Promise.all(refresh).then(function () { return "posted"; }, function () { return "posted"; });
      });
    }
    if (a.status === "refused" || a.status === "forbidden") {
      var data = a.data || {};
      return settle(db, item, {errors: data.errors || {}, names: data.names || {}, refusedAt: now,
                               refusedCode: data.code || a.status, record: data.url || null, dirty: true})
        .then(function () { notify({type: "refused", user: user, meeting: item.meeting}); return "refused"; });
    }
    if (a.status === "login") {
      return mark(db, item, {state: "login"}).then(function () {
        notify({type: "login", user: user, meeting: item.meeting});
        return "stop";
      });
    }
    return mark(db, item, {state: "queued", lastError: String(a.code || a.status)}).then(function () {
      notify({type: "retry", user: user, meeting: item.meeting});
      return "retry";
    });
  }

  function newId() {
    if (root.crypto && root.crypto.randomUUID) { return root.crypto.randomUUID(); }
    var b = root.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  root.LKPStore = {
    SYNC_TAG: SYNC_TAG, PAGES: PAGES, STALE_DAYS: STALE_DAYS, USER_HEADER: USER_HEADER, config: config,
    open: open, getDraft: getDraft, updateDraft: updateDraft, queue: queue, queued: queued, unqueue: unqueue,
    unsent: unsent, prunePosted: prunePosted, KEEP_POSTED_DAYS: KEEP_POSTED_DAYS, isStale: isStale, whoami: whoami, post: post, answer: answer, sendAll: sendAll,
    keepPage: keepPage, keptPage: keptPage, forgetPage: forgetPage, dropPages: dropPages, notify: notify, listen: listen,
    currentUser: currentUser, claimPages: claimPages, newId: newId
  };
}(self));
