"""Abuse limits (Flask-Limiter): login attempts, join-code guessing, answer flooding.

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

Limits are lock-outs too, so each counts only what it must hold back, and holds
back only that: other people's failures never shut out someone with the right key.
- Codes: only misses count, and a request with a right code or an existing meeting
  link is never refused (`known_meeting`): 30 wrong codes typed on a school's wifi
  slow the guessing down, not the class joining with the QR code.
- Logins: failures count per address *and* account, in growing steps (a minute,
  a quarter of an hour, a day), so a guesser elsewhere never locks the owner out;
  per address, any account, as well.
| RATELIMIT_ANSWERS_DEVICE      | device token         | answer batches and outbox counts, together    |
| RATELIMIT_ANSWERS_ADDRESS     | address              | answer batches                                |

The two answer limits are hit in one Redis command (`answer_limits`), and only every
few answers: their hits are reserved a few at a time (app/limit_leases.py).

The client's address is used in memory only: it becomes an HMAC (keyed with
SECRET_KEY) before it is a storage key, so neither Redis nor a log line ever holds
it, and Flask-Limiter's own log lines (which print the key) are silenced.
With REDIS_URL the counts are shared by every process and server; without it each
process counts alone (fine for one process, e.g. `flask run`)."""

import functools
import hashlib
import hmac
import logging
import math
import os
import threading
import time

from flask import Flask, current_app, render_template, request, session
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter, RateLimitExceeded
from limits import parse_many as parse_limits
from limits.storage import RedisStorage
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError
from redis.exceptions import TimeoutError as RedisTimeoutError
from werkzeug.middleware.proxy_fix import ProxyFix

from app import followups, meetings
from app.errors import error_response
from app.limit_leases import RESERVE, RESERVE_SHA, Check, Leases
from app.phone.api.guard import device_token
from app.phone.participants import hash_token

MESSAGE = _l("Too many attempts. Wait a moment and try again.")


@functools.lru_cache(maxsize=64)
def parse_many(text: str) -> tuple:
    """A limit setting ("100 per minute; 1000 per hour"), parsed once per process."""
    return tuple(parse_limits(text))


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


def _limits(limiter: Limiter) -> dict[str, list]:
    """Endpoint -> the limits put on it."""
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
        "api.post_answers": [functools.partial(answer_limits, limiter)],
        "api.put_waiting": [device],
    }


def answer_limits(limiter: Limiter, view):
    """Answer batches: limited per device (the same counter as Flask-Limiter's shared
    "device" limit on the outbox count) and per address. The answer path is the hottest
    one: in Redis, the hits of both are reserved a few at a time (app/limit_leases.py),
    with one EVALSHA over both keys, where Flask-Limiter makes a round trip per limit
    and request. As with Flask-Limiter, a batch refused by its device's limit does not
    count against its address."""
    leases = Leases()  # this app's: each process reserves its own

    @functools.wraps(view)
    def limited(*args, **kwargs):
        if not limiter.enabled:
            return view(*args, **kwargs)
        prefix = [p] if (p := current_app.config["RATELIMIT_KEY_PREFIX"]) else []
        device = [(item, [*prefix, device_key(), "device"], True)
                  for item in parse_many(current_app.config["RATELIMIT_ANSWERS_DEVICE"])]
        address = [(item, [*prefix, address_key(), "api.post_answers"], False)
                   for item in parse_many(current_app.config["RATELIMIT_ANSWERS_ADDRESS"])]
        checks = [(item, item.key_for(*ids), by_device) for item, ids, by_device in device + address]
        storage = limiter.storage
        if isinstance(storage, RedisStorage):
            within = leases.spend([Check(storage.prefixed_key(key), item.get_expiry(), item.amount)
                                   for item, key, _ in checks], functools.partial(_reserve, storage))
        else:  # in memory: no round trip to save
            within = [storage.incr(key, item.get_expiry()) <= item.amount for item, key, _ in checks]
        over = [(item, key, by_device) for (item, key, by_device), ok in zip(checks, within, strict=True)
                if not ok]
        if not over:
            return view(*args, **kwargs)
        if any(by_device for *_, by_device in over):  # then it does not count against the address
            for (item, key, by_device), ok in zip(checks, within, strict=True):
                if ok and not by_device and isinstance(storage, RedisStorage):
                    leases.give_back(storage.prefixed_key(key))
                elif ok and not by_device:
                    storage.incr(key, item.get_expiry(), amount=-1)
        item, key, _ = over[0]
        length = max(1, int(item.get_expiry()))
        wait = min(length, max(1, math.ceil(storage.get_expiry(key) - time.time())))
        return error_response(429, "rate_limited", MESSAGE, {"Retry-After": str(wait)})

    return limited


