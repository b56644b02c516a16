"""Web push (pywebpush): the VAPID keys, phones' subscriptions and sending what
is due. A subscription belongs to a meeting and a group only. `send-due` claims
each due delivery with a conditional UPDATE before sending it, so two runs at
once (two cron hosts, a slow run overtaken by the next) never send one twice.

Logs carry delivery and meeting ids, never an endpoint URL: an endpoint
identifies a browser."""

import base64
import json
import os
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush
from sqlalchemy import and_, delete, or_, select, update

from app.extensions import db
from app.followups import push_endpoints
from app.models import FollowUp, Meeting, PushDelivery, PushSubscription
from app.models.base import utcnow

MAX_PAYLOAD = 3 * 1024
GONE = (404, 410)
MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(minutes=5)
BACKOFF_CAP = timedelta(hours=6)
# A delivery claimed by a run that died is claimed again after this long.
STALE_CLAIM = timedelta(minutes=15)
TTL_SECONDS = 4 * 24 * 3600
KEY_FILE = "vapid_private.pem"


class InvalidSubscription(ValueError):
    pass


# ---- VAPID keys -----------------------------------------------------------------------

def key_path() -> Path:
    return Path(current_app.instance_path) / KEY_FILE


def ensure_keys(path: Path | None = None) -> Vapid02:
    """The VAPID key pair, made on first use into the instance folder (mode 0600,
    never committed). Made under a temporary name and linked into place, so two
    processes starting at once end up with the same key."""
    path = path or key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = Vapid02()
        fresh.generate_keys()
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}")
        fresh.save_key(str(tmp))
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process was first: use its key
        finally:
            tmp.unlink()
    return Vapid02.from_file(str(path))


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def public_key(vapid: Vapid02 | None = None) -> str:
    """The application server key, as PushManager.subscribe wants it (base64url, uncompressed point)."""
    vapid = vapid or ensure_keys()
    return b64url(vapid.public_key.public_bytes(serialization.Encoding.X962,
                                                serialization.PublicFormat.UncompressedPoint))


def claims_for(endpoint: str, now: float | None = None) -> dict:
    """The JWT claims: the push service's origin, an expiry under 24 h (RFC 8292),
    and `sub`, a real contact (ALLO_VAPID_SUB, mailto: or https:)."""
    sub = current_app.config["VAPID_SUB"]
    if not sub.startswith(("mailto:", "https://")):
        raise RuntimeError("Set ALLO_VAPID_SUB to a mailto: or https:// contact for the push services.")
    hours = min(current_app.config["VAPID_EXPIRY_HOURS"], 23)
    parts = urlsplit(endpoint)
    return {"aud": f"{parts.scheme}://{parts.netloc}", "sub": sub,
            "exp": int((now or time.time()) + hours * 3600)}


def enabled() -> bool:
    return bool(current_app.config.get("VAPID_SUB"))


# ---- subscriptions --------------------------------------------------------------------

def _key(raw, size: int) -> str:
    if not isinstance(raw, str) or len(raw) > 100:
        raise InvalidSubscription("key")
    try:
        decoded = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except ValueError:
        raise InvalidSubscription("key") from None
    if len(decoded) != size:
        raise InvalidSubscription("key")
    return raw.rstrip("=")


def parse(raw) -> tuple[str, str, str]:
    """(endpoint, p256dh, auth) from a PushSubscription's toJSON(), or InvalidSubscription."""
    if not isinstance(raw, dict) or not isinstance(raw.get("keys"), dict):
        raise InvalidSubscription("shape")
    endpoint = raw.get("endpoint")
    if not push_endpoints.allowed(endpoint):
        raise InvalidSubscription("endpoint")
    return endpoint, _key(raw["keys"].get("p256dh"), 65), _key(raw["keys"].get("auth"), 16)


def subscribe(meeting: Meeting, group: str, language: str, raw) -> PushSubscription:
    """Keep (or refresh) a subscription for this meeting and group, with a
    delivery for each of its follow-ups still to come."""
    endpoint, p256dh, auth = parse(raw)
    sub = db.session.scalar(select(PushSubscription).where(
        PushSubscription.meeting_id == meeting.id, PushSubscription.endpoint == endpoint))
    if sub is None:
        sub = PushSubscription(meeting_id=meeting.id, endpoint=endpoint)
        db.session.add(sub)
    sub.group, sub.language, sub.p256dh, sub.auth = group, language, p256dh, auth
    db.session.flush()
    have = set(db.session.scalars(
        select(PushDelivery.followup_id).where(PushDelivery.subscription_id == sub.id)))
    for followup in db.session.scalars(select(FollowUp).where(
            FollowUp.meeting_id == meeting.id, FollowUp.closes_at > utcnow())):
        if followup.id not in have:
            db.session.add(PushDelivery(subscription_id=sub.id, followup_id=followup.id,
                                        due_at=followup.due_at))
    db.session.commit()
    return sub


