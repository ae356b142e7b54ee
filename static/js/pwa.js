/* Thi đua as an installable app (issue 18): registers the service worker of the clerk's report pages, and clears
   what the device keeps (cached pages, unsent drafts) when the person signs out or another person signs in.
   A static file: the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !("serviceWorker" in navigator) || !window.caches) { return; }
  var user = me.dataset.user;

  // The worker first stops keeping anything (a page it is still fetching would otherwise land in a cache that
  // was just cleared), then the caches, the drafts and the worker go.
  function forget() {
    var worker = navigator.serviceWorker.controller;
    if (!worker || !window.MessageChannel) { return Promise.resolve(); }
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function () { resolve(); };
      worker.postMessage({forget: true}, [channel.port2]);
      setTimeout(resolve, 1000);  // a worker that does not answer does not hold signing out up
    });
  }

  function clearDevice() {
    return forget().then(clearStores);
  }

  function clearStores() {
    var jobs = [caches.keys().then(function (keys) {
      return Promise.all(keys.map(function (key) { return caches.delete(key); }));
    })];
    if (window.indexedDB) {
      jobs.push(new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase("thidua");
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      }));
    }
    jobs.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
      return Promise.all(registrations.map(function (r) { return r.unregister(); }));
    }));
    return Promise.all(jobs).catch(function () { return null; });
  }

  var signingOut = false;
  // Signing out: nothing of this person stays on the device (the server also answers with Clear-Site-Data).
  document.querySelectorAll('form[action="' + me.dataset.logout + '"]').forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.cleared) { return; }
      event.preventDefault();
      signingOut = true;  // no registering again (a retry's timer) between clearing and leaving
      clearDevice().then(function () { form.dataset.cleared = "1"; form.submit(); });
    });
  });

  // A page the worker has not kept (it was loaded before the worker took control, which clients.claim() may since
  // have done) asks to be kept for offline use, and asks again while the copy does not arrive (a lost request);
  // the worker decides which pages it keeps.
  function keepThisPage(worker, tries) {
    caches.match(location.href, {ignoreVary: true}).then(function (hit) {
      if (hit || tries <= 0 || signingOut) { return; }
      worker.postMessage({keep: location.href});
      setTimeout(function () { keepThisPage(worker, tries - 1); }, 3000);
    }).catch(function () { return null; });
  }

  // The active worker once the registration's newest worker has installed and activated; rejects when that
  // install failed (a file it keeps did not arrive), so that the page registers again instead of staying
  // uncontrolled until the next load.
  function activated(registration) {
    return new Promise(function (resolve, reject) {
      var worker = registration.installing || registration.waiting;
      if (!worker) { return registration.active ? resolve(registration.active) : reject(new Error("no worker")); }
      worker.addEventListener("statechange", function () {
        if (worker.state === "activated") { resolve(worker); }
        if (worker.state === "redundant") {
          return registration.active ? resolve(registration.active) : reject(new Error("install failed"));
        }
      });
    });
  }

  var failures = 0;
  var timer = null;
  function registerAgainLater() {
    if (timer !== null) { return; }
    var delay = Math.min(60000, 2000 * Math.pow(2, failures));
    failures += 1;
    timer = setTimeout(function () { timer = null; register(); }, delay);
  }
  function register() {
    if (signingOut) { return Promise.resolve(); }
    return navigator.serviceWorker.register(me.dataset.sw, {scope: me.dataset.scope})
      .then(activated)
      .then(function (worker) {
        failures = 0;
        // Opened while the worker was installing, this page may have been missed by its clients.claim().
        if (navigator.serviceWorker.controller === null) { worker.postMessage({claim: true}); }
        keepThisPage(worker, 5);
      })
      .catch(registerAgainLater);
  }
  // The connection is back: a page still without its worker tries at once.
  window.addEventListener("online", function () {
    if (navigator.serviceWorker.controller === null) {
      clearTimeout(timer);
      timer = null;
      register();
    }
  });

  // The form was sent with a draft kept on the device and the server took it: only a save that went through
  // answers with the report's own page (/reports/N/ for the form /reports/N/edit/). The server has the draft's
  // values now; the device need not keep them until sign-out. Any other answer (errors, a conflict, the sign-in
  // page, the form again) leaves the draft, and the form merges or sends it as usual.
  function dropSentDraft() {
    var sent = null;
    try {
      sent = sessionStorage.getItem("thidua-sending");
      sessionStorage.removeItem("thidua-sending");
    } catch (e) { return; }
    if (!sent || sent !== location.pathname + "edit/" || !window.indexedDB) { return; }
    var request = indexedDB.open("thidua", 1);
    request.onupgradeneeded = function () { request.result.createObjectStore("drafts"); };
    request.onsuccess = function () {
      var db = request.result;
      var tx = db.transaction("drafts", "readwrite");
      tx.objectStore("drafts").delete(sent);
      tx.oncomplete = tx.onerror = function () { db.close(); };
    };
  }
  dropSentDraft();

  var owner = null;
  try { owner = localStorage.getItem("thidua-user"); } catch (e) { owner = null; }
  var ready = owner === null || owner === user ? Promise.resolve() : clearDevice();
  ready.then(function () {
    try { localStorage.setItem("thidua-user", user); } catch (e) { /* private mode: nothing to remember */ }
    return register();
  });
})();
