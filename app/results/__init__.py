"""A meeting's results. app/disclosure.py decides what may be shown (K, the room's
seats, identical answers) and counts who joined and answered. kinds.py: what each
prompt kind shows of one group's answers (pure). per_prompt.py: every prompt's
results per group, from one query, behind the disclosure rule."""

from app.disclosure import answers_per_prompt, threshold
from app.disclosure import joined as participants_per_group
from app.results.kinds import TOP_WORDS
from app.results.per_prompt import answer_rows, by_prompt, meeting_results, no_answers, prompt_result

__all__ = ["TOP_WORDS", "answer_rows", "answers_per_prompt", "by_prompt", "meeting_results", "no_answers",
           "participants_per_group", "prompt_result", "threshold"]
