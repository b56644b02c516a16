"""Demo data, part two: a year of the demo organisation's past meetings, so that a
newcomer's dashboard, report and practice log show what the tool is for, not empty
charts. Generated from a fixed seed (the same every run), every title starting with
"Demo:", in the demo organisation only; app/ops/demo.py refuses to seed a database
that holds any other organisation.

Each month: a meeting with a score, an open question and the trust barometer; 4 to 9
youngsters and officers (above K) answer it; trust grows and the gap between the groups
narrows over the year, with noise. Most open answers are approved, one now and then
rejected. The last meeting has a follow-up review; some have a practice-log entry; all
are in one series."""

import random
import uuid
from datetime import UTC, datetime, timedelta

from flask_babel import force_locale, format_date
from sqlalchemy import func, select

from app import followups, meetings
from app.extensions import db
from app.live import moderation
from app.models import Meeting, User
from app.network import barometer, practice, series
from app.network.dashboard import summary
from app.phone import participants, store

PREFIX = "Demo: "
MONTHS = 12
SEED = 2026
THEMES = ["voetbal", "kookavond", "graffiti-workshop", "buurtwandeling", "escape room", "zaalvoetbal",
          "filmavond", "muziekstudio", "fietsherstelling", "basketbal", "quiz", "barbecue"]
SAID = {
    "youngster": ["Jullie luisterden echt.", "Meer van dit, minder controles op straat.",
                  "Leuk dat jullie zonder uniform kwamen.", "Groet ons ook gewoon op straat.",
                  "Ik durf nu meer te vragen.", "Volgende keer zelf een activiteit kiezen."],
    "officer": ["Bedankt voor het eerlijke gesprek.", "Kom gerust eens langs op het commissariaat.",
                "We leerden jullie buurt beter kennen.", "Fijn dat jullie je verhaal deden.",
                "Laat ons weten wat beter kan.", "Tot de volgende match!"],
}
LESSONS = [
    ("Eerst samen spelen, dan praten", "Na een half uur voetbal was het gesprek veel losser dan bij een "
     "gesprek aan tafel. Het spel breekt het ijs.", "Volgende keer: korter praten, langer spelen.",
     "voetbal, ijsbreker"),
    ("Agenten zonder uniform", "Zonder uniform stelden de jongeren meer vragen; met uniform bleef het stil.",
     "We spreken af: burgerkleding tenzij er dienst is.", "uniform, vertrouwen"),
]


def has_history(org_id: int) -> bool:
    return bool(db.session.scalar(select(func.count(Meeting.id)).where(
        Meeting.organisation_id == org_id, Meeting.status == "closed", Meeting.title.startswith(PREFIX))))


def seed_history(user: User, today: datetime | None = None) -> list[Meeting]:
    """A meeting a month for the past year (nothing when the history is there already)."""
    if has_history(user.organisation_id):
        return []
    rng = random.Random(SEED)
    today = today or datetime.now(UTC)
    monthly = series.create_series(user, f"{PREFIX}maandelijkse ontmoetingen",
                                   "Gegenereerde voorbeeldgegevens: elke maand een ontmoeting.")
    made = []
    for back in range(MONTHS, 0, -1):
        day = _month_back(today, back)
        progress = (MONTHS - back) / (MONTHS - 1)
        made.append(_past_meeting(user, rng, day, progress, THEMES[back - 1], monthly))
    followups.schedule(made[-1], 14, [("text", {"nl": "Wat is er veranderd sinds de ontmoeting?",
                                                "en": "What has changed since the meeting?",
                                                "fr": "Qu'est-ce qui a changé depuis la rencontre ?"})])
    for meeting, (title, learned, futures, tags) in zip(made[2::5], LESSONS, strict=False):
        entry = practice.write(user, title, learned, futures, tags, meeting)
        entry.created_at = meeting.closed_at + timedelta(days=1)
    db.session.commit()
    summary.refresh([m.id for m in made])
    return made


def _month_back(today: datetime, back: int) -> datetime:
    month = today.year * 12 + today.month - 1 - back
    return datetime(month // 12, month % 12 + 1, 14, 15, 0, tzinfo=UTC)


def _past_meeting(user: User, rng: random.Random, day: datetime, progress: float, theme: str,
                  monthly) -> Meeting:
    with force_locale("nl"):
        title = f"{PREFIX}{theme} ({format_date(day, 'LLLL y')})"
    meeting = meetings.create_meeting(user, title)
    score = meetings.add_prompt(meeting, "scale", {"nl": "Hoe vond je de ontmoeting?",
                                                   "en": "How was the meeting?",
                                                   "fr": "Comment as-tu trouvé la rencontre ?"})
    said = meetings.add_prompt(meeting, "text", {"nl": "Wat zou je tegen de andere groep willen zeggen?",
                                                 "en": "What would you like to tell the other group?",
                                                 "fr": "Que voudrais-tu dire à l'autre groupe ?"})
    barometer.add_to(meeting)
    series.set_series(meeting, monthly)
    meetings.set_status(meeting, "open")
    meeting.created_at = meeting.opened_at = day
    db.session.commit()
    items = barometer.prompt_ids(meeting)
    for group, low, high in (("youngster", 5, 9), ("officer", 4, 7)):
        # Trust (1-5): youngsters start low and climb; officers start higher and climb less.
        mean = 2.3 + 1.7 * progress if group == "youngster" else 3.2 + 0.9 * progress
        for n in range(rng.randint(low, high)):
            who, _token = participants.join(meeting, group, "nl")
            at = day + timedelta(minutes=10 + n)
            answers = [_item(rng, score, _clamp(rng.gauss(5 + 4 * progress, 1.5), 1, 10), at)]
            answers += [_item(rng, p, _clamp(rng.gauss(mean, 0.8), 1, 5), at)
                        for p in meeting.prompts if p.id in items and p.audience == group]
            if rng.random() < 0.5:
                answers.append(_item(rng, said, rng.choice(SAID[group]), at))
            store.store_batch(meeting, who, answers)
    for n, item in enumerate(moderation.queue(meeting)):
        moderation.decide(meeting, item.answer_id, item.uuid, "rejected" if n == 3 else "approved")
    meetings.set_status(meeting, "closed")
    meeting.closed_at = day + timedelta(hours=2)
    db.session.commit()
    return meeting


def _item(rng: random.Random, prompt, value, at: datetime) -> dict:
    return {"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "prompt_id": prompt.id,
            "value": value, "recorded_at": at.isoformat()}


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))
