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
    var bar = document.querySelector(".grand-total-bar");
    if (bar) { bar.textContent = format(grand); }
    showChannelTotal();
  }

  // On a phone the grid shows one channel at a time (the CSS lays each metric out as a card); its total
  // rides in the sticky save bar beside the grand total.
  var tabs = document.getElementById("channel-tabs");
  var phone = window.matchMedia("(max-width: 767.98px)");
  var current = "0";

  function showChannelTotal() {
    var holder = document.querySelector(".channel-total");
    if (!holder || !tabs) { return; }
    var sum = 0;
    matrix.forEach(function (inputs, r) {
      if (rows[r].dataset.channel === current) {
        inputs.forEach(function (input) { sum += valueOf(input); });
      }
    });
    var button = tabs.querySelector('[data-channel="' + current + '"]');
    holder.querySelector(".channel-total-name").textContent = button ? button.textContent : "";
    holder.querySelector(".channel-total-value").textContent = format(sum);
    holder.hidden = !phone.matches;
  }

  function showChannel(index) {
    current = String(index);
    grid.querySelectorAll("tr[data-channel]").forEach(function (row) {
      row.classList.toggle("current", row.dataset.channel === current);
    });
    tabs.querySelectorAll("button").forEach(function (button) {
      button.setAttribute("aria-pressed", button.dataset.channel === current ? "true" : "false");
    });
    showChannelTotal();
  }

  if (tabs) {
    tabs.hidden = false;
    grid.classList.add("one-channel");
    tabs.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-channel]");
      if (button) { showChannel(button.dataset.channel); }
    });
    // Start on the first channel with an invalid entry, if any.
    var invalid = grid.querySelector("input.is-invalid");
    showChannel(invalid ? invalid.closest("tr").dataset.channel : "0");
    phone.addEventListener("change", showChannelTotal);
  }

  function nextVisible(input) {
    var all = Array.prototype.slice.call(grid.querySelectorAll("input.figure"));
    for (var i = all.indexOf(input) + 1; i < all.length; i++) {
      if (all[i].offsetParent !== null) { return all[i]; }
    }
    return null;
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
          case "Enter":
            event.preventDefault();
            if (phone.matches) {
              // A card lists a metric's themes downwards: the number pad's "next" goes to the one below.
              var next = nextVisible(input);
              if (next) { next.focus(); next.select(); }
            } else { focusCell(r + 1, c); }
            break;
          case "ArrowDown": event.preventDefault(); focusCell(r + 1, c); break;
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
  // The conflict table (the report was saved by someone else meanwhile): each differing cell offers both
  // values; "use this" puts the chosen one into the form, which the clerk then saves.
  document.querySelectorAll("[data-cell] .take-value").forEach(function (button) {
    button.addEventListener("click", function () {
      var row = button.closest("[data-cell]");
      var input = document.getElementById("id_" + row.dataset.cell);
      if (!input) { return; }
      input.value = button.dataset.value === "0" ? "" : button.dataset.value;
      row.querySelectorAll(".take-value").forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
      markValidity(input);
      recompute();
      dirty = true;
    });
  });
  recompute();
})();
