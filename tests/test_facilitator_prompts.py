"""The prompt editor: every kind's options, validation, reordering and deleting."""

import pytest
from sqlalchemy import select

from app import meetings
from app.extensions import db
from app.meetings import defaults
from app.meetings.prompt_kinds import clean_value
from app.models import Meeting, Organisation, Prompt

# The facilitator tests' client and auth: a fresh `g` per request, a new CSRF token after log-in.

# A browser sends every field, empty or not; a field left out would keep its old value.
BLANK = {f"{name}_{lang}": "" for name in ("text", "left", "right", "choices") for lang in ("nl", "en", "fr")}
QUESTION = {**BLANK, "text_nl": "Hoe was het?", "text_en": "How was it?", "audience": "everyone"}
CARD_KEYS = [card["key"] for card in defaults.feelings_cards()]


@pytest.fixture
def setup(make, auth):
    """A logged-in facilitator and their meeting with a scale and a text prompt."""
    me = make.user()
    meeting = make.meeting(me, kinds=("scale", "text"), pacing="facilitator")
    auth.login(me)
    return meeting


def stored(meeting) -> list[tuple]:
    db.session.rollback()
    db.session.expire_all()
    query = select(Prompt).where(Prompt.meeting_id == meeting.id).order_by(Prompt.position)
    prompts = db.session.scalars(query)
    return [(p.id, p.position, p.kind, p.text, p.options, p.audience) for p in prompts]


def add(client, meeting, kind, data):
    return client.post_form(f"/f/meetings/{meeting.id}/prompts/new?kind={kind}", {**QUESTION, **data})


@pytest.mark.parametrize("kind, data, options", [
    ("scale", {"style": "numbers", "min": "0", "max": "10"}, {"min": 0, "max": 10, "style": "numbers"}),
    ("scale", {"style": "faces", "min": "0", "max": "10"}, {"min": 1, "max": 5, "style": "faces"}),
    ("position", {"left_nl": "Oneens", "left_fr": "Pas d'accord", "right_nl": "Eens"},
     {"left": {"nl": "Oneens", "fr": "Pas d'accord"}, "right": {"nl": "Eens"}}),
    ("words", {"max_words": "1"}, {"max_words": 1}),
    ("text", {"max_length": "500"}, {"max_length": 500}),
    ("single", {"choices_nl": "Ja\n\n Nee \nMisschien", "choices_en": "Yes\nNo\nMaybe"},
     {"choices": [{"key": "c1", "label": {"nl": "Ja", "en": "Yes"}},
                  {"key": "c2", "label": {"nl": "Nee", "en": "No"}},
                  {"key": "c3", "label": {"nl": "Misschien", "en": "Maybe"}}]}),
    ("multiple", {"choices_nl": "Spel\nGesprek\nEten", "max_picks": "2"},
     {"choices": [{"key": "c1", "label": {"nl": "Spel"}}, {"key": "c2", "label": {"nl": "Gesprek"}},
                  {"key": "c3", "label": {"nl": "Eten"}}], "max_picks": 2}),
    ("multiple", {"choices_nl": "Spel\nGesprek", "max_picks": ""},
     {"choices": [{"key": "c1", "label": {"nl": "Spel"}}, {"key": "c2", "label": {"nl": "Gesprek"}}],
      "max_picks": None}),
])
def test_a_new_prompt_of_each_kind_is_stored_with_its_options(client, setup, kind, data, options):
    response = add(client, setup, kind, {**data, "audience": "officer"})
    *_, (prompt_id, position, stored_kind, text, stored_options, audience) = stored(setup)
    assert response.status_code == 302
    assert response.location == f"/f/meetings/{setup.id}#prompt-{prompt_id}"
    assert (position, stored_kind, audience) == (3, kind, "officer")
    assert text == {"nl": "Hoe was het?", "en": "How was it?"}  # the empty French text is left out
    assert stored_options == options


