""""You said → we did" (issue 20, part 3): hosts write dated entries per meeting or series;
only approved ones reach participants (the meeting's own link after it closed, its
follow-ups) and the projector; a linked "futures" answer only while the rule shows it."""

from datetime import date, timedelta

from app import followups, live, meetings
from app.extensions import db
from app.followups import loop
from app.live import moderation
from app.models import Organisation
from app.models.base import utcnow
from app.network import series


def _entry(user, meeting, said="We agreed on a football match with the zone.", **kw):
    return loop.write(user, meeting, kw.pop("whole_series", False), kw.pop("on", date(2026, 11, 20)), said,
                      kw.pop("did", "It happened on 3 December: 14 youngsters, 5 officers."), **kw)


def test_only_approved_entries_reach_the_participants_after_the_meeting(client, make):
    owner = make.user()
    meeting = make.meeting(owner, kinds=("text",), status="closed")
    entry = _entry(owner, meeting)
    assert "football match" not in client.get(f"/j/{meeting.token}").get_data(as_text=True)
    assert "football match" not in client.get(f"/j/{meeting.token}/loop").get_data(as_text=True)
    loop.decide(meeting, entry, "approved")
    closed = client.get(f"/j/{meeting.token}").get_data(as_text=True)
    assert "You said" in closed and "football match" in closed and "14 youngsters" in closed
    assert owner.organisation.name in closed and owner.email not in closed  # by organisation, no author
    assert "football match" in client.get(f"/j/{meeting.token}/loop").get_data(as_text=True)
    loop.decide(meeting, entry, "rejected")
    assert "football match" not in client.get(f"/j/{meeting.token}").get_data(as_text=True)


def test_a_series_entry_shows_at_every_meeting_of_the_series_and_only_its_hosts_write_one(make):
    owner = make.user()
    found = series.create_series(owner, "Buurtwild/t x Politie")
    first, second = (make.meeting(owner, kinds=("text",), title=t) for t in ("First", "Second"))
    for m in (first, second):
        series.set_series(m, found)
    entry = _entry(owner, first, whole_series=True)
    loop.decide(first, entry, "approved")
    assert [e["said"] for e in loop.shown(second)] == [entry.said]
    other = make.meeting(kinds=("text",))  # not in the series: sees nothing
    assert loop.shown(other) == []
    # A co-host of the meeting whose organisation does not host the series.
    guest_org = Organisation(name="Zone Dender", kind="police_zone")
    db.session.add(guest_org)
    db.session.commit()
    guest = make.user(guest_org)
    try:
        loop.write(guest, first, True, date(2026, 12, 1), "Ours", "")
    except loop.Refused:
        pass
    else:
        raise AssertionError("a non-host wrote for the whole series")


def _futures_room(make, youngsters):
    owner = make.user()
    meeting = make.meeting(owner, kinds=("text",), status="open")
    prompt = meeting.prompts[0]
    for i in range(youngsters):
        who, _ = make.participant(meeting, "youngster")
        make.answer(meeting, who, prompt, f"Samen voetballen {i}")
    for item in moderation.queue(meeting):
        moderation.decide(meeting, item.answer_id, item.uuid, "approved")
    return owner, meeting


def test_a_linked_futures_answer_is_quoted_only_while_the_rule_shows_its_group(client, make):
    owner, meeting = _futures_room(make, 3)
    choices = loop.linkable(meeting)
    assert len(choices) == 3
    answer_id = next(iter(choices))
    entry = _entry(owner, meeting, answer_id=answer_id)
    loop.decide(meeting, entry, "approved")
    assert loop.shown(meeting)[0]["quote"] == choices[answer_id]
    # Fewer than K youngsters answered in another room: nothing to link, nothing quoted.
    owner2, few = _futures_room(make, 2)
    assert loop.linkable(few) == {}
    try:
        _entry(owner2, few, answer_id=answer_id)  # an answer of another meeting, too
    except loop.Refused:
        pass
    else:
        raise AssertionError("linked an answer that may not be shown")


def test_hosts_write_approve_and_project_entries(client, auth, make):
    owner = auth.login()
    meeting = make.meeting(owner, kinds=("text",), status="closed")
    page = client.get(f"/f/meetings/{meeting.id}/loop")
    assert page.status_code == 200
    response = client.post_form(f"/f/meetings/{meeting.id}/loop", {
        "happened_on": "2026-12-01", "said": "A bench at the square", "did": "Asked the city"})
    assert response.status_code == 302
    [entry] = loop.entries_for(meeting)
    assert entry.review == "pending" and entry.organisation_id == owner.organisation_id
    assert "A bench" not in client.get(f"/f/meetings/{meeting.id}/present/loop").get_data(as_text=True)
    client.post_form(f"/f/meetings/{meeting.id}/loop/{entry.id}", {"decision": "approved"})
    assert "A bench" in client.get(f"/f/meetings/{meeting.id}/present/loop").get_data(as_text=True)
    token = live.create_presenter_link(meeting)
    assert "A bench" in client.get(f"/p/{token}/loop").get_data(as_text=True)
    assert "/loop" in client.get(f"/p/{token}").get_data(as_text=True)  # reached from the presenter view
    # Empty text is refused; another organisation gets 404.
    assert client.post_form(f"/f/meetings/{meeting.id}/loop", {"happened_on": "2026-12-01", "said": ""}
                            ).status_code == 400
    auth.login(make.user())
    assert client.get(f"/f/meetings/{meeting.id}/loop").status_code == 404
    refused = client.post_form(f"/f/meetings/{meeting.id}/loop/{entry.id}", {"decision": "delete"})
    assert refused.status_code == 404


def test_the_follow_up_page_links_to_it(client, make):
    owner = make.user()
    meeting = make.meeting(owner, kinds=("text",), status="closed")
    followup = followups.schedule(meeting, 7, [("text", {"nl": "En nu?"})])
    followup.due_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert "/loop" not in client.get(f"/j/{followup.token}").get_data(as_text=True)
    loop.decide(meeting, _entry(owner, meeting), "approved")
    page = client.get(f"/j/{followup.token}").get_data(as_text=True)
    assert f"/j/{followup.token}/loop" in page
    assert "football match" in client.get(f"/j/{followup.token}/loop").get_data(as_text=True)
    assert meetings.by_token(meeting.token) is not None


def test_the_word_filter_flags_an_entry_for_the_moderating_host(client, auth, make):
    owner = auth.login()
    meeting = make.meeting(owner, kinds=("text",), status="closed")
    clean = _entry(owner, meeting)
    rude = _entry(owner, meeting, said="Die klootzakken van de overkant.")
    assert not loop.flagged(clean) and loop.flagged(rude)
    page = client.get(f"/f/meetings/{meeting.id}/loop?lang=en").get_data(as_text=True)
    assert page.count("word filter") == 1
