// Recording answers: each gets a UUID, a time and the next number of the phone's
// edit counter, and goes into the phone's record and the outbox in one transaction
// (phone.js); it is sent from there, by this page, another tab or the worker.
import { wakeWorker } from "./pwa.js";

const Outbox = globalThis.AlloOutbox;

export class Answers {
  constructor(phone, onSettled) {
    this.phone = phone;
    // Any drain (this page's, another tab's, the worker's) filed its outcomes in the record.
    Outbox.onSettled(() => onSettled());
  }

  get(promptId) {
    return this.phone.record.answers[promptId];
  }

  // Keep a new answer to a prompt; the same value again changes nothing.
  async give(promptId, value) {
    const current = this.get(promptId);
    if (current && current.state !== "rejected" && JSON.stringify(current.value) === JSON.stringify(value)) {
      return false;
    }
    await this.phone.give(promptId, value); // from here it is saved on the phone
    this.sync();
    wakeWorker(); // if this tab closes now, the worker still sends it
    return true;
  }

  // Send what waits; called on load, after each answer, online and when visible.
  sync() {
    return Outbox.drain();
  }

  // The network is back, or the page is looked at again: start the backoff over and
  // send now (static/js/outbox.js), and wake the worker, whose own backoff may be long.
  syncNow() {
    Outbox.reset();
    wakeWorker();
    return this.sync();
  }

  // After a reload: answers still "local" but missing from the outbox are queued again.
  restore() {
    return this.phone.requeue();
  }

  // What this meeting still has waiting in the outbox.
  async waiting() {
    return (await Outbox.listFor(this.phone.token)).length;
  }

  count(state) {
    return Object.values(this.phone.record.answers).filter((a) => a.state === state).length;
  }
}
