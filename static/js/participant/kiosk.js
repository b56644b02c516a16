// Kiosk mode (app/phone/kiosk.py): one person after another on one device, each an
// anonymous participant of their own. "Done — hand it on", or no touch for a while:
// the page forgets this person's record (what still waits stays in the outbox, under
// its own device token, and is sent once) and starts over with nothing of theirs left.
const TOUCHES = ["pointerdown", "keydown", "input", "wheel"];

export function start(phone, { idle }) {
  let timer = null;
  const handOn = async () => {
    clearTimeout(timer);
    document.activeElement?.blur?.(); // a typed answer is kept before the screen goes
    document.getElementById("app").replaceChildren();
    await phone.forget();
    location.replace(location.href); // the start screen, from a clean page
  };
  const touched = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => ((await phone.reload()).device_token ? handOn() : touched()), idle * 1000);
  };
  for (const name of TOUCHES) document.addEventListener(name, touched, { capture: true, passive: true });
  // Back or forward into a page kept in memory: start over instead.
  window.addEventListener("pageshow", (event) => event.persisted && location.reload());
  touched();
  // Offline, the kiosk reloads from the worker's cache: keep this module there too.
  navigator.serviceWorker?.ready.then((ready) => ready.active?.postMessage({ type: "keep", urls: [import.meta.url] }));
  return { handOn };
}
