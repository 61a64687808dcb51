"""Tone checks for client messages, with rules read from the ingested Brand Tone Guide, never hard-coded.

`ToneChecker(ToneRules.from_markdown(guide_text)).check(draft)` lists what to change and how.
"""

from guardrails.tone.checker import ToneChecker, ToneFinding, ToneRule
from guardrails.tone.rules import AvoidedTerm, PreferredTerm, ToneRules, WordLimit

__all__ = ["AvoidedTerm", "PreferredTerm", "ToneChecker", "ToneFinding", "ToneRule", "ToneRules", "WordLimit"]
