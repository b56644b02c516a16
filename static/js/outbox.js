/* The outbox (self.AlloOutbox, page and worker): an answer waits in IndexedDB
   (store.js) until the server confirmed its UUID; requests in outbox_send.js.
   {uuid, meeting, device_token, prompt_id, value, recorded_at, seq, queued_at} */
(function (scope) {
  "use strict";

  var Store = scope.AlloStore;
  var Send = scope.AlloSend;
  var keyOf = Send.keyOf;
  var settled = Send.settled;

  // A join {uuid: "join:..", kind: "join", ...} leaves before its phone's answers.
  function isAnswer(row) {
    return row.kind !== "join";
  }

  function list() {
    return Store.queue().then(function (rows) { return rows.filter(isAnswer); });
  }

  function listFor(meeting) {
    return list().then(function (rows) {
      return rows.filter(function (row) { return row.meeting === meeting; });
    });
  }

  function remove(uuids) {
    return Store.remove(uuids);
  }

  function uuid() {
    if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID();
    // randomUUID needs a secure context (not a laptop on plain http)
    var b = scope.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    var hex = Array.from(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  var BATCH = 50;
  var BASE_DELAY = 2000;
  var MAX_DELAY = 60000;
  var OFFLINE_DELAY = 10000; // known offline: a look now and then

  function batches(rows) {
    var groups = new Map();
    rows.forEach(function (row) {
      var key = keyOf(row);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(row);
    });
    var out = [];
    groups.forEach(function (group) {
      group.filter(function (row) { return !isAnswer(row); }).forEach(function (row) { out.push([row]); });
      var answers = group.filter(isAnswer);
      for (var i = 0; i < answers.length; i += BATCH) out.push(answers.slice(i, i + BATCH));
    });
    return out;
  }

  function retryDelay(failures) {
    var capped = Math.min(MAX_DELAY, BASE_DELAY * Math.pow(2, Math.max(0, failures - 1)));
    return capped / 2 + Math.random() * capped / 2; // jitter
  }

  var running = null;
  var again = false;
  var failures = 0;
  var retryTimer = null;

  // A try while known offline does not count toward the backoff.
  function offline() {
    return Boolean(scope.navigator) && scope.navigator.onLine === false;
  }

  // The network is back, or the page is looked at: the backoff starts over.
  function reset() {
    failures = 0;
  }

  // Everything in order; stop at the first failure. An item leaves once settled.
  async function drainOnce(sendBatch) {
    var rows = await Store.queue();
    var groups = batches(rows);
    var refused = new Map(); // phones whose join was refused
    for (var i = 0; i < groups.length; i++) {
      var batch = groups[i];
      var done;
      var why = refused.get(keyOf(batch[0]));
      if (why) done = batch.map(function (item) { return settled(item, why); });
      else {
        try {
          done = await (isAnswer(batch[0]) ? sendBatch(batch) : Send.join(batch[0]));
        } catch (error) {
          done = error.status === 401 ? await unjoined(batch) : null;
          if (!done) return { ok: false, error: error };
        }
      }
      var outcome = !isAnswer(batch[0]) && done[0].outcome;
      if (outcome && outcome.status === "rejected" && outcome.error !== "group_locked") refused.set(keyOf(batch[0]), outcome);
      await Store.settle(done);
      announce(done);
    }
    return { ok: true, sent: rows.filter(isAnswer).length };
  }

  // A phone whose join was refused: its answers are refused with the join's reason.
  async function unjoined(batch) {
    var phone = await Store.phone(batch[0].meeting);
    if (phone.refused === undefined || phone.device_token !== batch[0].device_token) return null;
    return batch.map(function (item) { return settled(item, { status: "rejected", message: phone.refused }); });
  }

  var channel = scope.BroadcastChannel ? new scope.BroadcastChannel("allo-outbox") : null;
  var listeners = [];

  function announce(rows) {
    var news = { uuids: rows.map(function (row) { return row.uuid; }) };
    listeners.forEach(function (listener) { listener(news); });
    if (channel) channel.postMessage(news);
  }

  function onSettled(listener) {
    listeners.push(listener);
    if (channel) channel.addEventListener("message", function (event) { listener(event.data); });
  }

  // One drain at a time across tabs and the worker (else the UUID check keeps it harmless).
  function exclusive(work) {
    var locks = scope.navigator && scope.navigator.locks;
    return locks ? locks.request("allo-outbox-drain", work) : work();
  }

  // A call during a drain makes it run once more.
  function drain(sendBatch) {
    sendBatch = sendBatch || Send.answers;
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
        if (answered) Send.reportWaiting(); // online, but not getting through
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
    list: list,
    listFor: listFor,
    remove: remove,
    onSettled: onSettled,
    uuid: uuid,
    drain: drain,
    reset: reset,
    failures: function () { return failures; },
  };
})(self);
