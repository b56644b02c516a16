// ALLO?! Review service worker. The offline-first issue fills this in.
self.addEventListener("install", () => self.skipWaiting());
