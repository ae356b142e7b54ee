/* The report's figure grid: totals as you type, arrow-key and Enter navigation.
   A static file (the Content-Security-Policy forbids inline scripts). */
(function () {
  "use strict";
  var grid = document.getElementById("figure-grid");
  if (!grid) { return; }

  var rows = Array.prototype.slice.call(grid.querySelectorAll("tbody tr.grid-row"));
  var matrix = rows.map(function (row) {
    return Array.prototype.slice.call(row.querySelectorAll("input.figure"));
  });
  var DIGITS = /^\d*$/;

  function valueOf(input) {
    var text = input.value.replace(/\s/g, "");
    return DIGITS.test(text) && text !== "" ? parseInt(text, 10) : 0;
  }

  function format(n) {
    // Vietnamese thousands separator is a dot.
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function recompute() {
    var columns = [];
    var grand = 0;
    matrix.forEach(function (inputs, r) {
      var sum = 0;
      inputs.forEach(function (input, c) {
        var v = valueOf(input);
        sum += v;
        columns[c] = (columns[c] || 0) + v;
      });
      grand += sum;
      rows[r].querySelector(".row-total").textContent = format(sum);
    });
    grid.querySelectorAll("tfoot .col-total").forEach(function (cell) {
      cell.textContent = format(columns[parseInt(cell.dataset.col, 10)] || 0);
    });
    grid.querySelector("tfoot .grand-total").textContent = format(grand);
  }

  function markValidity(input) {
    var ok = DIGITS.test(input.value.replace(/\s/g, ""));
    input.classList.toggle("is-invalid", !ok);
    input.setAttribute("aria-invalid", ok ? "false" : "true");
  }

  function focusCell(r, c) {
    if (r < 0 || r >= matrix.length) { return; }
    var target = matrix[r][Math.min(c, matrix[r].length - 1)];
    if (target) { target.focus(); target.select(); }
  }

  matrix.forEach(function (inputs, r) {
    inputs.forEach(function (input, c) {
      input.addEventListener("input", function () { markValidity(input); recompute(); });
      input.addEventListener("keydown", function (event) {
        // As in a spreadsheet's entry mode: arrows always move to the next cell
        // (figures are short; Backspace corrects), Enter moves down.
        switch (event.key) {
          case "ArrowUp": event.preventDefault(); focusCell(r - 1, c); break;
          case "ArrowDown": case "Enter": event.preventDefault(); focusCell(r + 1, c); break;
          case "ArrowLeft":
            event.preventDefault();
            if (c > 0) { focusCell(r, c - 1); } else { focusCell(r - 1, inputs.length - 1); }
            break;
          case "ArrowRight":
            event.preventDefault();
            if (c < inputs.length - 1) { focusCell(r, c + 1); } else { focusCell(r + 1, 0); }
            break;
          default: break;
        }
      });
    });
  });
  // The evidence and Excel forms are separate: leaving the page through them (or any link) with unsaved
  // figures or text asks first, instead of silently dropping what was typed.
  var form = document.getElementById("report-form");
  var dirty = false;
  if (form) {
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  }
  recompute();
})();
