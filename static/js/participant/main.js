// The participant page: pick a group, then answer the prompts, at one's own
// pace or following the facilitator. Answers travel through the outbox.
import { Answers } from "./answers.js";
import { join } from "./api.js";
import { t } from "./dom.js";
import { follow } from "./follow.js";
import * as pwa from "./pwa.js";
import * as records from "./records.js";
import * as screens from "./screens.js";

const data = JSON.parse(document.getElementById("meeting-data").textContent);
const app = document.getElementById("app");
const lang = data.lang;
let meeting = data.meeting;
const record = records.load(meeting.token);
const persist = () => records.save(meeting.token, record);
const answers = new Answers(meeting.token, record, persist, onState);

// A guess about the other group (options.guess_of, app/meetings/rounds.py) is not for "other".
const mine = () => meeting.prompts.filter((p) => (p.audience === "everyone" || p.audience === record.group)
  && !(p.options?.guess_of && record.group === "other"));

function show(screen) {
  document.activeElement?.blur?.(); // fires "change": a typed answer is kept before it goes
  app.replaceChildren(screen);
  window.scrollTo(0, 0);
  screen.querySelector("h1")?.focus({ preventScroll: true });
}

function render() {
  if (meeting.status !== "open") return show(screens.closed());
  if (!record.device_token || record.choosing) {
    return show(screens.group({ current: record.device_token && record.group, lang, names: data.languages, onPick: pick }));
  }
  return show(meeting.pacing === "facilitator" ? currentScreen() : stepScreen());
}

async function pick(group) {
  const reply = await join(meeting.token, group, lang, record.device_token);
  if (reply.status) {
    meeting.status = reply.status;
    return render();
  }
  if (!reply.ok) return reply.message;
  Object.assign(record, { device_token: reply.device_token || record.device_token, group, language: lang, choosing: false });
  persist();
  render();
  answers.sync();
}

const common = () => ({
  lang, faces: data.faces, group: record.group,
  onAnswer: (promptId, value) => answers.give(promptId, value),
  onChangeGroup: () => go(record.at, { choosing: true }),
});

function go(at, extra = {}) {
  Object.assign(record, { at }, extra);
  persist();
  render();
}

function stepScreen() {
  const list = mine();
  if (!list.length) return screens.wait({ ...common(), title: t("no_prompts") });
  if (record.at === "end") return endScreen(list);
  const i = Math.max(0, list.findIndex((p) => p.id === record.at));
  const prompt = list[i];
  return screens.prompt({
    ...common(), prompt, answer: answers.get(prompt.id), step: { n: i + 1, total: list.length },
    onBack: () => go(list[i - 1].id),
    onNext: () => go(list[i + 1]?.id ?? "end"),
  });
}

function endScreen(list) {
  const given = list.map((p) => answers.get(p.id)).filter(Boolean);
  const screen = screens.end({
    answered: given.length,
    total: list.length,
    pending: given.filter((a) => a.state === "local").length,
    problems: given.filter((a) => a.state === "rejected").map((a) => a.message),
    onChange: () => go(list[0].id),
    onLeave: leave,
  });
  // The follow-up opt-in, loaded only here (app/followups/__init__.py says when it is offered).
  if (data.push) {
    import("../push.js").then((push) => push.offer(screen, {
      ...data.push, token: meeting.token, deviceToken: record.device_token,
    })).catch(() => undefined);
  }
  return screen;
}

// Shared duty phones: the next person sees nothing of this one, and nothing
// that waits to be sent is thrown away.
async function leave() {
  await answers.sync();
  const waiting = await answers.waiting();
  if (waiting) {
    const line = document.getElementById("leave-state");
    line.textContent = t("leave_waiting", { n: waiting });
    line.hidden = false;
    return;
  }
  records.forget(meeting.token);
  await pwa.forget(meeting.token).catch(() => undefined);
  location.replace("/");
}

function currentScreen() {
  const prompt = meeting.prompts.find((p) => p.id === meeting.current_prompt_id);
  if (!prompt) return screens.wait({ ...common(), title: t("wait_title"), text: t("wait_text") });
  if (!mine().includes(prompt)) return screens.wait({ ...common(), title: t("other_group"), text: t("wait_text") });
  return screens.prompt({ ...common(), prompt, answer: answers.get(prompt.id), step: null });
}

function onState(promptId) {
  const line = document.getElementById(`state-${promptId}`);
  if (line) screens.paintState(line, answers.get(promptId));
  const end = document.getElementById("end-state");
  if (end) screens.paintEnd(end, mine().filter((p) => answers.get(p.id)?.state === "local").length);
}

// What the facilitator changes (pacing, current prompt, status) shows at once.
const shape = (m) => JSON.stringify([m.status, m.pacing, m.current_prompt_id, m.prompts.map((p) => [p.id, p.audience])]);

function onMeeting(fresh) {
  const changed = shape(fresh) !== shape(meeting);
  meeting = fresh;
  const choosing = !record.device_token || record.choosing; // a join may be under way: leave step 1 be
  if (changed && (!choosing || meeting.status !== "open")) render();
}

window.addEventListener("online", () => answers.syncNow());
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") document.activeElement?.blur?.();
  else answers.syncNow();
});

render();
// A follow-up opened from its notification joins as the group it was sent to.
if (data.group && !record.device_token && meeting.status === "open") pick(data.group);
pwa.start(document.getElementById("pwa-bar"));
answers.restore().then(() => answers.sync());
follow(meeting.token, onMeeting, () => meeting.pacing === "facilitator" && meeting.status === "open", () => meeting);
if (record.device_token && record.language !== lang) {
  // The page was reloaded in another language: tell the server, quietly.
  join(meeting.token, record.group, lang, record.device_token).then((reply) => {
    if (reply.ok) {
      record.language = lang;
      persist();
    }
  });
}
