"""A meeting's report (/f/meetings/<id>/report): who took part, every prompt's chart per
group behind the anonymity threshold, the exports; clean on A4 and on a laptop screen."""

import re

import pytest

from app import meetings
from app.live import moderation
from tests.browser import log_in

SCALE, POSITION, CARDS, WORDS, TEXT, SINGLE, MULTIPLE = range(7)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def answered_meeting(make, owner, officers=3, others=1):
    """A meeting with every prompt kind; three youngsters, `officers` officers and `others`
    others answered every prompt (K is 3, so the others stay hidden). The open answers and
    words are approved, but for one officer's text ("Bedankt"), rejected."""
    # The storyline and the spokes are reported in tests/test_kinds_more.py.
    kinds = ("scale", "position", "cards", "words", "text", "single", "multiple")
    # The officers all answer alike: shown here (the dominance rule is tests/test_disclosure.py's).
    meeting = make.meeting(owner, title="Buurtwild(t) × politie", kinds=kinds)
    meetings.set_protection(meeting, {}, 3, show_same=True)
    p = meeting.prompts
    values = {
        "youngster": [(4, 20, ["happy"], ["respect"], "Meer praten", "yes", ["yes"]),
                      (5, 30, ["happy", "heard"], ["Respect!", "chill"], "<script>alert(1)</script>",
                       "yes", ["no"]),
                      (6, 40, ["safe"], ["cool"], "Tof", "no", ["yes", "no"])],
        "officer": [(8, 70, ["safe"], ["open"], "Bedankt", "yes", ["yes"])] * officers,
        "other": [(1, 0, ["sad"], ["saai"], "Hmm", "no", ["no"])] * others,
    }
    for group, answers in values.items():
        for answer in answers:
            who, _token = make.participant(meeting, group)
            for prompt, value in zip(p, answer, strict=True):
                make.answer(meeting, who, prompt, value)
    pending = moderation.queue(meeting)
    rejected = next(item for item in pending if item.value == "Bedankt")
    moderation.decide(meeting, rejected.answer_id, rejected.uuid, "rejected")
    moderation.approve_many(meeting, [(i.answer_id, i.uuid) for i in pending if i is not rejected])
    return meeting


def test_the_report_shows_the_meeting_and_every_prompt_per_group(client, auth, make):
    me = make.user()
    meeting = answered_meeting(make, me)
    auth.login(me)
    response = client.get(f"/f/meetings/{meeting.id}/report")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    words = text_of(page)
    assert "Buurtwild(t) × politie" in words
    assert "3 Youngsters 3 Officers 1 Others" in words
    assert "at least 3 of that group answered" in words
    for n, p in enumerate(meeting.prompts, start=1):
        assert f"{n} " in words and f"Question {p.kind}" not in words  # the meeting's language: Dutch
        assert f"Vraag {p.kind}" in words
    assert page.count('class="chart chart-') == 7
    # Scale: youngsters 4, 5, 6; officers 8, 8, 8: the medians, and the gap in words.
    assert "Officers score higher: on average 8, youngsters 5." in words
    assert "Median 5 · Average 5" in words and "Median 8 · Average 8" in words
    # Line-up: youngsters 30, officers 70.
    assert "Officers stand closer to “Helemaal wel”: on average at 70 of 100, youngsters at 30." in words
    # Cards: two youngsters picked "blij"; three officers "veilig".
    assert re.search(r"blij</span><span class=\"track\"[^>]*><span class=\"fill w-66\"></span></span>"
                     r"<span class=\"count\">2</span>", page)
    # Words: "Respect!" and "respect" are one word, given twice.
    assert re.search(r'<li class="word s6" data-rank="0">respect<span class="c"> \(2\)</span></li>', page)
    # Open answers: the approved ones, escaped; the rejected one counted, not shown.
    assert "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>" in page and "<li>Meer praten</li>" in page
    # Three officers wrote it, one was rejected: the two approved show once, "×2".
    assert words.count("Bedankt") == 1 and "Bedankt ×2" in words and "1 rejected" in words
    # The one "other" stays hidden everywhere: below K.
    assert words.count("Not shown: fewer than 3 answered") == 7
    assert "saai" not in words and "Hmm" not in words
    # No answer text is ever markup.
    assert "<script>alert" not in page
    # The exports are a click away.
    assert f'href="/f/meetings/{meeting.id}/export.csv"' in page
    assert f'href="/f/meetings/{meeting.id}/export.json"' in page


def test_the_meeting_page_links_to_the_report(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",))
    auth.login(me)
    page = client.get(f"/f/meetings/{meeting.id}").get_data(as_text=True)
    assert f'href="/f/meetings/{meeting.id}/report"' in page


def test_a_meeting_without_answers_or_prompts(client, auth, make):
    me = make.user()
    empty = make.meeting(me, kinds=(), status="draft")
    answered = make.meeting(me, kinds=("scale", "text"))
    auth.login(me)
    page = client.get(f"/f/meetings/{empty.id}/report").get_data(as_text=True)
    assert "This meeting has no prompts." in text_of(page)
    words = text_of(client.get(f"/f/meetings/{answered.id}/report").get_data(as_text=True))
    assert words.count("Not shown: fewer than 3 answered") == 4  # nobody joined: no "other" box
    assert "0 Youngsters 0 Officers 0 Others" in words


def test_another_organisations_meeting_is_not_found(client, auth, make):
    theirs = make.meeting(make.user(), kinds=("scale",))
    auth.login(make.user())
    assert client.get(f"/f/meetings/{theirs.id}/report").status_code == 404
    assert client.get("/f/meetings/999999/report").status_code == 404


def test_the_report_needs_a_login(client, make):
    meeting = make.meeting(kinds=("scale",))
    response = client.get(f"/f/meetings/{meeting.id}/report")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.browser
def test_the_report_prints_on_a4_and_reads_on_a_laptop(browser, live_server, make, tmp_path):
    me = make.user()
    meeting = answered_meeting(make, me, officers=4, others=3)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server["url"],
                                  locale="en")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        log_in(page, me, make.PASSWORD)
        page.goto(f"/f/meetings/{meeting.id}/report")
        page.screenshot(path=tmp_path / "report.png", full_page=True)
        # Youngsters and officers side by side on a laptop.
        young = page.locator(".report-prompt").first.locator(".group-youngster").bounding_box()
        officers = page.locator(".report-prompt").first.locator(".group-officer").bounding_box()
        assert abs(young["y"] - officers["y"]) < 2 and officers["x"] > young["x"] + young["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        # Printed: no navigation or buttons, seven prompts on a sane number of A4 pages.
        page.emulate_media(media="print")
        assert not page.locator(".nav").is_visible() and not page.locator(".downloads").is_visible()
        page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi, to look at
        page.screenshot(path=tmp_path / "print.png", full_page=True)
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF")
        assert 2 <= pdf_pages(pdf) <= 6, pdf_pages(pdf)
        (tmp_path / "report.pdf").write_bytes(pdf)
    finally:
        context.close()
    assert not errors, errors
