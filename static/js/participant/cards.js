// Feelings cards: a drawing (or an icon) and a word per card, picked by tap; with the
// option ask_why also a short "why?". The answer is the list of cards, or
// {cards, why} when a why is written (the why is checked before the projector shows it).
import { checkboxes } from "./choices.js";
import { h, localize, t } from "./dom.js";
import { scrub } from "./scrub.js";

// Beside this module, in the same version of static/ (app/ops/static_files.py).
const picture = (name) => new URL(`../../img/cards/${name}.svg`, import.meta.url).pathname;

export function cards(ctx) {
  const { max_picks: most = 3, ask_why: askWhy } = ctx.prompt.options;
  const choices = ctx.prompt.options.cards.map((c) => ({
    key: c.key, icon: c.icon, picture: c.picture && picture(c.picture), label: localize(c.label, ctx.lang),
  }));
  const given = ctx.value;
  let picks = Array.isArray(given) ? given : given?.cards ?? [];
  const why = askWhy && h("input", {
    type: "text", id: `why${ctx.prompt.id}`, class: "word-input", maxlength: 140, autocomplete: "off",
    value: given?.why ?? "", enterkeyhint: "done",
  });
  const note = h("p", { class: "hint scrubbed", role: "status", hidden: true });
  const send = () => {
    if (!picks.length) return;
    const text = why ? why.value.trim() : "";
    ctx.answer(text ? { cards: picks, why: text } : picks);
  };
  const grid = checkboxes({ ...ctx, value: picks, answer: (list) => { picks = list; send(); } }, choices, "cards", most);
  if (!why) return [h("p", { class: "hint" }, t("pick_up_to", { max: most })), grid];
  const save = () => {
    const result = scrub(why.value);
    why.value = result.text;
    note.hidden = !result.found.length;
    if (result.found.length) note.textContent = `🔒 ${t("scrubbed", { what: result.found.map((k) => t(`scrubbed_${k}`)).join(", ") })}`;
    send();
  };
  why.addEventListener("change", save);
  return [
    h("p", { class: "hint" }, t("pick_up_to", { max: most })), grid,
    h("div", { class: "field why" }, h("label", { for: why.id }, "💬 ", t("why_label")), why),
    h("p", { class: "hint" }, t("why_hint")), note,
    ctx.explicitSave && h("button", { type: "button", class: "btn secondary", onclick: save }, t("save")),
  ];
}
