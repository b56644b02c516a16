"""The template library: built-in templates, create a meeting from one in one step,
save and share, export -> import round trip, and bad files (a clear error, nothing kept)."""

import io
import json

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.meetings import library, library_files
from app.models import Meeting
from app.models.library import BarometerPrompt, LibraryTemplate
from app.network import barometer


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_builtins_are_valid_and_in_three_languages(ctx):
    found = library.builtins()
    assert list(found) == list(library.BUILTIN_ORDER)
    for document in found.values():
        assert all(document["title"].get(lang) for lang in ("nl", "en", "fr"))
        for prompt in document["prompts"]:
            assert all(prompt["text"].get(lang) for lang in ("nl", "en", "fr"))
        assert document["barometer"] is True


def test_create_meeting_from_builtin_in_one_step(client, auth, make):
    user = auth.login()
    response = client.post_form(
        "/f/library/use", {"source": "builtin:four-fs", "title": "Voetbal De Brug", "barometer": "1"}
    )
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting).where(Meeting.title == "Voetbal De Brug"))
    assert meeting.organisation_id == user.organisation_id
    kinds = [p.kind for p in meeting.prompts]
    assert kinds[:4] == ["words", "cards", "text", "text"]
    assert len(kinds) == 4 + 2 * len(barometer.ITEMS)
    assert [p.position for p in meeting.prompts] == list(range(1, len(kinds) + 1))
    items = barometer.prompt_ids(meeting)
    assert len(items) == 2 * len(barometer.ITEMS)
    assert client.get(f"/f/meetings/{meeting.id}").status_code == 200
    # Without the tick: no barometer.
    client.post_form("/f/library/use", {"source": "builtin:one-word", "title": "Zonder"})
    plain = db.session.scalar(select(Meeting).where(Meeting.title == "Zonder"))
    assert [p.kind for p in plain.prompts] == ["words"] and not barometer.is_included(plain)
    # The barometer with one button, once.
    client.post_form(f"/f/meetings/{plain.id}/barometer")
    client.post_form(f"/f/meetings/{plain.id}/barometer")
    db.session.expire_all()
    assert len(barometer.prompt_ids(plain)) == 2 * len(barometer.ITEMS)


def test_library_page_lists_builtins(client, auth):
    auth.login()
    page = client.get("/f/library").get_data(as_text=True)
    assert "Two stars and a wish" in page and "The 4 Fs" in page
    nl = client.get("/f/library?lang=nl").get_data(as_text=True)
    assert "Twee sterren en een wens" in nl


