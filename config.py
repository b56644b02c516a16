"""The one place that reads configuration: environment variables over safe defaults."""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("ALLO_INSTANCE", BASE_DIR / "instance"))


def instance_secret_key() -> str:
    """The key made once and kept in instance/, for when SECRET_KEY is not set
    (create_app asks; importing this module writes nothing)."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _https() -> bool:
    """Served over HTTPS, as PUBLIC_URL says: then cookies are Secure and HSTS is on,
    without a second variable (ALLO_SECURE_COOKIES=0 still turns them off)."""
    return os.environ.get("PUBLIC_URL", "").strip().lower().startswith("https://")


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'allo.db'}")
    # Heroku-style URLs name the dialect "postgres"; SQLAlchemy wants psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")  # else instance_secret_key(), in create_app
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # A request body larger than this is refused with 413 before any parsing.
    MAX_CONTENT_LENGTH = 256 * 1024
    BABEL_DEFAULT_LOCALE = "nl"
    LANGUAGES = ("nl", "en", "fr")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Behind HTTPS (production: an https PUBLIC_URL, or ALLO_SECURE_COOKIES=1): Secure
    # cookies, HSTS, and the __Host- prefix, which the browser only accepts for a
    # Secure, host-only cookie on path / (no subdomain can set or read it).
    SESSION_COOKIE_SECURE = os.environ.get("ALLO_SECURE_COOKIES", "1" if _https() else "0") == "1"
    SESSION_COOKIE_NAME = "__Host-allo_session" if SESSION_COOKIE_SECURE else "allo_session"
    # Facilitator sessions (app/auth/session.py): closed after this long without a
    # request, and this long after login whatever happens.
    SESSION_IDLE_MINUTES = int(os.environ.get("ALLO_SESSION_IDLE_MINUTES", 120))
    SESSION_MAX_HOURS = int(os.environ.get("ALLO_SESSION_MAX_HOURS", 12))
    PERMANENT_SESSION_LIFETIME = SESSION_MAX_HOURS * 3600
    # Open text and words are deleted this many months after their meeting
    # (`flask --app app purge-texts`, from cron); 0 keeps them.
    TEXT_RETENTION_MONTHS = int(os.environ.get("ALLO_TEXT_RETENTION_MONTHS", 12))
    # Public base URL for join links and QR codes, e.g. https://allo.example.be
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    # Anonymity threshold: a group's results stay hidden below this many answers.
    DEFAULT_MIN_GROUP_SIZE = 3
    # Answers recorded on a phone before the meeting closed still count if they
    # reach the server within this many hours after closing (offline phones).
    SYNC_GRACE_HOURS = int(os.environ.get("ALLO_SYNC_GRACE_HOURS", 72))
    # A phone that does not send its clock with a batch (an outbox of an older release)
    # is trusted this long after the close only (app/phone/late_answers.py).
    SYNC_UNTIMED_GRACE_MINUTES = int(os.environ.get("ALLO_SYNC_UNTIMED_GRACE_MINUTES", 30))
    MAX_BATCH = 200
    # Web push (app/followups/push.py): the contact push services see in the VAPID token
    # (mailto: or https://; sending refuses without one), the token's lifetime
    # (under 24 h), the push services the server may POST to, and how long a
    # follow-up review takes answers.
    VAPID_SUB = os.environ.get("ALLO_VAPID_SUB", "")
    VAPID_EXPIRY_HOURS = int(os.environ.get("ALLO_VAPID_EXPIRY_HOURS", 12))
    PUSH_HOSTS = tuple(os.environ.get(
        "ALLO_PUSH_HOSTS",
        "fcm.googleapis.com,android.googleapis.com,updates.push.services.mozilla.com,push.apple.com,"
        "notify.windows.com").split(","))
    # Tests only (never from the environment): one exact origin, e.g. a push service on
    # loopback, that app/followups/push_endpoints.py lets through as it is.
    PUSH_TEST_ORIGIN = ""
    FOLLOWUP_OPEN_DAYS = int(os.environ.get("ALLO_FOLLOWUP_OPEN_DAYS", 14))
    # A deployment's stamp: a new value makes phones offer "new version — reload".
    RELEASE = os.environ.get("ALLO_RELEASE", "")
    # Outgoing e-mail (app/auth/mail.py: password reset links), through an SMTP server.
    # MAIL_SECURITY: "starttls" (port 587), "ssl" (port 465) or "none" (a local relay).
    MAIL_SERVER = os.environ.get("ALLO_MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("ALLO_MAIL_PORT", 587))
    MAIL_SECURITY = os.environ.get("ALLO_MAIL_SECURITY", "starttls")
    MAIL_USERNAME = os.environ.get("ALLO_MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("ALLO_MAIL_PASSWORD", "")
    MAIL_SENDER = os.environ.get("ALLO_MAIL_SENDER", "")
    # Where people report an accessibility barrier (the accessibility statement, /accessibility):
    # an e-mail address or a web page. Empty: the statement says to tell the facilitator.
    ACCESSIBILITY_CONTACT = os.environ.get("ALLO_ACCESSIBILITY_CONTACT", "")
    # How passwords are hashed (werkzeug's generate_password_hash): scrypt, slow on purpose.
    PASSWORD_HASH_METHOD = "scrypt"
    # A password reset link works once, for this long.
    PASSWORD_RESET_MINUTES = int(os.environ.get("ALLO_PASSWORD_RESET_MINUTES", 60))
    # Redis, for state shared by every process and server (rate limits). Optional:
    # without it each process counts its own limits (fine for one process only).
    REDIS_URL = os.environ.get("REDIS_URL", "")
    # Abuse limits (app/ops/limits.py), in Flask-Limiter's notation ("N per minute; M per hour").
    RATELIMIT_ENABLED = os.environ.get("ALLO_RATELIMIT", "1") == "1"
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_STRATEGY = "fixed-window"
    RATELIMIT_KEY_PREFIX = os.environ.get("ALLO_RATELIMIT_PREFIX", "allo")
    # Failed logins per address and account, in growing steps (a guesser elsewhere never
    # locks the owner out), and per address (a whole office behind one address).
    RATELIMIT_LOGIN_ACCOUNT = os.environ.get("ALLO_LIMIT_LOGIN_ACCOUNT",
                                             "5 per minute; 10 per 15 minutes; 30 per day")
    RATELIMIT_LOGIN_ADDRESS = os.environ.get("ALLO_LIMIT_LOGIN_ADDRESS", "50 per 15 minutes")
    # Second-factor codes per address and account (a code has a million values), and
    # reset e-mails asked per address and account.
    RATELIMIT_LOGIN_CODE = os.environ.get("ALLO_LIMIT_LOGIN_CODE", "5 per minute; 20 per hour")
    RATELIMIT_RESET = os.environ.get("ALLO_LIMIT_RESET", "3 per 15 minutes; 10 per day")
    # Joins per address: a school's classes behind one NATed wifi join within a minute.
    RATELIMIT_JOIN_ADDRESS = os.environ.get("ALLO_LIMIT_JOIN_ADDRESS", "1000 per minute")
    # Unknown join codes and meeting links per address (guessing); right ones are free,
    # also while the misses are over the limit.
    RATELIMIT_CODE_MISSES = os.environ.get("ALLO_LIMIT_CODE_MISSES", "30 per minute; 300 per day")
    # Answer batches per phone (the outbox sends one per answer, plus backed-off
    # retries), and per address (hundreds of phones on one wifi).
    RATELIMIT_ANSWERS_DEVICE = os.environ.get("ALLO_LIMIT_ANSWERS_DEVICE", "120 per minute")
    RATELIMIT_ANSWERS_ADDRESS = os.environ.get("ALLO_LIMIT_ANSWERS_ADDRESS", "10000 per minute")
    # Phones waiting for the facilitator's next prompt held per process (app/live/step.py);
    # gunicorn.conf.py sets it and adds as many threads. Beyond it, phones poll.
    STEP_HOLDS = int(os.environ.get("ALLO_STEP_HOLDS", 200))
    # Reverse proxies in front of the app that append to X-Forwarded-For (0: none).
    TRUSTED_PROXIES = int(os.environ.get("ALLO_TRUSTED_PROXIES", 0))
    # Flask-WTF's HTTPS-only Referer check would refuse every form in production:
    # Referrer-Policy: no-referrer means our own pages send none. The origin check of
    # app/ops/security.py (check_form_origin) does it instead.
    WTF_CSRF_SSL_STRICT = False
    # Operations (app/ops/): /metrics answers requests straight from this host, and
    # anyone sending "Authorization: Bearer <this token>" (empty: only this host).
    METRICS_TOKEN = os.environ.get("ALLO_METRICS_TOKEN", "")
    # The app's log: "json" (one JSON object a line, with the request id) or "text".
    LOG_FORMAT = os.environ.get("ALLO_LOG_FORMAT", "json")


class TestingConfig(Config):
    TESTING = True
    # One round of PBKDF2 instead of scrypt's ~90 ms: the suite makes and logs in
    # thousands of users (tests/test_secure_defaults.py checks production keeps scrypt).
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
    WTF_CSRF_ENABLED = True
    # The suite makes many requests from one address; tests/test_limits.py turns them on.
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
