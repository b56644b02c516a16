// The participant page: pick a group, then answer the prompts, at one's own
// pace or following the facilitator. Answers travel through the outbox.
import { Answers } from "./answers.js";
import { follow, join, mine as stored } from "./api.js";
import { t } from "./dom.js";
import { open } from "./phone.js";
import * as pwa from "./pwa.js";
import * as screens from "./screens.js";

const data = JSON.parse(document.getElementById("meeting-data").textContent);
const app = document.getElementById("app");
const lang = data.lang;
let meeting = data.meeting;
const phone = await open(meeting.token); // the phone's record, shared by its tabs (phone.js)
const record = () => phone.record;
const answers = new Answers(phone, refresh);
let at = record().at; // where this tab is: each tab has its own
let choosing = false; // this tab shows "Who are you?" to change the group
let shown = ""; // what the screen shows: drawn again when that changes underneath

// A guess about the other group (options.guess_of, app/meetings/rounds.py) is not for "other".
const mine = () => meeting.prompts.filter((p) => (p.audience === "everyone" || p.audience === record().group)
  && !(p.options?.guess_of && record().group === "other"));

function show(screen) {
  document.activeElement?.blur?.(); // fires "change": a typed answer is kept before it goes
  app.replaceChildren(screen);
  window.scrollTo(0, 0);
  screen.querySelector("h1")?.focus({ preventScroll: true });
}

// What the screen shows: who this phone is, where this tab is, the meeting's shape,
// and the answer on view. Another tab or the server may change them: draw again then.
let viewed = "";
let onView = null; // the prompt on the screen
const valueOf = (promptId) => JSON.stringify(answers.get(promptId)?.value ?? null);
const screenKey = () => JSON.stringify([shape(meeting), Boolean(record().device_token), choosing, record().group, at]);
const stale = () => screenKey() !== shown || valueOf(onView) !== viewed;

function render() {
  shown = screenKey();
  onView = null;
  if (meeting.status !== "open") return show(screens.closed());
  if (!record().device_token || choosing) {
    return show(screens.group({ current: record().device_token && record().group, lang, names: data.languages, onPick: pick }));
  }
  show(meeting.pacing === "facilitator" ? currentScreen() : stepScreen());
  viewed = valueOf(onView);
}

async function pick(group) {
  if (record().joined && record().group !== group) {
    // The server knows this phone: it says now whether the group may still change.
    const reply = await join(meeting.token, group, lang, record().device_token);
    if (reply.status) {
      meeting.status = reply.status;
      return render();
    }
    if (!reply.ok) return reply.message;
  }
  await phone.join(group, lang); // kept on the phone, then sent through the outbox
  choosing = false;
  render();
  answers.syncNow();
}

// The record changed (an answer settled, another tab, the server's copy): draw again
// what changed underneath, repaint the states.
async function refresh() {
  await phone.reload();
  if (stale()) render();
  for (const line of document.querySelectorAll("[id^=state-]")) onState(Number(line.id.slice(6)));
  onState();
  if (Object.values(record().answers).some((a) => a.state === "stale")) rebuild(true);
}

// After a crash, or when an edit was not kept: what the server stored of this phone
// (for an edit not kept, asked at most every 5 s).
let asked = -Infinity;
async function rebuild(stale = false) {
  if (!record().joined || (stale && performance.now() - asked < 5000)) return;
  if (stale) asked = performance.now();
  const copy = await stored(meeting.token, record().device_token);
  if (copy) {
    await phone.merge(copy);
    refresh();
  }
}

const common = () => ({
  lang, faces: data.faces, group: record().group,
  onAnswer: async (promptId, value) => {
    if (valueOf(promptId) === JSON.stringify(value)) return;
    if (promptId === onView) viewed = JSON.stringify(value); // the control shows it already
    const line = document.getElementById(`state-${promptId}`);
    if (line) screens.paintState(line, null); // the last state was another edit's
    if (await answers.give(promptId, value)) onState(promptId);
  },
  onChangeGroup: () => {
    choosing = true;
    render();
  },
});

async function go(where) {
  await phone.update((r) => { r.at = where; }); // a reload (or a tab opened next) comes back here
  at = where;
  render();
}

function stepScreen() {
  const list = mine();
  if (!list.length) return screens.wait({ ...common(), title: t("no_prompts") });
  if (at === "end") return endScreen(list);
  const i = Math.max(0, list.findIndex((p) => p.id === at));
  const prompt = list[i];
  onView = prompt.id;
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
      ...data.push, token: meeting.token, deviceToken: record().device_token,
    })).catch(() => undefined);
  }
  return screen;
}

// Shared duty phones: the next person sees nothing of this one, and nothing
// that waits to be sent is thrown away.
async function leave() {
  await answers.sync();
  const waiting = await answers.waiting();
  if (waiting || !record().joined) {
    const line = document.getElementById("leave-state");
    line.textContent = t("leave_waiting", { n: Math.max(waiting, 1) });
    line.hidden = false;
    return;
  }
  await phone.forget();
  await pwa.forget(meeting.token).catch(() => undefined);
  location.replace("/");
}

function currentScreen() {
  const prompt = meeting.prompts.find((p) => p.id === meeting.current_prompt_id);
  if (!prompt) return screens.wait({ ...common(), title: t("wait_title"), text: t("wait_text") });
  if (!mine().includes(prompt)) return screens.wait({ ...common(), title: t("other_group"), text: t("wait_text") });
  onView = prompt.id;
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
  const picking = !record().device_token || choosing; // a join may be under way: leave step 1 be
  if (changed && (!picking || meeting.status !== "open")) render();
}

window.addEventListener("online", () => answers.syncNow());
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") document.activeElement?.blur?.();
  else {
    answers.syncNow();
    refresh(); // another tab may have answered meanwhile
  }
});
globalThis.AlloStore.onChange((token) => token === meeting.token && refresh());

render();
// A follow-up opened from its notification joins as the group it was sent to.
if (data.group && !record().device_token && meeting.status === "open") pick(data.group);
pwa.start(document.getElementById("pwa-bar"));
answers.restore().then(() => answers.sync()).finally(() => rebuild());
follow(meeting.token, onMeeting, () => meeting.pacing === "facilitator" && meeting.status === "open");
// The page was reloaded in another language: tell the server, quietly (through the outbox).
if (record().device_token && record().language !== lang) phone.join(record().group, lang).then(() => answers.sync());
