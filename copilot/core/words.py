"""Words that carry no topic: left out of keyword searches and of the word overlap between a question
and a sentence."""

from __future__ import annotations

STOP_WORDS = frozenset(
    "a an and are as at be by can could do does for from has have how i if in is it its may me my of on or our "
    "should so than that the their them then there these they this to up was we what when where which who why "
    "will with would you your".split()
)