def test_cards_can_be_unticked_and_answers_follow_the_rule(client, setup):
    kept = ["safe", "heard", "angry"]
    assert add(client, setup, "cards", {"cards": kept, "max_picks": "2"}).status_code == 302
    options = stored(setup)[-1][4]
    assert [card["key"] for card in options["cards"]] == kept and options["max_picks"] == 2
    assert options["cards"][0] == defaults.feelings_cards()[1]  # icon and labels in three languages
    assert clean_value("cards", options, ["safe", "angry"]) == ["safe", "angry"]
    with pytest.raises(ValueError):
        clean_value("cards", options, ["happy"])


def test_the_new_prompt_form_starts_from_the_kinds_defaults(client, setup):
    page = client.get(f"/f/meetings/{setup.id}/prompts/new?kind=cards").get_data(as_text=True)
    # The cards, and "ask why?" (off by default).
    assert page.count('type="checkbox"') == len(CARD_KEYS) + 1 and page.count("checked") == len(CARD_KEYS) + 1
    page = client.get(f"/f/meetings/{setup.id}/prompts/new?kind=scale").get_data(as_text=True)
    assert 'name="min" type="number" value="1"' in page and 'name="max" type="number" value="10"' in page


@pytest.mark.parametrize("kind", ["poll", ""])
def test_an_unknown_kind_is_not_found(client, setup, kind):
    assert client.get(f"/f/meetings/{setup.id}/prompts/new?kind={kind}").status_code == 404
    assert add(client, setup, kind, {}).status_code == 404


