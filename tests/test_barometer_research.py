"""The barometer anchored in research (issue 20, part 4): the items the mapping in
docs/BAROMETER.md showed missing, their ids kept stable, general trust only at the ends of
a series, and the codebook exported beside the barometer CSV."""

import csv
import io

from app.extensions import db
from app.models import Prompt
from app.models.library import BarometerPrompt
from app.network import barometer
from tests import factories

# The ids of the first six items: history is compared on them, they never change.
FIRST_SIX = ("voice.listened", "voice.say", "respect.respected", "neutrality.fair", "neutrality.equal",
             "trust.more")


def test_existing_ids_kept_and_missing_items_added():
    assert barometer.ITEM_KEYS[:6] == FIRST_SIX
    every = [f"{d}.{i}" for d, i, _ in barometer.ITEMS]
    assert "explanation.explained" in every and "responsiveness.serious" in every
    assert "general_trust.level" not in every  # not at every meeting
    assert barometer.SERIES_KEYS == ("general_trust.level",)
    texts = dict((f"{d}.{i}", t) for d, i, t in barometer.ALL_ITEMS)
    assert texts["responsiveness.serious"]["youngster"]["en"] == "The officers took our questions seriously."
    officers = texts["general_trust.level"]["officer"]["en"]
    assert "mean well" in officers and "honest" in officers
    for key in barometer.ALL_KEYS:
        for audience in barometer.AUDIENCES:
            assert all(texts[key][audience][lang] for lang in ("nl", "en", "fr"))


def test_general_trust_is_asked_on_0_to_10():
    specs = barometer.prompt_specs(barometer.SERIES_ENDS)
    assert [s["audience"] for s in specs] == ["youngster", "officer"]
    assert all(s["options"] == {"min": 0, "max": 10, "style": "numbers"} for s in specs)


def _codebook():
    return list(csv.reader(io.StringIO(barometer_csv())))


def barometer_csv():
    from app.results import csv_cells

    return csv_cells.write(barometer.codebook_rows())


def test_codebook_has_every_item_for_both_groups_with_wording_scale_and_source(ctx):
    header, *rows = _codebook()
    assert header == ["item_id", "dimension", "group", "asked", "scale", "wording_nl", "wording_en",
                      "wording_fr", "source"]
    assert {(r[0], r[2]) for r in rows} == {(k, a) for k in barometer.ALL_KEYS for a in barometer.AUDIENCES}
    by = {(r[0], r[2]): r for r in rows}
    assert "plcexdc" in by[("explanation.explained", "youngster")][8]
    assert "plcrspc" in by[("respect.respected", "officer")][8]
    assert "trstplc" in by[("general_trust.level", "youngster")][8]
    assert by[("general_trust.level", "officer")][4].startswith("0-10")
    assert by[("general_trust.level", "officer")][3] == "first and last meeting of a series"
    assert all(r[8] for r in rows)


def test_codebook_is_downloaded_from_the_dashboard(client, auth):
    auth.login()
    page = client.get("/f/dashboard").get_data(as_text=True)
    assert "/f/dashboard/codebook.csv" in page
    response = client.get("/f/dashboard/codebook.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "responsiveness.serious" in response.get_data(as_text=True)


def _items(meeting):
    return sorted(db.session.scalars(db.select(BarometerPrompt.item).join(
        Prompt, Prompt.id == BarometerPrompt.prompt_id).where(
        Prompt.meeting_id == meeting.id)))


def test_an_older_meeting_is_topped_up_and_general_trust_added_once(client, auth, make):
    user = auth.login()
    meeting = factories.meeting(user, kinds=("words",), status="draft")
    # An older meeting asked only the first six items.
    old = [s for s in barometer.prompt_specs() if s["item"] in FIRST_SIX]
    for position, spec in enumerate(old, start=2):
        prompt = Prompt(kind="scale", text=spec["text"], options=spec["options"],
                                  audience=spec["audience"], position=position)
        meeting.prompts.append(prompt)
        db.session.flush()
        db.session.add(BarometerPrompt(prompt_id=prompt.id, item=spec["item"]))
    db.session.commit()
    client.post_form(f"/f/meetings/{meeting.id}/barometer")
    db.session.expire_all()
    assert _items(meeting).count("explanation.explained") == 2
    assert len(_items(meeting)) == 2 * len(barometer.ITEMS)
    for _ in range(2):
        client.post_form(f"/f/meetings/{meeting.id}/barometer/trust")
    db.session.expire_all()
    assert _items(meeting).count("general_trust.level") == 2
    assert len(_items(meeting)) == 2 * len(barometer.ALL_ITEMS)
