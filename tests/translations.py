"""The translation catalogues: read a .po file, compile them all to .mo files."""

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "app" / "translations"


def catalog(lang: str):
    """The catalogue of `lang`; a broken entry (e.g. a msgid without its msgstr, as a
    union merge of two branches' appended entries can leave) is an error, not skipped."""
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=lang, abort_invalid=True)


def compile_catalogs(app) -> None:
    """Compile every catalog to its (git-ignored) .mo file, then drop Flask-Babel's cache."""
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        cat = catalog(po_path.parent.parent.name)
        fd, tmp = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as mo:
            write_mo(mo, cat, use_fuzzy=False)
        os.replace(tmp, po_path.with_suffix(".mo"))
    with app.app_context():
        app.extensions["babel"].instance.domain_instance.cache.clear()
