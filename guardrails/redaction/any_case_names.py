"""Client names however they are typed ("client sophie marchand", "tell ruby her ring is ready",
"pearl okafor's pearl necklace"): a name gazetteer, the house's own words and the cues of a note.

Each rule is one entry of RULES. A word the house writes ("rose", "pearl", "celeste") or a common
word ("will", "may") is a name only when a cue or a surname says so; "rose gold" never is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from guardrails.redaction.house_vocabulary import HouseVocabulary
from guardrails.redaction.name_gazetteer import NameGazetteer, strip_accents

# Words after which the next words are a person whatever they are.
STRONG_CUES = frozenset(
    "hi hello hey mr mrs ms mx miss dr prof mme mlle madame monsieur mademoiselle sir dame lady lord sheikh sheikha "
    "señora señor sra srta sr frau herr client customer guest collector bride groom fiance fiancé fiancee "
    "fiancée husband wife partner spouse daughter son mother father sister brother mum mom dad dear".split()
)
GREETINGS = frozenset("hi hello hey".split())
HONORIFICS = frozenset(
    "mr mrs ms mx miss dr prof mme mlle madame monsieur mademoiselle sir dame lady lord sheikh sheikha señora señor "
    "sra srta sr frau herr".split()
)
# Words after which a name is likely but not certain ("for sophie", "to new york").
WEAK_CUES = frozenset(
    "for to tell send call ring phone text email e-mail thank thanks invite meet met ask contact cc with "
    "by from remind message whatsapp book".split()
)
# Verbs whose object is a person: "tell ruby her ring is ready" (but "for ruby studs" is a stone).
PERSON_OBJECT_VERBS = frozenset("tell call ring text email e-mail thank invite meet ask contact remind message whatsapp".split())
# Verbs whose object is a person, and that are no noun before a stone ("ring", "email" and "text" are).
ADDRESSING_VERBS = frozenset("tell call thank invite meet met ask contact remind".split())
# Verbs that give something to someone: "send amber the photos" (but "send amber samples" is a stone).
GIVING_VERBS = frozenset("send show give bring offer lend hand".split())
# What follows the person a thing is given to: a determiner opening the thing given.
AFTER_GIVEN_PERSON = frozenset("the a an her his their our some this these those".split())
# What follows a person named as an object: "tell ruby her ...", "call amber back".
AFTER_PERSON_OBJECT = frozenset("her him his the that about when back on at to if we she he it re asap tomorrow today".split())
# What a client does in a note: "sophie wants", "eleni is coming", "goldie's husband".
PERSON_PREDICATES = frozenset(
    "wants wanted asked asks needs needed loves loved called calls said says paid bought booked visited keeps "
    "saw ordered prefers likes liked came comes would will is was has had can cannot can't won't isn't "
    "didn't doesn't".split()
)
# After "is"/"was"/"has", only these make a person of a word the house writes ("opal is the bride", not "opal is soft").
PERSON_STATES = frozenset("coming bringing waiting flying allergic back the a in picking collecting here".split())
# The states above that open a noun phrase: a thing has them too ("amber is a fossil resin").
_STATE_OPENERS = frozenset("the a in".split())
RELATIONS = frozenset(
    "wife husband son daughter mother father mum mom dad sister brother fiance fiancé fiancee fiancée partner "
    "email phone number address order appointment team assistant friend family "
    "birthday anniversary wedding engagement graduation retirement christening".split()
)
# Nouns only a person is: "opal is the bride", "ruby is the client who ...".
PERSON_NOUNS = (STRONG_CUES - HONORIFICS - {"dear", "hi", "hello", "hey"}) | frozenset("one lady gentleman woman man girl boy".split())
# Words that open a clause in a note, before its subject: "ok so amber wants ...", "yesterday jade asked".
CLAUSE_OPENERS = frozenset("so ok okay and but then also now yesterday today tomorrow btw fyi pls please just".split())
# Words before a noun phrase, never before a name: "the price list", "our grace period".
DETERMINERS = frozenset("the a an our your this that these those my its their".split())
PARTICLES = frozenset("de du des da di del della van von der den le la al el bin ibn ben y dos das ter ten".split())
# Words that end a name whatever the gazetteer says ("ring", "price" and "will" are surnames too).
_FUNCTION = frozenset(
    "a an and are as at be been but by can could did do does for from had has have he her his how i if in is it its "
    "may me my no not of on or our please she so that the their them then there these they this to was we what "
    "when where which who why will with would you your also any each every some yes thanks thank re "
    "over under into onto out off up down after before about "
    # what a fast note writes for them: "amber pls", "jade asap"
    "pls plz thx tks asap fyi btw tmrw tmr eod ok okay".split()
)

# Shorter words are one slip away from too many others to call them typos.
TYPO_MIN_LETTERS = 4
# From this length a word one slip from any English word is a typo: long names seldom sit that close to one.
LONG_TYPO_LETTERS = 8
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
_ARABIC_PREFIXED = regex.compile(r"(?:al|el|ul|bin|abu|ibn|abd)-\p{L}{2,}")
# Chinese, Japanese or Korean script: an address or a name the Latin gazetteer cannot judge.
_CJK = regex.compile(r"^〒?[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]{2}")
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*")


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    cued: bool  # a cue or a predicate marks it: it stands even when it is a house word
    rule: str


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str  # lower case, without a possessive "'s"
    gap: str  # what separates it from the word before
    possessive: bool = False
    capitalised: bool = False
    tail: str = ""  # what follows it, up to the next word: " +44 20 7946 0958, "


class AnyCaseNames:
    """Finds names in any case. `vocabulary` holds the house's words, which are names only when a cue says so."""

    def __init__(self, gazetteer: NameGazetteer, vocabulary: HouseVocabulary | None = None) -> None:
        self._gazetteer = gazetteer
        house_documents = vocabulary.capitalised | vocabulary.lower if vocabulary else frozenset()
        house = set(house_documents | vocabulary.trade) if vocabulary else set()
        self._house = frozenset(house)
        # The trade's words are written in lower case wherever they are written ("a pendant for amber").
        self._lower = vocabulary.lower | vocabulary.trade if vocabulary else frozenset()
        self._trade = vocabulary.trade if vocabulary else frozenset()
        # A trade word the house's documents never write that is also a first name ("amber", "jade", "jasper")
        # is a thing only where the note says so ("is amber warmer than jade"): elsewhere it stays a clear name,
        # since a client bears it as often as a note asks about the stone ("hold the ring for jade").
        self._soft = frozenset(w for w in self._trade - house_documents if gazetteer.is_first(w)) if vocabulary else frozenset()

    # -- word classes -----------------------------------------------------------------------------
    def is_common(self, word: str) -> bool:
        """A word the house writes or a function word: a name only when something marks it."""
        return word in _FUNCTION or word in self._house or strip_accents(word) in self._house

    def is_trade_first_name(self, word: str) -> bool:
        """A first name the trade also uses and the house's documents never write: "amber", "sterling"."""
        return word in self._soft

    def is_name(self, word: str) -> bool:
        return (
            self._gazetteer.is_name(word)
            or self._gazetteer.is_name(strip_accents(word))
            or _ARABIC_PREFIXED.fullmatch(word) is not None
        )

    def is_first(self, word: str) -> bool:
        return self._gazetteer.is_first(word) or self._gazetteer.is_first(strip_accents(word))

    def is_clear_name(self, word: str) -> bool:
        return self.is_name(word) and (word in self._soft or not self.is_common(word))

    def _unknown(self, word: str) -> bool:
        """Neither a name nor a word of the house: "raghunathan" after "priya". A compound of known words
        ("amber-coloured", "pear-shaped") is no unknown word."""
        return (
            len(word) >= 3
            and not self._compound_of_house_words(word)
            and not self.is_name(word)
            and not self.is_common(word)
            and not self._gazetteer.is_english(word)
            and not _CJK.match(word)
        )

    def _compound_of_house_words(self, word: str) -> bool:
        """ "amber-coloured", "pear-shaped": a house or trade word joined to English words no name is ("jean-paul" is)."""
        parts = [p for p in regex.split(r"[-'’]", word) if p]
        return (
            len(parts) > 1
            and any(self.is_common(p) for p in parts)
            and all(self.is_common(p) or (self._gazetteer.is_english(p) and not self.is_name(p)) for p in parts)
        )

    def _typo(self, word: str) -> bool:
        """One slip (a letter dropped, added, changed, or two swapped) away from a common English word or a
        word the house writes in lower case, or for a long word any English word; a short word one slip from a
        rarer word is as likely a name ("parisa", "chioma")."""
        english = self._gazetteer.is_english if len(word) >= LONG_TYPO_LETTERS else self._gazetteer.is_common_english
        return len(word) >= TYPO_MIN_LETTERS and any(english(v) or v in self._lower for v in _one_slip(word))

    def _strong(self, word: str) -> bool:
        """A word that is a name on its own: a gazetteer name no common English or house word, or an unknown
        word that is no typo ("hayashi", "qureshi")."""
        if self._unknown(word):
            return not self._typo(word)
        return self.is_clear_name(word) and not self._gazetteer.is_common_english(word)

    def _rests_on_a_typo(self, a: str, b: str) -> bool:
        """A pair that is a name only if a misspelt word is one ("apprasial list", "emial signture", "paris
        tiem"): associates type fast, so a typo makes a name only beside a word that is one on its own."""
        return (self._typo(a) or self._typo(b)) and not (self._strong(a) or self._strong(b))

    def _rare(self, w: str) -> bool:
        """After a name, a word outside common English and the house's words: "bérénice delacroix"."""
        return len(w) >= 3 and not self.is_common(w) and not self._gazetteer.is_common_english(w) and not _CJK.match(w)

    def _capitalised_surname(self, w: str) -> bool:
        """A surname the house writes only capitalised, as in a manual's example note ("Mr. Tanaka")."""
        return w in self._gazetteer.last and w not in _FUNCTION and w not in self._lower

    # -- finding ----------------------------------------------------------------------------------
    def find(self, text: str) -> list[Found]:
        words = _words(text)
        found: list[Found] = []
        taken: set[int] = set()
        for rule in RULES:
            for i in range(len(words)):
                if i in taken:
                    continue
                hit = rule.apply(self, words, i)
                if hit is None:
                    continue
                first, last, cued = hit
                # "leung wai man": a word of no dictionary right before a found name is its first word (a typo
                # taken along costs a word of the note, never a leak).
                while first > 0 and first - 1 not in taken and _joined(words[first]) and self._unknown(words[first - 1].text):
                    first -= 1
                if any(j in taken for j in range(first, last + 1)):
                    continue
                taken.update(range(first, last + 1))
                found.append(Found(words[first].start, words[last].end, cued, rule.name))
        return sorted(found, key=lambda f: f.start)

    def _extend(self, words: list[_Word], i: int, limit: int = 3) -> int:
        """The last word of a name starting at words[i]: further name words, particles between them,
        an unknown word right after a name ("priya raghunathan"); never across punctuation."""
        last = i
        j = i + 1
        while j < len(words) and j - i <= limit and _joined(words[j]) and not words[j - 1].possessive:
            if words[i].capitalised and not words[j].capitalised and words[j].text not in PARTICLES:
                break  # who capitalises a name capitalises all of it: "Layla Al-Qasimi back"
            w = words[j].text
            if w in PARTICLES and j + 1 < len(words) and _joined(words[j + 1]) and (
                self.is_name(words[j + 1].text) or self._unknown(words[j + 1].text) or self._rare(words[j + 1].text)
            ):
                j += 1
                continue
            if self.is_clear_name(w) or self._unknown(w) or self._capitalised_surname(w) or self._rare(w):
                last = j
                j += 1
                continue
            break
        return last


