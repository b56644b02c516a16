// This phone's state for one meeting, shared by every tab and the service worker:
// one record in IndexedDB (static/js/store.js) {meeting, device_token, group,
// language, joined, at, seq, answers: {prompt_id: {uuid, value, recorded_at, seq,
// state, message}}}. state is "local" (on the phone), "sent" (the stored answer),
// "rejected" or "stale" (the server kept another edit: ask it which). Every change is
// read, changed and written in one transaction, with the outbox items it makes.
const Store = globalThis.AlloStore;
const Outbox = globalThis.AlloOutbox;

// A device token made on the phone (so it can join offline): 32 random bytes, base64url.
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

// Where one tab at a time may act (the join): Web Locks where they exist.
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

  // Join, or change group or language: the phone's own token, kept before anything is
  // sent; the join goes through the outbox, ahead of the answers. One join per phone,
  // whichever tab asks first (the others find the token).
  join(group, language) {
    return exclusive(`allo-join:${this.token}`, () => this.update((record) => {
      const same = record.joined && record.group === group && record.language === language;
      record.device_token ||= newToken();
      Object.assign(record, { group, language });
      delete record.refused;
      if (same) return [];
      // Its own key: a join on its way may be settled while a newer one waits.
      return [{ uuid: `join:${Outbox.uuid()}`, kind: "join", meeting: record.meeting,
        device_token: record.device_token, group, language }];
    }));
  }

  // A new edit: the next number of this phone's counter and its outbox item, together.
  give(promptId, value) {
    return this.update((record) => {
      record.seq = (record.seq || 0) + 1;
      const answer = { uuid: Outbox.uuid(), value, recorded_at: new Date().toISOString(), seq: record.seq, state: "local" };
      record.answers[promptId] = answer;
      return [answerItem(record, promptId, answer)];
    });
  }

  // Answers still "local" that the outbox lost are queued again, with their own UUID.
  async requeue() {
    const queued = new Set((await Outbox.list()).map((item) => item.uuid));
    const lost = Object.entries(this.record.answers).filter(([, a]) => a.state === "local" && !queued.has(a.uuid));
    if (lost.length) {
      await this.update((record) => lost.map(([promptId, answer]) => answerItem(record, promptId, answer)));
    }
  }

  // The server's copy of this phone's answers: what it stored wins over what the phone
  // thinks was sent; what still waits on the phone stays. The counter never goes back.
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

// What this phone kept in localStorage before (one key per meeting, "allo:<token>"),
// moved into IndexedDB once, with its waiting answers queued (numbered in their order).
async function migrate(token, record) {
  let old = null;
  try {
    old = JSON.parse(localStorage.getItem(`allo:${token}`));
  } catch {
    return record; // storage refused (some private modes) or corrupt
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
