// The participant page: pick a group, then answer the prompts, at one's own
// pace or following the facilitator. Answers travel through the outbox.
import { join, mine as stored } from "./api.js";
import { t } from "./dom.js";
import { follow } from "./follow.js";
import { Answers, open } from "./phone.js";
import * as pwa from "./pwa.js";
import * as screens from "./screens.js";

const data = JSON.parse(document.getElementById("meeting-data").textContent);
const app = document.getElementById("app");
const lang = data.lang;
let meeting = data.meeting;
const phone = await open(meeting.token);
const record = () => phone.record;
const answers = new Answers(phone, refresh);
let at = record().at; // per tab
let choosing = false; // this tab changes the group
let shown = "";
// A kiosk (app/phone/kiosk.py): its own module, loaded only there.
const kiosk = data.kiosk && import("./kiosk.js").then((k) => k.start(phone, data.kiosk));

// A guess about the other group (options.guess_of, app/meetings/rounds.py) is not for "other".
const mine = () => meeting.prompts.filter((p) => (p.audience === "everyone" || p.audience === record().group)
  && !(p.options?.guess_of && record().group === "other"));

function show(screen) {
  document.activeElement?.blur?.(); // fires "change": a typed answer is kept before it goes
  app.replaceChildren(screen);
  window.scrollTo(0, 0);
  screen.querySelector("h1")?.focus({ preventScroll: true });
}

let viewed = "";
let onView = null;
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
    const reply = await join(meeting.token, group, lang, record().device_token);
    if (reply.status) {
      meeting.status = reply.status;
      return render();
    }
    if (!reply.ok) return reply.message;
  }
  await phone.join(group, lang);
  choosing = false;
  render();
  answers.syncNow();
}

async function refresh() {
  await phone.reload();
  if (stale()) render();
  for (const line of document.querySelectorAll("[id^=state-]")) onState(Number(line.id.slice(6)));
  onState();
  if (Object.values(record().answers).some((a) => a.state === "stale")) rebuild(true);
}

// The server's copy (after a crash; for an edit not kept, every 5 s at most).
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
    if (promptId === onView) viewed = JSON.stringify(value);
    const line = document.getElementById(`state-${promptId}`);
    if (line) screens.paintState(line, null);
    if (await answers.give(promptId, value)) onState(promptId);
  },
  onChangeGroup: () => {
    choosing = true;
    render();
  },
});

function go(where) {
  at = where;
  render();
  phone.update((r) => { r.at = where; });
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
  if (kiosk) return (await kiosk).handOn();
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

// A barometer item is one step for both groups (app/live/paired.py): each phone shows the
// half of the pair meant for its group.
function currentPrompt() {
  const current = meeting.prompts.find((p) => p.id === meeting.current_prompt_id);
  const mirror = current && meeting.prompts.find((p) => p.id === current.mirror);
  return mirror && !mine().includes(current) && mine().includes(mirror) ? mirror : current;
}

function currentScreen() {
  const prompt = currentPrompt();
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
  const picking = !record().device_token || choosing;
  if (changed && (!picking || meeting.status !== "open")) render();
}

window.addEventListener("online", () => answers.syncNow());
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") document.activeElement?.blur?.();
  else {
    answers.syncNow();
    refresh();
  }
});
globalThis.AlloStore.onChange((token) => token === meeting.token && refresh());

render();
// A follow-up opened from its notification joins as the group it was sent to.
if (data.group && !record().device_token && meeting.status === "open") pick(data.group);
pwa.start(document.getElementById("pwa-bar"));
answers.restore().then(() => answers.sync()).finally(() => rebuild());
follow(meeting.token, onMeeting, () => meeting.pacing === "facilitator" && meeting.status === "open", () => meeting);
// Reloaded in another language: tell the server, quietly.
if (record().device_token && record().language !== lang) phone.join(record().group, lang).then(() => answers.sync());
