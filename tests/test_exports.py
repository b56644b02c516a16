"""Exports of a meeting: the CSV of answers and the JSON archive, with the anonymity
threshold applied, rejected answers left out and nothing that identifies a phone."""

import json
from datetime import datetime

import pytest

from app import meetings
from app.extensions import db
from app.live import moderation
from app.phone import store
from app.results import exports

SCALE = {"min": 1, "max": 5, "style": "faces"}


def at(clock: str) -> datetime:
    return datetime.fromisoformat(f"2025-03-12T{clock}+00:00")


@pytest.fixture
def small(make):
    """A meeting with K = 2: two youngsters, two officers and one other person answer
    a scale, a statement, an open question and a words prompt. The moderator rejected
    "@agent bedankt", approved the other texts and words, and not yet ["fun"]."""
    me = make.user()
    meeting = make.meeting(me, kinds=(), title="Voetbal in De Brug")
    meeting.min_group_size = 2
    db.session.commit()
    scale = meetings.add_prompt(meeting, "scale", {"nl": "Hoe was het?", "fr": "C'était comment ?"}, SCALE)
    single = meetings.add_prompt(meeting, "single", {"nl": "Klopt dit?"})
    text = meetings.add_prompt(meeting, "text", {"nl": "Wat wil je zeggen?"})
    words = meetings.add_prompt(meeting, "words", {"nl": "In drie woorden"})
    groups = {"y1": "youngster", "y2": "youngster", "o1": "officer", "o2": "officer", "x": "other"}
    phones = {name: make.participant(meeting, group) for name, group in groups.items()}
    uuids = []
    for name, prompt, value, clock in [
        ("y1", scale, 4, "14:00:35"), ("y2", scale, 5, "14:01:59"), ("o1", scale, 2, "14:02:10"),
        ("y1", single, "yes", "14:01:10"), ("y2", single, "no", "14:02:00"),
        ("o1", single, "yes", "14:02:30"), ("o2", single, "no", "14:02:45"), ("x", single, "no", "14:03:00"),
        ("y1", text, "=1+1", "14:03:59"), ("y2", text, "-meer respect", "14:04:00"),
        ("o1", text, "@agent bedankt", "14:05:00"), ("o2", text, 'Top, "echt"', "14:05:30"),
        ("y1", words, ["Respect", "cool"], "14:06:00"), ("y2", words, ["fun"], "14:06:10"),
    ]:
        item = make.answer_item(prompt, value, recorded_at=at(clock))
        uuids.append(item["uuid"])
        assert store.store_batch(meeting, phones[name][0], [item])[0].status == "stored"
    for item in moderation.queue(meeting):
        if item.value != ["fun"]:
            review = "rejected" if item.value == "@agent bedankt" else "approved"
            moderation.decide(meeting, item.answer_id, item.uuid, review)
    secrets = uuids + [meeting.token] + [token for _who, token in phones.values()] + [
        who.token_hash for who, _token in phones.values()]
    return {"user": me, "meeting": meeting, "secrets": secrets}


# No time, and within a prompt and group sorted by value: rows in the order given, or
# with their time, would let the answers of one phone be linked across prompts.
CSV = (
    "\ufeffprompt,kind,question,group,value,moderation\r\n"
    "1,scale,Hoe was het?,youngster,4,\r\n"
    "1,scale,Hoe was het?,youngster,5,\r\n"
    "2,single,Klopt dit?,youngster,Ja,\r\n"
    "2,single,Klopt dit?,youngster,Nee,\r\n"
    "2,single,Klopt dit?,officer,Ja,\r\n"
    "2,single,Klopt dit?,officer,Nee,\r\n"
    "3,text,Wat wil je zeggen?,youngster,'-meer respect,approved\r\n"
    "3,text,Wat wil je zeggen?,youngster,'=1+1,approved\r\n"
    '3,text,Wat wil je zeggen?,officer,"Top, ""echt""",approved\r\n'
    "4,words,In drie woorden,youngster,Respect; cool,approved\r\n"
    "4,words,In drie woorden,youngster,fun,pending\r\n"
)


def test_csv_has_one_row_per_shown_answer(client, auth, small):
    meeting = small["meeting"]
    auth.login(small["user"])
    response = client.get(f"/f/meetings/{meeting.id}/export.csv")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="allo-voetbal-in-de-brug-{meeting.code}.csv"')
    assert response.get_data(as_text=True) == CSV


def hidden(k=2):
    return {"hidden": True, "needed": k}


