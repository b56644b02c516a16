"""Public library APIs only (issue 17): no code under app/ reaches into another object's
private attributes (Flask-Limiter's hooks, redis-py's pool, ...), so a library upgrade
that keeps its public API keeps the app working."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
# Documented despite the underscore: Flask's way to pass the real app to a thread.
DOCUMENTED = {"_get_current_object"}


def private_uses(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and node.attr not in DOCUMENTED
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
            found.append(ast.unparse(node))
    return found


def test_no_private_attribute_of_another_object_is_used():
    uses = {str(path.relative_to(APP)): hits for path in APP.rglob("*.py")
            if (hits := private_uses(path.read_text()))}
    assert uses == {}


def test_the_finder_finds_what_the_old_limits_did():
    old = "check = limiter._check_request_limit\nkey = storage.prefixed_key(k)\nown = _OWN.connection\n" \
          "pool.connection_class(**pool._kwargs)\nself._mine = 1\n"
    assert private_uses(old) == ["limiter._check_request_limit", "pool._kwargs"]
