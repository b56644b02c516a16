"""Words the facilitator pages show for stored values (statuses, groups, audiences)."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {"draft": _l("Draft"), "open": _l("Open"), "closed": _l("Closed")}
GROUP_LABELS = {"youngster": _l("Youngsters"), "officer": _l("Officers"), "other": _l("Others")}
AUDIENCE_LABELS = {"everyone": _l("Everyone"), "youngster": _l("Youngsters only"),
                   "officer": _l("Officers only")}
PACING_LABELS = {"self": _l("Own pace"), "facilitator": _l("You show one prompt at a time")}
