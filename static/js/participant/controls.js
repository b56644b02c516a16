// One input per prompt kind, made for a thumb. Each returns an element and calls
// ctx.answer(value) with a value the server accepts (app/meetings/prompt_kinds.py).
import { cards } from "./cards.js";
import { checkboxes, radios } from "./choices.js";
import { h, localize, t } from "./dom.js";
import { scrub } from "./scrub.js";
import { spokes } from "./spokes.js";
import { storyline } from "./storyline.js";

const range = (low, high) => Array.from({ length: high - low + 1 }, (_, i) => low + i);

function scale(ctx) {
  const { min = 1, max = 10, style } = ctx.prompt.options;
  if (style === "faces") return faces(ctx, min, max);
  const numbers = range(min, max).map((n) => ({ key: n, label: String(n) }));
  return [hint(t("scale_hint")), radios(ctx, numbers, max - min + 1 > 5 ? "numbers" : "numbers few")];
}

function faces(ctx, min, max) {
  const steps = Math.max(1, max - min);
  const choices = range(min, max).map((n) => {
    const face = Math.round(((n - min) / steps) * (ctx.faces.length - 1));
    return { key: n, icon: ctx.faces[face], label: t(`face_${face + 1}`) };
  });
  return [hint(t("faces_hint")), radios(ctx, choices, "faces")];
}

function position(ctx) {
  const left = localize(ctx.prompt.options.left, ctx.lang);
  const right = localize(ctx.prompt.options.right, ctx.lang);
  const untouched = typeof ctx.value !== "number";
  const slider = h("input", {
    type: "range", min: 0, max: 100, step: 1, value: untouched ? 50 : ctx.value,
    class: untouched ? "slider untouched" : "slider", "aria-labelledby": ctx.labelId,
  });
  const describe = () => {
    const v = Number(slider.value);
    const side = v < 45 ? t("position_side", { side: left })
      : v > 55 ? t("position_side", { side: right }) : t("position_middle");
    slider.setAttribute("aria-valuetext", side);
  };
  const choose = () => {
    slider.classList.remove("untouched");
    ctx.answer(Number(slider.value));
  };
  slider.addEventListener("input", () => {
    slider.classList.remove("untouched");
    describe();
  });
  // change: a drag or key press ended; pointerup: a tap on the thumb where it already was.
  slider.addEventListener("change", choose);
  slider.addEventListener("pointerup", choose);
  describe();
  return [
    hint(t("position_hint")),
    h("div", { class: "position" },
      h("div", { class: "ends" },
        h("span", { class: "end left" }, h("span", { "aria-hidden": "true" }, "← "), left),
        h("span", { class: "end right" }, right, h("span", { "aria-hidden": "true" }, " →"))),
      slider),
  ];
}

function statements(ctx) {
  return ctx.prompt.options.choices.map((c) => ({ key: c.key, label: localize(c.label, ctx.lang) }));
}

function single(ctx) {
  return [hint(t("pick_one")), radios(ctx, statements(ctx), "list")];
}

function multiple(ctx) {
  const most = ctx.prompt.options.max_picks;
  return [hint(most ? t("pick_up_to", { max: most }) : t("pick_any")), checkboxes(ctx, statements(ctx), "list", most)];
}

function words(ctx) {
  const most = ctx.prompt.options.max_words ?? 3;
  const given = Array.isArray(ctx.value) ? ctx.value : [];
  const inputs = range(1, most).map((n) => h("input", {
    type: "text", id: `w${ctx.prompt.id}-${n}`, class: "word-input", maxlength: 30, value: given[n - 1] ?? "",
    autocomplete: "off", autocapitalize: "none", spellcheck: "false", enterkeyhint: n < most ? "next" : "done",
  }));
  const note = scrubNote();
  const save = () => {
    const found = new Set();
    for (const input of inputs) input.value = scrubbed(input.value, found);
    note.show(found);
    const list = inputs.map((input) => input.value.trim()).filter(Boolean);
    if (list.length) ctx.answer(list);
  };
  inputs.forEach((input, i) => {
    input.addEventListener("change", save);
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      if (inputs[i + 1]) inputs[i + 1].focus();
      else input.blur();
    });
  });
  const fields = inputs.map((input, i) =>
    h("div", { class: "field" }, h("label", { for: input.id }, t("word_n", { n: i + 1 })), input));
  return [hint(t("words_hint", { max: most, count: most })), h("div", { class: "words" }, fields), note.el, saveButton(ctx, save)];
}

function text(ctx) {
  const most = Math.min(ctx.prompt.options.max_length ?? 280, 500);
  const counterId = `count-${ctx.prompt.id}`;
  const area = h("textarea", {
    id: `t${ctx.prompt.id}`, rows: 5, maxlength: most, value: typeof ctx.value === "string" ? ctx.value : "",
    "aria-labelledby": ctx.labelId, "aria-describedby": counterId,
  });
  const counter = h("p", { id: counterId, class: "hint counter" });
  const count = () => {
    counter.textContent = t("characters", { n: area.value.length, max: most });
    counter.classList.toggle("warn", area.value.length >= most - 20);
  };
  const note = scrubNote();
  const save = () => {
    const found = new Set();
    area.value = scrubbed(area.value, found);
    note.show(found);
    count();
    if (area.value.trim()) ctx.answer(area.value.trim());
  };
  area.addEventListener("input", count);
  area.addEventListener("change", save);
  count();
  return [hint(t("text_hint")), area, counter, note.el, saveButton(ctx, save)];
}

// The server replaces e-mail addresses, phone numbers, plates and national numbers
// by a marker (app/phone/scrub.py); the phone does the same first, shows it, and says why.
function scrubbed(value, found) {
  const result = scrub(value);
  result.found.forEach((kind) => found.add(kind));
  return result.text;
}

function scrubNote() {
  const el = h("p", { class: "hint scrubbed", role: "status", hidden: true });
  const show = (found) => {
    if (!found.size) return;
    el.textContent = `🔒 ${t("scrubbed", { what: [...found].map((kind) => t(`scrubbed_${kind}`)).join(", ") })}`;
    el.hidden = false;
  };
  return { el, show };
}

function hint(text) {
  return h("p", { class: "hint" }, text);
}

// Typed answers are kept when the field loses focus (tapping Next does that);
// with the facilitator pacing there is no Next, so they get a button of their own.
function saveButton(ctx, save) {
  return ctx.explicitSave && h("button", { type: "button", class: "btn secondary", onclick: save }, t("save"));
}

const CONTROLS = { scale, position, cards, words, text, single, multiple, storyline, spokes };

export function control(ctx) {
  return CONTROLS[ctx.prompt.kind](ctx);
}
