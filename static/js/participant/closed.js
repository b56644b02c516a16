// The "meeting closed" page: answers recorded before closing that still wait
// on this phone are sent from here (the server accepts them for a while); a phone
// that sent everything already hears that all its answers arrived.
import { Answers, open } from "./phone.js";

const token = decodeURIComponent(location.pathname.split("/").pop());
const phone = await open(token);
const answers = new Answers(phone, () => {});
const line = (id) => document.getElementById(id);
const waiting = async () => (await answers.waiting()) > 0;

async function send() {
  await answers.restore(); // also what the outbox lost but this phone's record kept
  const had = await waiting();
  if (had) {
    line("outbox-sending").hidden = false;
    await answers.sync();
  }
  const left = await waiting();
  await phone.reload();
  const given = Object.values(phone.record.answers);
  line("outbox-sending").hidden = !left;
  line("outbox-sent").hidden = left || !had;
  line("outbox-all").hidden = left || had || !given.length || given.some((a) => a.state !== "sent");
}

send();
window.addEventListener("online", () => { globalThis.AlloOutbox.reset(); send(); });
