// The calls the page makes itself; answers go through the outbox (outbox.js).
import { t } from "./dom.js";

const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json" };

function request(url, options = {}, timeout = 15000) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeout);
  return fetch(url, { credentials: "omit", cache: "no-store", signal: abort.signal, ...options })
    .finally(() => clearTimeout(timer));
}

// Join with a group and language (or change them, with the device token).
// -> {ok: true, device_token?} | {ok: false, status: "closed"|"draft"} | {ok: false, message}
export async function join(token, group, language, deviceToken) {
  const headers = { ...JSON_HEADERS };
  if (deviceToken) headers.Authorization = `Bearer ${deviceToken}`;
  let response;
  let body;
  try {
    response = await request(`/api/meetings/${encodeURIComponent(token)}/participants`, {
      method: "POST", headers, body: JSON.stringify({ group, language }),
    });
    body = await response.json(); // a captive portal's HTML page throws here
  } catch {
    return { ok: false, message: t("no_connection") };
  }
  if (response.ok) return { ok: true, ...body };
  const code = body?.error?.code;
  if (code === "meeting_closed" || code === "meeting_draft") return { ok: false, status: code.slice(8) };
  return { ok: false, message: body?.error?.message || t("join_failed") };
}

// The server's copy of this phone's answers, or null.
export async function mine(token, deviceToken) {
  try {
    const response = await request(`/api/meetings/${encodeURIComponent(token)}/answers`, {
      headers: { ...JSON_HEADERS, Authorization: `Bearer ${deviceToken}` },
    }, 8000);
    return response.ok ? (await response.json()).answers : null;
  } catch {
    return null;
  }
}
