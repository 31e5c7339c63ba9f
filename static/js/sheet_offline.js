/* The meeting sheet without signal: every entry kept on the phone as she types, the draft sent to the
   server a few seconds later when there is signal, "Kirim" queued on the phone and sent exactly once,
   the server's refusals shown on their rows. Store and queue: static/js/store.js; words: the page's
   #sheet-strings (translated by Django). Status line: the sticky bar at the top of the sheet. */
(function () {
  "use strict";
  var S = window.LKPSheet;
  var store = window.LKPStore;
  if (!S || !store || !S.form.dataset.editable) { return; }
  var form = S.form;
  var words = S.words;
  var user = form.dataset.user;
  var meeting = Number(form.dataset.meeting);
  var sheetUrl = window.location.pathname;
  var statusEl = form.querySelector("[data-status-text]");
  var readyEl = form.querySelector("[data-ready]");
  var pageErrors = document.querySelector("[data-page-errors]");
  var unqueueBtn = form.querySelector("[data-unqueue]");
  var AUTOSAVE_MS = 2500;
  var saveTimer = null;
  var edits = 0;        // changes made on this page, to know whether the server has the last one
  var waiting = null;   // the outbox item of this meeting, if she pressed "Kirim"
  var stopped = false;  // the meeting is no longer a draft on the server
  var who = null;       // {user, csrf} from the server, for the autosave

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function when(iso) {
    var t = iso ? new Date(iso) : new Date();
    var hm = pad(t.getHours()) + ":" + pad(t.getMinutes());
    if (t.toDateString() === new Date().toDateString()) { return hm; }
    return t.toLocaleDateString(document.documentElement.lang || "id", {day: "numeric", month: "short"}) + " " + hm;
  }
  function fill(text, params) {
    return String(text || "").replace(/%\((\w+)\)s/g, function (m, k) { return params && k in params ? params[k] : m; });
  }
  var TONES = {savedPhone: "", sentServer: "text-success", offline: "text-warning-emphasis",
               offlineIdle: "text-warning-emphasis", queued: "text-warning-emphasis",
               sending: "", refused: "text-danger", refusedTop: "text-danger", login: "text-danger", otherUser: "text-danger",
               posted: "text-success", notDraft: "text-danger", checkCells: "text-danger", stale: "text-danger",
               retry: "text-warning-emphasis"};
  /* Show the state ``key`` in the status line. The same words again leave the line as it is: its link
     replaced between a finger's down and up would take no tap (seen with "Masuk" as the queue
     retried), and a screen reader would hear it again. */
  function say(key, params, link) {
    var text = fill(words[key], params);
    var said = key + "\n" + text + "\n" + (link ? link.href + "\n" + link.text : "");
    if (statusEl.dataset.said === said) { return; }
    statusEl.dataset.said = said;
    statusEl.textContent = text;
    statusEl.dataset.state = key;
    statusEl.className = "small fw-semibold " + (TONES[key] || "");  // keeps the status line's own classes
    if (link) {
      var a = document.createElement("a");
      a.href = link.href; a.textContent = link.text; a.className = "ms-1";
      statusEl.appendChild(a);
    }
  }
  function loginLink() {
    return {href: "/login/?next=" + encodeURIComponent(sheetUrl), text: words.loginLink};
  }

  /* What is typed, cell by cell, by the input's name (the hidden fields are the page's, not hers). */
  function values() {
    var v = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.type !== "hidden" && el.type !== "submit" && el.tagName !== "BUTTON") { v[el.name] = el.value; }
    });
    return v;
  }
  function apply(v) {
    Object.keys(v || {}).forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (el && el.tagName && el.value !== v[name]) {
        el.value = v[name];
        if (el.matches("input[data-field]")) { S.checkCell(el); }
      }
    });
    S.recompute();
  }
  function pairs(action, submissionId) {
    var v = values();
    var list = Object.keys(v).map(function (k) { return [k, v[k]]; });
    list.push(["action", action]);
    if (submissionId) { list.push(["submission_id", submissionId]); }
    return list;
  }
  function fromPairs(list) {
    var v = {};
    (list || []).forEach(function (p) { if (p[0] !== "action" && p[0] !== "submission_id") { v[p[0]] = p[1]; } });
    return v;
  }
  function badCells() { return form.querySelector("input.is-invalid[data-field]"); }

  /* Keep every change on the phone at once (a tab closed a second later keeps it too). */
  function keep() {
    edits += 1;
    var now = new Date().toISOString();
    return store.updateDraft(user, meeting, function (draft) {
      draft.values = values();
      draft.dirty = true;
      draft.updatedAt = now;
      draft.sheetUrl = sheetUrl;
      draft.recordUrl = form.dataset.recordUrl;
      draft.title = form.dataset.title;
      return draft;
    }).then(function () {
      if (waiting || stopped) { return; }
      if (badCells()) { say("checkCells"); } else if (!navigator.onLine) { say("offline", {time: when(now)}); } else {
        say("savedPhone", {time: when(now)});
      }
      schedule();
    });
  }

  function schedule() {
    if (saveTimer) { clearTimeout(saveTimer); }
    saveTimer = setTimeout(syncDraft, AUTOSAVE_MS);
  }

  function csrf(fresh) {
    if (who && !fresh) { return Promise.resolve(who); }
    return store.whoami().then(function (answer) { who = answer; return who; });
  }

  /* Send the draft to the server (the treasurer and other devices see it); the phone keeps it anyway. */
  function syncDraft() {
    saveTimer = null;
    if (waiting || stopped) { return Promise.resolve(); }
    if (badCells()) { say("checkCells"); return Promise.resolve(); }
    if (!navigator.onLine) { say("offline", {time: when()}); return Promise.resolve(); }
    var seq = edits;
    return csrf(false).then(function (me) {
      if (me.user === null) { return {status: "login"}; }
      if (String(me.user) !== String(user)) { return {status: "otherUser"}; }
      return store.post(form.dataset.syncUrl, pairs("draft"), me.csrf).then(store.answer);
    }).then(function (a) {
      if (a.status === "saved") {
        return store.updateDraft(user, meeting, function (draft) {
          if (seq === edits) { draft.dirty = false; }
          draft.syncedAt = a.data.saved_at;
          draft.errors = {}; draft.names = {}; draft.refusedAt = null;
          return draft;
        }).then(function () { clearServerErrors(); say("sentServer", {time: when(a.data.saved_at)}); });
      }
      if (a.status === "refused" && (a.data.code === "already_submitted" || a.data.code === "not_draft")) {
        stopped = true;
        showServerErrors(a.data.errors, a.data.names);
        say("notDraft", null, {href: a.data.url, text: words.record});
        return null;
      }
      if (a.status === "refused") {
        say(showServerErrors(a.data.errors, a.data.names) ? "refused" : "refusedTop");
        return null;
      }
      if (a.status === "login") { who = null; say("login", null, loginLink()); return null; }
      if (a.status === "otherUser") { say("otherUser", null, loginLink()); return null; }
      say("retry");
      return null;
    }).catch(function () { say("offline", {time: when()}); });
  }

  function lock(on) {
    Array.prototype.forEach.call(form.querySelectorAll("input, select, button"), function (el) {
      if (el.type === "hidden" || el === unqueueBtn) { return; }
      if (on && !el.dataset.locked) { el.dataset.locked = el.disabled ? "was" : "1"; el.disabled = true; }
      if (!on && el.dataset.locked) { el.disabled = el.dataset.locked === "was"; delete el.dataset.locked; }
    });
    var jump = form.querySelector("[data-jump]");
    var next = form.querySelector("[data-next-unfilled]");
    [jump, next].forEach(function (el) { if (el && on) { el.disabled = false; } });
    if (unqueueBtn) { unqueueBtn.classList.toggle("d-none", !on); }
  }

  function clearServerErrors() {
    form.querySelectorAll(".sheet-row-refused").forEach(function (row) { row.classList.remove("sheet-row-refused"); });
    form.querySelectorAll('select.is-invalid, input.is-invalid:not([data-field])').forEach(function (el) {
      S.showError(el, el.name.split("-").pop(), null);
    });
    form.querySelectorAll('[data-error-for="member"]').forEach(function (box) {
      box.textContent = ""; box.classList.remove("d-block");
    });
    form.querySelectorAll("input[data-field]").forEach(S.checkCell);
    pageErrors.classList.add("d-none");
    pageErrors.textContent = "";
    markJump();
  }

  /* Put each of the server's messages on its row and cell; what has no row here goes on top. */
  function showServerErrors(errors, names) {
    clearServerErrors();
    var top = [];
    Object.keys(errors || {}).forEach(function (key) {
      var messages = errors[key];
      var parts = key.split(".");
      var row = parts.length === 2 ? form.querySelector('tr.sheet-row[data-member="' + parts[0] + '"]') : null;
      if (row) {
        row.classList.add("sheet-row-refused");
        var el = form.elements.namedItem(parts[0] + "-" + parts[1]);
        if (el && el.tagName) {
          S.showError(el, parts[1], messages);
        } else {
          var box = row.querySelector('[data-error-for="member"]');
          box.textContent = messages.join(" "); box.classList.add("d-block");
        }
      } else if (parts.length === 2) {
        top.push(fill(words.unknownMember, {name: (names || {})[parts[0]] || parts[0]}) + ": " + messages.join(" "));
      } else if (form.elements.namedItem(key) && form.elements.namedItem(key).tagName) {
        S.showError(form.elements.namedItem(key), key, messages);
      } else {
        top.push(messages.join(" "));
      }
    });
    if (top.length) {
      top.forEach(function (text) {
        var div = document.createElement("div"); div.textContent = text; pageErrors.appendChild(div);
      });
      pageErrors.classList.remove("d-none");
    }
    markJump();
    return form.querySelector(".sheet-row-refused, .is-invalid") !== null;  // a message sits on a row or cell
  }

  /* The jump list marks the members the server refused. */
  function markJump() {
    var jump = form.querySelector("[data-jump]");
    if (!jump) { return; }
    Array.prototype.forEach.call(jump.options, function (opt) {
      if (!opt.value) { return; }
      var row = form.querySelector('tr.sheet-row[data-member="' + opt.value + '"]');
      var name = row.querySelector("[data-name]").textContent;
      opt.textContent = (row.classList.contains("sheet-row-refused") ? "⚠ " : "") + name;
    });
  }

  var leaving = false;  // the tab is on its way to the posted meeting

  /* Show where the sheet stands, from what the phone holds. */
  function refresh() {
    return Promise.all([store.getDraft(user, meeting), store.queued(user, meeting)]).then(function (got) {
      var draft = got[0];
      waiting = got[1] || null;
      if (draft && draft.posted) {
        stopped = true;
        lock(true);
        if (unqueueBtn) { unqueueBtn.classList.add("d-none"); }
        say("posted", {time: when(draft.postedAt)});
        // This copy of the page is a draft that has been posted since: show the posted meeting.
        // Once: the tab's own send and the service worker's replay both call refresh(), and a
        // second assign() aborts the first navigation.
        if (!leaving) { leaving = true; window.location.assign(draft.posted); }
        return;
      }
      if (waiting) {
        lock(true);
        var state = waiting.state === "login" ? "login" : waiting.state === "other-user" ? "otherUser"
          : waiting.state === "sending" && navigator.onLine ? "sending" : "queued";
        // Her way out stays on the line: a sheet that waits too long and needs her to log in says
        // both, the "Masuk" link after the old-sheet words (said once: a second say would drop it).
        var link = state === "login" || state === "otherUser" ? loginLink() : null;
        if (store.isStale(waiting.createdAt)) {
          say("stale", {days: store.STALE_DAYS}, link);
        } else {
          say(state, {time: when(waiting.createdAt)}, link);
        }
        return;
      }
      lock(false);
      if (draft && draft.refusedAt) {
        var onRows = showServerErrors(draft.errors, draft.names);
        if (draft.refusedCode === "already_submitted" || draft.refusedCode === "not_draft") {
          stopped = true;
          say("notDraft", null, {href: draft.record || form.dataset.recordUrl, text: words.record});
        } else {
          say(onRows ? "refused" : "refusedTop");
        }
      } else if (draft && draft.dirty && store.isStale(draft.updatedAt)) {
        say("stale", {days: store.STALE_DAYS});
      }
    });
  }

  function showReady() {
    if (!readyEl) { return Promise.resolve(); }
    var active = "serviceWorker" in navigator ? navigator.serviceWorker.ready : Promise.resolve(null);
    return active.then(function () { return store.keptPage(sheetUrl, user); }).then(function (kept) {
      readyEl.textContent = kept ? fill(words.ready, {time: when(kept.headers.get("Date"))}) : words.notReady;
      readyEl.className = kept ? "text-success" : "text-muted";
      readyEl.dataset.ready = kept ? "1" : "";
    });
  }

  /* Opened with signal but not kept yet (the first visit, before the worker took over): keep it now. */
  function keepThisPage() {
    return store.keptPage(sheetUrl, user).then(function (kept) {
      if (kept || !navigator.onLine) { return null; }
      return store.keepPage(sheetUrl, user).catch(function () { return null; });
    }).then(showReady, showReady);
  }

  function send() {
    say(navigator.onLine ? "sending" : "queued", {time: when(waiting && waiting.createdAt)});
    var app = window.LKPApp;
    return (app ? app.sendQueue() : store.sendAll(user)).then(refresh, refresh);
  }

  /* "Kirim": put the sheet in the phone's queue with a new submission id, then try to send it. */
  function submit() {
    if (form.dataset.busy || waiting || stopped) { return; }
    if (badCells()) { say("checkCells"); S.focusRow(badCells().closest("tr")); return; }
    form.dataset.busy = "1";
    if (saveTimer) { clearTimeout(saveTimer); saveTimer = null; }
    var id = store.newId();
    var item = {id: id, meeting: meeting, url: form.dataset.syncUrl, sheetUrl: sheetUrl,
                recordUrl: form.dataset.recordUrl, title: form.dataset.title, fields: pairs("submit", id),
                createdAt: new Date().toISOString()};
    store.updateDraft(user, meeting, function (draft) {
      draft.values = values(); draft.updatedAt = item.createdAt; draft.sheetUrl = sheetUrl;
      draft.recordUrl = form.dataset.recordUrl; draft.title = form.dataset.title;
      return draft;
    }).then(function () { return store.queue(user, item); }).then(function (queuedItem) {
      waiting = queuedItem;
      clearServerErrors();
      lock(true);
      return send();
    }).then(function () { delete form.dataset.busy; }, function () { delete form.dataset.busy; });
  }

  form.addEventListener("input", function (e) { if (e.target.name) { keep(); } });
  form.addEventListener("change", function (e) {
    if (e.target.name && e.target.tagName === "SELECT") {
      if (e.target.classList.contains("is-invalid")) { S.showError(e.target, e.target.name.split("-").pop(), null); }
      keep();
    }
  });
  form.addEventListener("sheet:changed", keep);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var button = e.submitter;
    if (button && button.value === "submit") { submit(); } else { keep().then(syncDraft); }
  });
  if (unqueueBtn) {
    unqueueBtn.addEventListener("click", function () {
      store.unqueue(user, meeting).then(function (taken) {
        if (taken) { waiting = null; lock(false); say("savedPhone", {time: when()}); } else { refresh(); }
      });
    });
  }
  window.addEventListener("online", function () {
    if (waiting) { send(); } else if (!stopped) { syncDraft(); }
  });
  window.addEventListener("offline", function () { if (!waiting && !stopped) { say("offlineIdle"); } });
  // Back to this page from the back-forward cache: the sheet may have been posted meanwhile.
  window.addEventListener("pageshow", function (e) { if (e.persisted) { refresh(); } });
  store.listen(function (msg) {
    if (msg && msg.user === String(user) && (!msg.meeting || msg.meeting === meeting)) { refresh(); }
  });

  /* On opening: the phone's copy wins over the page when it holds changes the server has not had,
     or when this page is older than the phone's last save (a kept page opened without signal). */
  Promise.all([store.getDraft(user, meeting), store.queued(user, meeting)]).then(function (got) {
    var draft = got[0];
    var item = got[1];
    var local = null;
    if (item) {
      apply(fromPairs(item.fields));
    } else if (draft && draft.values && !draft.posted) {
      var pageIsNewer = !draft.dirty && draft.syncedAt && Date.parse(form.dataset.renderedAt) > Date.parse(draft.syncedAt);
      if (pageIsNewer) {
        store.updateDraft(user, meeting, function (d) { d.values = values(); return d; });
      } else {
        apply(draft.values);
        local = draft;
      }
    }
    return refresh().then(function () { return local; });
  }).then(function (local) {
    form.dataset.restored = "1";
    if (!waiting && !stopped && statusEl.dataset.state === undefined) {
      if (local && local.dirty) {
        say(navigator.onLine ? "savedPhone" : "offline", {time: when(local.updatedAt)});
        if (navigator.onLine) { schedule(); }
      } else {
        say(navigator.onLine ? "asShown" : "offlineIdle");
      }
    }
    if (waiting && navigator.onLine) { send(); }
    return keepThisPage();
  }).catch(function () { form.dataset.restored = "1"; });
}());
