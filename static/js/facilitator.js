// Live counts on the facilitator's meeting, presenter and cockpit pages: every few seconds,
// fetch counts.json and write each number into its [data-count="path.to.value"]. A page
// that shows the prompt on screen (data-current, data-status: the cockpit) reloads when
// it changed elsewhere (the presenter's clicker, another facilitator).
(function () {
  "use strict";
  const EVERY_MS = 3000;
  const root = document.querySelector("[data-counts-url]");
  if (!root) return;
  const url = root.dataset.countsUrl;

  function lookup(data, path) {
    return path.split(".").reduce((value, key) => (value == null ? undefined : value[key]), data);
  }

  function show(data) {
    if ("current" in root.dataset && (String(data.current_prompt_id ?? "") !== root.dataset.current
                                      || data.status !== root.dataset.status)) {
      location.reload();
      return;
    }
    root.querySelectorAll("[data-count]").forEach((element) => {
      // null: a group's count the disclosure rule does not show (below K): "<K".
      const found = lookup(data, element.dataset.count);
      const value = found === null ? root.dataset.few : found;
      if (value !== undefined && element.textContent !== String(value)) {
        element.textContent = String(value);
        element.classList.remove("changed");
        void element.offsetWidth; // restart the highlight animation
        element.classList.add("changed");
      }
    });
  }

  async function refresh() {
    if (document.hidden) return;
    try {
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      const json = response.ok && (response.headers.get("Content-Type") || "").includes("json");
      if (json) show(await response.json());
    } catch (error) {
      // Offline for a moment: keep the last numbers and try again at the next tick.
    }
  }

  setInterval(refresh, EVERY_MS);
  document.addEventListener("visibilitychange", refresh);
})();
