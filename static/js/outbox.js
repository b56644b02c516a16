/* The answer outbox. An answer waits here, in IndexedDB, until the server has
   confirmed it; the server is idempotent on the answer's UUID, so sending one
   twice is harmless and sending it never is the only failure.

   A classic script (no modules) that sets self.AlloOutbox, so the participant
   page and, later, a service worker (importScripts) drain the same store.
   Three layers, as in workbox-background-sync: the schema, the queue
   operations, the replay policy. An item looks like
   {uuid, meeting, device_token, prompt_id, value, recorded_at, queued_at}. */
(function (scope) {
  "use strict";

  // ---- Schema: database "allo", store "outbox" keyed by uuid, FIFO by queued_at.
  // Each version only adds to the one before: an upgrade never drops a queued answer.
  var DB_NAME = "allo";
  var STORE = "outbox";
  var VERSION = 2;
  var UPGRADES = [
    function v1(db) {
      db.createObjectStore(STORE, { keyPath: "uuid" }).createIndex("queued_at", "queued_at");
    },
    function v2(db, tx) { // per meeting: what waits, and "leave this meeting"
      tx.objectStore(STORE).createIndex("meeting", "meeting");
    },
  ];
  var opening = null;
  var memory = new Map(); // used only where IndexedDB is missing or refused

  function openDb() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        if (!scope.indexedDB) throw new Error("no IndexedDB");
        var request = scope.indexedDB.open(DB_NAME, VERSION);
        request.onupgradeneeded = function (event) {
          for (var v = event.oldVersion; v < VERSION; v++) UPGRADES[v](request.result, request.transaction);
        };
        request.onsuccess = function () {
          var db = request.result;
          // A newer version opened elsewhere (another tab, the worker): let it upgrade.
          db.onversionchange = function () { db.close(); opening = null; };
          resolve(db);
        };
        request.onerror = function () { reject(request.error); };
        request.onblocked = function () { reject(new Error("outbox upgrade blocked")); };
      }).catch(function () { opening = null; return null; });
    }
    return opening;
  }

  // Run `work` in one transaction and resolve when it has committed. Nothing
  // asynchronous (never a fetch) happens inside: a transaction closes when idle.
  function transaction(mode, work, fallback) {
    return openDb().then(function (db) {
      if (!db) return fallback();
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var out = {};
        work(tx.objectStore(STORE), out);
        tx.oncomplete = function () { resolve(out.value); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  // ---- Queue operations.
  var lastQueued = 0;

  function put(item) {
    // Strictly increasing, so items queued in the same millisecond keep their order.
    lastQueued = Math.max(Date.now(), lastQueued + 1);
    var row = Object.assign({ queued_at: lastQueued }, item);
    return transaction("readwrite", function (store) { store.put(row); },
      function () { memory.set(row.uuid, row); }).then(function () { return row; });
  }

  function list() {
    return transaction("readonly", function (store, out) {
      store.index("queued_at").getAll().onsuccess = function (event) { out.value = event.target.result; };
    }, function () {
      return Array.from(memory.values()).sort(function (a, b) { return a.queued_at - b.queued_at; });
    });
  }

  function listFor(meeting) {
    return list().then(function (rows) {
      return rows.filter(function (row) { return row.meeting === meeting; });
    });
  }

  function remove(uuids) {
    return transaction("readwrite", function (store) {
      uuids.forEach(function (uuid) { store.delete(uuid); });
    }, function () { uuids.forEach(function (uuid) { memory.delete(uuid); }); });
  }

  function uuid() {
    if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID();
    // randomUUID needs a secure context; a laptop served over plain http in the room is not one.
    var b = scope.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    var hex = Array.from(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // ---- Replay policy.
  var SUCCESS = ["stored", "duplicate", "superseded"];
  var BATCH = 50;
  var TIMEOUT = 20000;
  var BASE_DELAY = 2000;
  var MAX_DELAY = 60000;
  var OFFLINE_DELAY = 10000; // while the phone knows it has no network: a look now and then

  function wire(item) {
    return { uuid: item.uuid, prompt_id: item.prompt_id, value: item.value, recorded_at: item.recorded_at };
  }

  function keyOf(item) {
    return item.meeting + " " + item.device_token;
  }

  // How many answers of this meeting and device stay queued once `items` are sent:
  // the server shows the room "N answers still waiting to sync".
  function waitingAfter(items) {
    var sending = new Set(items.map(function (item) { return item.uuid; }));
    return list().then(function (rows) {
      return rows.filter(function (row) {
        return keyOf(row) === keyOf(items[0]) && !sending.has(row.uuid);
      }).length;
    }, function () { return undefined; }); // unknown: say nothing
  }

  function api(item, path, init) {
    init.credentials = "omit";
    init.cache = "no-store";
    init.headers = {
      "Content-Type": "application/json",
      "Accept": "application/json",
      "Authorization": "Bearer " + item.device_token,
    };
    return fetch("/api/meetings/" + encodeURIComponent(item.meeting) + path, init);
  }

  // POST one batch (same meeting and device). Resolves {done, rejected} with the
  // items the reply settles; throws on anything that is not a JSON reply with a
  // results list (offline, timeout, 5xx, a captive portal's HTML page...); an
  // error the server answered carries its HTTP status.
  function send(items) {
    var first = items[0];
    var abort = new AbortController();
    var timer = null;
    var waiting;
    return waitingAfter(items).then(function (left) {
      waiting = left;
      timer = setTimeout(function () { abort.abort(); }, TIMEOUT);
      return api(first, "/answers", {
        method: "POST",
        signal: abort.signal,
        // The phone's clock at send: the server puts recorded_at on its own clock with it.
        body: JSON.stringify({ answers: items.map(wire), waiting: waiting, sent_at: new Date().toISOString() }),
      });
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.indexOf("application/json") !== 0) {
        var error = new Error("answers not confirmed: HTTP " + response.status);
        error.status = response.status;
        throw error;
      }
      return response.json();
    }).then(function (body) {
      if (waiting !== undefined) reported.set(keyOf(first), waiting);
      return body;
    }).then(function (body) {
      if (!body || !Array.isArray(body.results)) throw new Error("reply without results");
      var outcome = new Map(body.results.map(function (r) { return [r.uuid, r]; }));
      var done = [];
      var rejected = [];
      items.forEach(function (item) {
        var result = outcome.get(item.uuid);
        if (result && SUCCESS.indexOf(result.status) >= 0) done.push(item);
        else if (result && result.status === "rejected") {
          rejected.push({ item: item, error: result.error, message: result.message });
        }
      });
      return { done: done, rejected: rejected };
    }).finally(function () { clearTimeout(timer); });
  }

  // The outbox count the server last heard, per meeting and device.
  var reported = new Map();

  // The server answered but did not take the answers (5xx, backoff): tell it how many
  // wait, where that changed, so the room knows. Best effort: a failure changes nothing.
  function reportWaiting() {
    return list().then(function (rows) {
      var counts = new Map();
      rows.forEach(function (row) {
        var key = keyOf(row);
        if (!counts.has(key)) counts.set(key, { item: row, n: 0 });
        counts.get(key).n += 1;
      });
      reported.forEach(function (n, key) { // emptied meanwhile (another tab sent them)
        if (!counts.has(key)) reported.delete(key);
      });
      counts.forEach(function (count, key) {
        if (reported.get(key) === count.n) return;
        tellWaiting(count.item, key, count.n).then(function (sent) {
          // Another drain (a tab, the worker) may have sent answers while this report was
          // on its way, and its "0 wait" may have landed first: count again, correct once.
          if (sent) return countOf(key).then(function (n) { if (n !== count.n) return tellWaiting(count.item, key, n); });
        }).catch(function () {});
      });
    }).catch(function () {});
  }

  function tellWaiting(item, key, n) {
    return api(item, "/waiting", { method: "PUT", body: JSON.stringify({ waiting: n }) })
      .then(function (response) { if (response.ok) reported.set(key, n); return response.ok; });
  }

  function countOf(key) {
    return list().then(function (rows) { return rows.filter(function (row) { return keyOf(row) === key; }).length; });
  }

  function batches(rows) {
    var groups = new Map();
    rows.forEach(function (row) {
      var key = keyOf(row);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(row);
    });
    var out = [];
    groups.forEach(function (group) {
      for (var i = 0; i < group.length; i += BATCH) out.push(group.slice(i, i + BATCH));
    });
    return out;
  }

  function retryDelay(failures) {
    var capped = Math.min(MAX_DELAY, BASE_DELAY * Math.pow(2, Math.max(0, failures - 1)));
    return capped / 2 + Math.random() * capped / 2; // jitter: phones in one room spread out
  }

  var running = null;
  var again = false;
  var failures = 0;
  var retryTimer = null;

  // A try while the phone knows it has no network says nothing of the server: it does
  // not count, so the first try when the signal returns is not put off for a minute.
  function offline() {
    return Boolean(scope.navigator) && scope.navigator.onLine === false;
  }

  // The network is back, or someone looks at the page: forget the failures (the next
  // drain tries at once, and a failure then waits seconds, not the cap).
  function reset() {
    failures = 0;
  }

  // Send everything queued, in order; stop at the first failure and try again
  // later. An item leaves the outbox only once the server has settled it.
  async function drainOnce(sendBatch) {
    var rows = await list();
    var groups = batches(rows);
    for (var i = 0; i < groups.length; i++) {
      var result;
      try {
        result = await sendBatch(groups[i]);
      } catch (error) {
        return { ok: false, error: error };
      }
      var settled = result.done.concat(result.rejected.map(function (r) { return r.item; }));
      await remove(settled.map(function (item) { return item.uuid; }));
      announce(result);
    }
    return { ok: true, sent: rows.length };
  }

  // Pages and the worker hear what any of them settled (a worker drain while a
  // page is open must still turn its answers to "sent").
  var channel = scope.BroadcastChannel ? new scope.BroadcastChannel("allo-outbox") : null;

  function announce(result) {
    if (!channel) return;
    channel.postMessage({
      done: result.done.map(function (item) { return item.uuid; }),
      rejected: result.rejected.map(function (r) { return { uuid: r.item.uuid, message: r.message }; }),
    });
  }

  function onSettled(listener) {
    if (channel) channel.addEventListener("message", function (event) { listener(event.data); });
  }

  // Across tabs and the worker, one drain at a time (Web Locks where they exist;
  // the server's UUID check keeps a double send harmless where they do not).
  function exclusive(work) {
    var locks = scope.navigator && scope.navigator.locks;
    return locks ? locks.request("allo-outbox-drain", work) : work();
  }

  // One drain at a time: a call during a drain makes it run once more at its end.
  function drain(sendBatch) {
    sendBatch = sendBatch || send;
    if (running) {
      again = true;
      return running;
    }
    clearTimeout(retryTimer);
    retryTimer = null;
    running = (async function () {
      var report;
      do {
        again = false;
        try {
          report = await exclusive(function () { return drainOnce(sendBatch); });
        } catch (error) { // the store itself failed: keep everything, try later
          report = { ok: false, error: error };
        }
      } while (again && report.ok);
      return report;
    })().then(function (report) {
      running = null;
      if (report.ok) failures = 0;
      else {
        var answered = Boolean(report.error && report.error.status);
        if (answered) reportWaiting(); // online, but not getting through
        var counts = answered || !offline();
        if (counts) failures += 1;
        var delay = counts ? retryDelay(failures) : OFFLINE_DELAY / 2 + Math.random() * OFFLINE_DELAY / 2;
        retryTimer = setTimeout(function () { drain(sendBatch); }, delay);
      }
      return report;
    });
    return running;
  }

  scope.AlloOutbox = {
    DB_NAME: DB_NAME,
    STORE: STORE,
    put: put,
    list: list,
    listFor: listFor,
    remove: remove,
    onSettled: onSettled,
    uuid: uuid,
    send: send,
    reportWaiting: reportWaiting,
    drain: drain,
    reset: reset,
    failures: function () { return failures; },
    retryDelay: retryDelay,
  };
})(self);
