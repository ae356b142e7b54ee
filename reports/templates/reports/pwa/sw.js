/* Thi đua's service worker (issue 18): the clerk's report form opens without a connection.
   Scope /reports/: it sees only the clerk's own pages (their home and their report forms, which the server
   shows to no one else) and the static files those pages load. Nothing else is ever cached. Signing out
   clears every cache (the Clear-Site-Data header of the sign-out answer and static/js/pwa.js). */
"use strict";
var VERSION = "{{ version }}";  // the worker's bytes change with every file it keeps
var CACHE = "thidua-" + VERSION;
var STATIC = {{ static_urls|safe }};
var PREFIX = {{ prefix|safe }};
var PAGES = new RegExp("^" + PREFIX + "(\\d+/edit/)?$");
var SAVES = new RegExp("^" + PREFIX + "\\d+/edit/(submit/)?$");

// One file for the cache, tried again after a pause when the signal drops or the server is busy: a single lost
// request must not fail the whole install (the page would then stay without a worker until it registers again).
function fetchKept(url, tries) {
  return fetch(url, {credentials: "same-origin"}).then(function (response) {
    if (!response.ok) { throw new Error(url + " answered " + response.status); }
    return response;
  }).catch(function (error) {
    if (tries <= 1) { throw error; }
    return new Promise(function (resolve) { setTimeout(resolve, 1000); }).then(function () {
      return fetchKept(url, tries - 1);
    });
  });
}

self.addEventListener("install", function (event) {
  // Files an earlier, failed install already kept (same version, same URLs) are not fetched again.
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(STATIC.map(function (url) {
      return cache.match(url).then(function (hit) {
        return hit || fetchKept(url, 3).then(function (response) { return cache.put(url, response); });
      });
    }));
  }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key !== CACHE; }).map(function (key) {
      return caches.delete(key);
    }));
  }).then(function () { return self.clients.claim(); }));
});

// A page opened before this worker took control asks for itself to be kept, and to be claimed: activate's
// clients.claim() misses a page whose navigation was still under way then (opened while the worker installed).
var forgotten = false;  // the person is signing out: nothing more is kept (a fetch still under way included)

self.addEventListener("message", function (event) {
  if (event.data && event.data.forget) {
    forgotten = true;
    if (event.ports[0]) { event.ports[0].postMessage("forgotten"); }
    return;
  }
  if (event.data && event.data.claim) {
    event.waitUntil(self.clients.claim());
  }
  var url = event.data && event.data.keep;
  if (url && PAGES.test(new URL(url).pathname)) {
    event.waitUntil(fetch(url, {credentials: "same-origin"}).then(function (response) { return keep(url, response); }));
  }
});

function keep(url, response) {
  // Only the page itself, as the signed-in clerk sees it: not a redirect to the sign-in page, not an error.
  if (!forgotten && response.ok && !response.redirected && response.type === "basic") {
    var copy = response.clone();
    return caches.open(CACHE).then(function (cache) { return cache.put(url, copy); }).then(function () { return response; });
  }
  return Promise.resolve(response);
}

function page(request) {
  return fetch(request).then(function (response) { return keep(request.url, response); }).catch(function () {
    // The copy kept for this URL, whatever the request's headers (the page varies on Cookie).
    return caches.match(request.url, {ignoreVary: true, ignoreSearch: false}).then(function (hit) {
      return hit || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "GET" && STATIC.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.match(request.url).then(function (hit) { return hit || fetch(request); }));
  } else if (request.method === "GET" && request.mode === "navigate" && PAGES.test(url.pathname)) {
    event.respondWith(page(request));
  } else if (request.method === "POST" && request.mode === "navigate" && SAVES.test(url.pathname)) {
    // Saving with no connection: back to the form (from the cache), where the figures wait on the device.
    var form = url.pathname.replace(/submit\/$/, "");
    event.respondWith(fetch(request).catch(function () { return Response.redirect(form, 303); }));
  }
});
