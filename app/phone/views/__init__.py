"""Participant pages: the home page with the code field (pages.py), a meeting's page,
the privacy page (privacy.py), the accessibility statement (accessibility.py), and the files
that live at the site's root (pwa.py).
The views register on `bp`; create_app imports each view module."""

from flask import Blueprint

bp = Blueprint("join", __name__)