@lru_cache(maxsize=4096)
def _one_slip(word: str) -> frozenset[str]:
    """Every word one dropped, added, changed or swapped letter away (Norvig's edits1)."""
    splits = [(word[:k], word[k:]) for k in range(len(word) + 1)]
    dropped = (a + b[1:] for a, b in splits if b)
    swapped = (a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    changed = (a + c + b[1:] for a, b in splits if b for c in _ALPHABET)
    added = (a + c + b for a, b in splits for c in _ALPHABET)
    return frozenset((*dropped, *swapped, *changed, *added)) - {word}


def _words(text: str) -> list[_Word]:
    out: list[_Word] = []
    prev_end = 0
    for m in _WORD.finditer(text):
        word, end = m.group().lower(), m.end()
        possessive = word.endswith(("'s", "’s")) and len(word) > 3
        if possessive:
            word, end = word[:-2], end - 2
        out.append(_Word(m.start(), end, word, text[prev_end : m.start()], possessive, m.group()[0].isupper()))
        prev_end = m.end()
    return [replace(w, tail=nxt.gap) for w, nxt in zip(out, out[1:])] + [replace(w, tail=text[prev_end:]) for w in out[-1:]]


def _joined(word: _Word) -> bool:
    """Only spaces between this word and the one before: a name does not run across "," or "."."""
    return word.gap.strip() == ""


@dataclass(frozen=True)
class Rule:
    name: str
    doc: str
    apply: Callable[[AnyCaseNames, list[_Word], int], tuple[int, int, bool] | None]


def _after_strong_cue(f: AnyCaseNames, words: list[_Word], i: int) -> tuple[int, int, bool] | None:
    if i == 0 or words[i - 1].text.rstrip(".") not in STRONG_CUES or words[i].gap.strip() not in ("", ".", ":"):
        return None
    if words[i - 1].possessive:
        return None  # "client's emerald ring": what follows a possessive is hers, not her name
    w = words[i].text
    if w in _FUNCTION or w in STRONG_CUES:
        return None
    # After "mrs" anything is a name; after "client" an English word ("client must", "client asks")
    # is one only when it is a first name ("client rose").
    honorific = words[i - 1].text.rstrip(".") in HONORIFICS
    if words[i - 1].text in GREETINGS:
        return (i, f._extend(words, i), True) if f.is_first(w) or f._unknown(w) else None  # "hi amber", not "hi team"
    if not honorific and not words[i].capitalised and f._gazetteer.is_common_english(w):
        # "client bent a prong", "client left": a common word after "client" is what she did, unless a
        # client's verb follows ("client rose wants ...").
        after = words[i + 1].text if i + 1 < len(words) and _joined(words[i + 1]) else ""
        if after not in PERSON_PREDICATES:
            return None
    if not (honorific or f.is_first(w) or f._unknown(w) or (f.is_name(w) and not f._gazetteer.is_english(w))):
        return None
    return i, f._extend(words, i), True


def _after_weak_cue(f: AnyCaseNames, words: list[_Word], i: int) -> tuple[int, int, bool] | None:
    if i == 0 or words[i - 1].text not in WEAK_CUES or not _joined(words[i]) or words[i].text in _FUNCTION:
        return None  # "with an amber bead": a function word is never the name
    w = words[i].text
    followed_by_name = i + 1 < len(words) and _joined(words[i + 1]) and (
        f.is_clear_name(words[i + 1].text) or f._unknown(words[i + 1].text)
    )
    if words[i - 1].text == "to" and f._gazetteer.is_english(w) and not words[i].capitalised and not followed_by_name:
        return None  # "have to greet them", "wants to wash": after "to", an English word alone is a verb
    if f.is_clear_name(w) and not (w in f._soft and _house_word_after(f, words, i)):
        return i, f._extend(words, i), True  # "looking for amber earrings" is the stone
    if (f.is_first(w) or f._unknown(w)) and i + 1 < len(words) and _joined(words[i + 1]):
        nxt = words[i + 1].text
        if (f.is_clear_name(nxt) or f._unknown(nxt)) and not f._rests_on_a_typo(w, nxt):
            return i, f._extend(words, i), True
        if words[i - 1].text in PERSON_OBJECT_VERBS and nxt in AFTER_PERSON_OBJECT:
            return i, i, True
        if words[i - 1].text in GIVING_VERBS and nxt in AFTER_GIVEN_PERSON:
            return i, i, True
    if words[i - 1].text in ADDRESSING_VERBS and f.is_first(w) and (
        i + 1 == len(words) or not _joined(words[i + 1]) or words[i + 1].text in _FUNCTION or not f.is_common(words[i + 1].text)
    ):
        return i, i, True  # "pls call amber", "met jade at the event": one calls or meets a person, never a stone
    if not f.is_common(w) and i + 1 < len(words) and _joined(words[i + 1]) and f.is_name(words[i + 1].text) and not f.is_common(words[i + 1].text):
        return i, f._extend(words, i), True  # "for faisal al-otaibi": a surname vouches for the word before it
    return None


def _house_word_after(f: AnyCaseNames, words: list[_Word], i: int) -> bool:
    """A word of the house or the trade right after words[i], no function word: "amber earrings"."""
    if i + 1 >= len(words) or not _joined(words[i + 1]) or words[i].possessive:
        return False
    if words[i].capitalised and words[i + 1].capitalised:
        return False  # "paid by Crystal Gold": who capitalises both writes a name
    nxt = words[i + 1].text
    return nxt not in _FUNCTION and f.is_common(nxt)


def _first_and_surname(f: AnyCaseNames, words: list[_Word], i: int) -> tuple[int, int, bool] | None:
    if i + 1 >= len(words) or not _joined(words[i + 1]):
        return None
    a, b = words[i].text, words[i + 1].text
    if words[i].capitalised != words[i + 1].capitalised:
        return None
    if a in _FUNCTION or b in _FUNCTION or not f.is_name(a):
        return None
    common = f._gazetteer.is_common_english
    if not words[i].capitalised and common(a) and common(b) and (
        not f.is_first(a) or (i > 0 and words[i - 1].text in DETERMINERS)
    ):
        return None  # "too small"; "the 2026 price list": two common words, the first no first name or after "the"
    if f.is_common(a) and i > 0 and words[i - 1].text in _QUESTION_VERBS and not _client_verb_after(words, i + 2):
        return None  # "is opal ok for ...", "is amber warmer than jade", "what is amber made of": a stone asked about
    if words[i].possessive or (b in f._soft and not f._strong(a)):
        return None  # "sophie's amber", "real opal": after a possessive comes her thing; a gem vouches for no name
    if a in f._soft and not f._strong(b) and not words[i + 1].possessive:
        return None  # "sterling silver", "crystal clear": a trade word that is a first name needs a surname of no common word
    if f.is_first(a) and f.is_name(b) and words[i + 1].possessive and b not in f._lower:
        return i, i + 1, False  # "pearl okafor's pearl necklace", even when a manual's example note says "Mrs. Okafor"
    if f.is_name(b) and (f.is_clear_name(a) or f.is_clear_name(b) or (f.is_first(a) and not f.is_common(a) and f._capitalised_surname(b))):
        return i, max(i + 1, f._extend(words, i)), False  # "gemma stone": the surname goes too
    if (f.is_first(a) or f._unknown(a)) and f._unknown(b) and not f._rests_on_a_typo(a, b):
        return i, f._extend(words, i), False
    return None


def _unknown_and_surname(f: AnyCaseNames, words: list[_Word], i: int) -> tuple[int, int, bool] | None:
    if i + 1 >= len(words) or not _joined(words[i + 1]):
        return None
    a, b = words[i].text, words[i + 1].text
    if words[i].capitalised != words[i + 1].capitalised:
        return None
    if f._unknown(a) and (f.is_clear_name(b) or f._unknown(b) or f._capitalised_surname(b)) and not f._rests_on_a_typo(a, b):
        return i, f._extend(words, i), False
    return None


def _before_predicate(f: AnyCaseNames, words: list[_Word], i: int) -> tuple[int, int, bool] | None:
    if i + 1 >= len(words):
        return None
    w, nxt = words[i].text, words[i + 1]
    if not (f.is_first(w) or f._unknown(w)) or w in _FUNCTION:
        return None
    if words[i].possessive:
        return (i, i, True) if nxt.text in RELATIONS else None
    if not _joined(nxt) or nxt.text not in PERSON_PREDICATES:
        return None
    if f.is_common(w) and _thing_complement(words, i + 2):
        return None  # "amber needs cleaning", "opal came loose": what a stone needs or does
    if f.is_common(w):
        # Only opening a clause ("amber wants ...", "ok so amber wants ...", not "the atelier in paris needs
        # ..." or "white opal needs ..."), and "opal is the bride" but not "a diamond is the hardest".
        if i > 0 and words[i - 1].text not in CLAUSE_OPENERS and (words[i].gap.strip() == "" or words[i - 1].text in _FUNCTION):
            return None
    if nxt.text in ("is", "was", "has", "had", "can", "cannot", "can't", "would", "will", "won't", "isn't", "didn't", "doesn't"):
        # "eleni is coming", "opal is the bride"; not "amber is not something we sell".
        after = words[i + 2].text if i + 2 < len(words) else ""
        if after not in PERSON_STATES:
            return None
        if f.is_common(w) and after in _STATE_OPENERS:
            # A stone is "the october birthstone", "a fossil resin", "in short supply" too: a house word is
            # a person only when a person's noun follows ("opal is the bride", "ruby is the client").
            noun = words[i + 3].text if i + 3 < len(words) else ""
            if after == "in" or noun not in PERSON_NOUNS:
                return None
    return i, i, True


# What follows a predicate about a thing: "came loose", "fell out", "needs cleaning".
THING_COMPLEMENTS = frozenset("loose out off apart cracked chipped scratched broken dull cloudy".split())


def _thing_complement(words: list[_Word], k: int) -> bool:
    if k >= len(words):
        return False
    w = words[k].text
    return w in THING_COMPLEMENTS or (w.endswith("ing") and w not in PERSON_STATES)


def _two_words_before_predicate(f: AnyCaseNames, words: list[_Word], i: int) -> tuple[int, int, bool] | None:
    """ "may chen wants", "sapphire cole wants", "esme diamond wants": opening a clause, one of the two
    words a clear name or an unknown word, the other any name."""
    if i + 2 >= len(words) or not (_joined(words[i + 1]) and _joined(words[i + 2])):
        return None
    if i > 0 and words[i].gap.strip() == "" and words[i - 1].text not in WEAK_CUES | STRONG_CUES:
        return None
    a, b, verb = words[i].text, words[i + 1].text, words[i + 2].text
    if verb not in PERSON_PREDICATES or verb in ("is", "was", "has", "had", "will", "would", "can"):
        return None
    if b in _FUNCTION or (a in _FUNCTION and not f.is_first(a)):
        return None
    clear_a, clear_b = f.is_clear_name(a) or f._unknown(a), f.is_clear_name(b) or f._unknown(b)
    if (clear_a and (f.is_name(b) or clear_b)) or (clear_b and (f.is_name(a) or a in f._house)):
        return i, i + 1, True
    return None


_AUXILIARIES = frozenset("can could will would did does is has should shall may might".split())
# The verbs a question about a thing puts before it: "is amber ...", "was amber ever sold", "does opal need".
_QUESTION_VERBS = _AUXILIARIES | frozenset("was are were do".split())
# What a client does after "can X ..." / "is X ...": "can jade pick up", "is jade coming back".
SUBJECT_VERBS = frozenset(
    "pick come coming collect collecting bring bringing pay paying call get want see try take return exchange send "
    "visit change wait waiting make have afford keep sign paid signed called collected picked booked confirmed "
    "replied arrived decided".split()
)
# Of those, the ones a stone or a piece never does ("can opal take a polish", "does amber change colour").
PERSON_SUBJECT_VERBS = SUBJECT_VERBS - frozenset("change get take have make keep come".split())


def _subject_of_question(f: AnyCaseNames, words: list[_Word], i: int) -> tuple[int, int, bool] | None:
    """ "can jade pick up ...", "is jade coming back": a first name between an auxiliary opening the
    question and a client's verb."""
    if i == 0 or i + 1 >= len(words) or words[i - 1].text not in _AUXILIARIES:
        return None
    if i - 1 > 0 and words[i - 1].gap.strip() == "":
        return None
    w = words[i].text
    if not (f.is_first(w) or f._unknown(w)) or w in _FUNCTION:
        return None
    last = f._extend(words, i)
    # A stone changes colour, takes a polish, gets scratched: after a house word only a client's own verb counts.
    verbs = PERSON_SUBJECT_VERBS if f.is_common(w) and last == i else SUBJECT_VERBS
    if last + 1 < len(words) and words[last + 1].text in verbs:
        return i, last, True
    return None


def _client_verb_after(words: list[_Word], k: int) -> bool:
    """A client's verb or state at words[k]: "is ruby thornton coming", "can amber cole pick up"."""
    return k < len(words) and (words[k].text in SUBJECT_VERBS or words[k].text in PERSON_STATES)


def _with_a_relative(f: AnyCaseNames, words: list[_Word], i: int) -> tuple[int, int, bool] | None:
    """ "opal and her mother ...": a first name joined to a relative of hers or his."""
    if i + 3 >= len(words) or not f.is_first(words[i].text) or words[i].text in _FUNCTION:
        return None
    if words[i + 1].text in ("and", "&") and words[i + 2].text in ("her", "his", "their") and words[i + 3].text in RELATIONS:
        return i, i, True
    return None


def _last_word_after_for(f: AnyCaseNames, words: list[_Word], i: int) -> tuple[int, int, bool] | None:
    """ "hold the Orangerie Iris Earrings for iris": a first name closing the note after "for"/"to"."""
    w = words[i].text
    # Not a word the manuals write in lower case: "redeemed for cash", "a pendant for ruby".
    if i == 0 or words[i - 1].text not in ("for", "to") or not f.is_first(w) or w in _FUNCTION or w in f._lower:
        return None
    if i + 1 == len(words) or words[i + 1].gap.strip()[:1] in (".", "!", ",", ";", "?"):
        return i, i, True
    return None


# A phone number (7 digits or more) or a Chinese, Japanese or Korean address right after a name.
_PHONE_AFTER = regex.compile(r"^[\s,:;-]*(?:\+|\(?\d)(?:[\d\s().-]*\d){6}")
_CLAUSE_GAP = regex.compile(r"^$|[.,;:!?\n(/]\s*$")
BEFORE_CONTACT_WORDS = 3  # longest name taken before a phone or an address with no cue


def _before_a_contact(f: AnyCaseNames, words: list[_Word], i: int) -> tuple[int, int, bool] | None:
    """ "choi min-seo 010-2345-6789", "ho ka yan 香港中環...": a name opening a note right before a phone
    number or a CJK address, with no cue. Every word a name, an unknown or a foreign word (no English
    word, no house word), one at most a house word when another is a clear name ("pearl adeyemi +234 ...");
    no cue word ("whatsapp: ..."); a single word only if a first name no English word ("sophie 06 ...")."""
    if not _CLAUSE_GAP.search(words[i].gap.strip(" ")) and i > 0:
        return None
    last = i
    while last + 1 < len(words) and last + 1 - i < BEFORE_CONTACT_WORDS and _joined(words[last + 1]) and not _CJK.match(words[last + 1].text):
        last += 1
        if _contact_after(words, last):
            break
    while last >= i and not _contact_after(words, last):
        last -= 1
    if last < i:
        return None
    run = [words[k].text for k in range(i, last + 1)]
    if any(w in _FUNCTION or w in WEAK_CUES or w in STRONG_CUES for w in run):
        return None  # "whatsapp: (718) ...", "tel +33 ..."
    foreign = [f.is_name(w) or f._unknown(w) or (not f._gazetteer.is_english(w) and not f.is_common(w)) for w in run]
    house = sum(f.is_common(w) for w in run)
    clear = any(f.is_clear_name(w) or f._unknown(w) for w in run)
    if len(run) == 1:
        # "SSN 040-37-7506", "IBAN FR73 ...": one word alone must be a first name, foreign or a gem's: a stone
        # is never followed by a phone number ("amber 07700 900123"), the boutique's city may be ("paris 01 ...").
        first = f.is_first(run[0]) and (not f._gazetteer.is_english(run[0]) or run[0] in f._trade)
        return (i, last, False) if first and (not house or run[0] in f._trade) else None
    if not all(foreign) or (house and not (clear and house == 1)):
        return None
    return i, last, False


def _contact_after(words: list[_Word], k: int) -> bool:
    w = words[k]
    if _PHONE_AFTER.match(w.tail):
        return True
    return k + 1 < len(words) and w.tail.strip(" ,") == "" and _CJK.match(words[k + 1].text) is not None


RULES: tuple[Rule, ...] = (
    Rule("after a strong cue", "honorific or relation: 'mrs patel', 'client rose'", _after_strong_cue),
    Rule("after a weak cue", "'for priya raghunathan', 'tell ruby her ...'", _after_weak_cue),
    Rule("first name and surname", "'pearl okafor', 'wang fang'; 'rose gold' has no clear name", _first_and_surname),
    Rule("unknown word and surname", "'heera shah', 'chioma okeke': words of no dictionary, next to a name", _unknown_and_surname),
    Rule("before a phone or an address", "'choi min-seo 010-...', 'ho ka yan 香港...': no cue needed", _before_a_contact),
    Rule("two words before a predicate", "'may chen wants', 'sapphire cole wants'", _two_words_before_predicate),
    Rule("subject of a question", "'can jade pick up ...', 'is jade coming back'", _subject_of_question),
    Rule("with a relative", "'opal and her mother ...'", _with_a_relative),
    Rule("closing the note after for", "'hold it for iris'", _last_word_after_for),
    Rule("before a predicate", "'sophie wants', 'opal is the bride', 'goldie's husband'", _before_predicate),
)
