/* Offline drafts of the report form (issue 18). What the clerk types without a connection is kept on the device
   (IndexedDB, one draft per report: each changed entry with the value it had when the clerk changed it) and
   sent, when the connection returns and whenever the form opens online, as a normal save with the form's version.
   An entry the server changed meanwhile is never overwritten: both values are shown and the clerk chooses. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  var status = document.getElementById("draft-status");
  if (!form || !status || !window.indexedDB) { return; }
  var KEY = location.pathname;
  var fields = Array.prototype.slice.call(form.querySelectorAll("input.figure, textarea"));
  var buttons = Array.prototype.slice.call(form.querySelectorAll("button[type=submit]"));
  var draft = null;
  var open = 0;  // conflicts still to be chosen

  function store(mode, work) {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open("thidua", 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("drafts"); };
      request.onerror = function () { reject(request.error); };
      request.onsuccess = function () {
        var db = request.result;
        var tx = db.transaction("drafts", mode);
        var result = work(tx.objectStore("drafts"));
        tx.oncomplete = function () { db.close(); resolve(result && result.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      };
    });
  }
  function load() { return store("readonly", function (s) { return s.get(KEY); }); }
  function drop() { draft = null; return store("readwrite", function (s) { return s.delete(KEY); }); }

  function say(kind) { status.textContent = kind ? status.dataset[kind] : ""; }

  // Every entry that differs from the page as the server sent it, with that server value as its base.
  function keep() {
    draft = draft || {fields: {}};
    fields.forEach(function (el) {
      var entry = draft.fields[el.name];
      if (el.value !== (entry ? entry.base : el.defaultValue)) {
        draft.fields[el.name] = {base: entry ? entry.base : el.defaultValue, value: el.value};
      } else if (entry) { delete draft.fields[el.name]; }
    });
    if (Object.keys(draft.fields).length === 0) { return drop(); }
    draft.at = Date.now();
    return store("readwrite", function (s) { return s.put(draft, KEY); });
  }

  function set(el, value) {
    el.value = value;
    el.dispatchEvent(new Event("input", {bubbles: true}));  // totals, validity, "unsaved" as if typed
  }

  function choose(row, el, value) {
    set(el, value);
    row.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", b.dataset.value === value ? "true" : "false"); });
    if (!row.dataset.chosen) { row.dataset.chosen = "1"; open -= 1; }
    buttons.forEach(function (b) { b.disabled = open > 0; });
    say(open > 0 ? "choose" : "unsent");
  }

  function conflictRow(card, el, mine, saved) {
    var row = document.createElement("tr");
    var label = document.createElement("td");
    label.textContent = el.getAttribute("aria-label") || (el.labels[0] && el.labels[0].textContent) || el.name;
    row.appendChild(label);
    [mine, saved].forEach(function (value) {
      var cell = document.createElement("td");
      var text = document.createElement("span");
      text.className = "conflict-value";
      text.textContent = value === "" ? "—" : value;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary conflict-use";
      button.dataset.value = value;
      button.textContent = card.dataset.use;
      button.addEventListener("click", function () { choose(row, el, value); });
      cell.appendChild(text);
      cell.appendChild(button);
      row.appendChild(cell);
    });
    card.querySelector("tbody").appendChild(row);
  }

  // Three-way: an entry the server left as it was takes the device's value; one where both changed is a conflict.
  var merging = false;

  function merge() {
    var card = document.getElementById("device-conflicts");
    var applied = 0;
    merging = true;  // the "input" events of the values put back must not rewrite the draft halfway
    Object.keys(draft.fields).forEach(function (name) {
      var el = form.elements[name];
      var entry = draft.fields[name];
      if (!el || entry.value === el.defaultValue) { delete draft.fields[name]; return; }
      if (el.defaultValue === entry.base) { set(el, entry.value); applied += 1; return; }
      set(el, entry.value);  // shown as typed on the device (totals too); not saved until the clerk chooses
      el.classList.add("border-warning");
      conflictRow(card, el, entry.value, el.defaultValue);
      open += 1;
    });
    merging = false;
    if (open > 0) {
      card.hidden = false;
      buttons.forEach(function (b) { b.disabled = true; });
    }
    return applied;
  }

  function send() {
    if (!draft || open > 0 || !navigator.onLine) { return; }
    var data = new FormData(form);
    data.set("then", "stay");
    fetch(form.action, {method: "POST", body: data, credentials: "same-origin"}).then(function (response) {
      var path = new URL(response.url).pathname;
      if (response.ok && response.redirected && path === KEY) {
        return drop().then(function () { sessionStorage.setItem("thidua-sent", KEY); location.reload(); });
      }
      if (response.redirected && path !== KEY) { say("signin"); return null; }
      var retries = parseInt(sessionStorage.getItem("thidua-retry") || "0", 10);
      if ((response.status === 409 || response.status === 403) && retries < 2) {
        // The form on the screen is older than the report: open it again and compare with what is saved now.
        sessionStorage.setItem("thidua-retry", String(retries + 1));
        location.reload();
        return null;
      }
      say("refused");
      return null;
    }).catch(function () { say("unsent"); });
  }

  form.addEventListener("input", function () {
    if (!merging && (draft || !navigator.onLine)) { keep().then(function () { say(draft ? (open > 0 ? "choose" : "unsent") : ""); }); }
  });
  form.addEventListener("submit", function (event) {
    if (form.dataset.kept) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    keep().then(function () {
      if (!navigator.onLine) { say(draft ? "unsent" : ""); return; }
      form.dataset.kept = "1";  // the normal save; if the connection fails meanwhile, the draft is on the device
      // Submitted and taken, the answer is the report's page, where static/js/pwa.js drops this draft.
      if (draft) { sessionStorage.setItem("thidua-sending", KEY); }
      form.requestSubmit(submitter);
    });
  });

  // Links and files need the connection: say so, and do not leave the page for the browser's error page.
  var notes = document.querySelectorAll(".offline-note");
  function connection() {
    notes.forEach(function (note) { note.hidden = navigator.onLine; });
    if (navigator.onLine) { send(); }
  }
  document.querySelectorAll('form[action*="/evidence/"], form[action*="/xlsx/"]').forEach(function (other) {
    other.addEventListener("submit", function (event) {
      if (!navigator.onLine) { event.preventDefault(); connection(); }
    });
  });
  window.addEventListener("online", connection);
  window.addEventListener("offline", connection);

  if (sessionStorage.getItem("thidua-sent") === KEY) { sessionStorage.removeItem("thidua-sent"); say("sent"); }
  load().then(function (saved) {
    if (!saved) { sessionStorage.removeItem("thidua-retry"); return; }
    draft = saved;
    merge();
    if (Object.keys(draft.fields).length === 0) { drop(); sessionStorage.removeItem("thidua-retry"); return; }
    say(open > 0 ? "choose" : "unsent");
    connection();
  }).catch(function () { return null; });
  notes.forEach(function (note) { note.hidden = navigator.onLine; });
})();
