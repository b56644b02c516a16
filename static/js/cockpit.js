// The cockpit's counts, fresh without a reload: poll counts.json (as the meeting page
// does) and write each number into its [data-count]. When the prompt shown or the
// meeting's status changed elsewhere (the presenter's clicker, another facilitator),
// reload, so the page shows what the room sees.
(function () {
  "use strict";
  const root = document.querySelector("[data-counts-url]");
  if (!root || !window.fetch) return;
  const pick = (data, path) => path.split(".").reduce((value, key) => (value == null ? value : value[key]), data);

  async function refresh() {
    if (document.hidden) return;
    try {
      const response = await fetch(root.dataset.countsUrl, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return;
      const data = await response.json();
      if (String(data.current_prompt_id ?? "") !== root.dataset.current || data.status !== root.dataset.status) {
        if (!root.contains(document.activeElement) || document.activeElement === document.body) location.reload();
        return;
      }
      root.querySelectorAll("[data-count]").forEach((element) => {
        const value = pick(data, element.dataset.count);
        if (value !== undefined) element.textContent = value === null ? element.textContent : String(value);
      });
    } catch (error) {
      // No network for a moment: try at the next tick.
    }
  }

  setInterval(refresh, 2000);
  document.addEventListener("visibilitychange", refresh);
})();
