"""The phone's way in: a participant's pages (views/), the JSON API their phone and its
offline outbox talk to (api/), joining (participants.py), judging and storing answers exactly once
(checks.py, store.py), what is scrubbed from typed text (scrub.py, wordfilter.py) and what a late
phone may still add (late_answers.py). Participants never log in."""
