/* The field officer's home page: for each upcoming meeting, whether its sheet is ready offline (kept on
   this phone, and since when) and what of hers waits on the phone; "prepare all for offline".
   Words come from the panel's data attributes (meetings/_dashboard_panel.html). */
(function () {
  "use strict";
  var box = document.querySelector("[data-upcoming]");
  var store = window.LKPStore;
  if (!box || !store) { return; }
  var user = box.dataset.user;
  var msg = box.dataset;
  var status = box.querySelector("[data-prepare-status]");

  function fill(text, params) {
    return String(text || "").replace(/%\((\w+)\)s/g, function (m, k) { return k in params ? params[k] : m; });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function when(text) {
    var t = new Date(text);
    var day = t.toLocaleDateString(document.documentElement.lang || "id", {day: "numeric", month: "short"});
    return day + " " + pad(t.getHours()) + ":" + pad(t.getMinutes());
  }

  function showItem(li) {
    var url = li.dataset.sheetUrl;
    var state = li.querySelector("[data-offline-state]");
    if (!url) { state.textContent = msg.msgNotReady; li.dataset.ready = ""; return Promise.resolve(); }
    var meeting = Number(li.dataset.meeting);
    return Promise.all([store.keptPage(url, user), store.getDraft(user, meeting), store.queued(user, meeting)])
      .then(function (got) {
        var kept = got[0], draft = got[1], item = got[2];
        var parts = [kept ? fill(msg.msgReady, {time: when(kept.headers.get("Date"))}) : msg.msgNotReady];
        var since = null;
        if (item) { parts.push(item.state === "login" ? msg.msgLogin : msg.msgQueued); since = item.createdAt; }
        else if (draft && draft.refusedAt && !draft.posted) { parts.push(msg.msgRefused); since = draft.refusedAt; }
        else if (draft && draft.dirty && !draft.posted) { parts.push(msg.msgUnsaved); since = draft.updatedAt; }
        if (since && store.isStale(since)) { parts.push(fill(msg.msgStale, {days: store.STALE_DAYS})); }
        state.textContent = parts.join(" · ");
        state.className = "small " + (item || (draft && (draft.dirty || draft.refusedAt) && !draft.posted)
          ? "text-danger fw-semibold" : kept ? "text-success" : "text-muted");
        li.dataset.ready = kept ? "1" : "";
      });
  }

  /* What of hers waits on this phone for a meeting not listed above (an older month, say). */
  function showUnsent() {
    var listed = {};
    box.querySelectorAll("[data-item][data-meeting]").forEach(function (li) { listed[li.dataset.meeting] = true; });
    return store.unsent(user).then(function (all) {
      var list = box.querySelector("[data-unsent-list]");
      list.textContent = "";
      var seen = {};
      all.drafts.concat(all.outbox).forEach(function (d) {
        if (listed[d.meeting] || seen[d.meeting] || !d.sheetUrl) { return; }
        seen[d.meeting] = true;
        var li = document.createElement("li");
        li.className = "list-group-item";
        var a = document.createElement("a");
        a.href = d.sheetUrl; a.textContent = d.title || d.sheetUrl;
        li.appendChild(a);
        var since = d.createdAt || d.updatedAt;
        li.appendChild(document.createTextNode(" · " + (all.waiting[d.meeting] ? msg.msgQueued : msg.msgUnsaved) +
          (store.isStale(since) ? " · " + fill(msg.msgStale, {days: store.STALE_DAYS}) : "")));
        list.appendChild(li);
      });
      box.querySelector("[data-unsent-box]").classList.toggle("d-none", !list.children.length);
    });
  }

  function showAll() {
    var items = Array.prototype.map.call(box.querySelectorAll("[data-item]"), showItem);
    return Promise.all(items.concat([showUnsent()])).catch(function () { return null; });
  }

  /* The draft now exists: the item opens its sheet with a link (which works without signal too). */
  function opened(sheet) {
    var li = box.querySelector('[data-item][data-group="' + sheet.group + '"][data-date="' + sheet.date + '"]') ||
      box.querySelector('[data-item][data-meeting="' + sheet.meeting + '"]');
    if (!li) { return; }
    li.dataset.meeting = sheet.meeting;
    li.dataset.sheetUrl = sheet.url;
    var form = li.querySelector("[data-open-form]");
    if (form) {
      var a = document.createElement("a");
      a.className = "btn btn-sm btn-success"; a.href = sheet.url; a.dataset.open = "";
      a.textContent = form.querySelector("button").textContent;
      form.replaceWith(a);
    }
  }

  var prepare = box.querySelector("form[data-prepare]");
  if (prepare) {
    prepare.addEventListener("submit", function (e) {
      e.preventDefault();
      var button = prepare.querySelector("button");
      button.disabled = true;
      fetch(prepare.action, {method: "POST", body: new FormData(prepare), credentials: "same-origin",
                             headers: {Accept: "application/json"}})
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (data) {
          var sheets = data.sheets || [];
          var done = 0;
          status.textContent = fill(msg.msgPreparing, {done: 0, total: sheets.length});
          // One at a time: on EDGE several at once only make each slower.
          return sheets.reduce(function (chain, sheet) {
            return chain.then(function () {
              opened(sheet);
              return store.keepPage(sheet.url, user);
            }).then(function () {
              done += 1;
              status.textContent = fill(msg.msgPreparing, {done: done, total: sheets.length});
            });
          }, Promise.resolve()).then(function () {
            return store.keepPage(window.location.pathname, user);  // this page, with its sheets linked
          }).then(function () {
            status.textContent = fill(msg.msgPrepared, {total: sheets.length});
          });
        })
        .catch(function () { status.textContent = msg.msgPrepareFailed; })
        .then(function () { button.disabled = false; return showAll(); });
    });
  }

  /* Without signal a meeting not recorded yet cannot be made: say so instead of the browser's error. */
  box.addEventListener("submit", function (e) {
    if (e.target.matches("[data-open-form]") && !navigator.onLine) {
      e.preventDefault();
      status.textContent = msg.msgNeedsSignal;
    }
  });

  store.listen(function (m) { if (m && m.user === String(user)) { showAll(); } });
  window.addEventListener("pageshow", function (e) { if (e.persisted) { showAll(); } });
  store.prunePosted(user).catch(function () { return 0; }).then(showAll);
}());
