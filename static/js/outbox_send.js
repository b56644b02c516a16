/* The outbox's requests (self.AlloSend): a join, a batch of answers, what waits. A
   reply becomes the rows it settled, each with its outcome {status, error, message, current}. */
(function (scope) {
  "use strict";

  var SUCCESS = ["stored", "duplicate", "superseded"];
  var TIMEOUT = 20000;

  function list() {
    return scope.AlloStore.queue().then(function (rows) {
      return rows.filter(function (row) { return row.kind !== "join"; });
    });
  }

  function wire(item) {
    var out = { uuid: item.uuid, prompt_id: item.prompt_id, value: item.value, recorded_at: item.recorded_at };
    if (item.seq) out.seq = item.seq; // the phone's order of its edits
    return out;
  }

  function keyOf(item) {
    return item.meeting + " " + item.device_token;
  }

  // How many answers of this phone stay queued once `items` are sent ("N waiting").
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

  // POST a batch (one phone): resolves with the rows the reply settled; throws on all
  // but a JSON reply with results (offline, 5xx, a captive portal...), with its status.
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
        // the phone's clock at send: recorded_at onto the server's clock
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
      return items.filter(function (item) {
        var result = outcome.get(item.uuid);
        return result && (SUCCESS.indexOf(result.status) >= 0 || result.status === "rejected");
      }).map(function (item) { return settled(item, outcome.get(item.uuid)); });
    }).finally(function () { clearTimeout(timer); });
  }

  function settled(item, outcome) {
    return Object.assign({}, item, { outcome: outcome });
  }

  // A join with the phone's own token: the same again is the same join; a refusal is final.
  function sendJoin(item) {
    return api(item, "/participants", {
      method: "POST",
      body: JSON.stringify({ group: item.group, language: item.language, device_token: item.device_token }),
    }).then(function (response) {
      var status = response.status;
      return response.json().catch(function () { return null; }).then(function (body) {
        if (body && response.ok) return [settled(item, { status: "joined" })];
        if (!body || [400, 404, 409].indexOf(status) < 0) throw Object.assign(new Error("join: HTTP " + status), { status: status });
        return [settled(item, { status: "rejected", error: body.error.code, message: body.error.message })];
      });
    });
  }

  // per phone, the count the server last heard
  var reported = new Map();

  // The server answered but took nothing (5xx): tell it how many wait, where that changed.
  function reportWaiting() {
    return list().then(function (rows) {
      var counts = new Map();
      rows.forEach(function (row) {
        var key = keyOf(row);
        if (!counts.has(key)) counts.set(key, { item: row, n: 0 });
        counts.get(key).n += 1;
      });
      reported.forEach(function (n, key) { // emptied meanwhile
        if (!counts.has(key)) reported.delete(key);
      });
      counts.forEach(function (count, key) {
        if (reported.get(key) === count.n) return;
        tellWaiting(count.item, key, count.n).then(function (sent) {
          // another drain's "0 wait" may have landed first: count again, correct once
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

  scope.AlloSend = {
    answers: send,
    join: sendJoin,
    settled: settled,
    reportWaiting: reportWaiting,
    keyOf: keyOf,
  };
})(self);
