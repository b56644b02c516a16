// The installable, offline side of the page: the service worker and its updates,
// Background Sync, the install hint and persistent storage.
import { h, t } from "./dom.js";

const Outbox = globalThis.AlloOutbox;
const worker = navigator.serviceWorker;
const DISMISSED = "allo:install-dismissed";
let bar = null;

export async function start(barElement) {
  bar = barElement;
  navigator.storage?.persist?.().catch(() => undefined); // keep the outbox when space runs low
  if (!worker) return;
  try {
    const registration = await worker.register("/service_worker.js", { scope: "/" });
    watchUpdates(registration);
    const ready = await worker.ready; // on a first visit the worker did not see this page load
    ready.active?.postMessage({ type: "keep", urls: [location.pathname + location.search] });
  } catch {
    return; // no worker (private mode, old browser): the page still drains while open
  }
  offerInstall();
}

// Ask the worker to send what waits, now and after the tab is gone (Background
// Sync exists in Chromium only; elsewhere the worker drains when it next starts).
export async function wakeWorker() {
  if (!worker) return;
  const registration = await worker.ready;
  registration.active?.postMessage({ type: "drain" });
  await registration.sync?.register("allo-outbox").catch(() => undefined);
}

// A new version waits until the participant chooses to reload, and is offered
// only when no answer waits to be sent: a reload never stands between an answer
// and the server.
function watchUpdates(registration) {
  let asked = false;
  const offer = async () => {
    if (!registration.waiting || !worker.controller) return;
    if ((await Outbox.list()).length) return void setTimeout(offer, 3000);
    show("update", t("update_ready"), t("update_reload"), () => {
      asked = true;
      registration.waiting?.postMessage({ type: "skip-waiting" });
    });
  };
  registration.addEventListener("updatefound", () => {
    const installing = registration.installing;
    installing?.addEventListener("statechange", () => installing.state === "installed" && offer());
  });
  worker.addEventListener("controllerchange", () => asked && location.reload());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") registration.update().catch(() => undefined);
  });
  offer();
}

function installed() {
  return matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
}

function offerInstall() {
  if (installed() || localStorage.getItem(DISMISSED)) return;
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault(); // our own, explained hint instead of the browser's banner
    show("install", t("install_why"), t("install"), async () => {
      event.prompt();
      await event.userChoice;
      hide();
    });
  });
  // iOS has no install prompt, and there only installed apps keep their data for long.
  if (/iPad|iPhone|iPod/.test(navigator.userAgent)) show("install", t("install_ios"), null);
}

function show(kind, text, action, onAction) {
  if (!bar || (kind === "install" && bar.dataset.kind === "update")) return;
  bar.dataset.kind = kind;
  bar.replaceChildren(
    h("p", {}, text),
    action && h("button", { type: "button", class: "btn primary", onclick: onAction }, action),
    h("button", { type: "button", class: "btn link", onclick: () => dismiss(kind), "aria-label": t("close") }, "✕"),
  );
  bar.hidden = false;
}

function dismiss(kind) {
  if (kind === "install") localStorage.setItem(DISMISSED, "1");
  hide();
}

function hide() {
  bar.hidden = true;
  delete bar.dataset.kind;
}

// "Leave this meeting on this device" (shared duty phones): once nothing waits,
// forget the device token, the answers and the cached meeting.
export async function forget(token) {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    await cache.delete(`/j/${token}`, { ignoreSearch: true });
    await cache.delete(`/api/meetings/${token}`, { ignoreSearch: true });
  }
}
