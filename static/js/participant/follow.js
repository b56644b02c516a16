// Following the facilitator: the phone shows the new prompt within a second of the key.
// A short long-poll (app/live/step.py): GET .../step?known=<key> answers when the
// meeting's key (status, pacing, current prompt, prompts' version) differs from the
// phone's, or after 20 s; the phone asks again at once. Only when the prompts themselves
// changed is the whole meeting fetched. A server that cannot wait says retry_ms: the phone
// asks again after it (a cheap poll). When the connection breaks, the phone falls back to
// polling the whole meeting every 4 s, and tries the long-poll again after 1, 2, then 4 polls.
const HEADERS = { Accept: "application/json" };
const POLL_MS = 4000;
const WAIT_MS = 30000; // the server answers within 20 s; a reply later than this is lost

function get(url, timeout) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeout);
  const stop = () => abort.abort();
  document.addEventListener("visibilitychange", stop, { once: true }); // hidden: no waiting
  return fetch(url, { credentials: "omit", cache: "no-store", headers: HEADERS, signal: abort.signal })
    .then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json(); // a captive portal's HTML page throws here
    })
    .finally(() => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", stop);
    });
}

const keyOf = (m) => `${m.status}.${m.pacing}.${m.current_prompt_id || 0}.${m.prompts_version || 0}`;
// -> true when the page's visibility changed before the time was up
const sleep = (ms) => new Promise((resolve) => {
  const wake = () => { clearTimeout(timer); resolve(true); };
  const timer = setTimeout(() => { document.removeEventListener("visibilitychange", wake); resolve(false); }, ms);
  document.addEventListener("visibilitychange", wake, { once: true });
});

// onMeeting(fresh meeting) as the old poll gave it; current() -> the meeting shown now;
// often() -> whether to follow at all (facilitator pacing, meeting open).
export function follow(token, onMeeting, often, current) {
  const base = `/api/meetings/${encodeURIComponent(token)}`;
  let failures = 0; // long-polls that failed in a row
  let polls = 0; // polls left before the long-poll is tried again

  const poll = async () => {
    try {
      onMeeting(await get(base, 8000));
    } catch {
      // no signal: the next round tries again
    }
  };

  const stepOnce = async () => {
    const shown = { ...current() };
    shown.key = keyOf(shown);
    const reply = await get(`${base}/step?known=${encodeURIComponent(shown.key)}`, WAIT_MS);
    if (reply.prompts_version !== (shown.prompts_version || 0)) {
      await poll(); // the prompts changed: the whole meeting
    } else {
      const { status, pacing, current_prompt_id: id } = reply;
      onMeeting({ ...current(), status, pacing, current_prompt_id: id });
    }
    if (reply.retry_ms) return reply.retry_ms;
    if (keyOf(current()) !== reply.key) return POLL_MS; // never a tight loop
    // Moved: the whole room got its answer at once; spread its next asks over a second,
    // so they do not land on the server together with the presenter's own update.
    return reply.key === shown.key ? 0 : 300 + Math.random() * 1200;
  };

  async function run() {
    for (;;) {
      if (document.visibilityState !== "visible" || !often()) {
        const woke = await sleep(POLL_MS);
        if (woke && document.visibilityState === "visible") await poll(); // back: catch up at once
        continue;
      }
      if (polls > 0) {
        polls -= 1;
        await poll();
        await sleep(POLL_MS);
        continue;
      }
      try {
        const retry = await stepOnce();
        failures = 0;
        if (retry) await sleep(retry);
      } catch {
        if (document.visibilityState !== "visible") continue; // aborted on purpose
        failures += 1;
        polls = 2 ** Math.min(failures - 1, 2); // 1, 2, 4 polls before the next try
      }
    }
  }
  run();
}
