// The open-answers wall and the word cloud on the presenter (templates/results/_charts.html,
// lists marked data-paged): every approved answer and every word reaches the screen.
//
// Each list is cut into pages that fit the screen as it is (measured, not guessed: any screen
// size, any length of answer); an answer too long for a page alone is set smaller until it
// fits. All lists show their page `turned` (modulo their own number of pages); the line
// under each says "page 2 of 5 · +23 more". Pages turn on their own every 12 s and with ↓ / ↑
// (→ / ← stay for the prompts). A cloud is paged most given words first (data-rank). A click
// on an answer, or S, shows it alone, full screen (the spotlight); ↓ / ↑ go to the next one,
// Esc or a click closes it. presenter.js calls AlloWall.layout() after each new fragment.
(function () {
  "use strict";
  const EVERY_MS = 12000;
  const stage = document.getElementById("stage");
  const live = document.getElementById("live");
  const spot = document.getElementById("spotlight");
  if (!stage || !live) return;

  let lists = []; // [{el, items: [li], pages: [[li]], pager}]
  let turned = 0;
  let shownPrompt = null;
  let timer = null;
  let spotItem = null;

  const fmt = (template, values) => (template || "").replace(/\{(\w+)\}/g, (_m, key) => values[key]);

  function byRank(list) {
    return [...list.children]
      .map((el, i) => ({ el, rank: el.dataset.rank === undefined ? i : Number(el.dataset.rank) }))
      .sort((a, b) => a.rank - b.rank)
      .map((x) => x.el);
  }

  function showOnly(items, wanted) {
    for (const el of items) el.hidden = !wanted.has(el);
  }

  // The room a list has: down to the bottom of the result area, less what follows it in its group.
  function limits(list) {
    const area = list.closest(".result") || live;
    const group = list.closest(".group") || list.parentElement;
    const last = group.lastElementChild;
    const trailing = last && last !== list ? last.getBoundingClientRect().bottom - list.getBoundingClientRect().bottom : 0;
    return { bottom: area.getBoundingClientRect().bottom - trailing, right: list.getBoundingClientRect().right };
  }

  function fits(els, limit) {
    return els.every((el) => {
      const box = el.getBoundingClientRect();
      return box.bottom <= limit.bottom + 0.5 && box.right <= limit.right + 0.5;
    });
  }

  function squeeze(el, limit) {
    for (let size = 0.85; size >= 0.4 && !fits([el], limit); size -= 0.075) el.style.fontSize = `${size.toFixed(3)}em`;
  }

  function paginate(list) {
    const items = byRank(list);
    for (const el of items) el.style.fontSize = "";
    showOnly(items, new Set(items));
    const limit = limits(list);
    if (fits(items, limit)) return { items, pages: [items] };
    const pages = [];
    for (let start = 0; start < items.length;) {
      let lo = 1;
      let hi = items.length - start;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        const trial = items.slice(start, start + mid);
        showOnly(items, new Set(trial));
        if (fits(trial, limit)) lo = mid;
        else hi = mid - 1;
      }
      const page = items.slice(start, start + lo);
      if (lo === 1) {
        showOnly(items, new Set(page));
        squeeze(page[0], limit);
      }
      pages.push(page);
      start += lo;
    }
    return { items, pages };
  }

  function total() {
    return Math.max(1, ...lists.map((l) => l.pages.length));
  }

  function paint() {
    for (const l of lists) {
      const at = turned % l.pages.length;
      showOnly(l.items, new Set(l.pages[at]));
      l.el.dataset.page = String(at + 1);
      l.el.dataset.pages = String(l.pages.length);
      if (!l.pager) continue;
      const more = l.items.length - l.pages[at].length;
      l.pager.textContent = l.pages.length < 2 ? "\u00a0" : `${fmt(stage.dataset.pageOf, { page: at + 1, pages: l.pages.length })} · ${
        fmt(more === 1 ? stage.dataset.moreOne : stage.dataset.moreMany, { n: more })}`;
    }
  }

  function schedule() {
    clearTimeout(timer);
    if (total() < 2) return;
    timer = setTimeout(() => { turn(1); }, Number(stage.dataset.wallEvery) || EVERY_MS);
  }

  function turn(delta) {
    if (total() < 2) return false;
    turned = (turned + delta + total()) % total();
    paint();
    schedule();
    return true;
  }

  function layout() {
    const frame = live.querySelector(".frame");
    const prompt = frame ? frame.dataset.prompt : "";
    if (prompt !== shownPrompt) turned = 0;
    shownPrompt = prompt;
    lists = [...live.querySelectorAll("[data-paged]")].map((el) => {
      const pager = el.nextElementSibling && el.nextElementSibling.classList.contains("pager") ? el.nextElementSibling : null;
      return { el, pager, ...paginate(el) };
    });
    turned %= total();
    paint();
    schedule();
    if (spotItem && !spotItem.isConnected) reopenSpot();
  }

  // The spotlight: one answer alone, as large as it fits.
  function answers() {
    return [...live.querySelectorAll(".wall > li")];
  }

  function textOf(li) {
    return [...li.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join("").trim();
  }

  function openSpot(li) {
    if (!spot || !li) return;
    const group = li.closest(".group");
    const name = group && group.querySelector(".group-name");
    spotItem = li;
    spot.className = `spotlight ${group ? [...group.classList].find((c) => c.startsWith("group-")) || "" : ""}`;
    const text = textOf(li);
    spot.querySelector(".spot-text").textContent = text;
    spot.querySelector(".spot-text").dataset.length = text.length > 200 ? "long" : text.length > 80 ? "medium" : "short";
    spot.querySelector(".spot-who").textContent = name ? name.textContent.split("·")[0].trim() : "";
    spot.hidden = false;
    clearTimeout(timer);
  }

  function closeSpot() {
    if (!spot || spot.hidden) return;
    spot.hidden = true;
    spotItem = null;
    schedule();
  }

  // After a new fragment: the same answer again if it is still approved, else close.
  function reopenSpot() {
    const text = spot.querySelector(".spot-text").textContent;
    const again = answers().find((li) => textOf(li) === text);
    if (again) openSpot(again);
    else closeSpot();
  }

  function stepSpot(delta) {
    const all = answers();
    const at = all.indexOf(spotItem);
    const next = all[(at + delta + all.length) % all.length];
    if (next) openSpot(next);
  }

  live.addEventListener("click", (event) => {
    const li = event.target.closest(".wall > li");
    if (li) openSpot(li);
  });
  if (spot) spot.addEventListener("click", closeSpot);

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const spotting = spot && !spot.hidden;
    switch (event.key) {
      case "ArrowDown": if (spotting) stepSpot(1); else turn(1); break;
      case "ArrowUp": if (spotting) stepSpot(-1); else turn(-1); break;
      case "s": case "S":
        if (spotting) closeSpot();
        else openSpot(answers().find((li) => !li.hidden));
        break;
      case "Escape": if (!spotting) return; closeSpot(); break;
      default: return;
    }
    event.preventDefault();
  });
  let resized = null;
  window.addEventListener("resize", () => { clearTimeout(resized); resized = setTimeout(layout, 150); });

  window.AlloWall = { layout, turn };
  layout();
})();
