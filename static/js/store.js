/* The phone's whole state, in IndexedDB: per meeting one record (device token,
   group, language, answers, the edit counter "seq") and the outbox of what waits
   to be sent. A change of the record and the outbox items it makes are written in
   ONE transaction, so after a crash both are there or neither is.

   A classic script (no modules) that sets self.AlloStore, for the page and the
   service worker (importScripts). Where IndexedDB is missing or refused, the same
   operations run on memory (gone with the tab: the page says nothing better). */
(function (scope) {
  "use strict";

  // ---- Schema: database "allo". Each version only adds to the one before: an
  // upgrade never drops a queued answer or a phone's record.
  var DB_NAME = "allo";
  var VERSION = 3;
  var UPGRADES = [
    function v1(db) {
      db.createObjectStore("outbox", { keyPath: "uuid" }).createIndex("queued_at", "queued_at");
    },
    function v2(db, tx) { // per meeting: what waits, and "leave this meeting"
      tx.objectStore("outbox").createIndex("meeting", "meeting");
    },
    function v3(db) { // the phone's record per meeting (was in localStorage)
      db.createObjectStore("phones", { keyPath: "meeting" });
    },
  ];
  var opening = null;

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
        // onblocked: an older connection still open (a tab, the worker) closes on
        // "versionchange", then the upgrade goes on; memory instead would forget the join.
      }).catch(function () { opening = null; return null; });
    }
    return opening;
  }

  // The memory fallback: stores with the few IndexedDB calls used below.
  var memory = { outbox: new Map(), phones: new Map() };
  var KEYS = { outbox: "uuid", phones: "meeting" };

  function memoryStore(name) {
    var map = memory[name];
    function request(value) {
      var r = {};
      Promise.resolve().then(function () { if (r.onsuccess) r.onsuccess({ target: { result: value } }); });
      return r;
    }
    function all() {
      return Array.from(map.values()).sort(function (a, b) { return a.queued_at - b.queued_at; });
    }
    return {
      get: function (key) { return request(map.get(key)); },
      put: function (row) { map.set(row[KEYS[name]], row); return request(); },
      delete: function (key) { map.delete(key); return request(); },
      getAll: function () { return request(all()); },
      index: function () { return { getAll: function () { return request(all()); } }; },
    };
  }

  // Run `work(stores, out)` in one transaction over both stores and resolve with
  // out.value once it has committed. Nothing asynchronous but the store's own
  // requests happens inside: a transaction closes when idle.
  function run(mode, work) {
    return openDb().then(function (db) {
      var out = {};
      if (!db) {
        work({ outbox: memoryStore("outbox"), phones: memoryStore("phones") }, out);
        return new Promise(function (resolve) { setTimeout(function () { resolve(out.value); }, 0); });
      }
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(["outbox", "phones"], mode);
        work({ outbox: tx.objectStore("outbox"), phones: tx.objectStore("phones") }, out);
        tx.oncomplete = function () { resolve(out.value); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  // ---- The outbox.
  var lastQueued = 0;

  function stamp(item) {
    // Strictly increasing, so items queued in the same millisecond keep their order.
    lastQueued = Math.max(Date.now(), lastQueued + 1);
    return Object.assign({ queued_at: lastQueued }, item);
  }

  function put(item) {
    var row = stamp(item);
    return run("readwrite", function (s) { s.outbox.put(row); }).then(function () { return row; });
  }

  // Everything queued, joins and answers, oldest first.
  function queue() {
    return run("readonly", function (s, out) {
      s.outbox.index("queued_at").getAll().onsuccess = function (event) { out.value = event.target.result; };
    });
  }

  function remove(uuids) {
    return run("readwrite", function (s) { uuids.forEach(function (uuid) { s.outbox.delete(uuid); }); });
  }

  // ---- The phone's records.
  function blank(meeting) {
    return { meeting: meeting, answers: {}, seq: 0 };
  }

  function phone(meeting) {
    return run("readonly", function (s, out) {
      s.phones.get(meeting).onsuccess = function (event) { out.value = event.target.result || blank(meeting); };
    });
  }

  // Read the meeting's record, let change(record) alter it and return the outbox
  // items it makes (or nothing); write all of it in one transaction. Resolves with
  // the record as committed. Other tabs hear of it ("allo-phone").
  function update(meeting, change) {
    return run("readwrite", function (s, out) {
      s.phones.get(meeting).onsuccess = function (event) {
        var record = event.target.result || blank(meeting);
        var items = change(record) || [];
        s.phones.put(record);
        items.forEach(function (item) { s.outbox.put(stamp(item)); });
        out.value = record;
      };
    }).then(function (record) {
      if (channel) channel.postMessage({ meeting: meeting });
      return record;
    });
  }

  // What the server said of settled outbox rows (row.outcome), as the record shows it.
  // "Sent" only for the phone's newest edit that IS the stored answer: an edit the
  // server did not keep ("superseded") gives way to the one it did (outcome.current).
  function take(record, rows) {
    rows.forEach(function (row) {
      var outcome = row.outcome;
      if (row.device_token !== record.device_token) return; // a phone that left and came back
      if (row.kind === "join") {
        if (outcome.status === "rejected") {
          if (outcome.error !== "group_locked") record.refused = outcome.message || ""; // its answers cannot land
        }
        else record.joined = true;
        return;
      }
      var answer = record.answers[row.prompt_id];
      if (!answer || answer.uuid !== row.uuid) return; // an older edit: the newer one shows
      var current = outcome.current; // with "superseded" (and a duplicate replaced since)
      if (outcome.status === "rejected") Object.assign(answer, { state: "rejected", message: outcome.message });
      else if (current && current.uuid !== row.uuid) {
        record.answers[row.prompt_id] = { uuid: current.uuid, value: current.value, seq: answer.seq, state: "sent" };
      } else if (outcome.status === "superseded" && !current) answer.state = "stale"; // the page asks the server
      else answer.state = "sent";
    });
  }

  // The outbox items settled by the server leave it, and the records they belong
  // to take what the server said, in one transaction.
  function settle(rows) {
    var meetings = Array.from(new Set(rows.map(function (row) { return row.meeting; })));
    return run("readwrite", function (s) {
      rows.forEach(function (row) { s.outbox.delete(row.uuid); });
      meetings.forEach(function (meeting) {
        s.phones.get(meeting).onsuccess = function (event) {
          var record = event.target.result;
          if (!record) return; // forgotten ("leave this meeting"): nothing to show
          take(record, rows.filter(function (row) { return row.meeting === meeting; }));
          s.phones.put(record);
        };
      });
    }).then(function () {
      if (channel) meetings.forEach(function (meeting) { channel.postMessage({ meeting: meeting }); });
    });
  }

  function forget(meeting) {
    return run("readwrite", function (s) { s.phones.delete(meeting); });
  }

  // Other tabs and the worker changed a record: listener(meeting).
  var channel = scope.BroadcastChannel ? new scope.BroadcastChannel("allo-phone") : null;

  function onChange(listener) {
    if (channel) channel.addEventListener("message", function (event) { listener(event.data.meeting); });
  }

  scope.AlloStore = {
    DB_NAME: DB_NAME,
    put: put,
    queue: queue,
    remove: remove,
    phone: phone,
    update: update,
    settle: settle,
    forget: forget,
    onChange: onChange,
  };
})(self);
