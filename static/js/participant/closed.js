// The "meeting closed" page: answers recorded before closing that still wait
// on this phone are sent from here (the server accepts them for a while).
import { Answers } from "./answers.js";
import * as records from "./records.js";

const token = decodeURIComponent(location.pathname.split("/").pop());
const record = records.load(token);
const answers = new Answers(token, record, () => records.save(token, record), () => {});
const sending = document.getElementById("outbox-sending");
const sent = document.getElementById("outbox-sent");
const waiting = async () => (await globalThis.AlloOutbox.list()).some((item) => item.meeting === token);

async function send() {
  await answers.restore(); // also what the outbox lost but this phone's record kept
  if (!(await waiting())) return;
  sending.hidden = false;
  await answers.sync();
  const left = await waiting();
  sending.hidden = !left;
  sent.hidden = left;
}

send();
window.addEventListener("online", () => { globalThis.AlloOutbox.reset(); send(); });
