"""A meeting's results. counts.py: who joined, how many answered, the anonymity
threshold K. kinds.py: what each prompt kind shows of one group's answers (pure).
per_prompt.py: every prompt's results per group, from one query, behind K."""

from app.results.counts import answers_per_prompt, participants_per_group, threshold, visible_groups
from app.results.kinds import TOP_WORDS
from app.results.per_prompt import answer_rows, by_prompt, meeting_results, no_answers, prompt_result

__all__ = ["TOP_WORDS", "answer_rows", "answers_per_prompt", "by_prompt", "meeting_results", "no_answers",
           "participants_per_group", "prompt_result", "threshold", "visible_groups"]
