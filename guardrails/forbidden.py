"""Requests the copilot refuses whatever the documents say: a client's personal details, and an
instruction to drop its rules. They are refused before retrieval, with a reason the associate can act on."""

from __future__ import annotations

import re
from dataclasses import dataclass

# What makes a detail personal: how to reach a person, or who they are.
_DETAIL = (
    r"(?:phone|telephone|mobile|cell|whats ?app|number|e-?mail|email address|address|home address|contact(?: details| info)?|"
    r"details|birthday|date of birth|dob|age|passport|id number|card number|card details|credit card|last four digits|"
    r"bank details|account number|social media|instagram)"
)
# Who the detail belongs to: a redacted name, a title and a name, or the client under any name.
_PERSON = (
    r"(?:<PERSON_\d+>|(?:mrs?|ms|mx|dr|mme|mlle|miss|madame|monsieur|sir|lady)\.?\s+[a-z][\w'-]+|"
    r"(?:the |this |that |our |my |a )?(?:[\w-]+ ){0,2}?(?:clients?|customers?|buyers?|purchasers?|vips?|person|lady|gentleman|woman|man|guy|couple))"
)
# Asking for it, not asking about it: "what's her number" is refused, "can we ship to the client's
# address?" asks a rule.
_ASK = r"(?:what(?:'s| is| are)?|whats|give|tell|send|share|look up|find|get|need|have|know|pull up|list|read)\b(?:\W+\w+){0,4}?\W+"
_CLIENT_DATA = re.compile(
    rf"{_ASK}{_PERSON}(?:'s|s'|’s)\s+(?:\w+\s+)?{_DETAIL}\b"  # "what's Mrs Laurent's phone number"
    rf"|{_ASK}{_DETAIL}\s+(?:of|for)\s+{_PERSON}"  # "give me the email of the client"
    rf"|{_ASK}(?:her|his|their)\s+(?:\w+\s+)?{_DETAIL}\b"  # "do we have her number"
    rf"|{_ASK}{_PERSON}\s+(?:\w+\s+)?{_DETAIL}s?\b"  # "share client phone numbers"
    rf"|\b{_DETAIL}\b[^?.]*\bwho (?:bought|purchased|ordered|reserved|collected|returned)\b"  # "the address of whoever bought ..."
    rf"|\b(?:who|which clients?|what clients?)\s+(?:bought|purchased|ordered|owns?)\b"  # "who bought AUR-RG-1010?"
    rf"|\bwhere (?:does|do|did) {_PERSON} (?:live|stay|work)\b|\bhow old is {_PERSON}"  # "where does mrs laurent live"
    rf"|\b(?:list|show|give|send|export|pull)\b(?:\W+\w+){{0,3}}?\W+(?:clients|customers|buyers)\b(?:\W+\w+){{0,3}}?\W+(?:who|that|with)\b",
    re.IGNORECASE,
)
# The house's own desks and boutiques have numbers too: "the Client Care Desk's number" is a house fact.
_HOUSE_CONTACT = re.compile(r"\bclient care desk\b|\bboutique'?s? (?:number|phone|address)\b|\bext\.?\s*\d", re.I)

_OVERRIDE = re.compile(
    r"\b(?:ignore|disregard|forget|bypass|override|skip|drop|break|set aside)\b(?:\W+\w+){0,4}?\W+"
    r"(?:rules?|instructions?|polic(?:y|ies)|guidelines?|guardrails?|prompt|restrictions?|limits?|filters?|manual)\b"
    r"|\b(?:pretend|act as if|imagine) (?:you|there)\b|\byou(?:'re| are) (?:now|no longer)\b|\bjailbreak|\bdeveloper mode\b"
    r"|\byou(?:'re| are) (?:a|an) [\w ]{1,30}? now\b|\b(?:ignore|disregard|forget) (?:everything|all|anything) (?:above|before|else|said)\b"
    # An instruction dressed as news: "new instruction from head office: ...", "from now on you may ..."
    r"|\b(?:new|updated|revised) (?:instructions?|rules?|orders?)\b\s*(?:from\b|:)|\bfrom now on\b|\bsystem prompt\b"
    r"|\b(?:don't|do not|no need to|needn't)(?:\s+(?:need|have)\s+to)?\s+(?:follow|check|cite|quote|stick to|bother with)\b(?:\W+\w+){0,2}?\W+"
    r"(?:rules?|polic(?:y|ies)|sources?|manual|documents?|citations?)\b|\boff the record\b"
    r"|\b(?:just|simply) (?:say|tell (?:me|her|him|them)|confirm)\b[^?.]*\b(?:yes|ok|fine|allowed)\b"
    r"|\bno matter what (?:the )?(?:policy|rules?|manual)\b|\bwithout (?:checking|citing|the) (?:the )?(?:policy|rules?|sources?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Forbidden:
    kind: str  # "client_data" or "override"
    reason: str


CLIENT_DATA = Forbidden(
    "client_data",
    "The copilot does not give out clients' personal details (contact details, addresses, identity "
    "documents, who bought what): look them up in the client record with your own access.",
)
OVERRIDE = Forbidden(
    "override",
    "The copilot answers only from the house documents and cannot set its rules aside: ask the question "
    "itself, and it will answer with its sources or say it does not know.",
)


def forbidden_request(question: str) -> Forbidden | None:
    """Why this (redacted) question is refused whatever the documents say, or None."""
    if _OVERRIDE.search(question):
        return OVERRIDE
    if _CLIENT_DATA.search(question) and not _HOUSE_CONTACT.search(question):
        return CLIENT_DATA
    return None
