// The job page: ask the server how far the job is, move the bar, and show the finished page
// (its file, or its error and a retry) once it is done. No inline script: CSP script-src 'self'.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || !window.fetch) return;
  var bar = document.getElementById("job-progress");
  var percent = document.getElementById("job-percent");
  var label = document.getElementById("job-label");
  var step = document.getElementById("job-step");
  var note = document.getElementById("job-note");
  var delay = 1000;

  function show(data) {
    bar.value = data.percent;
    bar.textContent = data.percent + "%";
    percent.textContent = data.percent;
    label.textContent = data.label;
    step.textContent = data.step;
  }

  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        note.hidden = true;
        delay = 1000;
        show(data);
        if (data.status === "done" || data.status === "failed") {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        note.textContent = box.dataset.failed;
        note.hidden = false;
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
