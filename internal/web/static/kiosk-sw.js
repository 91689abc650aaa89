// Mutu kiosk service worker, served as /kiosk/sw.js so that its scope is
// /kiosk/. It keeps what a kiosk needs to reload without the network:
//   - /static/*: cache first (stale-while-revalidate: the cached copy is
//     answered at once and refreshed in the background, so a new kiosk.js
//     reaches the tablet on the next reload);
//   - /kiosk/* pages and manifests: network first, the cached copy when the
//     network fails or the server errs.
// Everything else, in particular the POSTs to /api/, goes to the network
// untouched: the page's own queue (kiosk.js) handles failures there.
"use strict";

var CACHE = "mutu-kiosk-v1";
var SHELL = ["/static/mutu.css", "/static/kiosk.js"];

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(SHELL); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("mutu-kiosk-") === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// A kiosk page asks to keep itself (it was loaded before the worker ran).
self.addEventListener("message", function (e) {
  var urls = ((e.data && e.data.cache) || []).filter(function (u) {
    return typeof u === "string" && u.indexOf("/kiosk/") === 0 && u !== "/kiosk/sw.js";
  });
  var reply = function (msg) { if (e.ports && e.ports[0]) e.ports[0].postMessage(msg); };
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(urls.concat(SHELL)); })
    .then(function () { reply("cached"); }, function (err) { reply("failed"); console.warn("mutu kiosk worker: caching failed", err); }));
});

self.addEventListener("fetch", function (e) {
  var req = e.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    e.respondWith(cacheFirst(e, req));
  } else if (url.pathname.indexOf("/kiosk/") === 0 && url.pathname !== "/kiosk/sw.js") {
    e.respondWith(networkFirst(req));
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

function networkFirst(req) {
  return caches.open(CACHE).then(function (c) {
    var key = new URL(req.url);
    key.search = "";
    key.hash = "";
    return fetch(req).then(function (res) {
      if (res.ok) return c.put(key.href, res.clone()).then(function () { return res; });
      return c.match(key.href).then(function (hit) { return hit || res; });
    }, function () {
      return c.match(key.href).then(function (hit) { return hit || Response.error(); });
    });
  });
}
