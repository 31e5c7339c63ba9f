/* On every page: install the service worker, send what waits on the phone, warn before logging out.
   Words come from the page (data attributes written with {% translate %}). */
(function () {
  "use strict";
  var script = document.currentScript;
  var store = window.LKPStore;
  var user = document.body.dataset.user || null;
  if (store && script) { store.config.whoami = script.dataset.whoami || store.config.whoami; }

  if ("serviceWorker" in navigator && script && script.dataset.sw) {
    navigator.serviceWorker.register(script.dataset.sw, {scope: "/"}).catch(function () { return null; });
  }

  /* Send her outbox now, and ask the browser to wake the worker for it when the signal is back. */
  function sendQueue() {
    if (!user || !store) { return Promise.resolve(null); }
    return store.sendAll(user).catch(function () {
      if ("serviceWorker" in navigator) {
        return navigator.serviceWorker.ready.then(function (reg) {
          return reg.sync ? reg.sync.register(store.SYNC_TAG) : null;
        }).catch(function () { return null; });
      }
      return null;
    });
  }
  window.LKPApp = {user: user, sendQueue: sendQueue};
  if (user && store) {
    window.addEventListener("online", sendQueue);
    window.addEventListener("load", sendQueue);
  }

  /* A link back: the previous page when there is one (error pages, the offline page). */
  document.addEventListener("click", function (e) {
    var back = e.target.closest("[data-back]");
    if (back && window.history.length > 1) { e.preventDefault(); window.history.back(); }
  });

  /* Logging out: warn when sheets of hers have not reached the server; they stay on the phone
     (in her own database) and are sent when she logs in again. Her kept pages go. */
  var logout = document.querySelector("form[data-logout]");
  if (logout && store && user) {
    logout.addEventListener("submit", function (e) {
      if (logout.dataset.checked) { return; }
      e.preventDefault();
      if (!navigator.onLine) { window.alert(logout.dataset.offline); return; }
      store.unsent(user).then(function (all) {
        return all.outbox.length + all.drafts.length;
      }).catch(function () { return 0; }).then(function (count) {
        if (count && !window.confirm(logout.dataset.unsent)) { return; }
        var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
        if (worker) { worker.postMessage({type: "logout"}); }
        return store.claimPages(null).catch(function () { return null; }).then(function () {
          logout.dataset.checked = "1";
          logout.submit();
        });
      });
    });
  }
}());

/* A button that prints the page (data-print): the Content-Security-Policy (script-src 'self') refuses
   inline handlers such as onclick="window.print()". */
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
