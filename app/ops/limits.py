"""Abuse limits (Flask-Limiter, its public API only): login attempts, join-code guessing, answer flooding.

The limits are put on the views by endpoint name when the app is made, so the views
themselves stay free of them. What each limit counts, and its default:

| limit (config key)            | counted per          | what                                          |
|-------------------------------|----------------------|-----------------------------------------------|
| RATELIMIT_LOGIN_ACCOUNT       | address and account  | failed logins                                 |
| RATELIMIT_LOGIN_ADDRESS       | address              | failed logins                                 |
| RATELIMIT_LOGIN_CODE          | address and account  | wrong second-factor codes                     |
| RATELIMIT_RESET               | address and account  | password reset e-mails asked                  |
| RATELIMIT_JOIN_ADDRESS        | address              | joins (POST .../participants)                 |
| RATELIMIT_CODE_MISSES         | address              | unknown codes and meeting links, all routes   |
| RATELIMIT_ANSWERS_DEVICE      | device token         | answer batches and outbox counts, together    |
| RATELIMIT_ANSWERS_ADDRESS     | address              | answer batches                                |

Limits are lock-outs too, so each counts only what it must hold back, and holds
back only that: other people's failures never shut out someone with the right key.
- Codes: only misses count, and a request with a right code or an existing meeting
  link is never refused (`known_meeting`): 30 wrong codes typed on a school's wifi
  slow the guessing down, not the class joining with the QR code.
- Logins: failures count per address *and* account, in growing steps (a minute,
  a quarter of an hour, a day), so a guesser elsewhere never locks the owner out;
  per address, any account, as well.
- Answers: each phone has its own limit (its device token), so a class of phones
  behind one school wifi is not held back by one phone's flood; the address limit is
  far higher, for a script that makes many tokens. A batch refused by its phone's limit
  does not count against its address (Flask-Limiter stops at the first breach).

The client's address is used in memory only: it becomes an HMAC (keyed with
SECRET_KEY) before it is a storage key, so neither Redis nor a log line ever holds
it, and Flask-Limiter's own log lines (which print the key) are silenced.
With REDIS_URL the counts are shared by every process and server; without it each
process counts alone (fine for one process, e.g. `flask run`)."""
import hashlib
import hmac
import logging
import math
import time

from flask import Flask, current_app, g, request, session
from flask_limiter import Limiter, RequestLimit

from app import followups, meetings
from app.phone.participants import hash_token
from app.phone.tokens import device_token


def _digest(kind: str, value: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return kind + ":" + hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


def address_key() -> str:
    """The client's address, as an HMAC: it is never stored nor logged as it is."""
    return _digest("addr", request.remote_addr or "-")


def address_account_key() -> str:
    """This address trying this account: the owner elsewhere is not held back."""
    email = (request.form.get("email") or "").strip().lower()
    return _digest("acct", f"{request.remote_addr or '-'}|{email}")


def pending_login_key() -> str:
    """This address typing codes for the account whose password was right a moment ago."""
    pending = session.get("pending_login")
    return _digest("code", f"{request.remote_addr or '-'}|{pending[0] if pending else '-'}")


def known_meeting() -> bool:
    """A right code or an existing meeting link: never refused for others' misses."""
    token = (request.view_args or {}).get("token")
    if token:
        return (meetings.by_token(token) or followups.by_token(token)) is not None
    code = request.args.get("code", "").strip()[:20]
    return bool(code) and meetings.open_by_code(code) is not None


def device_key() -> str:
    """The device token's hash (as the database keeps it); a request without one
    counts against its address."""
    token = device_token()
    return "dev:" + hash_token(token)[:32] if token else address_key()


def _setting(name: str):
    return lambda: current_app.config[name]


def _failed(*statuses: int):
    return lambda response: response.status_code in statuses


def endpoint_limits(limiter: Limiter) -> dict[str, list]:
    """Endpoint -> the limits put on it, in the order they are checked."""
    misses = limiter.shared_limit(_setting("RATELIMIT_CODE_MISSES"), scope="code-misses",
                                  key_func=address_key, deduct_when=_failed(404), exempt_when=known_meeting)
    device = limiter.shared_limit(_setting("RATELIMIT_ANSWERS_DEVICE"), scope="device",
                                  key_func=device_key)
    return {
        "auth.login": [
            limiter.limit(_setting("RATELIMIT_LOGIN_ACCOUNT"), key_func=address_account_key,
                          methods=["POST"], deduct_when=_failed(400)),
            limiter.limit(_setting("RATELIMIT_LOGIN_ADDRESS"), key_func=address_key,
                          methods=["POST"], deduct_when=_failed(400)),
        ],
        "auth.login_code": [
            limiter.limit(_setting("RATELIMIT_LOGIN_CODE"), key_func=pending_login_key,
                          methods=["POST"], deduct_when=_failed(400)),
        ],
        "auth.reset_password": [
            limiter.limit(_setting("RATELIMIT_RESET"), key_func=address_account_key, methods=["POST"]),
        ],
        "join.enter_code": [misses],
        "join.meeting": [misses],
        "api.join": [
            misses,
            limiter.limit(_setting("RATELIMIT_JOIN_ADDRESS"), key_func=address_key),
        ],
        # The phone's own limit first: a batch it refuses is not counted against the address.
        "api.post_answers": [
            device,
            limiter.limit(_setting("RATELIMIT_ANSWERS_ADDRESS"), key_func=address_key),
        ],
        "api.put_waiting": [device],
    }


def note_retry_after(breached: RequestLimit) -> None:
    """Flask-Limiter's on_breach: the seconds until the breached window resets, for the
    429's Retry-After (app/errors.py)."""
    length = max(1, int(breached.limit.get_expiry()))
    g.retry_after = min(length, max(1, math.ceil(breached.reset_at - time.time())))


def init_app(app: Flask) -> Limiter:
    """Flask-Limiter with this app's limits on their endpoints (after the blueprints are
    registered). Its 429 is answered by app/errors.py."""
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)  # its info lines print keys
    limiter = Limiter(key_func=address_key, headers_enabled=False, on_breach=note_retry_after)
    limiter.init_app(app)
    for endpoint, limits in endpoint_limits(limiter).items():
        view = app.view_functions[endpoint]
        for limit in limits:  # checked in the order registered
            view = limit(view)
        app.view_functions[endpoint] = view
    app.extensions["allo_limiter"] = limiter  # the limits refer to it weakly: the app keeps it
    return limiter
