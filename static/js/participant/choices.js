// Big tap targets over native radio buttons and checkboxes: the inputs keep
// keyboard use and screen readers right, the labels are what a thumb taps.
import { h, t } from "./dom.js";

function option(type, name, index, choice, checked, onchange) {
  const id = `${name}-${index}`;
  // The pair in a box of its own, so the hidden input sits on its label: focusing it
  // scrolls to the card, not to the corner of the grid.
  return h("span", { class: "option" },
    h("input", { type, name, id, class: "sr-only", value: String(choice.key), checked, onchange }),
    h("label", { for: id, class: "choice" },
      choice.picture ? h("img", { class: "picture", src: choice.picture, alt: "", width: 64, height: 64 })
        : choice.icon && h("span", { class: "icon", "aria-hidden": "true" }, choice.icon),
      h("span", { class: "word" }, choice.label)));
}

// One of several: scale numbers, faces, statements.
export function radios(ctx, choices, layout) {
  const name = `p${ctx.prompt.id}`;
  return h("div", { class: `choices ${layout}` },
    choices.map((choice, i) =>
      option("radio", name, i, choice, ctx.value === choice.key, () => ctx.answer(choice.key))));
}

// Up to `most` of several (cards, multiple choice); null means no limit.
export function checkboxes(ctx, choices, layout, most) {
  const name = `p${ctx.prompt.id}`;
  const picked = new Set(Array.isArray(ctx.value) ? ctx.value : []);
  const limit = most || choices.length;
  const status = h("p", { class: "hint", "aria-live": "polite" });
  const count = () => {
    status.textContent = most ? t("picked_n", { n: picked.size, max: most }) : "";
    status.classList.remove("warn");
  };
  const warn = (text) => {
    status.textContent = text;
    status.classList.add("warn");
  };
  const toggle = (choice) => (event) => {
    const box = event.target;
    if (box.checked && picked.size >= limit) {
      box.checked = false;
      return warn(t("max_reached", { max: limit }));
    }
    if (box.checked) picked.add(choice.key);
    else picked.delete(choice.key);
    if (!picked.size) return warn(t("pick_first"));
    count();
    ctx.answer(choices.map((c) => c.key).filter((key) => picked.has(key)));
  };
  count();
  const grid = h("div", { class: `choices ${layout}` },
    choices.map((choice, i) => option("checkbox", name, i, choice, picked.has(choice.key), toggle(choice))));
  return h("div", {}, grid, status);
}