def unsubscribe(meeting: Meeting, endpoint) -> bool:
    """Opting out: the subscription and its deliveries are deleted."""
    sub = db.session.scalar(select(PushSubscription).where(
        PushSubscription.meeting_id == meeting.id, PushSubscription.endpoint == endpoint))
    if sub is None:
        return False
    forget(sub.id)
    db.session.commit()
    return True


def forget(subscription_id: int) -> None:
    db.session.execute(delete(PushDelivery).where(PushDelivery.subscription_id == subscription_id))
    db.session.execute(delete(PushSubscription).where(PushSubscription.id == subscription_id))


# ---- sending --------------------------------------------------------------------------

def payload(followup: FollowUp, sub: PushSubscription) -> bytes:
    """What the notification shows and opens, in the subscriber's language: no
    answers, nothing about anyone. Under 3 KB (push services allow ~4 KB)."""
    with force_locale(sub.language):
        body = {
            "title": _("ALLO?! One more question"),
            "body": _("How is it going since “%(title)s”? It takes one minute.", title=followup.title[:120]),
            # Relative: the worker opens it on its own origin (cron has no request to build from).
            "url": f"/j/{followup.token}?g={sub.group}",
            "tag": f"allo-followup-{followup.id}",
        }
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    assert len(data) < MAX_PAYLOAD, len(data)
    return data


def due_ids(now: datetime) -> list[int]:
    query = (select(PushDelivery.id).join(FollowUp, PushDelivery.followup_id == FollowUp.id)
             .where(FollowUp.closes_at > now, claimable(now)).order_by(PushDelivery.due_at))
    return list(db.session.scalars(query))


def claimable(now: datetime):
    return or_(and_(PushDelivery.state == "due", PushDelivery.due_at <= now),
               and_(PushDelivery.state == "sending", PushDelivery.claimed_at < now - STALE_CLAIM))


def claim(delivery_id: int, now: datetime) -> bool:
    """Take a delivery for this run: one UPDATE that only one run can win."""
    won = db.session.execute(
        update(PushDelivery).where(PushDelivery.id == delivery_id, claimable(now))
        .values(state="sending", claimed_at=now).execution_options(synchronize_session=False))
    db.session.commit()
    return won.rowcount == 1


def send_due(now: datetime | None = None, sender=None) -> dict:
    """Send every due notification once. Returns counts by outcome."""
    now = now or utcnow()
    sender = sender or webpush
    vapid = ensure_keys()
    counts = {"sent": 0, "gone": 0, "retry": 0, "failed": 0}
    log = current_app.logger
    session = push_endpoints.Session()
    for delivery_id in due_ids(now):
        if not claim(delivery_id, now):
            continue  # another run has it
        delivery = db.session.get(PushDelivery, delivery_id)
        sub = db.session.get(PushSubscription, delivery.subscription_id)
        followup = db.session.get(FollowUp, delivery.followup_id)
        info = {"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}}
        status = None
        try:
            push_endpoints.check_before_sending(sub.endpoint)
            sender(info, data=payload(followup, sub), vapid_private_key=vapid,
                   vapid_claims=claims_for(sub.endpoint), ttl=TTL_SECONDS, timeout=10,
                   content_encoding="aes128gcm", requests_session=session)
        except push_endpoints.Refused:
            status = 0
        except WebPushException as error:
            status = error.response.status_code if error.response is not None else 0
        except requests.RequestException:
            status = 0
        if status is None:
            delivery.state, delivery.sent_at = "sent", utcnow()
            counts["sent"] += 1
            log.info("push: delivery %s (meeting %s) sent", delivery.id, followup.meeting_id)
        elif status in GONE:
            forget(sub.id)
            counts["gone"] += 1
            log.info("push: subscription %s gone (%s): deleted", sub.id, status)
        else:
            delivery.attempts += 1
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.state = "failed"
                counts["failed"] += 1
            else:
                delivery.state = "due"
                delivery.due_at = now + min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (delivery.attempts - 1))
                counts["retry"] += 1
            log.warning("push: delivery %s failed (status %s, attempt %s)", delivery.id, status or "none",
                        delivery.attempts)
        db.session.commit()
    return counts
