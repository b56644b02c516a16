// The moderation queue without reloads. The page works as plain forms; with this script
// a decision is sent with fetch (CSRF token in X-CSRFToken, a JSON reply) and the lists
// are polled as an HTML fragment every 2 s (ETag: mostly 304). New answers are added at
// the end of the queue, so no card moves under the moderator's thumb; cards decided
// elsewhere disappear. The fragment is rendered (and escaped) by the server.
(function () {
  "use strict";
  const EVERY_MS = 2000;
  const root = document.querySelector("[data-lists-url]");
  if (!root || !window.fetch) return;
  const listsUrl = root.dataset.listsUrl;
  const lists = root.querySelector("[data-lists]");
  const notice = root.querySelector("[data-notice]");
  const total = root.querySelector("[data-pending-total]");
  let etag = null;
  let polling = false;
  let decisions = 0; // counts decisions sent, so that an older poll is not shown after one

  function csrfToken() {
    const input = root.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  function say(message) {
    notice.textContent = message || "";
  }

  function queue() {
    return lists.querySelector("[data-queue]");
  }

  function cards() {
    return Array.from(queue().children);
  }

  // Show the number waiting, the empty state and "approve all" as the queue is now.
  function tidy() {
    const shown = cards().filter((card) => !card.classList.contains("busy")).length;
    lists.querySelector("[data-empty]").hidden = shown > 0;
    lists.querySelector("[data-approve-all]").hidden = shown === 0;
    total.textContent = String(shown);
  }

  // Merge a fresh fragment: keep the cards still pending, drop the others, append new ones.
  function merge(html) {
    const fresh = document.createElement("template");
    fresh.innerHTML = html;
    const pending = new Map(Array.from(fresh.content.querySelector("[data-queue]").children,
      (card) => [card.dataset.key, card]));
    cards().forEach((card) => {
      if (!pending.has(card.dataset.key) && !card.classList.contains("busy")) card.remove();
    });
    const present = new Set(cards().map((card) => card.dataset.key));
    pending.forEach((card, key) => {
      if (!present.has(key)) {
        card.classList.add("new");
        queue().append(card);
      }
    });
    ["[data-decided]", "[data-counts]"].forEach((selector) => {
      const old = lists.querySelector(selector);
      const replacement = fresh.content.querySelector(selector);
      if (old && replacement) old.replaceWith(replacement);
    });
    tidy();
  }

  async function refresh() {
    if (document.hidden || polling) return;
    polling = true;
    const asked = decisions;
    let stale = false;
    try {
      const headers = etag ? { "If-None-Match": etag } : {};
      const response = await fetch(listsUrl, { credentials: "same-origin", cache: "no-store", headers });
      stale = asked !== decisions; // a decision went out meanwhile: this answer predates it
      if (response.status === 200 && !stale) {
        etag = response.headers.get("ETag");
        merge(await response.text());
      }
    } catch (error) {
      // The laptop lost the network for a moment: keep the queue, try at the next tick.
    } finally {
      polling = false;
    }
    if (stale) refresh();
  }

  async function post(form, submitter) {
    const body = new URLSearchParams(new FormData(form));
    if (submitter && submitter.name) body.set(submitter.name, submitter.value);
    const response = await fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body,
    });
    const type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") !== 0) throw new Error("HTTP " + response.status);
    return response.json();
  }

  // The script could not send it: let the form do it, with a reload.
  function fallBack(form, submitter) {
    if (submitter && submitter.name) {
      const input = document.createElement("input");
      Object.assign(input, { type: "hidden", name: submitter.name, value: submitter.value });
      form.append(input);
    }
    form.submit();
  }

  // After a decision the card goes: focus moves to the next answer's first button (or
  // the previous one's, or the heading), never to <body> (WCAG 2.4.3).
  function focusAfter(next) {
    const target = (next && next.querySelector("button:not([disabled])")) || root.querySelector("h1");
    if (target.matches("h1")) target.setAttribute("tabindex", "-1");
    target.focus();
  }

  async function decide(form, submitter) {
    const card = form.closest("li");
    const hadFocus = card.contains(document.activeElement);
    decisions += 1;
    card.classList.add("busy");
    form.querySelectorAll("button").forEach((button) => { button.disabled = true; });
    tidy();
    try {
      const reply = await post(form, submitter);
      say(reply.message);
      if (reply.ok) {
        const next = card.nextElementSibling || card.previousElementSibling;
        card.remove();
        if (hadFocus) focusAfter(next);
      }
    } catch (error) {
      fallBack(form, submitter);
      return;
    }
    card.classList.remove("busy");
    form.querySelectorAll("button").forEach((button) => { button.disabled = false; });
    etag = null; // the answer may have changed: fetch the lists in full
    tidy();
    refresh();
  }

  async function approveAll(form) {
    // Exactly the cards on the screen now: nothing the moderator has not seen.
    form.querySelectorAll("input[name=seen]").forEach((input) => input.remove());
    cards().forEach((card) => {
      const input = document.createElement("input");
      Object.assign(input, { type: "hidden", name: "seen", value: card.dataset.key });
      form.append(input);
    });
    form.querySelector("button").disabled = true;
    decisions += 1;
    try {
      const reply = await post(form);
      say(reply.message);
    } catch (error) {
      fallBack(form);
      return;
    }
    form.querySelector("button").disabled = false;
    etag = null;
    refresh();
  }

  lists.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches("[data-moderate]")) {
      event.preventDefault();
      decide(form, event.submitter);
    } else if (form.matches("[data-approve-all]")) {
      event.preventDefault();
      approveAll(form);
    }
  });

  setInterval(refresh, EVERY_MS);
  document.addEventListener("visibilitychange", refresh);
})();