def test_json_archives_the_whole_meeting(client, auth, small):
    meeting = small["meeting"]
    auth.login(small["user"])
    response = client.get(f"/f/meetings/{meeting.id}/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="allo-voetbal-in-de-brug-{meeting.code}.json"')
    data = json.loads(response.get_data(as_text=True))
    assert data["meeting"] == {
        "title": "Voetbal in De Brug", "code": meeting.code, "language": "nl", "status": "open",
        "pacing": "self", "anonymity_threshold": 2, "created_at": meeting.created_at.isoformat(),
        "opened_at": meeting.opened_at.isoformat(), "closed_at": None,
    }
    yes_no = {"choices": [{"key": "yes", "label": {"nl": "Ja", "en": "Yes", "fr": "Oui"}},
                          {"key": "no", "label": {"nl": "Nee", "en": "No", "fr": "Non"}}]}
    histogram = [{"value": v, "count": int(v in (4, 5))} for v in range(1, 6)]
    assert data["prompts"] == [
        {"position": 1, "kind": "scale", "audience": "everyone",
         "text": {"nl": "Hoe was het?", "fr": "C'était comment ?"}, "options": SCALE,
         "result": {"kind": "scale", "gap": None, "groups": {
             "youngster": {"hidden": False, "n": 2, "histogram": histogram, "median": 4.5, "mean": 4.5},
             "officer": hidden(), "other": hidden()}}},
        {"position": 2, "kind": "single", "audience": "everyone", "text": {"nl": "Klopt dit?"},
         "options": yes_no, "result": {"kind": "single", "groups": {
             "youngster": {"hidden": False, "n": 2, "counts": {"yes": 1, "no": 1}},
             "officer": {"hidden": False, "n": 2, "counts": {"yes": 1, "no": 1}}, "other": hidden()}}},
        {"position": 3, "kind": "text", "audience": "everyone", "text": {"nl": "Wat wil je zeggen?"},
         "options": {"max_length": 280}, "result": {"kind": "text", "groups": {
             "youngster": {"hidden": False, "n": 2, "pending": 0, "rejected": 0,
                           "texts": ["-meer respect", "=1+1"]},
             "officer": {"hidden": False, "n": 2, "pending": 0, "rejected": 1, "texts": ['Top, "echt"']},
             "other": hidden()}},
         "moderation": {"pending": 0, "approved": 3, "rejected": 1}},
        {"position": 4, "kind": "words", "audience": "everyone", "text": {"nl": "In drie woorden"},
         "options": {"max_words": 3}, "result": {"kind": "words", "groups": {
             "youngster": {"hidden": False, "n": 2, "pending": 1, "rejected": 0, "words": [
                 {"word": "cool", "count": 1}, {"word": "respect", "count": 1}]},
             "officer": hidden(), "other": hidden()}},
         "moderation": {"pending": 1, "approved": 1, "rejected": 0}},
    ]
    # The same rows as the CSV; values keep their JSON type, and no apostrophe is added.
    csv_rows = [line.split(",", 5) for line in CSV.lstrip("\ufeff").splitlines()[1:]]
    assert [(a["prompt"], a["kind"], a["group"], a["moderation"]) for a in data["answers"]] == [
        (int(r[0]), r[1], r[3], r[-1].rsplit(",", 1)[-1]) for r in csv_rows]
    assert [a["value"] for a in data["answers"]] == [
        4, 5, "Ja", "Nee", "Ja", "Nee", "-meer respect", "=1+1", 'Top, "echt"', ["Respect", "cool"], ["fun"]]
    assert not any("time" in a for a in data["answers"])
    assert {a["question"] for a in data["answers"]} == {
        "Hoe was het?", "Klopt dit?", "Wat wil je zeggen?", "In drie woorden"}


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_nothing_identifies_a_phone(client, auth, small, kind):
    auth.login(small["user"])
    body = client.get(f"/f/meetings/{small['meeting'].id}/export.{kind}").get_data(as_text=True)
    for secret in small["secrets"]:  # answer UUIDs, the meeting token, device tokens and their hashes
        assert secret not in body
    for word in ("uuid", "participant", "token", "14:00:35", "received"):
        assert word not in body


def test_the_threshold_applies_to_both_exports(client, auth, small):
    meeting = small["meeting"]
    meeting.min_group_size = 3
    db.session.commit()
    auth.login(small["user"])
    assert client.get(f"/f/meetings/{meeting.id}/export.csv").get_data(as_text=True) == (
        "\ufeffprompt,kind,question,group,value,moderation\r\n")  # no group has 3 answers to any prompt
    data = json.loads(client.get(f"/f/meetings/{meeting.id}/export.json").get_data(as_text=True))
    assert data["answers"] == []
    assert data["meeting"]["anonymity_threshold"] == 3
    assert all(group == hidden(3) for p in data["prompts"] for group in p["result"]["groups"].values())


def test_the_meeting_language_words_the_questions_and_choices(make, small):
    meeting = small["meeting"]
    meetings.update_meeting(meeting, meeting.title, "fr", meeting.pacing)
    rows = exports.answer_rows(meeting)
    assert rows[0]["question"] == "C'était comment ?" and rows[2]["question"] == "Klopt dit?"  # nl fallback
    assert [r["value"] for r in rows if r["kind"] == "single"] == ["Non", "Oui", "Non", "Oui"]


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_exports_need_a_login(client, make, kind):
    meeting = make.meeting(kinds=("scale",))
    response = client.get(f"/f/meetings/{meeting.id}/export.{kind}")
    assert response.status_code == 302 and response.location.startswith("/login?next=/f/")


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_another_organisations_meeting_is_not_found(client, auth, make, kind):
    meeting = make.meeting(kinds=("scale",))
    auth.login()  # a facilitator of another organisation
    assert client.get(f"/f/meetings/{meeting.id}/export.{kind}").status_code == 404
    assert client.get("/f/meetings/999999/export.csv").status_code == 404


def test_the_meeting_page_links_to_the_exports(client, auth, small):
    auth.login(small["user"])
    page = client.get(f"/f/meetings/{small['meeting'].id}").get_data(as_text=True)
    assert f'href="/f/meetings/{small["meeting"].id}/export.csv"' in page
    assert f'href="/f/meetings/{small["meeting"].id}/export.json"' in page


@pytest.mark.parametrize("title, name", [
    ("Voetbal in De Brug", "allo-voetbal-in-de-brug-CODE.csv"),
    ("Rencontre à l'école — été", "allo-rencontre-a-l-ecole-ete-CODE.csv"),
    ("🙂🙂", "allo-CODE.csv"),
])
def test_file_names_are_plain_ascii(make, title, name):
    meeting = make.meeting(kinds=(), title=title)
    assert exports.filename(meeting, "csv") == name.replace("CODE", meeting.code)
