// What this phone remembers about a meeting, in localStorage under "allo:<token>":
// {device_token, group, language, at, choosing, answers: {prompt_id: {uuid, value,
// recorded_at, state, message}}}. state is "local" (on the phone), "sent" or "rejected".
const key = (token) => `allo:${token}`;

export function load(token) {
  let record = null;
  try {
    record = JSON.parse(localStorage.getItem(key(token)));
  } catch {
    // storage refused (some private modes) or corrupt: start afresh
  }
  return { answers: {}, ...record };
}

export function save(token, record) {
  try {
    localStorage.setItem(key(token), JSON.stringify(record));
  } catch {
    // storage full or refused: the outbox in IndexedDB still holds the answers
  }
}

export function forget(token) {
  try {
    localStorage.removeItem(key(token));
  } catch {
    // storage refused: nothing was kept either
  }
}
