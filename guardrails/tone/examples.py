"""The example client notes of the tone guide, read as templates: the occasion they show, the channel
(email or handwritten card), the subject line, greeting, body paragraphs and sign-off lines, with their
[Slots] as written. The drafter writes from them, so an edited example changes the drafts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from guardrails.tone.sections import Section

_FENCE = re.compile(r"^\s*(```|~~~)")
_SUBJECT = re.compile(r"^subject\s*:\s*(.*)$", re.IGNORECASE)
_CHANNEL = re.compile(r"\(([^)]*)\)\s*$")
SLOT = re.compile(r"\[([^\]\n]+)\]")


@dataclass(frozen=True)
class ExampleNote:
    heading: str  # as the guide writes it: "Piece ready for collection (email)"
    occasion: str  # the heading without its parenthesis: "Piece ready for collection"
    channel: str  # the parenthesis' first part: "email", "handwritten card" ("" when not said)
    condition: str  # the rest of the parenthesis: "after a telephone call", "with recorded consent"
    subject: str  # the example's subject line formula ("Your [Piece name] is ready"), "" for a card
    greeting: str  # "Dear [Client name],"
    paragraphs: tuple[str, ...]  # the body, each paragraph reflowed onto one line
    sign_off: tuple[str, ...]  # "With warm regards,", "[Associate name]", "Maison Aurelle, Fifth Avenue"
    section: str = field(compare=False)  # the heading path, for the citation beside a draft written from it

    @property
    def is_email(self) -> bool:
        return "mail" in self.channel.lower()

    def matches(self, *keywords: str) -> bool:
        heading = self.heading.lower()
        return any(keyword.lower() in heading for keyword in keywords)


def example_notes(sections: list[Section]) -> tuple[ExampleNote, ...]:
    """Every fenced letter under a heading about "example"; a section without one is skipped."""
    notes: list[ExampleNote] = []
    for section in sections:
        if len(section.path) < 2 or not any("example" in part.lower() for part in section.path[:-1]):
            continue
        note = _parse(section)
        if note is not None:
            notes.append(note)
    return tuple(notes)


def _parse(section: Section) -> ExampleNote | None:
    letter = _fenced(section.body)
    lines = [line.strip() for line in letter.splitlines()]
    heading = section.path[-1]
    channel_match = _CHANNEL.search(heading)
    parts = [p.strip() for p in channel_match.group(1).split(",")] if channel_match else [""]
    subject = ""
    filled = [i for i, line in enumerate(lines) if line]
    if filled and (m := _SUBJECT.match(lines[filled[0]])):
        subject = m.group(1).strip()
        lines = lines[filled[0] + 1 :]
    filled = [i for i, line in enumerate(lines) if line]
    if len(filled) < 4:
        return None
    greeting = lines[filled[0]]
    # The sign-off starts at the last line ending with a comma ("With warm regards,"): names and the
    # boutique line follow it.
    closing = next((i for i in reversed(filled) if lines[i].endswith(",") and i != filled[0]), None)
    if closing is None:
        return None
    return ExampleNote(
        heading=heading,
        occasion=_CHANNEL.sub("", heading).strip(),
        channel=parts[0],
        condition=", ".join(parts[1:]),
        subject=subject,
        greeting=greeting,
        paragraphs=tuple(_paragraphs(lines[filled[0] + 1 : closing])),
        sign_off=tuple(line for line in lines[closing:] if line),
        section=" > ".join(section.path),
    )


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank lines separate paragraphs; where a chunk boundary lost one, a short line ending a sentence
    (shorter than the wrapped lines around it) still ends its paragraph."""
    width = max((len(line) for line in lines), default=0)
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        if not line or (line.endswith((".", "!", "?")) and len(line) < 0.9 * width):
            paragraphs.append([])
    return [" ".join(p) for p in paragraphs if p]


def _fenced(body: str) -> str:
    lines: list[str] = []
    inside = False
    for line in body.splitlines():
        if _FENCE.match(line):
            if inside:
                break
            inside = True
            continue
        if inside:
            lines.append(line.rstrip())
    return "\n".join(lines).strip()


def fill(text: str, slots: dict[str, str]) -> str:
    """Replace each [Slot] the mapping knows (case-insensitive); the others stay for the associate."""
    known = {name.lower(): value for name, value in slots.items() if value}
    return SLOT.sub(lambda m: known.get(m.group(1).strip().lower(), m.group(0)), text)
