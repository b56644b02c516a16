"""Demo data: one organisation, one facilitator and an open meeting with a prompt
of every kind, so a new developer can run a meeting at once; and a year of past
meetings (app/ops/demo_history.py). Only ever in a database that holds nothing but
the demo organisation: never next to real data."""

from sqlalchemy import select

from app import meetings
from app.extensions import db
from app.meetings import defaults
from app.models import Meeting, Organisation, User
from app.ops import demo_history

ORGANISATION = "ALLO?! Demo"
EMAIL = "demo@allo.example"
PASSWORD = "allo-demo"
TITLE = "Demo: voetbal jongeren × politie"

PROMPTS = [
    ("scale", {"nl": "Hoe vond je de ontmoeting vandaag?", "en": "How was the meeting today?",
               "fr": "Comment as-tu trouvé la rencontre aujourd'hui ?"}, None),
    ("scale", {"nl": "Hoe voel je je nu?", "en": "How do you feel now?",
               "fr": "Comment te sens-tu maintenant ?"}, {"min": 1, "max": 5, "style": "faces"}),
    ("position", {"nl": "Ik werd met respect behandeld.", "en": "I was treated with respect.",
                  "fr": "J'ai été traité·e avec respect."}, None),
    ("cards", {"nl": "Welke gevoelens had je? Waarom?", "en": "Which feelings did you have? Why?",
               "fr": "Quels sentiments as-tu eus ? Pourquoi ?"},
     {"cards": defaults.feelings_cards(), "max_picks": 3, "ask_why": True}),
    ("storyline", {"nl": "Hoe voelde je je tijdens de ontmoeting?",
                   "en": "How did you feel during the meeting?",
                   "fr": "Comment te sentais-tu pendant la rencontre ?"}, None),
    ("spokes", {"nl": "Geef elk thema een cijfer van 0 tot 10.", "en": "Rate each theme from 0 to 10.",
                "fr": "Donne une note de 0 à 10 à chaque thème."}, None),
    ("words", {"nl": "Zeg het in drie woorden.", "en": "Say it in three words.",
               "fr": "Dis-le en trois mots."}, None),
    ("text", {"nl": "Wat zou je tegen de andere groep willen zeggen?",
              "en": "What would you like to tell the other group?",
              "fr": "Que voudrais-tu dire à l'autre groupe ?"}, None),
    ("single", {"nl": "Zou je nog eens meedoen?", "en": "Would you join again?",
                "fr": "Participerais-tu encore ?"}, None),
    ("multiple", {"nl": "Wat vond je goed?", "en": "What did you like?", "fr": "Qu'as-tu aimé ?"},
     {"choices": [
         {"key": "game", "label": {"nl": "Het spel", "en": "The game", "fr": "Le jeu"}},
         {"key": "talk", "label": {"nl": "Het gesprek", "en": "The talk", "fr": "La discussion"}},
         {"key": "food", "label": {"nl": "Het eten", "en": "The food", "fr": "La nourriture"}},
     ], "max_picks": None}),
]


class RealData(Exception):
    """The database holds organisations other than the demo's: seeding refuses."""


def seed() -> Meeting:
    """Create what is missing and return the demo meeting."""
    others = db.session.scalars(select(Organisation.name).where(Organisation.name != ORGANISATION)).all()
    if others:
        raise RealData(", ".join(sorted(others)[:3]))
    org = db.session.scalar(select(Organisation).where(Organisation.name == ORGANISATION))
    if org is None:
        org = Organisation(name=ORGANISATION, kind="youth_work")
        db.session.add(org)
    user = db.session.scalar(select(User).where(User.email == EMAIL))
    if user is None:
        user = User(email=EMAIL, name="Demo facilitator", organisation=org)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    meeting = db.session.scalar(
        select(Meeting).where(Meeting.title == TITLE, Meeting.organisation_id == org.id)
    )
    if meeting is None:
        meeting = meetings.create_meeting(user, TITLE)
        for kind, text, options in PROMPTS:
            meetings.add_prompt(meeting, kind, text, options)
        # A line-up asked again after the talk, and the officers' and youngsters' guess of
        # each other's first score (app/meetings/rounds.py).
        first_scale, lineup = meeting.prompts[0], next(p for p in meeting.prompts if p.kind == "position")
        meetings.add_guess(meeting, first_scale)
        meetings.add_round_two(meeting, lineup)
        meetings.set_status(meeting, "open")
    demo_history.seed_history(user)
    return meeting
