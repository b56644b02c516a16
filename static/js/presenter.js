// The presenter view (templates/presenter/present.html): keeps its live part current by
// conditional polling, and takes a presentation clicker's keys.
//
// Every 500 ms, GET the live fragment with If-None-Match: 304 (nothing changed) costs the
// server a fingerprint query; 200 brings the new HTML, swapped in place. No polling while
// the tab is hidden; on a network error the last view stays up. Keys: → / PageDown next
// prompt, ← / PageUp previous (before the first: the join code), Q shows or hides the
// join code, B (or .) blacks the screen out, F full screen. With facilitator pacing, the
// logged-in facilitator's arrows move the phones too; a read-only link only follows.
(function () {
  "use strict";
  const EVERY_MS = 500;
  const TIMEOUT_MS = 4000;
  const stage = document.getElementById("stage");
  const live = document.getElementById("live");
  const blank = document.getElementById("blank");
  if (!stage || !live) return;

  let etag = stage.dataset.etag || null;
  let asked = stage.dataset.prompt || "";
  let seq = 0; // bumped by every navigation: answers to older requests are dropped
  let heading = null; // the prompt a key press asked for, until its fragment arrives
  let busy = null;
  let timer = null;

  function frame() {
    return live.querySelector(".frame");
  }

  function showMode() {
    const current = frame();
    const hasPrompt = Boolean(current && current.dataset.prompt);
    stage.classList.toggle("mode-prompt", hasPrompt);
    stage.classList.toggle("mode-join", !hasPrompt);
  }

  function liveUrl() {
    const url = new URL(stage.dataset.liveUrl, location.href);
    const lang = new URL(location.href).searchParams.get("lang");
    if (asked) url.searchParams.set("prompt", asked);
    if (lang) url.searchParams.set("lang", lang);
    return url;
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(poll, ms);
  }

  async function poll() {
    if (document.hidden) return; // visibilitychange starts again
    if (busy) return schedule(EVERY_MS);
    const mine = seq;
    const controller = new AbortController();
    busy = controller;
    const giveUp = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const response = await fetch(liveUrl(), {
        headers: etag ? { "If-None-Match": etag } : {},
        credentials: "same-origin", cache: "no-store", redirect: "manual", signal: controller.signal,
      });
      if (response.status === 200 && mine === seq) {
        const html = await response.text();
        if (mine === seq) {
          live.innerHTML = html;
          etag = response.headers.get("ETag");
          heading = null;
          showMode();
          if (window.AlloWall) window.AlloWall.layout(); // pages of open answers and words
        }
      } else if (response.status === 404 || response.type === "opaqueredirect") {
        location.reload(); // the link was revoked, or the session ended: show why
        return;
      }
    } catch (error) {
      // Network down or too slow: keep the last view, try again at the next tick.
    } finally {
      clearTimeout(giveUp);
      if (busy === controller) busy = null;
    }
    if (mine === seq) schedule(EVERY_MS); // else a navigation already asked again
  }

  function step(delta) {
    const current = frame();
    if (!current) return;
    const ids = (current.dataset.prompts || "").split(" ").filter(Boolean);
    const at = ids.indexOf(heading !== null ? heading : current.dataset.prompt || "");
    const to = Math.max(-1, Math.min(ids.length - 1, at + delta));
    if (to === at) return;
    const target = to < 0 ? "" : ids[to];
    if (stage.dataset.pacing === "facilitator" && !stage.dataset.showUrl) return; // read-only: it follows
    heading = target;
    if (stage.dataset.pacing === "facilitator") {
      moveThePhones(target);
      return;
    }
    asked = target;
    const url = new URL(location.href);
    if (target) url.searchParams.set("prompt", target);
    else url.searchParams.delete("prompt");
    history.replaceState(null, "", url);
    refreshNow();
  }

  function refreshNow() {
    seq += 1;
    etag = null;
    if (busy) busy.abort();
    busy = null;
    schedule(0);
  }

  async function moveThePhones(target) {
    const body = new URLSearchParams({ prompt_id: target, csrf_token: stage.dataset.csrf });
    try {
      await fetch(stage.dataset.showUrl, { method: "POST", body, credentials: "same-origin" });
    } catch (error) {
      // Not sent: the next press tries again.
    }
    refreshNow();
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else document.documentElement.requestFullscreen().catch(() => {});
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    switch (event.key) {
      case "ArrowRight": case "PageDown": step(1); break;
      case "ArrowLeft": case "PageUp": step(-1); break;
      case "q": case "Q": stage.classList.toggle("qr-hidden"); break;
      case "b": case "B": case ".": blank.hidden = !blank.hidden; break;
      case "f": case "F": toggleFullscreen(); break;
      default: return;
    }
    event.preventDefault();
  });
  blank.addEventListener("click", () => { blank.hidden = true; });
  document.addEventListener("visibilitychange", () => { if (!document.hidden) schedule(0); });
  showMode();
  schedule(EVERY_MS);
})();
