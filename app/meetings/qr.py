"""Where a meeting is joined, and its QR code as inline SVG for the presenter page."""

import re

import qrcode
import qrcode.constants
import qrcode.image.svg
from flask import current_app, request
from markupsafe import Markup, escape

from app.models import Meeting


def base_url() -> str:
    """PUBLIC_URL when configured (behind a proxy the request's host may be internal)."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def join_url(meeting: Meeting) -> str:
    return f"{base_url()}/j/{meeting.token}"


def join_host() -> str:
    """The address to type, without the scheme: what people copy from a projector."""
    return re.sub(r"^https?://", "", base_url())


def svg(data: str, label: str) -> Markup:
    """A QR code as an SVG element sized by CSS: no width, height or style attributes.
    Error correction M survives a projector's glare and a phone's blur."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(data)
    code.make(fit=True)
    markup = code.make_image().to_string(encoding="unicode")
    markup = re.sub(r'\s(width|height)="[^"]*"', "", markup, count=2)
    markup = markup.replace("<svg ", f'<svg class="qr" role="img" aria-label="{escape(label)}" ', 1)
    return Markup(markup)
