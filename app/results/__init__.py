"""A meeting's results. disclosure.py decides what may be shown (K, the room's seats,
identical answers) and counts who joined and answered. kinds.py: what each prompt
kind shows of one group's answers (pure). per_prompt.py: every prompt's results per
group, from one query, behind the disclosure rule; linked.py: round 2 and guesses.
charts.py, linked_charts.py, shapes.py: what the charts draw. exports.py and
csv_cells.py: a meeting's data as CSV and JSON. Pages in views/."""
