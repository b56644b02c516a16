"""Real responses checked against the API's contract, app/phone/api/openapi.json."""

import json
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC = json.loads((Path(__file__).parent.parent / "app" / "phone" / "api" / "openapi.json").read_text())
URI = "urn:allo:openapi"
REGISTRY = Registry().with_resource(URI, Resource.from_contents(SPEC, default_specification=DRAFT202012))
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def pointer(*parts: str) -> str:
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def resolve(ref: str) -> dict:
    node = SPEC
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def check(response, path: str, method: str) -> int:
    """Validate a real response against the document; -> its status code."""
    status = str(response.status_code)
    responses = SPEC["paths"][path][method]["responses"]
    assert status in responses, f"{method.upper()} {path} answered {status}, undocumented"
    where = pointer("paths", path, method, "responses", status)
    declared = responses[status]
    if "$ref" in declared:
        where, declared = declared["$ref"], resolve(declared["$ref"])
    assert response.mimetype in declared["content"], response.mimetype
    schema = {"$ref": URI + where + pointer("content", response.mimetype, "schema")[1:]}
    validator = Draft202012Validator(schema, registry=REGISTRY,
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.json)]
    assert not errors, errors
    for header, spec in declared.get("headers", {}).items():
        assert header in response.headers
        Draft202012Validator(spec["schema"]).validate(response.headers[header])
    return response.status_code


def documented_statuses(path: str, method: str) -> set[int]:
    return {int(status) for status in SPEC["paths"][path][method]["responses"]}
