"""What a question asks: which fields of a record (clarity, metal, price...), which kind of answer
(a duration, an amount, a rule...), and which of its clauses are about the house rules rather than the
record it names ("What metal is AUR-RG-1339, and how long would a resizing take?").

Shared by the retriever (a clause about the rules gets its own search of the manuals) and the
extractive composer (which lines and sentences answer)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.ask.wording import content_words
from copilot.core.identifiers import CODE

# A label "Center stone~clarity" matches the "Center stone" line only if it states a clarity (a pearl's does not).
FOUR_CS = (
    "Center stone~ct", "Carat weight", "Color grade", "Clarity grade", "Cut grade", "Carat", "Color", "Clarity", "Cut",
)
# "Has it been repaired before?": the piece's repair notes answer, not the repair policy.
REPAIR_HISTORY = re.compile(
    r"\b(?:been|ever|previously|already|before|history|past|prior|last)\b[^?.;]*?\b(?:repair\w*|fix(?:ed)?|mended|serviced|"
    r"restrung|re-?tipped|worked on)\b|\b(?:repair(?:ed|s)?|fixed|serviced|restrung)\b[^?.;]*?\b(?:before|previously|in the past|"
    r"ever|already)\b|\brepair (?:history|records?|notes?)\b",
    re.I,
)
# The line of a repair note that says what was done (data/README.md, repair notes).
REPAIR_LINES = ("Work done",)
# Fields every linked record answers, one line each (each repair of the piece), not only the first record holding it.
EVERY_RECORD_FIELDS = frozenset({REPAIR_LINES})
# Provenance and sourcing: the labels of a provenance record's lines (ingestion/chunking.py provenance_chunk),
# which the catalog never has, so a piece without a record is never answered from its description.
PROVENANCE_INTENTS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"\bkimberley\b[^?.;]*|\bkp (?:cert\w*|numbers?)\b|\bconflict[- ]free\b", re.I), ("Kimberley Process certificate",)),
    (re.compile(r"\bchain of custody\b|\bcustody\b", re.I), ("Chain of custody",)),
    (re.compile(r"(?:\b(?:gold|platinum|metal|silver)\b[^?.;]*?)?\b(?:recycled|responsibly (?:sourced|mined)|ethically sourced|"
                r"fairmined)\b", re.I), ("Metal sourcing",)),
    (re.compile(r"\bvendors?\b|\bsuppliers?\b|\bsupplied\b|\bcomplian\w*|\baudit(?:ed)?\b", re.I), ("Vendor",)),
    (re.compile(r"\bwhere\b[^?.;]*?\b(?:comes?|came|sourced|mined|originat\w*|from)\b|\b(?:origins?|provenance)\b[^?.;]*|"
                r"\bwhich (?:country|mine)\b|\bmined\b|\bsourced\b", re.I), ("Origin",)),
]
# Question words -> the labels of record lines that answer them, most specific first. Intents are
# tried in order and the words that matched are consumed, so "total carat weight" is not also "carat".
FIELD_INTENTS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (REPAIR_HISTORY, REPAIR_LINES),
    *PROVENANCE_INTENTS,
    # From a report or a loose stone to the piece it is set in: the piece's own first line names it.
    (re.compile(r"\b(?:which|what) (?:piece|ring|pendant|necklace|bracelet|earrings?|jewel|item|sku)\b|\bset in(?:to)?\b|"
                r"\bmounted (?:in|on)\b|\bbelongs? to\b|\bwhich (?:stone|diamond) is it\b", re.I), ("header:product",)),
    (re.compile(r"\b4 ?cs?\b", re.I), FOUR_CS),
    (re.compile(r"\btotal (?:carat )?weight\b|\bctw\b|\btotal carats?\b", re.I), ("Total carat weight", "Carat weight", "Carat")),
    (re.compile(r"\bclarity\b|\binclusions?\b", re.I), ("Clarity grade", "Center stone~clarity", "Clarity")),
    (re.compile(r"\bcolou?rs?\b", re.I), ("Color grade", "Center stone~color", "Color", "Stones")),
    (re.compile(r"\bcarats?\b|\bct\b|\bweigh|\bhow (?:big|large|heavy)\b|\bheavy\b", re.I),
     ("Carat weight", "Center stone~ct", "Carat", "Total carat weight")),
    (re.compile(r"\bcut\b", re.I), ("Cut grade", "Center stone~cut", "Cut")),
    (re.compile(r"\bmetal\b|\bgold\b|\bplatinum\b|\bmade (?:of|in|from)\b|\bpurity\b|\bkarat\b", re.I), ("Metal",)),
    (re.compile(r"\bprice\b|\bcost\b|\bhow much\b|\bexpensive\b|\bpriced\b|\bUSD\b", re.I), ("Price",)),
    # (A boutique's own name asks it too: the composer reads the boutiques from the catalog.)
    (re.compile(r"\bavailab|\bin stock\b|\bstock\b|\bboutiques?\b|\bstores?\b|\bwhere can\b|\bsee it\b", re.I),
     ("Availability",)),
    (re.compile(r"\bresiz|\bsized\b|\bring size\b|\bwhat size\b(?! and)|\bsizes?\b[^?]*\b(?:up|down|larger|smaller|bigger)\b|"
                r"\b(?:too (?:big|small|tight|loose))\b", re.I),
     ("Resizable", "Ring size")),
    (re.compile(r"\blength\b|\bhow long is\b", re.I), ("Length",)),
    (re.compile(r"\blab\b|\blaboratory\b|\bwho graded\b|\bgraded by\b|\binstitute\b|\bcertified\b|\bwho issued\b|\bissued by\b", re.I),
     ("Certificate", "header:certificate")),
    (re.compile(r"\bwhen\b|\bdate\b|\bdated\b|\bissued\b", re.I), ("Report date",)),
    (re.compile(r"\bfluoresc", re.I), ("Fluorescence",)),
    (re.compile(r"\bpolish\b", re.I), ("Polish",)),
    (re.compile(r"\bsymmetry\b", re.I), ("Symmetry",)),
    (re.compile(r"\b(?:girdle )?inscri\w*", re.I), ("Inscription",)),
    (re.compile(r"\bgirdle\b", re.I), ("Girdle",)),
    (re.compile(r"\bmeasure|\bdimensions?\b|\bdiameter\b", re.I), ("Measurements",)),
    (re.compile(r"\bdepth\b", re.I), ("Depth",)),
    (re.compile(r"\btable\b", re.I), ("Table",)),
    (re.compile(r"\bcomments?\b|\bremarks?\b", re.I), ("Comments",)),
    (re.compile(r"\bshape\b", re.I), ("Shape",)),
    (re.compile(r"\bpearls?\b|\bemeralds?\b|\bsapphires?\b|\brub(?:y|ies)\b|\bgemstones?\b|\bset with\b|\b(?:stone|pearl|gem) size\b|\bmm\b|"
                r"\borigin\b|\bcome from\b|\bheated\b|\btreat", re.I), ("Stones", "Center stone")),
    (re.compile(r"\bcollection\b|\bwhat (?:kind|type) of\b|\bcategory\b", re.I), ("header",)),
    (re.compile(r"\bdescri|\btell me about\b|\bwhat is\b.*\blike\b", re.I), ("Description",)),
]
# Asked only when nothing more specific is: "which stones are set in it?"
GENERIC_INTENTS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"\bgrades?\b|\bgrading\b|\bspecs?\b|\bspecifications?\b", re.I), FOUR_CS),
    (re.compile(r"\bstones?\b|\bgems?\b|\bdiamonds?\b", re.I), ("Stones", "Center stone")),
    (re.compile(r"\bcertificate\b|\breport\b|\bcert\b", re.I), ("Certificate", "header:certificate")),
]
# Words that only point at the stone ("the centre diamond of ...") say nothing of the field asked.
POINTERS = re.compile(r"\bcent(?:er|re) (?:stone|diamond)\b|\bthe diamond\b|\bits diamond\b", re.I)
# "on the certificate": the report answers, not the catalog ("what clarity is on the certificate of AUR-RG-1181")
ON_CERTIFICATE = re.compile(r"\bcertificate\b|\breport\b|\bcert\b", re.I)
# "report 8749712740", "SKU AUR-RG-1181": the words that only introduce an identifier say nothing of the field asked.
IDENTIFIER_MENTION = re.compile(
    r"\b(?:(?:lab |grading )?(?:report|certificate|cert|sku|stock)(?: (?:no\.?|number|#))?\s*)?"
    rf"(?:{CODE})\b",
    re.I,
)
# When the question names a record but asks nothing specific, show what identifies it.
SUMMARY = ("header", "Center stone", "Metal", "Price", "Carat weight", "Color grade", "Clarity grade", "Cut grade")



_CLAUSE_BREAK = re.compile(
    r"[?;.]\s+|,?\s+(?:and|or|but)\s+(?=(?:what|how|can|could|is|are|does|do|should|may|which|when|where|who|will|until|why|would|must)\b)", re.I
)
_NAMES_RECORD = re.compile(rf"\b(?:{CODE})\b", re.I)


def clauses(question: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_BREAK.split(question) if c and c.strip()]


# "How much ... and how long ...?", "Can X ..., and what ...?": a question asking two things.
_SECOND_ASK = re.compile(
    r"[?;]\s+\S|,?\s+(?:and|or)\s+(?:what|how|can|could|is|are|does|do|should|may|which|when|where|who|will)\b", re.I
)


def clauses_of_ask(question: str) -> list[str]:
    return [c for c in _SECOND_ASK.split(question) if c.strip()]


# Where a second question starts: after a "?" or ";", or at ", and how ...", ", and to solder ...". An
# auxiliary starts a question only when its subject follows it ("and can I ...", "and is it ..."): in
# "she paid $12,000 and is returning it" it carries on the statement, which is the next question's case.
_SUBJECT = (
    r"(?:i|we|you|she|he|they|it|there|this|that|these|those|the|a|an|her|his|my|our|your|their|one|someone|anyone|"
    r"clients?|customers?|associates?)\b"
)
_PART_BREAK = re.compile(
    r"(?<=[?;])\s+(?=\S)|,?\s+(?:and|or|also|plus)\s+(?=(?:what|what's|whats|how|which|when|where|who|why|to|for)\b|"
    rf"(?:can|could|is|are|does|do|should|may|will)\s+{_SUBJECT})",
    re.I,
)
_ELLIPTICAL_PART = re.compile(r"(?:to|for)\b", re.I)  # ", and to solder a chain?" asks what the part before asked
_PARENTHESES = re.compile(r"\([^)]*\)")
_TOO_SHORT = 2  # a part with fewer content words is no question of its own ("and?", "or not?")


@dataclass(frozen=True)
class QuestionPart:
    """One question of a question that asks several; `own` are its own words when it only names another
    thing to ask the same of ("..., and tanzanite?"): a sentence answering it must hold one of them."""

    text: str
    own: str = ""


# "How hard is sapphire on the Mohs scale, and tanzanite?": the same question of another thing.
# The comma tells it from one question about two things ("clean it with soap and water?").
_OTHER_THING = re.compile(
    r"(?:,\s+(?:and|or)\s+(?:what about\s+|for\s+|with\s+|of\s+)?|,?\s+(?:and\s+)?what about\s+)(?P<thing>[^,;?]{2,40}?)\s*\?*\s*$", re.I
)
_THING_WORDS = 3


def question_parts(question: str) -> list[QuestionPart]:
    """The questions a question asks, each readable alone: "How much is engraving and how long does it
    take?" -> ["How much is engraving", "how long does it take (engraving)"]. A part that names no
    topic takes the first part's; one that asks no kind of answer takes the previous part's ("how long
    does it take to tighten a stone, and to solder a chain?"). One part when the question asks one thing."""
    raw = [p.strip(" ,") for p in _PART_BREAK.split(question) if p.strip(" ,?.;")]
    if len(raw) < 2 or not content_words(raw[0]):  # "How long and to exchange it?" asks one thing
        tail = _OTHER_THING.search(question)
        thing = tail.group("thing") if tail else ""
        head = question[: tail.start()] if tail else ""
        if thing and len(thing.split()) <= _THING_WORDS and not _ASKING_OPENING.match(thing) and content_words(head):
            return [QuestionPart(head), QuestionPart(f"{thing} ({head})", own=thing)]
        return [QuestionPart(question)]
    parts = [raw[0]]
    first_topic = " ".join(content_words(_PARENTHESES.sub(" ", raw[0])))
    for part in raw[1:]:
        if _ELLIPTICAL_PART.match(part):
            part = f"{asking_phrase(parts[-1])} {part}".strip()
        if len(content_words(_PARENTHESES.sub(" ", part))) < _TOO_SHORT and first_topic:  # the house's added words are not its topic
            part = f"{part} ({first_topic})"
        parts.append(part)
    return [QuestionPart(p) for p in parts]


# Words that only the manuals answer: no catalog or report line says how to exchange or clean a piece.
_RULES_TOPICS = re.compile(
    r"\bpolicy\b|\brules?\b|\brequire|\ballowed\b|\bexchang|\breturn|\brefund|\bwarrant|\bnotice\b|\bclean|"
    r"\bcare\b|\bstor(?:e|age|ing)\b(?! (?:at|in))|\binsur|\bapprais|\bengrav|\brestr(?:ing|ung)\b|\bplating\b|\bpolish(?:ed|ing)\b|"
    r"\bshould (?:she|he|they|the client|i|we) know\b",
    re.I,
)


_SERVICE = re.compile(r"\bresiz|\brepair|\bengrav|\bclean|\bapprais|\brestr(?:ing|ung)|\bplating\b|\bpolish|\brush\b|\bre-?oil", re.I)


# What is done with a piece, which the rules settle for its kind, metal or stone.
_HANDLING = re.compile(
    r"\bultrasonic|\bsteam|\bnotice\b|\bview(?:ing)?\b|\bsize (?:it |her |them )?(?:up|down)\b|\b(?:bigger|smaller|tighter|looser)\b|"
    r"\bchlorine|\bpool\b|\bswim|\btravel|\bshorten|\blengthen|\bre-?plat|\bexchang|\breturn|\brefund|\bwarrant",
    re.I,
)


def about_rules(clause: str) -> bool:
    if _NAMES_RECORD.search(clause):
        # A clause naming the record asks one of its fields ("What metal is AUR-RG-1339?"), unless it
        # asks how the house handles it and no field: "Can the client use the polishing cloth on her
        # AUR-ER-2081 earrings?" is answered by the aftercare guide.
        # A service or a way of handling it ("can it be resized?", "can it go in the ultrasonic?") is
        # settled by the rules too, whatever fields the clause also asks.
        bare = POINTERS.sub(" ", IDENTIFIER_MENTION.sub(" ", clause))
        if REPAIR_HISTORY.search(bare):  # what was done to this piece: its notes, not the rules
            return False
        if _SERVICE.search(bare) or _HANDLING.search(bare):
            return True
        return bool(_RULES_TOPICS.search(bare)) and not field_groups(bare, FIELD_INTENTS)
    asks_duration_or_frequency = any(KIND[name].asked_by.search(clause) for name in ("duration", "frequency"))
    # "what's the resizing fee?" asks the house's fee for a service, not the piece's price
    asks_service_fee = bool(KIND["amount"].asked_by.search(clause) and _SERVICE.search(clause))
    clause = POINTERS.sub(" ", clause)
    return (
        asks_duration_or_frequency
        or asks_service_fee
        or bool(_RULES_TOPICS.search(clause))
        or not (field_groups(clause, FIELD_INTENTS) or field_groups(clause, GENERIC_INTENTS))
    )


def field_groups(question: str, intents: list[tuple[re.Pattern[str], tuple[str, ...]]]) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for pattern, labels in intents:
        question, hits = pattern.subn(" ", question)
        if hits and labels not in found:
            found.append(labels)
    return found


# "for how long?" -> "30 days", or "a lifetime warranty".
DURATION = re.compile(
    r"\b\d+\s*(?:to \d+\s*)?(?:business |calendar |working )?(?:days?|weeks?|months?|years?|hours?|minutes?|seconds?)\b|\blifetime\b", re.I
)
@dataclass(frozen=True)
class AnswerKind:
    """A kind of answer a question may ask for: the words that ask for it, and what a sentence holding
    it looks like."""

    name: str
    asked_by: re.Pattern[str]
    looks_like: re.Pattern[str]
    # A duration, an amount, a frequency, a temperature or a count: a wh-question asking one is not
    # answered by a sentence stating none.
    measure: bool = False
    # An elliptical follow-up ("And to exchange it?") asks it again; the other kinds carry their topic in
    # their words ("How should a note of apology be signed").
    carried: bool = False


# What kind of answer a question asks for -> what a sentence holding it looks like.
ANSWER_KINDS: tuple[AnswerKind, ...] = (
    AnswerKind(
        "duration",
        re.compile(r"\bhow long\b|\bhow soon\b|\bhow quickly\b|\buntil when\b|\bhow many days\b|\bwithin\b|\bturnaround\b|\blead[- ]times?\b|\bhow far in advance\b|\bnotice\b|"
                    r"\bhow much (?:\w+ )?(?:time|longer)\b", re.I), DURATION,
        measure=True, carried=True,
    ),
    # "How much does it cost?" asks an amount; "how much transport time does it add?" does not.
    AnswerKind(
        "amount",
        re.compile(r"\bhow much\b(?! (?:\w+ )?(?:time|longer|notice)\b)|\bcost\b|\bfee\b|\bcharge\b|\bprice\b|\bpay\b", re.I),
        re.compile(r"\$\s?\d|\bUSD\b|\bcomplimentary\b|\bfree\b|\b(?:no|without) charge\b", re.I),
        measure=True, carried=True,
    ),
    AnswerKind(
        "frequency",
        re.compile(r"\bhow often\b|\bhow frequently\b", re.I),
        re.compile(r"\bevery\b|\bonce a\b|\btimes a\b|\bannual|\byearly\b|\bmonthly\b|\bweekly\b", re.I),
        measure=True, carried=True,
    ),
    AnswerKind(
        "temperature",
        re.compile(r"\bhow (?:warm|hot|cold)\b|\btemperature\b", re.I), re.compile(r"\bdegrees?\b|°", re.I),
        measure=True, carried=True,
    ),
    # "How many guests?" -> a count; "48 hours", "$350" and "10%" are a duration, an amount and a share.
    AnswerKind(
        "count",
        re.compile(r"\bhow many\b|\b(?:max(?:imum)?|min(?:imum)?) (?:number|no\.?)\b|\bnumber of\b", re.I),
        re.compile(r"(?:(?<![$\d.,])\b\d+\b(?![.,]?\d)|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b)"
                    r"(?!\s*(?:to \w+\s*)?(?:business |calendar |working )?(?:days?|weeks?|months?|years?|hours?|minutes?|seconds?)\b|\s*%)"
                    r"|\b(?:once|twice)\b", re.I),
        measure=True, carried=True,
    ),
    AnswerKind(
        "time_or_condition",
        re.compile(r"^\s*when\b|[,.;]\s*when (?:does|do|is|are|can|should|must|will|may)\b", re.I),
        # ...a time, or the condition that makes it so ("When is an appraisal complimentary?" -> "with every purchase of $5,000 or more")
        re.compile(DURATION.pattern + r"|\bas soon as\b|\bbefore\b|\bafter\b|\buntil\b|\bif\b|\bprovided\b|\bwith (?:every|any)\b|\bor more\b", re.I),
        carried=True,
    ),
    # "Why ...?" -> a reason.
    AnswerKind(
        "reason",
        re.compile(r"(?:^|[.?!]\s+)why\b", re.I), re.compile(r"\bbecause\b|\bso that\b|\bto avoid\b|\bto protect\b", re.I),
    ),
    # "Who ...?" -> a person, desk or office of the house.
    AnswerKind(
        "person",
        re.compile(r"(?:^|[.?!]\s+)who\b", re.I),
        re.compile(r"\bmanager\b|\bdesk\b|\bgemologist\b|\bassociate\b|\bAtelier\b|\boffice\b|\bext\.", re.I),
    ),
    # "Can she ...?", "Is it allowed ...?", "Do we ...?" -> a rule that allows, forbids or conditions.
    AnswerKind(
        "rule",
        # ...asked first, or after the scene ("..., can she?", "... or can they just drop by"), or as the
        # yes/no that closes a case ("..., is that ok").
        re.compile(r"(?:^|[.?!,;]\s*|\bor\s+)(?:can|could|may|are we allowed|do we|should)\b|"
                   r"\bis (?:it|that|this) (?:ok|okay|fine|possible|allowed)\b", re.I),
        re.compile(r"\bonly\b|\bnever\b|\bcannot\b|\bcan't\b|\bmay not\b|\bmust\b|\brequires?\b|\bunless\b|"
                    r"\bexcept\b|\bnot (?:allowed|permitted|accepted|covered|eligible)\b|\bfinal sale\b|"
                    # ...or permits, within a limit: "can be resized up to two sizes"
                    r"\b(?:can|may) be \w+ed\b|\bup to\b", re.I),
    ),
    # "What word should I use instead?", "What do I say when ...?" -> the house's wording: a quote or a "x -> y" line.
    AnswerKind(
        "wording",
        re.compile(r"\binstead\b|\bwhat (?:word|term|phrase|expression)s?\b|\bwhat (?:do|should|can) (?:i|we) (?:say|write|call)\b|"
                    r"\bhow (?:do|should|can) (?:i|we) (?:say|describe|phrase|word|call|refer to|open|close|sign|greet)\b|"
                    r"\bhow (?:should|is|are|must) (?:\w+ ){1,5}(?:be )?(?:signed|opened|closed|worded|phrased|described|called|greeted)\b", re.I),
        re.compile(r"->|\"[^\"]{3,}\"|“[^”]{3,}”", re.I),
    ),
    # "What does "last on, first off" mean?" -> a definition: the phrase explained after a colon, or "means".
    AnswerKind(
        "definition",
        re.compile(r"\bwhat (?:does|do) .+ mean\b|\bmeaning of\b|\bwhat is meant by\b|\bstand for\b", re.I),
        re.compile(r"[\"”]?:\s+\S|\bmeans?\b|\bthat is\b|\bi\.e\.", re.I),
    ),
    # "What happens if ...?" -> the consequence of a condition.
    AnswerKind(
        "consequence",
        re.compile(r"\bwhat happens\b|\bwhat do (?:we|i) do\b", re.I),
        re.compile(r"^(?:if|when|once|after|unless)\b|\bis (?:returned|escalated|cancelled|released|refunded|rescheduled)\b", re.I),
    ),
)
KIND = {kind.name: kind for kind in ANSWER_KINDS}


# A scene ("She bought it within 2 weeks, ...") states; the clause that asks ("... can I refund her?")
# says what kind of answer is wanted.
_CLAUSE_SPLIT = re.compile(r"(?<=[.;,!])\s+|\s+-+\s+")
_ASKING_OPENING = re.compile(
    r"(?:what|what's|whats|how|when|where|which|who|why|until|can|could|may|is|are|do|does|should|must|will|would)\b", re.I
)


def asking_clauses(question: str) -> str:
    """The clauses of a question that ask: those opening on a question word and the one ending on "?";
    the whole question when none does."""
    parts = [p.strip() for p in _CLAUSE_SPLIT.split(question) if p.strip()]
    asking = [p for p in parts if _ASKING_OPENING.match(p) or p.endswith("?")]
    return " ".join(asking) if asking else question


def wanted_kinds(question: str) -> list[re.Pattern[str]]:
    """What a sentence holding the kind of answer the question asks looks like (a duration for "how
    long", a rule for "can she"), read from the clauses that ask, not from the scene they set."""
    asked = asking_clauses(question)
    return [kind.looks_like for kind in ANSWER_KINDS if kind.asked_by.search(asked)]


def asking_phrase(question: str, kinds: tuple[AnswerKind, ...] = ANSWER_KINDS) -> str:
    """The words of a question that say what kind of answer it wants (of `kinds`, default all), in
    order: "How long" of "How long does a client have to return a piece?"; "" when it says none."""
    found = sorted({(m.start(), m.group(0)) for kind in kinds if (m := kind.asked_by.search(question))})
    return " ".join(text.strip(" ,.;") for _, text in found)


CARRIED_KINDS = tuple(kind for kind in ANSWER_KINDS if kind.carried)
_MEASURES = tuple(kind for kind in ANSWER_KINDS if kind.measure)
# A question opening on "what", "how"... asks for the measure itself; "Can a client pay for a rush
# service?" is answered by a rule, with or without an amount.
_WH_QUESTION = re.compile(r"\s*(?:what|how|which|until)\b", re.I)


_YES_NO = re.compile(r"\s*(?:is|are|does|do|will|would)\b", re.I)
_ASKS_FEE = re.compile(r"\b(?:fee|charge|cost|extra|free)\b", re.I)


def asked_measures(question: str) -> list[re.Pattern[str]]:
    """What a sentence stating the measure a wh-question asks for looks like ("How long ...?" -> a
    duration); [] when it asks for none, or is a yes/no question. Read from the clauses that ask: "if she
    wants it 3 sizes bigger, how much does the new shank cost?" asks an amount."""
    question = asking_clauses(question)
    if _WH_QUESTION.match(question):
        return [kind.looks_like for kind in _MEASURES if kind.asked_by.search(question)]
    # "Is there a fee for ...?", "Do we charge for ...?" ask an amount too (or that there is none).
    amount = KIND["amount"]
    return [amount.looks_like] if _YES_NO.match(question) and _ASKS_FEE.search(question) and amount.asked_by.search(question) else []


def rules_clause(question: str) -> str:
    """The clauses of a question naming a record that ask about the house rules, joined; "" if none."""
    return " ".join(c for c in clauses(question) if about_rules(c))


def rules_query(question: str) -> str:
    """What to search the manuals with when a question naming a record also asks about the rules: the
    clauses about rules and the statements that set the scene ("My client wears it to the pool."),
    without identifiers; "" when no clause asks about rules."""
    clause = rules_clause(question)
    if not clause:
        return ""
    scene = [IDENTIFIER_MENTION.sub("", s).strip() for s in _SENTENCE.split(question) if not s.rstrip().endswith("?")]
    return " ".join([*(s for s in scene if s), " ".join(IDENTIFIER_MENTION.sub("", clause).split())])


_SENTENCE = re.compile(r"(?<=[.?!])\s+")