@pytest.mark.parametrize("kind, data, message", [
    ("scale", {"text_nl": "", "style": "numbers", "min": "1", "max": "5"}, "The Dutch text is required."),
    ("scale", {"text_en": "x" * 301, "style": "numbers", "min": "1", "max": "5"},
     "Field cannot be longer than 300 characters."),
    ("scale", {"style": "numbers", "min": "5", "max": "5"}, "The highest number must be above the lowest."),
    ("scale", {"style": "numbers", "min": "1", "max": "11"}, "Number must be between 2 and 10."),
    ("scale", {"style": "numbers", "min": "", "max": "5"}, "Give the lowest and the highest number."),
    ("scale", {"style": "stars", "min": "1", "max": "5"}, "Not a valid choice."),
    ("scale", {"audience": "mayor", "style": "numbers", "min": "1", "max": "5"}, "Not a valid choice."),
    ("position", {"left_nl": "Oneens", "right_nl": ""}, "The Dutch text is required."),
    ("cards", {"cards": ["safe"], "max_picks": "1"}, "Keep at least two cards."),
    ("cards", {"cards": ["safe", "sad"], "max_picks": "3"}, "At most as many picks as there are cards."),
    ("cards", {"cards": ["safe", "unicorn"], "max_picks": "1"}, "is not a valid choice"),
    ("words", {"max_words": "4"}, "Number must be between 1 and 3."),
    ("words", {"max_words": "two"}, "Not a valid integer value."),
    ("text", {"max_length": "501"}, "Number must be between 10 and 500."),
    ("single", {"choices_nl": "Ja"}, "Give from 2 to 12 choices."),
    ("single", {"choices_nl": "Ja\nJa"}, "Each choice must be different."),
    ("single", {"choices_nl": "Ja\nNee", "choices_fr": "Oui"}, "Give one line per choice"),
    ("single", {"choices_nl": "Ja\n" + "n" * 81}, "A choice has at most 80 characters."),
    ("multiple", {"choices_nl": "Ja\nNee", "max_picks": "3"}, "At most as many picks as there are choices."),
])
def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, setup, kind, data, message):
    before = stored(setup)
    response = add(client, setup, kind, data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and "Please correct the marked fields." in page
    assert stored(setup) == before


def test_editing_changes_text_audience_and_options_but_not_the_kind(client, setup):
    scale = setup.prompts[0]
    page = client.get(f"/f/meetings/{setup.id}/prompts/{scale.id}").get_data(as_text=True)
    assert "Vraag scale" in page and "Question scale" in page
    response = client.post_form(f"/f/meetings/{setup.id}/prompts/{scale.id}", {
        **BLANK, "text_nl": "Hoe voel je je?", "audience": "youngster",
        "style": "numbers", "min": "1", "max": "7", "kind": "text"})
    assert response.status_code == 302
    assert stored(setup)[0][1:] == (1, "scale", {"nl": "Hoe voel je je?"},
                                     {"min": 1, "max": 7, "style": "numbers"}, "youngster")


def test_a_bad_edit_changes_nothing(client, setup):
    before = stored(setup)
    text = setup.prompts[1]
    response = client.post_form(f"/f/meetings/{setup.id}/prompts/{text.id}",
                                {**BLANK, "text_nl": "Nieuw", "audience": "everyone", "max_length": "5"})
    assert response.status_code == 400
    assert "Number must be between 10 and 500." in response.get_data(as_text=True)
    assert stored(setup) == before


def test_choice_keys_stay_with_their_choice_when_edited(client, setup):
    prompt = meetings.add_prompt(setup, "single", {"nl": "Nog eens?"})  # default choices: yes, no
    edit = f"/f/meetings/{setup.id}/prompts/{prompt.id}"
    client.post_form(edit, {**QUESTION, "choices_nl": "Jazeker\nMisschien\nNee"})
    choices = stored(setup)[-1][4]["choices"]
    # "Ja" edited in place keeps "yes"; "Nee" moved but keeps "no"; the new line gets c1.
    assert [(c["key"], c["label"]["nl"]) for c in choices] == [
        ("yes", "Jazeker"), ("c1", "Misschien"), ("no", "Nee")]
    client.post_form(edit, {**QUESTION, "choices_nl": "Nee\nJazeker\nOoit\nMisschien"})
    choices = stored(setup)[-1][4]["choices"]
    assert [c["key"] for c in choices] == ["no", "yes", "c2", "c1"]


def test_moving_prompts_up_and_down(client, setup):
    scale, text = setup.prompts
    move = f"/f/meetings/{setup.id}/prompts/{{}}/move"
    assert client.post_form(move.format(text.id), {"direction": "up"}).status_code == 302
    assert [row[0] for row in stored(setup)] == [text.id, scale.id]
    client.post_form(move.format(text.id), {"direction": "up"})  # already first: nothing happens
    assert [row[:2] for row in stored(setup)] == [(text.id, 1), (scale.id, 2)]
    client.post_form(move.format(text.id), {"direction": "down"})
    assert [row[:2] for row in stored(setup)] == [(scale.id, 1), (text.id, 2)]
    assert client.post_form(move.format(text.id), {"direction": "sideways"}).status_code == 400


def test_deleting_a_prompt_renumbers_and_clears_the_current_one(client, setup):
    scale, text = setup.prompts
    words = meetings.add_prompt(setup, "words", {"nl": "Woorden"})
    meetings.set_current_prompt(setup, text.id)
    response = client.post_form(f"/f/meetings/{setup.id}/prompts/{text.id}/delete")
    assert response.status_code == 302 and response.location == f"/f/meetings/{setup.id}#prompts"
    assert [row[:2] for row in stored(setup)] == [(scale.id, 1), (words.id, 2)]
    assert db.session.get(Meeting, setup.id).current_prompt_id is None


def test_a_prompt_is_only_reached_through_its_own_meeting(client, setup, make):
    colleague = make.user(db.session.get(Organisation, setup.organisation_id))
    other = make.meeting(colleague, kinds=("scale",))  # same organisation, another meeting
    before = stored(setup)
    base = f"/f/meetings/{other.id}/prompts/{setup.prompts[0].id}"
    assert client.get(base).status_code == 404
    for suffix, data in (("", QUESTION), ("/move", {"direction": "down"}), ("/delete", {})):
        assert client.post_form(base + suffix, data).status_code == 404
    assert client.get(f"/f/meetings/{setup.id}/prompts/99999").status_code == 404
    assert stored(setup) == before
