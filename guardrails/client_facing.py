"""Tell when a request will produce something a client reads (a note, an email, a card): such output
is held for a manager's approval before it leaves the boutique."""

from __future__ import annotations

import re

_WRITE = r"(?:draft|write|compose|word|phrase|prepare|put together|reply|respond|send)"
_MESSAGE = r"(?:message|e-?mail|note|card|text|sms|letter|reply|follow[- ]?up|thank[- ]you|invitation|condolences?|apology|reminder)"
_REQUEST = re.compile(
    rf"\b{_WRITE}\b(?:\W+\w+){{0,8}}?\W+{_MESSAGE}s?\b"  # "draft a short follow-up note", "write an email"
    rf"|\bhow (?:should|do|can|would) (?:i|we) (?:word|phrase)\b"  # "how should I word ..."
    rf"|\b(?:for|to) (?:the|my|our|a) client\b.*\b{_MESSAGE}s?\b"
    rf"|\b{_MESSAGE}s? (?:for|to) (?:the|my|our|a) client\b"
    r"|^(?:please\s+)?(?:text|e-?mail|message|write to)\s+(?:the client|<PERSON_\d+>|him|her|them)\b",
    re.IGNORECASE,
)


# A question about the house's rules for messages ("At what times may I send a text to a client?", "How
# soon after a visit do I send the follow-up note?", "is it ok to put an emoji in a text to a client")...
# Associates often name the topic first ("bad news for a client: do I call or email first?", "cufflinks -
# how many letters?"): a colon or a dash opens the question as a comma does.
_ASKS_ABOUT = re.compile(
    r"(?:^|[.?!,:;]\s+|\s[-\u2013\u2014]\s+)(?:what|when|which|where|why|who|how|at what|until when|is it|is there|are we|are there"
    r"|can (?:i|we)|could (?:i|we)|may (?:i|we)|should (?:i|we)|must (?:i|we)|do (?:i|we)|does)\b",
    re.IGNORECASE,
)
# ...unless it asks for the text itself ("How should I word an email ...", "Can you draft a note ...").
_ASKS_FOR_TEXT = re.compile(
    r"\b(?:draft|compose|prepare|put together|word|phrase)\b|\bwrite (?:a|an|the|me|up)\b|\b(?:can|could|would) you\b|\bhelp me\b",
    re.IGNORECASE,
)


def is_client_facing_request(question: str) -> bool:
    """True for "Draft a follow-up note to <PERSON_1> about ...", "How should I word an email to the client ...";
    false for questions about the rules themselves ("What is the resizing policy?", "When can I send the
    follow-up note?"), which the tone guide answers with citations like any other question."""
    if not _REQUEST.search(question):
        return False
    return not _ASKS_ABOUT.search(question) or bool(_ASKS_FOR_TEXT.search(question))


# (?!\w), not \b: after the ">" of a placeholder there is no word boundary to find.
_ADDRESSEE = re.compile(r"\b(?:to|for)\s+(?:<PERSON_\d+>|the client|my client|our client|him|her|them)(?!\w)", re.I)


def topic_of(request: str) -> str:
    """What the draft is about, without the request to write it: "Draft a note to <PERSON_1> about the
    resizing of AUR-RG-1181" -> "about the resizing of AUR-RG-1181". Retrieval looks for this."""
    topic = _ADDRESSEE.sub(" ", _REQUEST.sub(" ", request))
    return " ".join(topic.split())
