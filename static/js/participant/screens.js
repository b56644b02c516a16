// The screens of the participant page. Each returns a <section> to show.
import { control } from "./controls.js";
import { h, localize, t } from "./dom.js";
import { readAloud, spoken } from "./speak.js";

export const GROUPS = [
  { key: "youngster", icon: "🧑", label: "group_youngster" },
  { key: "officer", icon: "👮", label: "group_officer" },
  { key: "other", icon: "🙋", label: "group_other", hint: "group_other_hint" },
];

const heading = (text, id) => h("h1", { id, tabindex: "-1" }, text);

function languages(lang, names) {
  return h("nav", { class: "languages big", "aria-label": t("language") },
    h("span", { class: "globe", "aria-hidden": "true" }, "🌐"),
    names.map(([code, name]) => h("a", {
      href: `${location.pathname}?lang=${code}`, lang: code, hreflang: code,
      "aria-current": code === lang ? "true" : null,
    }, name)));
}

// Step 1: who are you? onPick(group) resolves to an error message or nothing.
export function group({ current, lang, names, onPick }) {
  const status = h("p", { class: "status", role: "status" });
  const buttons = GROUPS.map((g) => h("button", {
    type: "button", class: `group group-${g.key}`, "aria-current": current === g.key ? "true" : null,
    onclick: async () => {
      buttons.forEach((b) => { b.disabled = true; });
      status.className = "status";
      status.textContent = t("joining");
      const error = await onPick(g.key);
      buttons.forEach((b) => { b.disabled = false; });
      status.className = error ? "status error" : "status";
      status.textContent = error || "";
    },
  }, h("span", { class: "icon", "aria-hidden": "true" }, g.icon),
  h("span", { class: "word" }, t(g.label), g.hint && h("small", {}, t(g.hint)))));
  return h("section", { class: "screen" },
    languages(lang, names),
    heading(t("who_are_you")),
    h("div", { class: "groups" }, buttons),
    status,
    h("p", { class: "hint center" }, "🔒 ", t("anonymous")));
}

// "You: Youngster · Change": a mistaken tap on step 1 is easy to undo.
function who(groupKey, onChange) {
  const g = GROUPS.find((item) => item.key === groupKey) ?? GROUPS[2];
  return h("div", { class: "who" },
    h("span", {}, h("span", { "aria-hidden": "true" }, `${g.icon} `), t("you_are", { group: t(g.label) })),
    h("button", { type: "button", class: "link", onclick: onChange }, t("change")));
}

export function paintState(el, answer) {
  const state = answer?.state;
  el.className = `answer-state ${state ?? ""}`;
  el.textContent = state === "local" ? `📱 ${t("saved_local")}`
    : state === "sent" ? `✅ ${t("sent")}`
      : state === "rejected" ? `⚠️ ${t("not_saved", { message: answer.message || "" })}` : "";
}

// A line-up asked again, or a guess about the other group (app/meetings/rounds.py): one line above the question.
function linkLead(prompt) {
  const options = prompt.options || {};
  const key = options.round_of ? "round_two" : options.guess_of ? "guess_lead" : null;
  return key && h("p", { class: `link-lead ${options.round_of ? "round" : "guess"}` },
    h("span", { "aria-hidden": "true" }, options.round_of ? "🔁 " : "🔄 "), t(key));
}

// A guess asks about the other group in its own words ("Which number did the officers give,
// do you think?"); the original question stays underneath, smaller.
function guessQuestion(prompt, groupKey) {
  if (!prompt.options?.guess_of) return null;
  const about = groupKey === "officer" ? "youngsters" : "officers";
  const kind = prompt.kind === "scale" || prompt.kind === "position" ? prompt.kind : "choice";
  return t(`guess_${kind}_${about}`);
}

// One prompt. `step` ({n, total}) when self-paced: progress and Back/Next.
export function prompt({ prompt, lang, answer, step, faces, group: groupKey, onAnswer, onBack, onNext, onChangeGroup }) {
  const labelId = `q${prompt.id}`;
  const state = h("p", { id: `state-${prompt.id}`, role: "status" });
  paintState(state, answer);
  const asked = localize(prompt.text, lang);
  const guess = guessQuestion(prompt, groupKey);
  const aloud = guess ? { ...prompt, text: { [lang]: `${guess} ${t("guess_about", { question: asked })}` } } : prompt;
  const ctx = {
    prompt, lang, faces, labelId, value: answer?.value, explicitSave: !step,
    answer: (value) => onAnswer(prompt.id, value),
  };
  return h("section", { class: "screen" },
    who(groupKey, onChangeGroup),
    step && h("div", { class: "progress" },
      h("span", {}, t("question_n", step)),
      h("progress", { value: step.n, max: step.total, "aria-hidden": "true" })),
    h("fieldset", { class: `prompt kind-${prompt.kind}` },
      h("legend", {}, linkLead(prompt), heading(guess ?? asked, labelId),
        guess && h("span", { class: "guess-about" }, t("guess_about", { question: asked }))),
      readAloud(lang, () => spoken(aloud, lang)),
      control(ctx)),
    state,
    step ? h("nav", { class: "steps" },
      h("button", { type: "button", class: "btn secondary", hidden: step.n === 1, onclick: onBack }, `← ${t("back")}`),
      h("button", { type: "button", class: "btn primary", onclick: onNext },
        step.n === step.total ? t("finish") : `${t("next")} →`))
      : h("p", { class: "hint center" }, t("wait_text")));
}

export function wait({ title, text, group: groupKey, onChangeGroup }) {
  return h("section", { class: "screen notice" },
    who(groupKey, onChangeGroup),
    h("p", { class: "notice-icon pulse", "aria-hidden": "true" }, "⏳"),
    heading(title),
    text && h("p", {}, text));
}

export function paintEnd(el, pending) {
  el.className = pending ? "answer-state local" : "answer-state sent";
  const waiting = t("pending", { n: pending });
  el.textContent = pending ? `📱 ${waiting}` : `✅ ${t("all_sent")}`;
}

export function end({ answered, total, pending, problems, onChange, onLeave }) {
  const state = h("p", { id: "end-state", role: "status" });
  paintEnd(state, pending);
  return h("section", { class: "screen notice" },
    h("p", { class: "notice-icon", "aria-hidden": "true" }, "🎉"),
    heading(t("thanks_title")),
    h("p", {}, t("answered_n", { n: answered, total, count: total })),
    state,
    problems.map((message) => h("p", { class: "answer-state rejected" }, `⚠️ ${t("not_saved", { message })}`)),
    h("button", { type: "button", class: "btn secondary", onclick: onChange }, t("change_answers")),
    h("div", { class: "leave" },
      h("p", { class: "hint" }, t("leave_hint")),
      h("button", { type: "button", class: "btn secondary", id: "leave", onclick: onLeave }, t("leave")),
      h("p", { id: "leave-state", class: "answer-state local", role: "status", hidden: true })));
}

export function closed() {
  return h("section", { class: "screen notice" },
    h("p", { class: "notice-icon", "aria-hidden": "true" }, "🙏"),
    heading(t("closed_title")),
    h("p", {}, t("closed_text")));
}