def test_save_share_export_import_round_trip(client, auth, make):
    user = auth.login()
    meeting = make.meeting(user, kinds=("scale", "position", "cards", "words", "text", "single", "multiple"))
    barometer.add_to(meeting)
    db.session.commit()
    response = client.post_form(
        "/f/library/save", {"meeting_id": meeting.id, "title": "Onze ronde", "visibility": "organisation"}
    )
    assert response.status_code == 302
    saved = db.session.scalar(select(LibraryTemplate))
    assert saved.document["barometer"] is True and len(saved.document["prompts"]) == 7
    exported = client.get(f"/f/library/{saved.id}.json")
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    document = json.loads(exported.get_data())
    assert document["format"] == "allo-review-template" and document["version"] == 1
    library_files.validator().validate(document)  # the published schema accepts what we export

    # Another organisation imports the file and gets the same template.
    other = make.user()
    auth.logout()
    client._csrf = None
    auth.login(other)
    assert client.get(f"/f/library/{saved.id}.json").status_code == 404  # not shared yet
    response = client.post_form(
        "/f/library/import",
        {"file": (io.BytesIO(exported.get_data()), "t.json"), "visibility": "organisation"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    imported = db.session.scalar(
        select(LibraryTemplate).where(LibraryTemplate.organisation_id == other.organisation_id)
    )
    assert imported.document == document
    client.post_form("/f/library/use", {"source": f"saved:{imported.id}", "title": "Kopie", "barometer": "1"})
    copy = db.session.scalar(select(Meeting).where(Meeting.title == "Kopie"))
    original = [(p.kind, p.text, p.options, p.audience) for p in meeting.prompts]
    assert [(p.kind, p.text, p.options, p.audience) for p in copy.prompts] == original
    assert {
        b.item
        for b in db.session.scalars(
            select(BarometerPrompt).where(BarometerPrompt.prompt_id.in_([p.id for p in copy.prompts]))
        )
    } == set(barometer.ITEM_KEYS)


def test_visibility_organisation_or_network(client, auth, make):
    owner = make.user()
    meeting = make.meeting(owner, kinds=("text",))
    saved = library.save(owner, library.from_meeting(meeting, "Gedeeld"), "organisation")
    stranger = auth.login()
    assert "Gedeeld" not in client.get("/f/library").get_data(as_text=True)
    assert client.post_form("/f/library/use", {"source": f"saved:{saved.id}"}).status_code == 404
    library.set_visibility(saved, "network")
    assert "Gedeeld" in client.get("/f/library").get_data(as_text=True)
    assert (
        client.post_form("/f/library/use", {"source": f"saved:{saved.id}", "title": "Mijn kopie"}).status_code
        == 302
    )
    # Shared is usable, not changeable, by others.
    assert (
        client.post_form(f"/f/library/{saved.id}/visibility", {"visibility": "organisation"}).status_code
        == 404
    )
    assert client.post_form(f"/f/library/{saved.id}/delete").status_code == 404
    assert stranger.organisation_id != owner.organisation_id
    # Saving someone else's meeting is refused.
    assert (
        client.post_form("/f/library/save", {"meeting_id": meeting.id, "visibility": "network"}).status_code
        == 404
    )


GOOD = {
    "format": "allo-review-template",
    "version": 1,
    "title": {"nl": "Test"},
    "prompts": [
        {
            "kind": "scale",
            "text": {"nl": "Hoe was het?"},
            "audience": "everyone",
            "options": {"min": 1, "max": 10, "style": "numbers"},
        }
    ],
}


def _with(**changes):
    document = json.loads(json.dumps(GOOD))
    for path, value in changes.items():
        target = document
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    return json.dumps(document).encode()


LINE_UP = {"kind": "position", "text": {"nl": "Waar sta je?"},
           "options": {"left": {"nl": "ja"}, "right": {"nl": "nee"}}}
ROUND_2 = {**LINE_UP, "round_of": 1}


def _deep(depth: int, inner: bytes = b"1") -> bytes:
    return b"[" * depth + inner + b"]" * depth


BAD = {
    "not json": (b"\x89PNG\r\n\x1a\n....", "not JSON"),
    "foreign json": (b'{"name": "something else"}', "not an ALLO?! Review template"),
    "a list": (b"[1, 2, 3]", "not an ALLO?! Review template"),
    "wrong version": (_with(version=2), "format version 2"),
    "unknown kind": (_with(prompts__0__kind="poll"), "unknown kind: poll"),
    "no dutch text": (_with(prompts__0__text={"en": "How was it?"}), "Prompt 1 has no Dutch (nl) text"),
    "no dutch title": (_with(title={"fr": "Essai"}), "no Dutch (nl) title"),
    "bad options": (
        _with(prompts__0__options={"min": 1, "max": "ten", "style": "numbers"}),
        "schema at prompts/1/options/max",
    ),
    "min above max": (
        _with(prompts__0__options={"min": 8, "max": 3, "style": "numbers"}),
        "highest number must be above",
    ),
    "extra field": (_with(prompts__0__colour="red"), "does not follow its schema"),
    "too large": (b'{"format": "allo-review-template", "pad": "' + b"x" * (70 * 1024) + b'"}', "too large"),
    # Nasty files (issue 21, item 7): each answered 500 or was kept before.
    "deeply nested": (_deep(30_000), "nested too deeply"),
    "deeply nested inside a template": (
        _with(prompts__0__options={"min": 1, "max": 10, "style": "numbers"}).replace(
            b'"style": "numbers"', b'"style": "numbers", "x": ' + _deep(5_000)), "nested too deeply"),
    "nested deeper than a template": (_with(prompts__0__options__style=json.loads(_deep(12))),
                                      "nested too deeply"),
    "a float as a prompt number": (_with(prompts=[LINE_UP, {**ROUND_2, "round_of": 1.0}]),
                                   "decimal point at prompts/2/round_of"),
    "a float as a scale end": (_with(prompts__0__options={"min": 1, "max": 10.0, "style": "numbers"}),
                               "decimal point at prompts/1/options/max"),
    "a float as the version": (_with(version=1.0), "decimal point at version"),
    "a huge number": (_with(prompts=[LINE_UP, {**ROUND_2, "round_of": 10**400}]), "number that is too large"),
    "a number of 5000 digits": (_with(prompts=[LINE_UP, ROUND_2]).replace(b'"round_of": 1', b'"round_of": 1'
                                                                           + b"0" * 5000), "too large"),
    "infinity": (_with(prompts=[LINE_UP, ROUND_2]).replace(b'"round_of": 1', b'"round_of": 1e999'),
                 "decimal point at prompts/2/round_of"),
    "NaN": (_with(prompts=[LINE_UP, ROUND_2]).replace(b'"round_of": 1', b'"round_of": NaN'), "not JSON"),
    "a prompt number as text": (_with(prompts=[LINE_UP, {**ROUND_2, "round_of": "1"}]), "2/round_of"),
    "a prompt number as true": (_with(prompts=[LINE_UP, {**ROUND_2, "round_of": True}]), "2/round_of"),
    "prompts as an object": (_with(prompts={"1": GOOD["prompts"][0]}), "no prompts"),
    "options as a list": (_with(prompts__0__options=[1, 10]), "schema at prompts/1/options"),
    "a text as a number": (_with(prompts__0__text={"nl": 5}), "schema at prompts/1/text/nl"),
    "a NUL in a text": (_with(title={"nl": "Te\u0000st"}), "invisible control characters or broken"),
    "half a character": (_with(title={"nl": "Te\ud800st"}), "broken characters at title/nl"),
    "half a character in a key": (_with(title={"nl": "Test", "\ud800": "x"}), "broken characters at title"),
    "not UTF-8": (_with(title={"nl": "Test"}).replace(b'"Test"', b'"\xe9t\xe9"'), "not JSON in UTF-8"),
    "UTF-16": (_with().decode().encode("utf-16"), "not JSON in UTF-8"),
    "empty": (b"", "not JSON"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_files_get_a_clear_error_and_nothing_is_imported(client, auth, case):
    raw, message = BAD[case]
    auth.login()
    response = client.post_form(
        "/f/library/import",
        {"file": (io.BytesIO(raw), "template.json"), "visibility": "network"},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code in (400, 413), page
    if response.status_code == 400:
        assert "The file was not imported" in page and message in page.replace("&#34;", '"').replace(
            "&#39;", "'"
        )
    assert _count(LibraryTemplate) == 0


def test_parse_reasons(app, ctx):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        _parse_reasons()


def _parse_reasons():
    for case, (raw, message) in BAD.items():
        with pytest.raises(library_files.TemplateError) as caught:
            library_files.parse(raw)
        assert message in str(caught.value), case
    assert library_files.parse(_with())["title"] == {"nl": "Test"}


def test_builtin_horseshoe_and_turntable_link_their_prompts(make):
    """Round 2 and the guesses come out of a template linked to the new meeting's own prompts,
    and go back into a template as prompt numbers."""
    from app.meetings import library, rounds

    user, builtin = make.user(), library.builtins()
    horseshoe = library.create_meeting(user, builtin["horseshoe"], "Hoefijzer", with_barometer=False)
    first, second, _ = horseshoe.prompts
    assert rounds.round_of(second.options) == first.id and rounds.round_of(first.options) is None
    turntable = library.create_meeting(user, builtin["turntable"], "Draaischijf", with_barometer=False)
    own, guess, own2, guess2 = turntable.prompts
    assert rounds.guess_of(guess.options) == own.id and rounds.guess_of(guess2.options) == own2.id
    again = library.from_meeting(turntable, "Opnieuw")
    assert [p.get("guess_of") for p in again["prompts"]] == [None, 1, None, 3]
    assert all("guess_of" not in p["options"] for p in again["prompts"])


@pytest.mark.parametrize(("link", "target", "message"), [
    ({"round_of": 2}, 2, "does not come before it"),
    ({"guess_of": 1}, 1, "not the right kind"),
])
def test_a_link_to_a_later_or_wrong_prompt_is_refused(link, target, message):

    document = {"format": "allo-review-template", "version": 1, "title": {"nl": "T"}, "prompts": [
        {"kind": "text", "text": {"nl": "Vraag"}, "options": {"max_length": 140}},
        {"kind": "position", "text": {"nl": "Lijn"}, "options": {
            "left": {"nl": "niet"}, "right": {"nl": "wel"}}, **link},
    ]}
    with pytest.raises(library_files.TemplateError, match=message):
        library_files.validate(document)