def _reserve(storage: RedisStorage, keys: list[str], args: list) -> list:
    """limit_leases.RESERVE over these keys with one EVALSHA (limits' own keys and
    windows). A Redis that does not know the script yet (new, or restarted) gets it,
    once. The command goes over this thread's own connection; when that fails,
    redis-py's client sends it again with its own retries (and its errors, if Redis is
    really gone)."""
    client = storage.get_connection()
    try:
        return _evalsha_on_own_connection(client, len(keys), [*keys, *args])
    except NoScriptError:
        client.script_load(RESERVE)
    except (RedisConnectionError, RedisTimeoutError, OSError):  # the connection was dropped
        pass
    return client.evalsha(RESERVE_SHA, len(keys), *keys, *args)


# Each thread of a worker keeps one connection to the limits' Redis, made with the
# client's own settings: taking one from redis-py's pool costs a lock, a poll for
# unread data and its metrics on every command, more than the command itself.
_OWN = threading.local()


def _evalsha_on_own_connection(client, count: int, args: list):
    pool = client.connection_pool
    own = getattr(_OWN, "connection", None)
    if own is None or _OWN.key != (os.getpid(), id(pool)):  # new thread, process or client
        if own is not None and _OWN.key[0] == os.getpid():
            own.disconnect()
        own = pool.connection_class(**pool.connection_kwargs)
        _OWN.connection, _OWN.key = own, (os.getpid(), id(pool))
    try:
        own.send_command("EVALSHA", RESERVE_SHA, count, *args)
        return own.read_response()
    except BaseException as error:
        if not isinstance(error, NoScriptError):  # the reply was read: the connection is fine
            own.disconnect()
            _OWN.connection = None
        raise


def _skip_check_for(app: Flask, limiter: Limiter, endpoint: str) -> None:
    """Flask-Limiter looks for limits of its own before every request. Answer batches
    are counted by `answer_limits` alone: for them that look (a tenth of what an answer
    costs the server) is skipped, not only found empty."""
    hooks = app.before_request_funcs.get(None, [])
    check = limiter._check_request_limit  # noqa: SLF001 - its before_request hook
    if check not in hooks:  # limits off: Flask-Limiter hooked nothing
        return

    def check_request_limit():
        if request.endpoint != endpoint:
            check()

    hooks[hooks.index(check)] = check_request_limit


def retry_after(limiter: Limiter, exc: RateLimitExceeded) -> int:
    """Seconds until the breached window resets (its whole length if unknown)."""
    length = max(1, int(exc.limit.limit.get_expiry()))
    try:
        reset_at = limiter.current_limit.reset_at
    except Exception:  # noqa: BLE001 - storage trouble: the window's length is a safe answer
        return length
    return min(length, max(1, math.ceil(reset_at - time.time())))


def init_app(app: Flask) -> Limiter:
    """Call after the blueprints are registered."""
    if app.config.get("TRUSTED_PROXIES"):
        # Behind N reverse proxies, the client is the Nth address from the right of
        # X-Forwarded-For; without this every phone would share the proxy's address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"])
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)  # its info lines print keys
    limiter = Limiter(key_func=address_key, headers_enabled=False)
    limiter.init_app(app)
    _skip_check_for(app, limiter, "api.post_answers")
    for endpoint, limits in _limits(limiter).items():
        view = app.view_functions[endpoint]
        for limit in limits:
            view = limit(view)
        app.view_functions[endpoint] = view

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(exc: RateLimitExceeded):
        headers = {"Retry-After": str(retry_after(limiter, exc))}
        if request.path == "/api" or request.path.startswith("/api/"):
            return error_response(429, "rate_limited", MESSAGE, headers)
        return render_template("errors/rate_limited.html", message=MESSAGE), 429, headers

    return limiter
