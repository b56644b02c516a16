// Storyline: one's mood over the meeting's phases. Draw a line with a thumb across
// the board, or tap a level in each phase's column; with a keyboard each column is a
// slider (arrow keys). The answer {phase: level} goes once every phase has a level.
import { h, localize, t } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const COL = 100; // SVG units per phase
const ROW = 64; // SVG units per level
const AXIS = 70; // the faces at the left

const s = (tag, attrs = {}, ...children) => {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.append(...children);
  return el;
};

export function levelName(ctx, level, levels) {
  const face = Math.round(((level - 1) / Math.max(1, levels - 1)) * (ctx.faces.length - 1));
  return { icon: ctx.faces[face], word: levels === 5 ? t(`face_${face + 1}`) : String(level) };
}

export function storyline(ctx) {
  const phases = ctx.prompt.options.phases ?? [];
  const levels = ctx.prompt.options.levels ?? 5;
  const given = ctx.value && typeof ctx.value === "object" ? ctx.value : {};
  const value = Object.fromEntries(phases.filter((p) => given[p.key]).map((p) => [p.key, given[p.key]]));
  const width = AXIS + phases.length * COL;
  const height = levels * ROW;
  const x = (i) => AXIS + i * COL + COL / 2;
  const y = (level) => (levels - level) * ROW + ROW / 2;

  const line = s("polyline", { class: "story-line", points: "" });
  const dots = s("g", { class: "story-dots" });
  const columns = phases.map((p, i) => {
    const name = localize(p.label, ctx.lang);
    const col = s("g", { class: "story-col", role: "slider", tabindex: "0", "aria-label": name,
      "aria-valuemin": "1", "aria-valuemax": String(levels), "data-phase": p.key },
    s("rect", { class: "story-hit", x: AXIS + i * COL + 3, y: 2, width: COL - 6, height: height - 4, rx: 14 }));
    col.addEventListener("keydown", (event) => key(event, i));
    return col;
  });
  const board = s("svg", { class: "story-board", viewBox: `0 0 ${width} ${height}`, "aria-labelledby": ctx.labelId },
    ...Array.from({ length: levels }, (_, n) => {
      const level = levels - n;
      return s("g", {},
        s("line", { class: "story-grid", x1: AXIS, x2: width, y1: y(level), y2: y(level) }),
        s("text", { class: "story-face", x: AXIS / 2, y: y(level) + 13, "text-anchor": "middle", "aria-hidden": "true" },
          levelName(ctx, level, levels).icon));
    }),
    ...columns, line, dots);
  const names = h("div", { class: "story-names", "aria-hidden": "true" },
    phases.map((p) => h("span", {}, localize(p.label, ctx.lang))));
  const status = h("p", { class: "hint", "aria-live": "polite" });
  names.style.paddingLeft = `${(100 * AXIS) / width}%`; // under their columns (CSSOM: allowed by the CSP)

  function paint() {
    const points = [];
    dots.replaceChildren();
    phases.forEach((p, i) => {
      const level = value[p.key];
      const col = columns[i];
      if (!level) {
        col.removeAttribute("aria-valuenow");
        col.setAttribute("aria-valuetext", t("not_set"));
        return;
      }
      const named = levelName(ctx, level, levels);
      col.setAttribute("aria-valuenow", String(level));
      col.setAttribute("aria-valuetext", `${named.word} (${level})`);
      points.push(`${x(i)},${y(level)}`);
      dots.append(s("circle", { class: "story-dot", cx: x(i), cy: y(level), r: 15 }));
    });
    line.setAttribute("points", points.join(" "));
    const done = Object.keys(value).length;
    status.textContent = t("phases_done", { n: done, max: phases.length, count: phases.length });
  }

  function send() {
    if (phases.every((p) => value[p.key])) ctx.answer({ ...value });
  }

  // Where a pointer is on the board: the phase's column and the level.
  function place(event) {
    const box = board.getBoundingClientRect();
    const ux = ((event.clientX - box.left) / box.width) * width;
    const uy = ((event.clientY - box.top) / box.height) * height;
    const i = Math.floor((ux - AXIS) / COL);
    if (i < 0 || i >= phases.length) return;
    const level = Math.min(levels, Math.max(1, levels - Math.floor(uy / ROW)));
    if (value[phases[i].key] !== level) {
      value[phases[i].key] = level;
      paint();
    }
  }

  let drawing = false;
  board.addEventListener("pointerdown", (event) => {
    drawing = true;
    try {
      board.setPointerCapture(event.pointerId); // the line follows the thumb out of the board
    } catch {
      // a pointer the browser no longer tracks: drawing works without the capture
    }
    place(event);
  });
  board.addEventListener("pointermove", (event) => { if (drawing) place(event); });
  const stop = () => {
    if (!drawing) return;
    drawing = false;
    send();
  };
  board.addEventListener("pointerup", stop);
  board.addEventListener("pointercancel", stop);

  function key(event, i) {
    const p = phases[i];
    // An arrow on a column without a level yet starts in the middle; Home and End go to the ends.
    const now = value[p.key] ?? Math.ceil(levels / 2);
    const step = value[p.key] ? 1 : 0;
    const moves = { ArrowUp: now + step, ArrowRight: now + step, ArrowDown: now - step, ArrowLeft: now - step,
      Home: 1, End: levels, " ": now, Enter: now };
    if (!(event.key in moves)) return;
    value[p.key] = Math.min(levels, Math.max(1, moves[event.key]));
    event.preventDefault();
    paint();
    send();
  }

  paint();
  return [h("p", { class: "hint" }, t("storyline_hint")), h("div", { class: "storyline" }, board, names), status];
}
