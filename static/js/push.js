// The follow-up opt-in at the end of a meeting, loaded only there (not part of
// the first visit): "May we ask you one more question in N days?" One tap to
// opt in, one tap to opt out (which deletes the subscription on the server).
// The server keeps the subscription with the meeting and group only.
import { h, t } from "./participant/dom.js";

const remembered = (token) => `allo:push:${token}`;
const HEADERS = { "Content-Type": "application/json", Accept: "application/json" };

function keyBytes(b64) {
  const raw = atob(b64.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

function call(token, method, body, deviceToken) {
  const headers = deviceToken ? { ...HEADERS, Authorization: `Bearer ${deviceToken}` } : HEADERS;
  return fetch(`/api/meetings/${encodeURIComponent(token)}/push`, {
    method, headers, credentials: "omit", body: JSON.stringify(body),
  }).then((response) => {
    if (!response.ok) throw new Error(String(response.status));
  });
}

export function offer(screen, { key, days, token, deviceToken }) {
  const supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  const box = h("div", { class: "push-offer", id: "push-offer" });
  const status = h("p", { class: "hint", role: "status" });
  const fail = (text) => { status.textContent = text; };

  async function start() {
    try {
      if ((await Notification.requestPermission()) !== "granted") return fail(t("push_denied"));
      const registration = await navigator.serviceWorker.ready;
      const sub = (await registration.pushManager.getSubscription())
        || (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) }));
      await call(token, "POST", { subscription: sub.toJSON() }, deviceToken);
      localStorage.setItem(remembered(token), sub.endpoint);
      paint();
    } catch {
      fail(t("push_failed"));
    }
  }

  async function stop() {
    try {
      await call(token, "DELETE", { endpoint: localStorage.getItem(remembered(token)) });
      localStorage.removeItem(remembered(token));
      paint();
    } catch {
      fail(t("push_failed"));
    }
  }

  function paint() {
    const on = localStorage.getItem(remembered(token));
    status.textContent = "";
    box.replaceChildren(
      h("p", {}, `🔔 ${t(on ? "push_on" : "push_ask", { n: days })}`),
      supported
        ? h("button", { type: "button", class: on ? "btn secondary" : "btn primary", onclick: on ? stop : start },
          t(on ? "push_stop" : "push_yes"))
        : h("p", { class: "hint" }, t("push_install")),
      status);
  }

  paint();
  const leave = screen.querySelector(".leave");
  if (leave) leave.before(box);
  else screen.append(box);
}
