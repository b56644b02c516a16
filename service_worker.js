/* ALLO?! Review service worker: the app shell, meetings kept for offline use,
   and the answer outbox replayed whenever the worker gets a chance.
   The server fills in VERSION (a hash of the shell files), SHELL_URLS and STATIC (where
   this version of static/ is served: /static/v/<hash>, app/ops/static_files.py). */
importScripts("__STATIC__/js/store.js", "__STATIC__/js/outbox_send.js", "__STATIC__/js/outbox.js");

const VERSION = "__VERSION__";
const SHELL_URLS = __SHELL_URLS__;
const SHELL = `allo-shell-${VERSION}`;
const PAGES = "allo-pages-v1"; // visited meetings: outlive a shell update
const EXPECTED = [SHELL, PAGES];
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener("install", (event) => {
  const fresh = SHELL_URLS.map((url) => new Request(url, { cache: "reload" }));
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(fresh)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => !EXPECTED.includes(k)).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/") || url.pathname === "/manifest.json") {
    event.respondWith(cacheFirst(request));
  } else if (isParticipantPage(url) || isMeetingData(url)) {
    event.respondWith(networkFirst(request));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === "allo-outbox") event.waitUntil(drainOrRetry());
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "drain") { // a page asks (an answer, the network back): start the backoff over
    self.AlloOutbox.reset();
    event.waitUntil(drain());
  }
  if (type === "keep") event.waitUntil(keep(event.data.urls || []));
  if (type === "skip-waiting") self.skipWaiting();
  if (type === "version" && event.ports[0]) event.ports[0].postMessage({ version: VERSION });
});

// Web push (app/followups/push.py): a follow-up review's notification. The payload is
// {title, body, url, tag}; tapping it opens (or focuses) the follow-up.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    // not ours, or damaged: still show something, as push requires
  }
  event.waitUntil(self.registration.showNotification(data.title || "ALLO?!", {
    body: data.body || "",
    tag: data.tag || "allo",
    icon: "__STATIC__/icons/icon-192.png",
    data: { url: notificationTarget(data.url) },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openTarget(notificationTarget(event.notification.data && event.notification.data.url)));
});

// Only a page of this site: a payload cannot send the phone elsewhere.
function notificationTarget(raw) {
  try {
    const url = new URL(raw || "/", self.location.origin);
    if (url.origin === self.location.origin) return url.href;
  } catch {
    // not a URL: the home page
  }
  return new URL("/", self.location.origin).href;
}

async function openTarget(target) {
  const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const same = open.find((client) => client.url === target);
  if (same) return same.focus();
  return self.clients.openWindow(target);
}

// Facilitator pages are never cached: they may be opened on a shared laptop.
function isParticipantPage(url) {
  return url.pathname === "/" || url.pathname.startsWith("/j/");
}

// A module outside the shell that a page asks to keep (a kiosk's, participant/kiosk.js).
function isScript(url) {
  return url.pathname.startsWith("/static/") && url.pathname.endsWith(".js");
}

function isMeetingData(url) {
  return /^\/api\/meetings\/[^/]+$/.test(url.pathname);
}

// Static files live under /static/v/<hash of static/>/ (app/ops/static_files.py). A page
// kept from before an update names the old hash: the same file of this version stands in.
const STATIC_NOW = (SHELL_URLS.find((u) => u.startsWith("/static/v/")) || "").split("/").slice(0, 4).join("/");

function thisVersion(url) {
  const older = url.pathname.match(/^\/static\/v\/[^/]+\/(.+)$/);
  return older && STATIC_NOW ? `${STATIC_NOW}/${older[1]}` : null;
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const same = thisVersion(new URL(request.url));
  return (same && (await caches.match(same))) || fetch(request);
}

// Only our own answers are kept: a captive portal's "log in to Wi-Fi" page is not
// the meeting, even when it comes back as 200.
function isOurs(response) {
  return response.ok && response.headers.get("X-Allo-App") === "1";
}

async function networkFirst(request) {
  const cache = await caches.open(PAGES);
  if (self.navigator.onLine === false) {
    // Known to be offline: no doomed request, the cached page at once.
    const cached = await caches.match(request, { ignoreSearch: true });
    if (cached) return cached;
  }
  try {
    const response = await fetchWithTimeout(request, NETWORK_TIMEOUT_MS);
    if (isOurs(response)) {
      await cache.put(request, response.clone());
      return response;
    }
    return (await caches.match(request, { ignoreSearch: true })) || response;
  } catch (offline) {
    const cached = await caches.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw offline;
  }
}

// A page opened before this worker controlled it (the very first visit) asks to
// be kept, so that it opens offline from then on.
async function keep(urls) {
  const cache = await caches.open(PAGES);
  for (const raw of urls) {
    const url = new URL(raw, self.location.origin);
    const kept = isParticipantPage(url) || isMeetingData(url) || isScript(url);
    if (url.origin !== self.location.origin || !kept) continue;
    if (await cache.match(url, { ignoreSearch: true })) continue;
    try {
      const response = await fetchWithTimeout(new Request(url, { cache: "no-store" }), NETWORK_TIMEOUT_MS);
      if (isOurs(response) || (isScript(url) && response.ok)) await cache.put(url, response);
    } catch {
      // offline already: the page is kept on its next visit
    }
  }
}

function fetchWithTimeout(request, ms) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  return fetch(request, { signal: controller.signal }).finally(() => clearTimeout(timer));
}

function drain() {
  return self.AlloOutbox.drain().catch(() => undefined);
}

// A sync that could not send everything fails, so the browser fires it again
// later, even after this worker has stopped (its own retry timer dies with it).
async function drainOrRetry() {
  const report = await self.AlloOutbox.drain();
  if (!report.ok) throw report.error || new Error("outbox not drained");
}

drain(); // every time the worker starts: answers may be waiting from a closed tab
