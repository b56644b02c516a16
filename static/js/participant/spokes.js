// Spokes: a 0-10 slider per theme (respect, listening, fun…). A slider not moved yet
// is grey; the answer {spoke: n} goes once every spoke has a number.
import { h, localize, t } from "./dom.js";

export function spokes(ctx) {
  const items = ctx.prompt.options.spokes ?? [];
  const given = ctx.value && typeof ctx.value === "object" ? ctx.value : {};
  const value = Object.fromEntries(items.filter((s) => Number.isInteger(given[s.key])).map((s) => [s.key, given[s.key]]));
  const status = h("p", { class: "hint", "aria-live": "polite" });
  const count = () => {
    status.textContent = t("spokes_done", { n: Object.keys(value).length, max: items.length });
  };
  const rows = items.map((item, i) => {
    const id = `s${ctx.prompt.id}-${i}`;
    const set = Number.isInteger(value[item.key]);
    const shown = h("output", { class: "spoke-value", for: id }, set ? String(value[item.key]) : "–");
    const slider = h("input", {
      type: "range", id, min: 0, max: 10, step: 1, value: set ? value[item.key] : 5,
      class: set ? "slider" : "slider untouched", "data-spoke": item.key,
    });
    const take = () => {
      slider.classList.remove("untouched");
      value[item.key] = Number(slider.value);
      shown.textContent = slider.value;
      count();
      if (items.every((s) => Number.isInteger(value[s.key]))) ctx.answer({ ...value });
    };
    slider.addEventListener("input", () => {
      slider.classList.remove("untouched");
      shown.textContent = slider.value;
    });
    slider.addEventListener("change", take);
    slider.addEventListener("pointerup", take); // a tap where the thumb already was
    return h("div", { class: "spoke" },
      h("label", { for: id, class: "spoke-name" }, localize(item.label, ctx.lang)), shown,
      slider,
      h("span", { class: "spoke-ends", "aria-hidden": "true" }, h("span", {}, "0 😠"), h("span", {}, "😄 10")));
  });
  count();
  return [h("p", { class: "hint" }, t("spokes_hint")), h("div", { class: "spokes" }, rows), status];
}
