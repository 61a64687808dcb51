"""Reflow hard-wrapped Markdown: each paragraph and each list item becomes one line, so a sentence
wrapped at 80 or 100 columns is chunked, quoted and cited whole.

Applied to every manual's body before chunking, whether the manual came from a .md file or from the
text of a PDF. It follows Markdown's own reading: lines of one paragraph or list item are joined with a
single space. Headings, blank lines, list items (each its own line), table rows, thematic breaks,
fenced blocks (template letters, whose wrapping `ingestion.sentences` handles) and hard line breaks
(two trailing spaces or a trailing backslash) are kept. A manual that is not hard-wrapped comes out
unchanged. Indented code blocks are not recognised: the house writes its letters in fences.
"""

from __future__ import annotations

import re

_FENCE = "```"
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
# A thematic break ("---", "* * *") or a setext underline ("====="): never part of a paragraph.
_RULE = re.compile(r"^\s{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$")
_BULLET = re.compile(r"^\s*[-*+]\s+\S")
_ORDERED = re.compile(r"^\s*(\d{1,9})[.)]\s+\S")
_QUOTE = re.compile(r"^\s{0,3}>\s?")

_PARAGRAPH, _ITEM, _BLOCKQUOTE = "paragraph", "item", "quote"


def reflow(text: str) -> str:
    """`text` with every hard-wrapped paragraph, list item and block quote on one line."""
    out: list[str] = []
    block: str | None = None  # the kind of block the last output line belongs to; None: nothing may join it
    broken = False  # the last line ended with a hard break: the next one starts a line of its own
    fenced = False
    for line in text.split("\n"):
        stripped = line.strip()
        if fenced or stripped.startswith(_FENCE):
            fenced ^= stripped.startswith(_FENCE)
            out.append(line)
            block = None
            continue
        if not stripped or _HEADING.match(line) or stripped.startswith("|") or _RULE.match(line):
            out.append(line)
            block = None
            continue
        quoted = _QUOTE.match(line)
        if quoted and not line[quoted.end() :].strip():
            out.append(line)  # "> " alone separates two quoted paragraphs
            block = None
            continue
        starts = _starts_block(line, block)
        if block is not None and starts is None and not broken:
            content = line[quoted.end() :] if quoted and block == _BLOCKQUOTE else line
            out[-1] = f"{out[-1].rstrip()} {content.strip()}"
        else:
            out.append(line)
            block = starts or block or _PARAGRAPH
        broken = _ends_with_hard_break(line)
        if broken:
            out[-1] = out[-1].rstrip().removesuffix("\\").rstrip()
    return "\n".join(out)


def _starts_block(line: str, block: str | None) -> str | None:
    """The kind of block `line` opens, or None when it continues the open one. As in CommonMark, a
    numbered line interrupts a paragraph only as "1." ("... on 1 March\\n2026. The fee ..." is one
    paragraph), but any number starts the next item of a list."""
    if _QUOTE.match(line):
        return None if block == _BLOCKQUOTE else _BLOCKQUOTE
    if _BULLET.match(line):
        return _ITEM
    ordered = _ORDERED.match(line)
    if ordered and (block in (None, _ITEM) or ordered.group(1) == "1"):
        return _ITEM
    return None if block is not None else _PARAGRAPH


def _ends_with_hard_break(line: str) -> bool:
    return line.endswith("  ") or line.rstrip(" ").endswith("\\")
