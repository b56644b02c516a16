/* What the outbox puts on the wire: a join the phone made, a batch of answers, the
   count of what still waits. Each reply becomes the items it settled, each with the
   server's outcome ({status, error, message, current}), for the outbox to file away.
   A classic script that sets self.AlloSend (for static/js/outbox.js). */
(function (scope) {
  "use strict";

  var SUCCESS = ["stored", "duplicate", "superseded"];
  var TIMEOUT = 20000;

  // The answers that wait (not the joins), oldest first.
  function list() {
    return scope.AlloStore.queue().then(function (rows) {
      return rows.filter(function (row) { return row.kind !== "join"; });
    });
  }

  function wire(item) {
    var out = { uuid: item.uuid, prompt_id: item.prompt_id, value: item.value, recorded_at: item.recorded_at };
    if (item.seq) out.seq = item.seq; // the phone's own order of its edits: the server keeps the highest
    return out;
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
      return settled(items.map(function (item) {
        var result = outcome.get(item.uuid);
        return result && (SUCCESS.indexOf(result.status) >= 0 || result.status === "rejected")
          ? Object.assign({}, item, { outcome: result }) : null;
      }));
    }).finally(function () { clearTimeout(timer); });
  }

  // The items a reply settled (each with the server's outcome), also as {done, rejected}.
  function settled(rows) {
    rows = rows.filter(Boolean);
    var refused = function (row) { return row.outcome.status === "rejected"; };
    return {
      rows: rows,
      done: rows.filter(function (row) { return !refused(row); }),
      rejected: rows.filter(refused).map(function (row) {
        return { item: row, error: row.outcome.error, message: row.outcome.message };
      }),
    };
  }

  // POST a join the phone made (its own device token): sent before its answers, the
  // same join again is the same join. A refusal (the meeting closed meanwhile...) is final.
  function sendJoin(item) {
    return api(item, "/participants", {
      method: "POST",
      body: JSON.stringify({ group: item.group, language: item.language, device_token: item.device_token }),
    }).then(function (response) {
      return response.json().then(function (body) {
        if (response.ok) return settled([Object.assign({}, item, { outcome: { status: "joined" } })]);
        if (response.status !== 400 && response.status !== 404 && response.status !== 409) throw new Error();
        var error = body.error || {};
        return settled([Object.assign({}, item, {
          outcome: { status: "rejected", error: error.code, message: error.message },
        })]);
      }, function () { // not JSON: a captive portal's page
        var error = new Error("join not confirmed: HTTP " + response.status);
        error.status = response.status;
        throw error;
      });
    });
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

  scope.AlloSend = {
    answers: send,
    join: sendJoin,
    settled: settled,
    reportWaiting: reportWaiting,
    keyOf: keyOf,
  };
})(self);
