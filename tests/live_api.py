"""A phone's requests to a live server in plain HTTP (no browser involved), and a
room full of answers sent that way."""

import json
import urllib.request
import uuid as uuidlib
from datetime import UTC, datetime

from app.extensions import db
from app.models import Answer


def api(url: str, path: str, body: dict, token: str | None = None) -> dict:
    """A phone's request, in plain HTTP: no browser involved."""
    request = urllib.request.Request(
        url + path, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json",
                 **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def join(url: str, meeting, group: str) -> str:
    body = {"group": group, "language": "nl"}
    return api(url, f"/api/meetings/{meeting.token}/participants", body)["device_token"]


def answer(url: str, meeting, token: str, prompt, value) -> str:
    item = {"uuid": str(uuidlib.uuid4()), "prompt_id": prompt.id, "value": value,
            "recorded_at": datetime.now(UTC).isoformat()}
    reply = api(url, f"/api/meetings/{meeting.token}/answers", {"answers": [item]}, token)
    return reply["results"][0]["status"]


PHASES = ("arrival", "game", "talk", "goodbye")  # app/meetings/defaults.py
SPOKES = ("respect", "listening", "fun", "safety")


def room_full_of_answers(url, meeting):
    """Four youngsters, three officers and one other answer every prompt; texts approved."""
    values = {
        "youngster": {"scale": [3, 4, 4, 6], "position": [20, 35, 40, 80], "cards": [["nervous", "heard"],
                      ["angry"], ["nervous"], ["surprised", "hopeful"]], "single": ["no", "no", "yes", "no"],
                      "multiple": [["yes"], ["no"], ["yes", "no"], ["no"]],
                      "words": [["respect", "luisteren"], ["respect"], ["spannend"], ["voetbal", "respect"]],
                      "text": ["Kom vaker naar de wijk zonder controle.", "Luister eerst, vraag dan pas.",
                               "Het voetbal was echt tof.", "Groet ons gewoon op straat."],
                      "storyline": [dict(zip(PHASES, levels, strict=True)) for levels in
                                    ((2, 4, 3, 4), (1, 5, 2, 3), (2, 4, 4, 4), (3, 5, 3, 5))],
                      "spokes": [dict(zip(SPOKES, marks, strict=True)) for marks in
                                 ((4, 3, 9, 5), (5, 4, 8, 6), (3, 2, 10, 4), (6, 5, 7, 5))]},
        "officer": {"scale": [7, 8, 6], "position": [60, 75, 90],
                    "cards": [["hopeful"], ["heard", "happy"], ["surprised"]], "single": ["yes", "yes", "no"],
                    "multiple": [["yes"], ["yes"], ["yes", "no"]],
                    "words": [["open", "respect"], ["verrassend"], ["contact"]],
                    "text": ["Jullie zijn welkom op ons bureau.", "We willen jullie namen kennen.",
                             "Dank voor het eerlijke gesprek."],
                    "storyline": [dict(zip(PHASES, levels, strict=True)) for levels in
                                  ((3, 3, 4, 5), (4, 3, 4, 4), (3, 4, 5, 5))],
                    "spokes": [dict(zip(SPOKES, marks, strict=True)) for marks in
                               ((8, 7, 6, 9), (7, 8, 7, 8), (9, 6, 5, 9))]},
        "other": {kind: [vals[0]] for kind, vals in {
            "scale": [5], "position": [50], "cards": [["happy"]], "single": ["yes"], "multiple": [["no"]],
            "words": [["samen"]], "text": ["Mooi moment."],
            "storyline": [dict.fromkeys(PHASES, 3)], "spokes": [dict.fromkeys(SPOKES, 5)]}.items()},
    }
    for group, by_kind in values.items():
        for i in range(len(by_kind["scale"])):
            phone = join(url, meeting, group)
            for prompt in meeting.prompts:
                assert answer(url, meeting, phone, prompt, by_kind[prompt.kind][i]) == "stored"
    db.session.query(Answer).filter(Answer.review == "pending").update({"review": "approved"})
    db.session.commit()
