// Mutu visit service worker, served as /kelola/pemantauan/sw.js so that its
// scope is /kelola/pemantauan/. It lets an evaluator reload a visit page
// without the network (static/visit.js keeps the scores themselves):
//   - visit pages (/kelola/pemantauan/unit/…/kunjungan/…, GET): network
//     first, the cached copy when the network fails;
//   - /static/*: cache first, refreshed in the background.
// Everything else, in particular every POST, goes to the network untouched.
// The cache holds only the visit pages this device opened; a signed-out
// reload gets the sign-in redirect from the network and caches nothing.
"use strict";

var CACHE = "mutu-visit-v1";
var SHELL = ["/static/mutu.css", "/static/visit.js", "/static/mutu.js", "/static/htmx.min.js"];

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(SHELL); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("mutu-visit-") === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// A visit page asks to keep itself (it was loaded before the worker ran).
self.addEventListener("message", function (e) {
  var urls = ((e.data && e.data.cache) || []).filter(isVisitPage);
  var reply = function (msg) { if (e.ports && e.ports[0]) e.ports[0].postMessage(msg); };
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(urls); })
    .then(function () { reply("cached"); }, function () { reply("failed"); }));
});

function isVisitPage(u) {
  return typeof u === "string" && /^\/kelola\/pemantauan\/unit\/[^/]+\/kunjungan\/[^/]+$/.test(u);
}

self.addEventListener("fetch", function (e) {
  var req = e.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    e.respondWith(cacheFirst(e, req));
  } else if (isVisitPage(url.pathname)) {
    e.respondWith(networkFirst(req, url.pathname));
  }
});

function cacheFirst(e, req) {
  return caches.open(CACHE).then(function (c) {
    return c.match(req, { ignoreSearch: true }).then(function (hit) {
      var fresh = fetch(req).then(function (res) {
        if (res.ok) return c.put(req, res.clone()).then(function () { return res; });
        return res;
      });
      if (hit) {
        e.waitUntil(fresh.catch(function () { /* offline: keep the cached copy */ }));
        return hit;
      }
      return fresh;
    });
  });
}

function networkFirst(req, key) {
  return caches.open(CACHE).then(function (c) {
    return fetch(req).then(function (res) {
      // Only a page the server showed (not a sign-in redirect) is kept.
      if (res.ok && !res.redirected) return c.put(key, res.clone()).then(function () { return res; });
      return res;
    }, function () {
      return c.match(key).then(function (hit) { return hit || Response.error(); });
    });
  });
}
