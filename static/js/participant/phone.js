// The phone's record of a meeting in IndexedDB (store.js), shared by tabs and worker:
// {device_token, group, language, joined, at, seq, answers: {prompt_id: {uuid, value,
// seq, state: local|sent|rejected|stale, message}}}. README: exactly once.
import { wakeWorker } from "./pwa.js";

const Store = globalThis.AlloStore;
const Outbox = globalThis.AlloOutbox;

// Made on the phone, so it can join offline: 32 random bytes, base64url.
function newToken() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function answerItem(record, promptId, answer) {
  return {
    uuid: answer.uuid, meeting: record.meeting, device_token: record.device_token,
    prompt_id: Number(promptId), value: answer.value, recorded_at: answer.recorded_at, seq: answer.seq,
  };
}

function exclusive(name, work) {
  return navigator.locks ? navigator.locks.request(name, work) : work();
}

export class Phone {
  constructor(token, record) {
    Object.assign(this, { token, record });
  }

  async reload() {
    this.record = await Store.phone(this.token);
    return this.record;
  }

  async update(change) {
    this.record = await Store.update(this.token, change);
    return this.record;
  }

  // Join (or change group, language) through the outbox; one token whichever tab is first.
  join(group, language) {
    return exclusive(`allo-join:${this.token}`, () => this.update((record) => {
      const same = record.joined && record.group === group && record.language === language;
      record.device_token ||= newToken();
      Object.assign(record, { group, language });
      delete record.refused;
      if (same) return [];
      return [{ uuid: `join:${Outbox.uuid()}`, kind: "join", meeting: record.meeting,
        device_token: record.device_token, group, language }];
    }));
  }

  // An edit: the counter's next number and its outbox item, in one transaction.
  give(promptId, value) {
    return this.update((record) => {
      record.seq = (record.seq || 0) + 1;
      const answer = { uuid: Outbox.uuid(), value, recorded_at: new Date().toISOString(), seq: record.seq, state: "local" };
      record.answers[promptId] = answer;
      return [answerItem(record, promptId, answer)];
    });
  }

  // "local" answers the outbox lost are queued again, with their own UUID.
  async requeue() {
    const queued = new Set((await Outbox.list()).map((item) => item.uuid));
    const lost = Object.entries(this.record.answers).filter(([, a]) => a.state === "local" && !queued.has(a.uuid));
    if (lost.length) {
      await this.update((record) => lost.map(([promptId, answer]) => answerItem(record, promptId, answer)));
    }
  }

  // The server's copy: it wins over "sent" and "stale", not over what still waits.
  merge(stored) {
    return this.update((record) => {
      for (const answer of stored) {
        record.seq = Math.max(record.seq || 0, answer.seq || 0);
        const mine = record.answers[answer.prompt_id];
        if (!mine || mine.state === "stale" || (mine.state === "sent" && (answer.seq || 0) > (mine.seq || 0))) {
          record.answers[answer.prompt_id] = { uuid: answer.uuid, value: answer.value, seq: answer.seq, state: "sent" };
        } else if (mine.uuid === answer.uuid && mine.state !== "local") mine.state = "sent";
      }
    });
  }

  forget() {
    return Store.forget(this.token);
  }
}

// An older release's record in localStorage ("allo:<token>"), moved in once.
async function migrate(token, record) {
  let old = null;
  try {
    old = JSON.parse(localStorage.getItem(`allo:${token}`));
  } catch {
    return record;
  }
  if (!old?.device_token || record.device_token) return record;
  const moved = await Store.update(token, (fresh) => {
    if (fresh.device_token) return [];
    const given = Object.entries(old.answers || {}).sort(([, a], [, b]) => (a.recorded_at < b.recorded_at ? -1 : 1));
    Object.assign(fresh, { device_token: old.device_token, group: old.group, language: old.language, joined: true, at: old.at });
    fresh.seq = given.length;
    given.forEach(([promptId, answer], i) => { fresh.answers[promptId] = { ...answer, seq: i + 1 }; });
    return given.filter(([, a]) => a.state === "local").map(([promptId, a]) => answerItem(fresh, promptId, fresh.answers[promptId]));
  });
  localStorage.removeItem(`allo:${token}`);
  return moved;
}

export async function open(token) {
  return new Phone(token, await migrate(token, await Store.phone(token)));
}

export class Answers {
  constructor(phone, onSettled) {
    this.phone = phone;
    Outbox.onSettled(() => onSettled());
  }

  get(promptId) {
    return this.phone.record.answers[promptId];
  }

  async give(promptId, value) {
    const current = this.get(promptId);
    if (current && current.state !== "rejected" && JSON.stringify(current.value) === JSON.stringify(value)) return false;
    await this.phone.give(promptId, value);
    this.sync();
    wakeWorker(); // sends it if this tab closes
    return true;
  }

  sync() {
    return Outbox.drain();
  }

  syncNow() {
    Outbox.reset();
    wakeWorker();
    return this.sync();
  }

  restore() {
    return this.phone.requeue();
  }

  async waiting() {
    return (await Outbox.listFor(this.phone.token)).length;
  }
}
