/* Thi đua as an installable app (issue 18): registers the service worker of the clerk's report pages, and clears
   what the device keeps (cached pages, unsent drafts) when the person signs out or another person signs in.
   A static file: the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !("serviceWorker" in navigator) || !window.caches) { return; }
  var user = me.dataset.user;

  function clearDevice() {
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

  // Signing out: nothing of this person stays on the device (the server also answers with Clear-Site-Data).
  document.querySelectorAll('form[action="' + me.dataset.logout + '"]').forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.cleared) { return; }
      event.preventDefault();
      clearDevice().then(function () { form.dataset.cleared = "1"; form.submit(); });
    });
  });

  var owner = null;
  try { owner = localStorage.getItem("thidua-user"); } catch (e) { owner = null; }
  var ready = owner === null || owner === user ? Promise.resolve() : clearDevice();
  ready.then(function () {
    try { localStorage.setItem("thidua-user", user); } catch (e) { /* private mode: nothing to remember */ }
    return navigator.serviceWorker.register(me.dataset.sw, {scope: me.dataset.scope});
  }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    // A page the worker has not kept (it was loaded before the worker took control, which clients.claim() may
    // since have done) asks to be kept for offline use; the worker decides which pages it keeps.
    return caches.match(location.href, {ignoreVary: true}).then(function (hit) {
      if (!hit && registration.active) {
        registration.active.postMessage({keep: location.href});
      }
    });
  }).catch(function () { return null; });
})();
