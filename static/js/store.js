/* The phone's state in IndexedDB: a record per meeting (participant/phone.js) and the
   outbox. A record's change and the outbox items it makes are ONE transaction. Sets
   self.AlloStore for page and worker; runs on memory where IndexedDB is refused. */
(function (scope) {
  "use strict";

  // Schema: each version only adds to the one before.
  var DB_NAME = "allo";
  var VERSION = 3;
  var UPGRADES = [
    function v1(db) {
      db.createObjectStore("outbox", { keyPath: "uuid" }).createIndex("queued_at", "queued_at");
    },
    function v2(db, tx) { // per meeting: what waits, and "leave this meeting"
      tx.objectStore("outbox").createIndex("meeting", "meeting");
    },
    function v3(db) { // records (were in localStorage)
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
          db.onversionchange = function () { db.close(); opening = null; };
          resolve(db);
        };
        request.onerror = function () { reject(request.error); };
        // blocked: older connections close on "versionchange", then it goes on.
      }).catch(function () { opening = null; return null; });
    }
    return opening;
  }

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

  // work(stores, out) in one transaction; resolves with out.value when committed.
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

  var lastQueued = 0;

  function stamp(item) {
    lastQueued = Math.max(Date.now(), lastQueued + 1);
    return Object.assign({ queued_at: lastQueued }, item);
  }

  function queue() {
    return run("readonly", function (s, out) {
      s.outbox.index("queued_at").getAll().onsuccess = function (event) { out.value = event.target.result; };
    });
  }

  function remove(uuids) {
    return run("readwrite", function (s) { uuids.forEach(function (uuid) { s.outbox.delete(uuid); }); });
  }

  function blank(meeting) {
    return { meeting: meeting, answers: {}, seq: 0 };
  }

  function phone(meeting) {
    return run("readonly", function (s, out) {
      s.phones.get(meeting).onsuccess = function (event) { out.value = event.target.result || blank(meeting); };
    });
  }

  // change(record) alters it and returns the outbox items it makes: one transaction.
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

  // "sent" only for the newest edit that IS the stored answer, else outcome.current.
  function take(record, rows) {
    rows.forEach(function (row) {
      var outcome = row.outcome;
      if (row.device_token !== record.device_token) return;
      if (row.kind === "join") {
        if (outcome.status === "rejected") {
          if (outcome.error !== "group_locked") record.refused = outcome.message || "";
        }
        else record.joined = true;
        return;
      }
      var answer = record.answers[row.prompt_id];
      if (!answer || answer.uuid !== row.uuid) return; // an older edit
      var current = outcome.current;
      if (outcome.status === "rejected") Object.assign(answer, { state: "rejected", message: outcome.message });
      else if (current && current.uuid !== row.uuid) {
        record.answers[row.prompt_id] = { uuid: current.uuid, value: current.value, seq: answer.seq, state: "sent" };
      } else if (outcome.status === "superseded" && !current) answer.state = "stale";
      else answer.state = "sent";
    });
  }

  // Out of the outbox, outcomes into the records: one transaction.
  function settle(rows) {
    var meetings = Array.from(new Set(rows.map(function (row) { return row.meeting; })));
    return run("readwrite", function (s) {
      rows.forEach(function (row) { s.outbox.delete(row.uuid); });
      meetings.forEach(function (meeting) {
        s.phones.get(meeting).onsuccess = function (event) {
          var record = event.target.result;
          if (!record) return;
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

  var channel = scope.BroadcastChannel ? new scope.BroadcastChannel("allo-phone") : null;

  function onChange(listener) {
    if (channel) channel.addEventListener("message", function (event) { listener(event.data.meeting); });
  }

  scope.AlloStore = {
    queue: queue,
    remove: remove,
    phone: phone,
    update: update,
    settle: settle,
    forget: forget,
    onChange: onChange,
  };
})(self);
