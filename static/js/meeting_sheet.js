/* The meeting sheet: live totals, keyboard entry, "paid as due", cell checks and saving as she goes.
   Small vanilla JS on purpose; the form also works without it (plain POST). */
(function () {
  "use strict";
  var form = document.getElementById("sheet");
  if (!form) { return; }
  var msg = form.dataset;
  var status = form.querySelector("[data-save-status]");
  var saveTimer = null;

  function parse(text) {
    var t = (text || "").replace(/Rp/gi, "").replace(/[\s.,]/g, "");
    if (t === "") { return 0; }
    return /^\d+$/.test(t) ? parseInt(t, 10) : null;
  }
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }

  function checkCell(input) {
    var value = parse(input.value);
    var cell = input.closest("td");
    var error = cell.querySelector("[data-error-for]");
    input.classList.toggle("is-invalid", value === null);
    if (error) { error.textContent = value === null ? msg.msgAmount : ""; error.classList.toggle("d-block", value === null); }
    if (input.dataset.due !== undefined) {
      cell.classList.toggle("sheet-changed", input.value.trim() !== "" && value !== parseInt(input.dataset.due, 10));
    }
    return value;
  }

  function recompute() {
    var totals = {}, cash = 0;
    form.querySelectorAll("tr.sheet-row").forEach(function (row) {
      var rowCash = 0;
      row.querySelectorAll("input[data-field]").forEach(function (input) {
        var v = parse(input.value) || 0;
        totals[input.dataset.field] = (totals[input.dataset.field] || 0) + v;
        rowCash += v * parseInt(input.dataset.sign, 10);
        if (v && input.dataset.fee) { rowCash += parseInt(input.dataset.fee, 10); }  // a deducted admin fee stays
      });
      row.querySelector("[data-row-cash]").textContent = (rowCash < 0 ? "-" : "") + fmt(Math.abs(rowCash));
      cash += rowCash;
    });
    Object.keys(totals).forEach(function (f) {
      var cell = form.querySelector('[data-total="' + f + '"]');
      if (cell) { cell.textContent = fmt(totals[f]); }
    });
    form.querySelector('[data-total="cash"]').textContent = (cash < 0 ? "-" : "") + fmt(Math.abs(cash));
    var expected = cash + parseInt(form.dataset.opening || "0", 10);
    form.querySelector("[data-expected]").textContent = (expected < 0 ? "-Rp " : "Rp ") + fmt(Math.abs(expected));
    var counted = parse(form.elements.cash_counted.value);
    var diff = form.querySelector("[data-difference]");
    var note = form.elements.cash_difference_note;
    if (form.elements.cash_counted.value.trim() === "" || counted === null) {
      diff.textContent = ""; note.required = false;
    } else {
      diff.textContent = (counted - expected < 0 ? "-Rp " : "Rp ") + fmt(Math.abs(counted - expected));
      diff.classList.toggle("text-danger", counted !== expected);
      note.required = counted !== expected;
      note.placeholder = counted !== expected ? msg.msgExplain : "";
    }
  }

  function fillDue(row) {
    row.querySelectorAll("input[data-due]").forEach(function (input) {
      var due = parseInt(input.dataset.due, 10);
      if (!input.disabled && input.value.trim() === "" && due > 0) { input.value = fmt(due); checkCell(input); }
    });
    var att = row.querySelector('select[name$="-attendance"]');
    if (att && !att.value) { att.value = "present"; }
  }

  function scheduleSave() {
    if (saveTimer) { clearTimeout(saveTimer); }
    saveTimer = setTimeout(saveDraft, 2500);
  }

  function saveDraft() {
    if (form.querySelector(".is-invalid")) { status.textContent = msg.msgUnsaved; return; }
    var data = new FormData(form);
    data.set("action", "draft");
    fetch(form.action || window.location.href, {method: "POST", body: data, credentials: "same-origin"})
      .then(function (r) {
        status.textContent = r.ok ? msg.msgSaved + " " + new Date().toLocaleTimeString().slice(0, 5) : msg.msgUnsaved;
      })
      .catch(function () { status.textContent = msg.msgUnsaved; });
  }

  form.addEventListener("input", function (e) {
    if (e.target.matches("input[data-field]")) { checkCell(e.target); }
    recompute();
    scheduleSave();
  });
  form.addEventListener("change", function (e) {
    if (e.target.matches("select")) { scheduleSave(); }
  });
  form.addEventListener("focusout", function (e) {
    if (e.target.matches("input[data-field], #cash_counted")) {
      var v = parse(e.target.value);
      if (v !== null && e.target.value.trim() !== "") { e.target.value = fmt(v); }
    }
  });
  /* Enter moves along the row like Tab, then to the next member's first cell. */
  form.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || !e.target.matches(".sheet-row input, .sheet-row select")) { return; }
    e.preventDefault();
    var fields = Array.prototype.filter.call(form.querySelectorAll(".sheet-row input, .sheet-row select"),
      function (el) { return !el.disabled; });
    var next = fields[fields.indexOf(e.target) + (e.shiftKey ? -1 : 1)];
    if (next) { next.focus(); if (next.select) { next.select(); } }
  });
  form.addEventListener("click", function (e) {
    if (e.target.matches("[data-row-due]")) {
      fillDue(e.target.closest("tr")); recompute(); scheduleSave();
    } else if (e.target.matches("[data-all-due]")) {
      form.querySelectorAll("tr.sheet-row").forEach(fillDue); recompute(); scheduleSave();
    }
  });
  /* One submission only: a second click does nothing (the server is idempotent as well). */
  form.addEventListener("submit", function (e) {
    if (form.dataset.sent) { e.preventDefault(); return; }
    if (saveTimer) { clearTimeout(saveTimer); }
    form.dataset.sent = "1";
    var button = e.submitter;
    if (button) {
      var keep = document.createElement("input");
      keep.type = "hidden"; keep.name = button.name; keep.value = button.value;
      form.appendChild(keep);
    }
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  });
  recompute();
}());
