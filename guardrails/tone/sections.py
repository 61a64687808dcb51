"""The tone guide as (heading path, body) sections, from its Markdown file or from its index chunks.

Both sources reduce to the same shape, so the rules are parsed by one piece of code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
CHUNK_PATH_SEPARATOR = " > "  # ingestion.chunking.MarkdownChunker: "Title > h1 > h2 > h3\n<text>"


@dataclass(frozen=True)
class Section:
    path: tuple[str, ...]
    body: str

    def is_about(self, *keywords: str) -> bool:
        """True when every keyword appears (case-insensitively) in the section's heading path."""
        headings = CHUNK_PATH_SEPARATOR.join(self.path).lower()
        return all(keyword.lower() in headings for keyword in keywords)

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]


def markdown_sections(text: str) -> list[Section]:
    """Split a Markdown document (front matter allowed) at its headings; code fences are not headings."""
    sections: list[Section] = []
    headings: list[tuple[int, str]] = []
    body: list[str] = []
    in_fence = False

    def close_section() -> None:
        if any(line.strip() for line in body):
            sections.append(Section(tuple(title for _, title in headings), "\n".join(body).strip()))
        body.clear()

    for line in _FRONT_MATTER.sub("", text, count=1).splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading is None:
            body.append(line)
            continue
        close_section()
        level = len(heading.group(1))
        while headings and headings[-1][0] >= level:
            headings.pop()
        headings.append((level, heading.group(2)))
    close_section()
    return sections


def chunk_sections(texts: Iterable[str]) -> list[Section]:
    """Rebuild sections from index chunks: each starts with its heading path line, then its text.

    A section split into several chunks is joined back, keeping the overlapping lines once.
    """
    bodies: dict[tuple[str, ...], list[str]] = {}
    for text in texts:
        header, _, body = text.partition("\n")
        path = tuple(part.strip() for part in header.split(CHUNK_PATH_SEPARATOR) if part.strip())
        lines = bodies.setdefault(path, [])
        tail = [line.rstrip() for line in body.splitlines()]
        # A chunk cut inside a fenced letter opens the fence again (ingestion's _with_open_fence): drop it.
        if tail and _FENCE.match(tail[0]) and sum(bool(_FENCE.match(line)) for line in lines) % 2:
            tail = tail[1:]
        lines[:] = _join_overlapping(lines, tail)
    return [Section(path, "\n".join(lines).strip()) for path, lines in bodies.items()]


def _join_overlapping(head: list[str], tail: list[str]) -> list[str]:
    for size in range(min(len(head), len(tail)), 0, -1):
        if head[-size:] == tail[:size]:
            return head + tail[size:]
    return head + tail
