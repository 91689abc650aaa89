// Mutu monitoring visit: evaluators score on a phone or tablet with a poor
// connection (templates/pages/visit.html, visit_pages.go).
//
// A team score form (form[data-offline]) is not posted directly: its
// fields and photos go into IndexedDB first (database "mutu-visit", object
// store "queue", key = a random UUID, photos kept as Blobs), the row shows
// the draft, and the queue is sent: each item as multipart POST with its
// UUID as Idempotency-Key, so a retry after a lost reply stores nothing
// twice. The queue is sent on page load, on the "online" event, after each
// new draft and with backoff after a failure; one sync at a time.
//
// An item keeps the user who made it and is sent only under that user's
// session. When the session has expired (401) the queue waits: the page
// shows a sign-in link back to the visit, and once signed in the reloaded
// page sends it. A refused item (4xx with a message) is dropped and its
// message shown; it would be refused again.
(function () {
  "use strict";

  var status = document.getElementById("visit-sync");
  if (!status || !window.indexedDB) return;
  var user = status.dataset.user;
  var visit = status.dataset.visit;
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-offline]"));

  function t(name) {
    var args = arguments, i = 1;
    return (status.dataset["t" + name] || "").replace(/%[dsv]/g, function () { return i < args.length ? String(args[i++]) : ""; });
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
  }

  // ---- the queue ----

  var dbp = null;
  function db() {
    if (!dbp) {
      dbp = new Promise(function (resolve, reject) {
        var req = indexedDB.open("mutu-visit", 1);
        req.onupgradeneeded = function () { req.result.createObjectStore("queue", { keyPath: "id" }); };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbp;
  }
  function store(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var tx = d.transaction("queue", mode);
        var out = fn(tx.objectStore("queue"));
        tx.oncomplete = function () { resolve(out && out.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  // mine lists this visit's queued items made by this user, oldest first.
  function mine() {
    return store("readonly", function (s) { return s.getAll(); }).then(function (all) {
      return (all || []).filter(function (it) { return it.visit === visit && it.user === user; })
        .sort(function (a, b) { return a.at - b.at; });
    });
  }

  // ---- the page ----

  function say(msg, link) {
    status.hidden = !msg;
    status.textContent = msg || "";
    if (link) {
      status.appendChild(document.createTextNode(" "));
      var a = document.createElement("a");
      a.href = status.dataset.signin;
      a.textContent = t("SigninLink");
      status.appendChild(a);
    }
  }

  // showDraft puts a queued score on its row, marked as a draft.
  function showDraft(it) {
    var side = document.getElementById("t-" + it.indicator);
    if (!side) return;
    var lvl = side.querySelector("[data-level]");
    if (lvl) lvl.textContent = it.level + " (" + t("Draft") + ")";
    side.setAttribute("data-draft", "true");
  }

  function showSent(it) {
    var side = document.getElementById("t-" + it.indicator);
    if (!side) return;
    var lvl = side.querySelector("[data-level]");
    if (lvl) lvl.textContent = String(it.level);
    side.removeAttribute("data-draft");
  }

  function showPending(items) {
    status.dataset.pending = String(items.length);
    items.forEach(showDraft);
    if (items.length > 0) say(t("Queued", items.length));
  }

  // ---- sending ----

  var syncing = false, backoff = 2000, timer = null;

  function sync() {
    if (syncing) return Promise.resolve();
    syncing = true;
    return mine().then(function (items) {
      if (items.length === 0) { status.dataset.pending = "0"; return; }
      say(t("Sending"));
      return sendAll(items);
    }).catch(function () { retryLater(); }).then(function () { syncing = false; });
  }

  function sendAll(items) {
    if (items.length === 0) {
      backoff = 2000;
      status.dataset.pending = "0";
      say(t("Sent"));
      return;
    }
    var it = items[0];
    var fd = new FormData();
    fd.append("indicator", it.indicator);
    fd.append("level", it.level);
    fd.append("note", it.note);
    (it.files || []).forEach(function (f) { fd.append("files", f.blob, f.name); });
    return fetch(it.url, {
      method: "POST", body: fd, credentials: "same-origin", redirect: "manual",
      headers: { "Idempotency-Key": it.id, "Accept": "application/json" }
    }).then(function (res) {
      if (res.ok) {
        return store("readwrite", function (s) { s.delete(it.id); }).then(function () {
          showSent(it);
          return sendAll(items.slice(1));
        });
      }
      if (res.status === 401 || res.type === "opaqueredirect") {
        status.dataset.pending = String(items.length);
        say(t("Signin", items.length), true);
        return;
      }
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        // Refused for good: drop it and say why.
        return res.json().catch(function () { return {}; }).then(function (body) {
          return store("readwrite", function (s) { s.delete(it.id); }).then(function () {
            say(t("Refused", it.indicator, (body && body.error && body.error.message) || res.status));
            status.dataset.refused = it.indicator;
          });
        });
      }
      throw new Error("status " + res.status);
    });
  }

  function retryLater() {
    clearTimeout(timer);
    timer = setTimeout(sync, backoff);
    backoff = Math.min(backoff * 2, 60000);
  }

  // ---- the forms ----

  forms.forEach(function (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var checked = form.querySelector("input[name=level]:checked");
      var input = form.querySelector("input[type=file]");
      var files = Array.prototype.slice.call((input && input.files) || []).map(function (f) {
        return { name: f.name, blob: f };
      });
      var it = {
        id: uuid(), at: Date.now(), visit: visit, user: user, url: form.action,
        indicator: form.querySelector("input[name=indicator]").value,
        level: checked ? checked.value : "", note: form.querySelector("textarea[name=note]").value, files: files
      };
      store("readwrite", function (s) { s.put(it); }).then(function () {
        if (input) input.value = "";
        return mine();
      }).then(function (items) {
        showPending(items);
        if (navigator.onLine) sync();
      });
    });
  });

  // The service worker (/kelola/pemantauan/sw.js) keeps this page for an
  // offline reload; the page asks it to keep itself once it runs.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/kelola/pemantauan/sw.js", { scope: "/kelola/pemantauan/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      var ch = new MessageChannel();
      ch.port1.onmessage = function (e) { status.dataset.offline = e.data === "cached" ? "ready" : "failed"; };
      reg.active.postMessage({ cache: [location.pathname] }, [ch.port2]);
    }).catch(function () { status.dataset.offline = "failed"; });
  }

  window.addEventListener("online", function () { backoff = 2000; sync(); });
  mine().then(function (items) {
    showPending(items);
    status.dataset.ready = "true";
    if (navigator.onLine) sync();
  }, function () { status.dataset.ready = "true"; });
})();
