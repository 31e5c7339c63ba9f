/* The meeting sheet on the page: live totals, keyboard entry, "paid as due", cell checks, finding a member.
   Small vanilla JS on purpose; the form also works without it (plain POST). Keeping what she types on
   the phone and sending it is static/js/sheet_offline.js, on top of this (window.LKPSheet). */
(function () {
  "use strict";
  var form = document.getElementById("sheet");
  if (!form) { return; }
  var words = JSON.parse((document.getElementById("sheet-strings") || {}).textContent || "{}");
  var rows = Array.prototype.slice.call(form.querySelectorAll("tr.sheet-row"));

  function parse(text) {
    var t = (text || "").replace(/Rp/gi, "").replace(/[\s.,]/g, "");
    if (t === "") { return 0; }
    return /^\d+$/.test(t) ? parseInt(t, 10) : null;
  }
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
  function signed(n, prefix) { return (n < 0 ? "-" : "") + (prefix || "") + fmt(Math.abs(n)); }

  function feedback(el, field) {
    var holder = el.closest("td, th") || el.parentElement;
    return holder && holder.querySelector('[data-error-for="' + field + '"]');
  }

  /* Show ``messages`` (or nothing) on a cell or a field of the sheet. */
  function showError(el, field, messages) {
    var text = (messages || []).join(" ");
    el.classList.toggle("is-invalid", !!text);
    var box = feedback(el, field);
    if (box) { box.textContent = text; box.classList.toggle("d-block", !!text); }
  }

  function checkCell(input) {
    var value = parse(input.value);
    showError(input, input.dataset.field, value === null ? [words.amount] : null);
    if (input.dataset.due !== undefined) {
      input.closest("td").classList.toggle("sheet-changed",
        input.value.trim() !== "" && value !== parseInt(input.dataset.due, 10));
    }
    return value;
  }

  function isFilled(row) {
    var att = row.querySelector('select[name$="-attendance"]');
    return !!(att && att.value);
  }

  function recompute() {
    var totals = {}, cash = 0, filled = 0;
    rows.forEach(function (row) {
      var rowCash = 0;
      row.querySelectorAll("input[data-field]").forEach(function (input) {
        var v = parse(input.value) || 0;
        totals[input.dataset.field] = (totals[input.dataset.field] || 0) + v;
        rowCash += v * parseInt(input.dataset.sign, 10);
        if (v && input.dataset.fee) { rowCash += parseInt(input.dataset.fee, 10); }  // a deducted admin fee stays
      });
      row.querySelector("[data-row-cash]").textContent = signed(rowCash);
      cash += rowCash;
      if (isFilled(row)) { filled += 1; }
    });
    Object.keys(totals).forEach(function (f) {
      var cell = form.querySelector('[data-total="' + f + '"]');
      if (cell) { cell.textContent = fmt(totals[f]); }
    });
    form.querySelector('[data-total="cash"]').textContent = signed(cash);
    var expected = cash + parseInt(form.dataset.opening || "0", 10);
    form.querySelectorAll("[data-expected]").forEach(function (el) { el.textContent = signed(expected, "Rp "); });
    var count = form.querySelector("[data-filled]");
    if (count) { count.textContent = filled; }
    var counted = parse(form.elements.cash_counted.value);
    var diff = form.querySelector("[data-difference]");
    var note = form.elements.cash_difference_note;
    if (form.elements.cash_counted.value.trim() === "" || counted === null) {
      diff.textContent = ""; note.required = false;
    } else {
      diff.textContent = signed(counted - expected, "Rp ");
      diff.classList.toggle("text-danger", counted !== expected);
      note.required = counted !== expected;
      note.placeholder = counted !== expected ? words.explain : "";
    }
  }

  /* "As due" on a row: what she owes in the empty cells, and present if not marked. */
  function fillDue(row) {
    row.querySelectorAll("input[data-due]").forEach(function (input) {
      var due = parseInt(input.dataset.due, 10);
      if (!input.disabled && input.value.trim() === "" && due > 0) { input.value = fmt(due); checkCell(input); }
    });
    var att = row.querySelector('select[name$="-attendance"]');
    if (att && !att.value) { att.value = "present"; }
  }

  function changed() { form.dispatchEvent(new CustomEvent("sheet:changed", {bubbles: true})); }

  function focusRow(row) {
    if (!row) { return; }
    row.scrollIntoView({block: "center"});
    var first = row.querySelector("select:not([disabled]), input:not([disabled])");
    if (first) { first.focus({preventScroll: true}); }
  }

  function nextUnfilled() {
    var current = document.activeElement && document.activeElement.closest("tr.sheet-row");
    var start = current ? rows.indexOf(current) + 1 : 0;
    for (var i = 0; i < rows.length; i += 1) {
      var row = rows[(start + i) % rows.length];
      if (!isFilled(row) || row.querySelector(".is-invalid")) { return row; }
    }
    return null;
  }

  form.addEventListener("input", function (e) {
    if (e.target.matches("input[data-field]")) { checkCell(e.target); }
    recompute();
  });
  form.addEventListener("change", function (e) {
    if (e.target.matches("select")) { recompute(); }
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
    var target = e.target.closest("button");
    if (!target || target.disabled) { return; }
    if (target.matches("[data-row-due]")) {
      fillDue(target.closest("tr")); recompute(); changed();
    } else if (target.matches("[data-all-due]")) {
      // A member marked absent pays nothing at the meeting: her row is left as it is.
      rows.forEach(function (row) {
        var att = row.querySelector('select[name$="-attendance"]');
        if (!att || att.value !== "absent") { fillDue(row); }
      });
      recompute(); changed();
    } else if (target.matches("[data-next-unfilled]")) {
      focusRow(nextUnfilled());
    }
  });
  var jump = form.querySelector("[data-jump]");
  if (jump) {
    jump.addEventListener("change", function () {
      focusRow(form.querySelector('tr.sheet-row[data-member="' + jump.value + '"]'));
      jump.value = "";
    });
  }
  recompute();

  window.LKPSheet = {form: form, rows: rows, words: words, parse: parse, fmt: fmt, recompute: recompute,
                     checkCell: checkCell, showError: showError, isFilled: isFilled, focusRow: focusRow};
}());
