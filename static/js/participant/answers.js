// Recording answers: each gets a UUID and a time made on the phone, goes into the
// outbox first and is sent from there. The record in localStorage keeps a second
// copy, so an answer the outbox lost is queued again (the server dedups on UUID).
import { wakeWorker } from "./pwa.js";

const Outbox = globalThis.AlloOutbox;

export class Answers {
  constructor(token, record, persist, onState) {
    Object.assign(this, { token, record, persist, onState });
    // Another tab or the service worker may send our answers: show that too.
    Outbox.onSettled(({ done, rejected }) => {
      for (const uuid of done) this.settleUuid(uuid, "sent");
      for (const { uuid, message } of rejected) this.settleUuid(uuid, "rejected", message);
    });
  }

  get(promptId) {
    return this.record.answers[promptId];
  }

  // Keep a new answer to a prompt; the same value again changes nothing.
  async give(promptId, value) {
    const current = this.get(promptId);
    if (current && current.state !== "rejected" && JSON.stringify(current.value) === JSON.stringify(value)) {
      return;
    }
    const item = {
      uuid: Outbox.uuid(),
      meeting: this.token,
      device_token: this.record.device_token,
      prompt_id: promptId,
      value,
      recorded_at: new Date().toISOString(),
    };
    this.record.answers[promptId] = { uuid: item.uuid, value, recorded_at: item.recorded_at, state: "local" };
    this.persist(); // from here it is saved on the phone, twice once the outbox has it
    this.onState(promptId);
    await Outbox.put(item);
    this.sync();
    wakeWorker(); // if this tab closes now, the worker still sends it
  }

  // Send what waits; called on load, after each answer, online and when visible.
  sync() {
    return Outbox.drain((batch) => this.send(batch));
  }

  // The network is back, or the page is looked at again: start the backoff over and
  // send now (static/js/outbox.js), and wake the worker, whose own backoff may be long.
  syncNow() {
    Outbox.reset();
    wakeWorker();
    return this.sync();
  }

  async send(batch) {
    const result = await Outbox.send(batch);
    for (const item of result.done) this.settle(item, "sent");
    for (const { item, message } of result.rejected) this.settle(item, "rejected", message);
    return result;
  }

  settleUuid(uuid, state, message) {
    const found = Object.entries(this.record.answers).find(([, answer]) => answer.uuid === uuid);
    if (found) this.settle({ uuid, prompt_id: Number(found[0]) }, state, message);
  }

  settle(item, state, message) {
    const answer = this.get(item.prompt_id);
    if (!answer || answer.uuid !== item.uuid) return; // an older edit: the newer one shows
    Object.assign(answer, { state, message });
    this.persist();
    this.onState(item.prompt_id);
  }

  // After a reload: answers still "local" but missing from the outbox (sent by
  // another tab, or the store was lost) are queued again with their own UUID.
  async restore() {
    const queued = new Set((await Outbox.list()).map((item) => item.uuid));
    for (const [promptId, answer] of Object.entries(this.record.answers)) {
      if (answer.state === "local" && !queued.has(answer.uuid)) {
        await Outbox.put({
          uuid: answer.uuid,
          meeting: this.token,
          device_token: this.record.device_token,
          prompt_id: Number(promptId),
          value: answer.value,
          recorded_at: answer.recorded_at,
        });
      }
    }
  }

  // What this meeting still has waiting in the outbox.
  async waiting() {
    return (await Outbox.listFor(this.token)).length;
  }

  count(state) {
    return Object.values(this.record.answers).filter((a) => a.state === state).length;
  }
}
