"""The API's contract, served as written in openapi.json beside this file."""

import json
from functools import cache
from pathlib import Path

from flask import jsonify

from app.phone.api import bp


@cache
def spec() -> dict:
    return json.loads((Path(__file__).parent / "openapi.json").read_text())


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(spec())
