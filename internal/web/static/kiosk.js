// Mutu survey kiosk: a tablet at a unit's counter (templates/pages/kiosk.html).
//
// It renders the survey from the JSON the page embeds (#kiosk-data), one
// question per screen with large touch targets, and starts over after each
// respondent and after a minute without a touch. It keeps working offline:
// every finished response is first stored in IndexedDB (database
// "mutu-kiosk", object store "queue", key = a random UUID) and then posted
// to the JSON API with that UUID as its Idempotency-Key, so a retry after a
// lost reply returns the first result instead of storing the response twice.
// The queue is sent on page load, after each response, on the "online"
// event, and with exponential backoff after a failure; one sync runs at a
// time (an in-page flag, plus the Web Locks API across tabs).
//
// The device token arrives once in the URL fragment (#t=TOKEN[&s=SERVICE]),
// which never reaches the server; it is kept in localStorage and removed
// from the address bar. The service worker (/kiosk/sw.js) keeps the page and
// its assets so that the kiosk also reloads without the network.
(function () {
  "use strict";

  var dataEl = document.getElementById("kiosk-data");
  if (!dataEl) return;
  var D = JSON.parse(dataEl.textContent);
  var app = document.getElementById("kiosk");
  var screen = document.getElementById("kiosk-screen");
  var progressEl = document.getElementById("kiosk-progress");
  var statusEl = document.getElementById("kiosk-status");
  var langBtn = document.getElementById("kiosk-lang");
  var lang = D.langs[0];

  // ---- the device: token and optional service, from the fragment ----

  var deviceKey = "mutu-kiosk:" + D.unit;
  var device = {};
  try { device = JSON.parse(localStorage.getItem(deviceKey) || "{}") || {}; } catch (e) { device = {}; }
  if (location.hash.length > 1) {
    var frag = new URLSearchParams(location.hash.slice(1));
    if (frag.get("t")) {
      device = { token: frag.get("t"), service: frag.get("s") || "" };
      try { localStorage.setItem(deviceKey, JSON.stringify(device)); } catch (e) { /* kept in memory only */ }
    }
    history.replaceState(null, "", location.pathname + location.search);
  }

  // ---- texts ----

  function t(key) {
    var args = arguments, i = 1;
    var msg = (D.text[lang] && D.text[lang][key]) || D.text[D.langs[0]][key] || key;
    return msg.replace(/%[dsv]/g, function () { return i < args.length ? String(args[i++]) : ""; });
  }
  function tr(m) { return m[lang] || m[D.langs[0]] || ""; }

  // el builds an element: attributes, then children (strings become text).
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") e.textContent = v;
      else if (k === "onclick") e.addEventListener("click", guarded(v));
      else if (k === "oninput") e.addEventListener("input", v);
      else if (k === "class") e.className = v;
      else e.setAttribute(k, v === true ? "" : v);
    }
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  // A tap within this long of a new screen is ignored: a double tap must
  // not answer the next question with the finger still on the glass.
  var tapGuard = 300;
  var shownAt = 0;
  function guarded(fn) {
    return function (e) {
      if (Date.now() - shownAt < tapGuard) return;
      fn.call(this, e);
    };
  }

  // ---- the survey ----

  var S; // the current respondent's answers
  var steps; // the screens of one survey, in order
  var at = 0; // index in steps

  // trimmed copies an object of strings with each value trimmed.
  function trimmed(o) {
    var out = {};
    Object.keys(o).forEach(function (k) { out[k] = o[k].trim(); });
    return out;
  }

  function fresh() {
    S = { service: "", answers: {}, extra: {}, age: "", sex: "", education: "", occupation: "", saran: "", error: "" };
    steps = ["start"];
    if (D.services.length > 0 && !device.service) steps.push("service");
    D.elements.forEach(function (e, i) { steps.push(i); });
    steps.push("about", "thanks");
    at = 0;
  }

  function questionCount() { return D.elements.length; }

  function go(i) {
    at = Math.max(0, Math.min(i, steps.length - 1));
    render();
    armTimer();
  }
  function next() { go(at + 1); }
  function back() { go(at - 1); }

  function reset() {
    lang = D.langs[0];
    fresh();
    render();
    armTimer();
  }

  // ---- screens ----

  function render() {
    var step = steps[at];
    document.documentElement.lang = lang;
    langBtn.hidden = false;
    var other = D.langs[(D.langs.indexOf(lang) + 1) % D.langs.length];
    langBtn.textContent = D.lang_name[other];
    langBtn.setAttribute("lang", other);
    app.setAttribute("data-state", typeof step === "number" ? "question" : step);
    app.setAttribute("data-step", String(at));
    shownAt = Date.now();
    app.setAttribute("data-shown", String(shownAt));
    screen.textContent = "";
    renderProgress(step);
    var build = typeof step === "number" ? questionScreen : screens[step];
    build(step).forEach(function (n) { if (n) screen.appendChild(n); });
    var h = screen.querySelector("h1, h2");
    if (h) { h.setAttribute("tabindex", "-1"); h.focus({ preventScroll: true }); }
    updateStatus();
  }

  function renderProgress(step) {
    progressEl.textContent = "";
    if (typeof step !== "number" && step !== "about") { progressEl.hidden = true; return; }
    var n = questionCount() + 1;
    var done = typeof step === "number" ? step + 1 : n;
    progressEl.hidden = false;
    progressEl.appendChild(el("span", { text: typeof step === "number" ? t("kiosk.progress", done, questionCount()) : t("survey.about_you") }));
    progressEl.appendChild(el("progress", { max: String(n), value: String(done), "aria-hidden": "true" }));
  }

  function backButton() {
    return el("button", { type: "button", class: "kiosk-back secondary", onclick: back, text: "← " + t("kiosk.back") });
  }

  var screens = {
    start: function () {
      if (!device.token) {
        return [
          el("h1", { class: "kiosk-title", text: t("kiosk.not_registered_title") }),
          el("p", { class: "kiosk-lead", text: t("kiosk.not_registered") }),
          el("p", { class: "kiosk-lead" }, [el("a", { href: D.survey, text: location.origin + D.survey })])
        ];
      }
      var svc = device.service && D.services.filter(function (s) { return s.code === device.service; })[0];
      return [
        el("h1", { class: "kiosk-title", text: D.name }),
        svc ? el("p", { class: "kiosk-service", text: t("survey.service") + ": " + tr(svc.label) }) : null,
        el("p", { class: "kiosk-lead", text: t("kiosk.start_lead") }),
        el("button", { type: "button", class: "kiosk-start", id: "kiosk-start", onclick: start, text: t("kiosk.start") })
      ];
    },

    service: function () {
      var choices = D.services.map(function (s) {
        return choiceButton(tr(s.label), S.service === s.code, function () { S.service = s.code; next(); });
      });
      choices.push(choiceButton(t("survey.service_unknown"), false, function () { S.service = ""; next(); }));
      return [
        el("h2", { class: "kiosk-question", text: t("survey.which_service") }),
        el("div", { class: "kiosk-choices kiosk-services" }, choices),
        el("div", { class: "kiosk-nav" }, [backButton()])
      ];
    },

    about: function () {
      var nodes = [el("h2", { class: "kiosk-question", text: t("survey.about_you") }), el("p", { class: "kiosk-hint", text: t("survey.about_you_hint") })];
      if (S.error) nodes.push(el("p", { class: "kiosk-error", role: "alert", text: S.error }));
      D.questions.forEach(function (q, i) {
        nodes.push(field("k-q" + (i + 1), q.text, el("input", { id: "k-q" + (i + 1), type: "text", maxlength: String(D.max_extra), value: S.extra[q.code] || "",
          oninput: function (e) { S.extra[q.code] = e.target.value; } })));
      });
      nodes.push(field("k-age", t("survey.age"), el("input", { id: "k-age", type: "number", inputmode: "numeric", min: "10", max: "120", value: S.age,
        class: "kiosk-age", oninput: function (e) { S.age = e.target.value; } })));
      nodes.push(el("fieldset", { class: "kiosk-field" }, [el("legend", { text: t("survey.sex") + " (" + t("survey.optional") + ")" }),
        el("div", { class: "kiosk-choices kiosk-inline" }, D.sexes.map(function (o) {
          var b = choiceButton(tr(o.label), S.sex === o.code, function () {
            S.sex = S.sex === o.code ? "" : o.code;
            if (S.sex) press(b); else b.setAttribute("aria-pressed", "false");
          }, "sex-" + o.code);
          return b;
        }))]));
      nodes.push(selectField("k-education", t("survey.education"), D.educations, "education"));
      nodes.push(selectField("k-occupation", t("survey.occupation"), D.occupations, "occupation"));
      nodes.push(field("k-saran", t("survey.saran"), el("textarea", { id: "k-saran", rows: "3", maxlength: String(D.max_saran),
        oninput: function (e) { S.saran = e.target.value; } }, [S.saran])));
      nodes.push(el("div", { class: "kiosk-nav" }, [backButton(),
        el("button", { type: "button", class: "kiosk-submit", id: "kiosk-submit", onclick: submit, text: t("survey.submit") })]));
      nodes.push(el("p", { class: "kiosk-hint", text: t("survey.privacy") }));
      return nodes;
    },

    thanks: function () {
      return [
        el("h1", { class: "kiosk-title", text: t("survey.thanks_title") }),
        el("p", { class: "kiosk-lead", text: t("kiosk.thanks_text", D.thanks_seconds) }),
        el("button", { type: "button", class: "kiosk-start", id: "kiosk-done", onclick: reset, text: t("kiosk.done") })
      ];
    }
  };

  function questionScreen(i) {
    var e = D.elements[i];
    var chosen = S.answers[e.code];
    return [
      el("h2", { class: "kiosk-question", id: "kiosk-q", text: tr(e.question) }),
      // An instrument stored without English answer labels shows the
      // Indonesian ones: then the scale hint explains them.
      lang !== D.langs[0] && tr(e.labels[0]) === e.labels[0][D.langs[0]] ? el("p", { class: "kiosk-scale", text: t("kiosk.scale_hint") }) : null,
      el("div", { class: "kiosk-choices kiosk-answers", role: "group", "aria-labelledby": "kiosk-q" }, e.labels.map(function (label, j) {
        var b = choiceButton(tr(label), chosen === j + 1, function () {
          S.answers[e.code] = j + 1;
          press(b);
          var here = at;
          setTimeout(function () { if (at === here) next(); }, 150); // let the respondent see the choice
        }, "answer-" + (j + 1));
        b.insertBefore(el("span", { class: "kiosk-score", "aria-hidden": "true", text: String(j + 1) }), b.firstChild);
        b.setAttribute("data-value", String(j + 1));
        return b;
      })),
      el("div", { class: "kiosk-nav" }, [backButton()])
    ];
  }

  // press marks b as the chosen one of its group.
  function press(b) {
    Array.prototype.forEach.call(b.parentNode.children, function (x) { x.setAttribute("aria-pressed", x === b ? "true" : "false"); });
  }

  function choiceButton(label, pressed, onclick, cls) {
    return el("button", { type: "button", class: "kiosk-choice" + (cls ? " " + cls : ""), "aria-pressed": pressed ? "true" : "false", onclick: onclick }, [el("span", { text: label })]);
  }

  function field(id, label, input) {
    return el("div", { class: "kiosk-field" }, [el("label", { for: id, text: label + " (" + t("survey.optional") + ")" }), input]);
  }

  function selectField(id, label, opts, key) {
    var sel = el("select", { id: id, oninput: function (e) { S[key] = e.target.value; } },
      [el("option", { value: "", text: "–" })].concat(opts.map(function (o) {
        return el("option", { value: o.code, selected: S[key] === o.code, text: tr(o.label) });
      })));
    return field(id, label, sel);
  }

  function start() {
    if (document.documentElement.requestFullscreen && !document.fullscreenElement) {
      document.documentElement.requestFullscreen().catch(function () { /* not allowed: stay windowed */ });
    }
    next();
  }

  // ---- timers: start over after the thanks screen, or when left alone ----

  var timer = null;
  function armTimer() {
    clearTimeout(timer);
    timer = null;
    var step = steps[at];
    if (step === "start") return;
    var secs = step === "thanks" ? D.thanks_seconds : D.idle_seconds;
    timer = setTimeout(reset, secs * 1000);
  }
  ["pointerdown", "keydown", "input"].forEach(function (ev) {
    document.addEventListener(ev, function () { if (steps[at] !== "thanks") armTimer(); }, true);
  });

  langBtn.addEventListener("click", function () {
    lang = D.langs[(D.langs.indexOf(lang) + 1) % D.langs.length];
    render();
  });

  // ---- finishing a survey ----

  function submit() {
    var age = 0;
    if (String(S.age).trim() !== "") {
      age = Number(S.age);
      if (!Number.isInteger(age) || age < 10 || age > 120) {
        S.error = t("skm.err.age");
        render();
        return;
      }
    }
    S.error = "";
    var body = {
      channel: "kiosk",
      answers: S.answers,
      answered_at: serverNow(),
      profile: { age: age, sex: S.sex, education: S.education, occupation: S.occupation },
      extra: trimmed(S.extra), // by question code: a question hidden meanwhile cannot shift the others
      saran: S.saran.trim()
    };
    if (S.service) body.service = S.service; // else the server uses the kiosk's own service, if any
    var item = { id: uuid(), unit: D.unit, created: Date.now(), body: body };
    queue.put(item).then(function () {
      next(); // the thanks screen
      sync();
    }, function (err) {
      console.error("mutu kiosk: cannot queue the response", err);
      S.error = t("kiosk.save_error");
      render();
    });
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = b[6] & 0x0f | 0x40;
    b[8] = b[8] & 0x3f | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // A tablet's clock may be wrong; answered_at follows the server's clock,
  // as last seen in the Date header of a reply.
  var skewKey = "mutu-kiosk:skew";
  var skew = 0;
  try { skew = Number(localStorage.getItem(skewKey)) || 0; } catch (e) { skew = 0; }
  function noteServerClock(res) {
    var d = Date.parse(res.headers.get("Date") || "");
    if (isNaN(d)) return;
    var s = d - Date.now();
    skew = Math.abs(s) > 60000 ? s : 0; // the header has whole seconds: ignore small differences
    try { localStorage.setItem(skewKey, String(skew)); } catch (e) { /* ignore */ }
  }
  function serverNow() {
    return new Date(Date.now() + skew).toISOString().replace(/\.\d+Z$/, "Z");
  }

  // ---- the queue: IndexedDB, or memory when IndexedDB is unavailable ----

  var queue = (function () {
    var dbp = new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var req = indexedDB.open("mutu-kiosk", 1);
      req.onupgradeneeded = function () { req.result.createObjectStore("queue", { keyPath: "id" }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
      req.onblocked = function () { reject(new Error("IndexedDB blocked")); };
    });
    var mem = {};
    function run(mode, fn) {
      return dbp.then(function (db) {
        return new Promise(function (resolve, reject) {
          var tx = db.transaction("queue", mode);
          var req = fn(tx.objectStore("queue"));
          tx.oncomplete = function () { resolve(req && req.result); };
          tx.onerror = tx.onabort = function () { reject(tx.error); };
        });
      });
    }
    function memory(fn) {
      return function () {
        var args = arguments;
        return run.apply(null, fn.idb(args)).catch(function (err) {
          if (!fn.mem) throw err;
          console.warn("mutu kiosk: IndexedDB unavailable, queue kept in memory", err);
          return fn.mem.apply(null, args);
        });
      };
    }
    return {
      put: memory({
        idb: function (a) { return ["readwrite", function (st) { return st.put(a[0]); }]; },
        mem: function (item) { mem[item.id] = item; }
      }),
      del: memory({
        idb: function (a) { return ["readwrite", function (st) { return st.delete(a[0]); }]; },
        mem: function (id) { delete mem[id]; }
      }),
      get: memory({
        idb: function (a) { return ["readonly", function (st) { return st.get(a[0]); }]; },
        mem: function (id) { return mem[id]; }
      }),
      all: memory({
        idb: function () { return ["readonly", function (st) { return st.getAll(); }]; },
        mem: function () { return Object.keys(mem).map(function (k) { return mem[k]; }); }
      })
    };
  })();

  function mine(items) {
    return (items || []).filter(function (it) { return it.unit === D.unit; })
      .sort(function (a, b) { return (a.created || 0) - (b.created || 0); });
  }

  // ---- sync ----

  var syncing = null; // the running sync, if any
  var again = false; // another sync was asked for while one ran
  var failures = 0;
  var retryTimer = null;
  var rejected = false; // the server refused the token

  function sync() {
    if (syncing) { again = true; return syncing; }
    clearTimeout(retryTimer);
    retryTimer = null;
    var p = navigator.locks && navigator.locks.request
      ? navigator.locks.request("mutu-kiosk-sync:" + D.unit, drain)
      : drain();
    syncing = Promise.resolve(p).catch(function (err) {
      console.error("mutu kiosk: sync failed", err);
      later();
    }).then(function () {
      syncing = null;
      updateStatus();
      if (again) { again = false; return sync(); }
    });
    return syncing;
  }

  // drain sends the queued responses one by one, oldest first, and stops at
  // the first failure that is worth retrying.
  function drain() {
    if (!device.token) return Promise.resolve();
    return queue.all().then(function (items) {
      items = mine(items);
      var i = 0;
      function step() {
        if (i >= items.length) { failures = 0; return; }
        var item = items[i++];
        // Another tab may have sent it meanwhile.
        return queue.get(item.id).then(function (cur) {
          if (!cur) return step();
          return send(cur).then(function (outcome) {
            if (outcome === "done") return queue.del(cur.id).then(updateStatus).then(step);
            if (outcome === "again") { i--; items[i] = cur; return queue.put(cur).then(step); }
            later(outcome);
          });
        });
      }
      return step();
    });
  }

  // send posts one response: "done" (stored, replayed, or refused for good:
  // drop it), "again" (repaired: send once more), or a retry delay in ms.
  function send(item) {
    return fetch(D.api, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "Idempotency-Key": item.id, "X-Kiosk-Token": device.token },
      body: JSON.stringify(item.body)
    }).then(function (res) {
      noteServerClock(res);
      if (res.status === 200 || res.status === 201) { rejected = false; return "done"; }
      if (res.status === 401 || res.status === 403) { rejected = true; return 5 * 60 * 1000; }
      if (res.status === 408 || res.status === 429 || res.status >= 500) {
        var after = Number(res.headers.get("Retry-After"));
        return after > 0 ? after * 1000 : 0;
      }
      // Any other 4xx will never succeed as it is.
      return res.json().catch(function () { return null; }).then(function (j) {
        if (res.status === 422 && repair(item, j)) return "again";
        console.warn("mutu kiosk: the server refused response " + item.id + " (" + res.status + "); dropped", j);
        return "done";
      });
    }, function () {
      return 0; // network error: offline, or the server is unreachable
    });
  }

  // repair drops what made a queued response invalid when it is only its
  // time (the tablet's clock, or a queue older than the server accepts) or
  // a service that no longer exists: the answers are still worth counting.
  function repair(item, j) {
    if (item.repaired || !j || !j.error || !j.error.fields) return false;
    var fixable = { answered_at: true, service: true };
    var ok = j.error.fields.length > 0 && j.error.fields.every(function (f) { return fixable[f.field]; });
    if (!ok) return false;
    j.error.fields.forEach(function (f) { delete item.body[f.field]; });
    item.repaired = true;
    return true;
  }

  // later schedules the next try: exponential backoff from 2 s to 5 min,
  // with jitter, or the delay the server asked for.
  function later(delay) {
    failures++;
    var backoff = Math.min(2000 * Math.pow(2, failures - 1), 5 * 60 * 1000) * (0.75 + Math.random() / 2);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(sync, Math.max(delay || 0, backoff));
  }

  function updateStatus() {
    return queue.all().then(function (items) {
      var n = mine(items).length;
      statusEl.setAttribute("data-pending", String(n));
      var parts = [];
      if (n > 0) parts.push(t("kiosk.pending", n));
      if (n > 0 && !navigator.onLine) parts.push(t("kiosk.offline"));
      if (rejected) parts.push(t("kiosk.token_rejected"));
      statusEl.textContent = parts.join(" · ");
      statusEl.hidden = parts.length === 0;
    }, function () { /* no queue to count */ });
  }

  window.addEventListener("online", function () { failures = 0; sync(); });
  window.addEventListener("offline", updateStatus);

  // ---- offline page: the service worker ----

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(D.worker, { scope: D.scope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      // The page that registered the worker was not fetched through it:
      // ask it to keep this page now.
      var ch = new MessageChannel();
      ch.port1.onmessage = function (e) { app.setAttribute("data-offline", e.data === "cached" ? "ready" : "failed"); };
      reg.active.postMessage({ cache: D.cache }, [ch.port2]);
    }).catch(function (err) {
      console.warn("mutu kiosk: no service worker; the kiosk will not reload offline", err);
    });
  }

  fresh();
  render();
  sync();
})();
