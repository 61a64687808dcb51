"""Answer composers: turn retrieved passages into statements, each quoting one passage verbatim.

`ExtractiveComposer` is the default, offline one: it picks the labelled lines of records that the
question asks about (by field name) and the sentences of manuals closest to the question (by
precomputed sentence embeddings). An LLM-backed composer implements the same `Composer` protocol
and is held to the same verifier.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np

from copilot.ask.intents import (
    DURATION,
    EVERY_RECORD_FIELDS,
    FIELD_INTENTS,
    GENERIC_INTENTS,
    IDENTIFIER_MENTION,
    ON_CERTIFICATE,
    POINTERS,
    SUMMARY,
    about_rules,
    asked_measures,
    clauses,
    clauses_of_ask,
    field_groups,
    rules_clause,
    rules_query,
    wanted_kinds,
)
from copilot.ask.sentence_features import (
    SentenceFeatures,
    SentenceView,
    SentenceWeights,
    analyse,
    cosine,
    features_of,
)
from copilot.ask.wording import squash, stem
from copilot.ask.wording import stems as _stems
from copilot.core.tracing import ScoredSentence
from copilot.core.types import Passage, Retrieval, Statement
from ingestion.index_db import IndexDB
from ingestion.sentences import is_prose, labelled_rows


@dataclass(frozen=True)
class Candidate:
    """A passage that may hold the answer, and its likeliest sentence (or record line)."""

    passage: Passage
    sentence: str
    score: float


class Composer(Protocol):
    def compose(self, question: str, retrieval: Retrieval) -> list[Statement]: ...

    def closest(self, question: str, retrieval: Retrieval) -> list[Candidate]: ...


@dataclass(frozen=True)
class ComposerThresholds:
    """Every threshold of the extractive composer, with why it has its value. Checked at construction."""

    # Evidence (similarity + evidence_lexical x word overlap + a little for the answer kind) some sentence
    # sharing a topic word must reach for the manuals to answer at all: calibrated on the golden set
    # (`copilot eval --sweep`).
    min_similarity: float = 0.55
    # Optional floor on the share of the question's words the documents use; off, since questions with
    # context ("my client is flying to Tokyo ...") use many words the manuals never do.
    min_coverage: float = 0.0
    # Sentences within this of the best one compete as equals (a typed answer may go first, a second
    # sentence may join when it adds something).
    margin: float = 0.05
    # At most this many sentences per answer: one fact and, for two-part questions, the other.
    max_sentences: int = 2
    # Manual passages (of the top k retrieved) whose sentences are scored.
    prose_passages: int = 4
    # IDF weight of question words a second sentence must add to be quoted for a question about two things.
    min_new_idf: float = 2.0
    # Weight of word overlap in the evidence check: the small model alone confuses close topics.
    evidence_lexical: float = 0.3
    # ...and of holding the kind of answer asked: a nudge, since every fee sentence holds an amount.
    evidence_answer_type: float = 0.08
    # How far below the best sentence a second one may be when it holds the second kind of answer asked
    # ("the fee and the lead time").
    second_kind_margin: float = 0.35
    # How many sentences below the best are looked through for one holding the kind of answer asked
    # (the typed answer going first), and for a further sentence of a question with one or two kinds asked:
    # a typed answer lower than that is not what the question is about.
    typed_reach: int = 3
    further_reach: int = 2
    two_kinds_reach: int = 6
    # A question on the manuals alone whose best sentence scores below this is not answered by them,
    # only brushed: below every correct golden and held-out answer.
    min_score: float = 0.3
    # Closest passages: how many, within how much of the best, and above which score (below it a
    # sentence shares a word by chance: no closest passage holding the fact scored lower in the dev sets).
    closest_passages: int = 3
    closest_margin: float = 0.5
    closest_min_score: float = 0.25
    # A question whose topic is already settled (a rule asked of a named piece, an elliptical follow-up)
    # needs this much less evidence.
    settled_slack: float = 0.1

    def __post_init__(self) -> None:
        if not 0 <= self.min_similarity <= 2 or not 0 <= self.min_coverage <= 1:
            raise ValueError("need 0 <= min_similarity <= 2 and 0 <= min_coverage <= 1 (a share of the question's words)")
        if min(self.margin, self.second_kind_margin, self.closest_margin, self.settled_slack) < 0:
            raise ValueError("margins and slack must be >= 0")
        if min(self.max_sentences, self.prose_passages, self.closest_passages, self.typed_reach, self.further_reach, self.two_kinds_reach) <= 0:
            raise ValueError("max_sentences, prose_passages, closest_passages and the reaches must be positive")


_Scored = tuple[float, str, Passage]  # a candidate sentence: its score, its text, its passage


class ExtractiveComposer:
    def __init__(
        self,
        index: IndexDB,
        thresholds: ComposerThresholds | None = None,
        weights: SentenceWeights | None = None,
        house_name: str = "Maison Aurelle",
    ) -> None:
        self._index = index
        self.thresholds = thresholds or ComposerThresholds()
        self.weights = weights or SentenceWeights()
        self._idf = _idf(index.all_sentences() + index.texts_of_doc_type("product"))
        # Rarity among the manuals alone: "resize" is in every catalog ring's line, yet names a rule.
        self._manual_idf = _idf(index.all_sentences())
        # The house's collections, categories and centre stones, as the catalog names them ("earrings" also reads
        # "earring", "rubies" "ruby").
        self._kinds = [
            [re.compile(rf"\b{re.escape(c)}\b", re.I) for c in index.collections()],
            [re.compile(rf"\b{re.escape(c.rstrip('s'))}s?\b", re.I) for c in index.categories()],
            [re.compile(rf"\b(?:{re.escape(s)}|{re.escape(_plural(s))})\b", re.I) for s in index.center_stones()],
        ]
        self._unknown_idf = max(self._idf.values(), default=1.0)
        # A boutique named by the distinctive word of its name ("rodeo", "vendome", "ginza"), as the
        # catalog's stock lines name them; the street-type words are every other address's too.
        words = {w for b in index.boutiques() for w in b.lower().split() if w not in _STREET_WORDS}
        self._boutique_named = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words))) + r")\b" if words else r"(?!x)x", re.I)
        # Every house document names the house and its boutiques are named in every other rule: sharing
        # only those with a sentence is no shared topic ("Is there parking at the Rodeo Drive boutique?").
        self._house_name = frozenset(_stems(house_name))
        self._boutiques = frozenset(_stems(" ".join(["boutique", *index.boutiques()])))

    def compose(self, question: str, retrieval: Retrieval) -> list[Statement]:
        records = [p for p in retrieval.passages if p.exact]
        if not records:
            return self._prose_statements(retrieval, must_share=retrieval.must_share or None)
        # A question about a piece may also ask what the house rules say ("...and how often should the
        # strand be restrung?"): a clause that does not name the piece and asks no field of it, or asks
        # for a duration or a frequency, goes to the manuals, scored against that clause's own embedding
        # when the retriever searched for it.
        clause = rules_clause(question)
        if not clause:
            return self._record_statements(question, records)
        # The clause and its scene, without the record's name: its words are matched against the rules,
        # while its search and embedding also carry what the piece is (of_record scores that part).
        own_words = rules_query(question) or clause
        rules = self._prose_statements(retrieval, own_words, retrieval.rules_vector, must_share=own_words)
        # The rule is what was asked: it comes first, and the piece's lines follow only where a field of it
        # is asked too ("What metal is it, and how long would a resizing take?"), never as a summary, which
        # would pass for an answer when no rule was found.
        fields = self._record_statements(question, records, summary=False)
        return rules + fields + self._lines_the_rule_turns_on(rules, fields, records)

    def _lines_the_rule_turns_on(self, rules: list[Statement], fields: list[Statement], records: list[Passage]) -> list[Statement]:
        """The line of the named piece that makes the rule apply ("Metal: Platinum" for "$180 for a platinum
        ring", "Center stone: tsavorite" for "tsavorite garnets are cleaned like emeralds"): a line sharing
        a rare word with a rule quoted, so the associate sees why it is this rule."""
        ruled = set().union(*(_stems(st.quote) for st in rules)) if rules else set()
        ruled -= _JEWELRY_NOUNS
        quoted = {st.quote for st in fields}
        out: list[Statement] = []
        for passage in (p for p in records if p.via == "named"):
            for line in passage.text.splitlines()[1:]:
                label = line.partition(": ")[0]
                if label not in _RULED_BY or line in quoted:
                    continue
                shared = {t for t in ruled & _stems(line) if self._manual_idf.get(t, 0.0) >= MIN_SHARED_IDF}
                if shared:
                    out.append(Statement(f"{_reference(passage)}: {line}", line, passage.chunk_id, 1.0))
        return out

    def closest(self, question: str, retrieval: Retrieval) -> list[Candidate]:
        """The passages most likely to hold the answer, best first, each with its likeliest sentence: what
        an associate reads when the copilot is not confident enough to answer. [] when the question is
        about something the house documents never speak of (a name they never use, no shared topic)."""
        if self.unknown_names(question):
            return []
        terms = _stems(question) - self._house_name - _ASKING_WORDS - self._boutiques
        best: dict[str, Candidate] = {}
        for text, passage, f in self.sentence_candidates(retrieval, question):
            topical = {t for t in terms & _stems(passage.text) if self._idf.get(t, self._unknown_idf) >= MIN_SHARED_IDF}
            if not topical:
                continue
            score = self.weights.score(f)
            if passage.chunk_id not in best or score > best[passage.chunk_id].score:
                best[passage.chunk_id] = Candidate(passage, text, score)
        for passage in (p for p in retrieval.passages if p.exact):
            lines = passage.text.splitlines()
            line = max(lines[1:] or lines, key=lambda ln: len(terms & _stems(ln)))
            best.setdefault(passage.chunk_id, Candidate(passage, line, 1.0))
        ranked = sorted(best.values(), key=lambda c: -c.score)
        # Below closest_min_score a sentence shares a word by chance ("team" for a football question):
        # no passage the copilot showed as closest in the dev and golden sets held the fact below it.
        floor = max(self.thresholds.closest_min_score, ranked[0].score - self.thresholds.closest_margin) if ranked else 0.0
        return [c for c in ranked if c.score >= floor][: self.thresholds.closest_passages]

    # -- records: products, loose diamonds, certificates -----------------------------------------
    def _record_statements(self, question: str, records: list[Passage], summary: bool = True) -> list[Statement]:
        """Each field asked about is answered by the first record that holds it: the report when the
        question is about the report, else the record named, else what it links to. With `summary`
        False, a question asking no field gets no line."""
        # Fields are read from the clauses that are not about the house rules ("..., and how much notice
        # do we need?" asks no price); failing that, from the whole question.
        not_rules = " ".join(c for c in clauses(question) if not about_rules(c))
        groups: list[tuple[str, ...]] = []
        for text in (not_rules, question):
            asked = POINTERS.sub(" ", IDENTIFIER_MENTION.sub(" ", text))
            for name in {p.metadata.get("name", "") for p in records} - {""}:
                asked = re.sub(re.escape(name), " ", asked, flags=re.I)
            groups = field_groups(asked, FIELD_INTENTS) or field_groups(asked, GENERIC_INTENTS)
            if self._boutique_named.search(asked) and STOCK not in groups:  # "how many has rodeo got"
                groups.append(STOCK)
            if groups:
                break
        asked = POINTERS.sub(" ", IDENTIFIER_MENTION.sub(" ", question))
        if not groups and not summary:
            # no field is asked, but the question's words may still be a line's or the description's
            extra = self._matching_unit(asked, records, "")
            return [Statement(f"{_reference(extra[0])}: {extra[1]}", extra[1], extra[0].chunk_id, 1.0)] if extra else []
        groups = groups or [SUMMARY]
        lab_asked = ("Certificate", "header:certificate") in groups
        wants_cert = bool(ON_CERTIFICATE.search(asked)) and not lab_asked
        order = sorted(records, key=lambda p: (not (wants_cert and p.doc_type == "certificate"), p.via != "named"))
        chosen: dict[str, set[int]] = {}
        for group in groups:
            for passage in order:
                if lines := _line_indexes(passage, group):
                    chosen.setdefault(passage.chunk_id, set()).update(lines)
                    if group not in EVERY_RECORD_FIELDS:
                        break
        if not chosen and order:
            chosen[order[0].chunk_id] = {0}
        # A fact no field names is often in a line's words or the description ("what kind of clasp?" ->
        # "... on a hidden box clasp."): the line or sentence holding question words the chosen lines
        # lack is quoted too; for a question asking no field it replaces the summary.
        said = " ".join(ln for p in order for i, ln in enumerate(p.text.splitlines()) if i in chosen.get(p.chunk_id, ()))
        extra = self._matching_unit(asked, order, said)
        if extra and groups == [SUMMARY]:
            chosen = {extra[0].chunk_id: {0}}
        out: list[Statement] = []
        for passage in order:
            lines = passage.text.splitlines()
            for i in sorted(chosen.get(passage.chunk_id, ())):
                text = lines[i] if i == 0 else f"{_reference(passage)}: {lines[i]}"
                out.append(Statement(text, lines[i], passage.chunk_id, 1.0))
        if extra and not any(extra[1] in st.quote for st in out):
            out.append(Statement(f"{_reference(extra[0])}: {extra[1]}", extra[1], extra[0].chunk_id, 1.0))
        return out

    def _matching_unit(self, asked: str, records: list[Passage], said: str) -> tuple[Passage, str] | None:
        """The record line, or sentence of a description, holding the most (IDF-weighted) question words
        that `said` lacks, if they weigh at least MIN_RECORD_MATCH_IDF. A word matches its stem or, from five
        letters on, inside a longer word ("treated" in "untreated")."""
        words = {w for w in _WORD.findall(asked.lower()) if len(w) > 2} - _ASKED_ONLY
        words -= _matched(words, said)
        best: tuple[float, Passage, str] | None = None
        for passage in records:
            for line in passage.text.splitlines()[1:]:
                label, _, value = line.partition(": ")
                for unit in _DESCRIPTION_SENTENCE.split(value) if label == "Description" else [line]:
                    gain = sum(self._idf.get(stem(w), 0.0) for w in _matched(words, unit))
                    if gain >= MIN_RECORD_MATCH_IDF and (best is None or gain > best[0]):
                        best = (gain, passage, unit)
        return (best[1], best[2]) if best else None

    def unknown_names(self, text: str) -> list[str]:
        """Capitalised words in mid-sentence that no house document uses: a place, brand, collection or
        title ("Milan", "Tiffany", "Nocturne", "CEO") the manuals cannot be speaking about."""
        unknown = [w for w in _MID_SENTENCE_NAME.findall(text) if stem(w) not in self._idf]
        # The house's collection names are allow-listed by the redactor, so "the <PERSON_1> collection"
        # is a collection the house does not have (the name looked like a person's to presidio).
        return unknown + _REDACTED_COLLECTION.findall(text)

    # -- manuals: policy, aftercare, tone guide --------------------------------------------------
    def _prose_statements(
        self,
        retrieval: Retrieval,
        focus: str | None = None,
        vector: np.ndarray | None = None,
        must_share: str | None = None,
    ) -> list[Statement]:
        """The sentences of the manuals that best answer `focus` (default: the whole question), whose
        embedding is `vector` (default: the question's). With `must_share`, only sentences holding one
        of its words count: a rule matching only the record's name ("18k yellow gold is the signature
        metal of the Orangerie collection") does not answer the associate's clause."""
        asked = focus or retrieval.question
        terms = _stems(asked)
        weight = sum(self._idf.get(t, self._unknown_idf) for t in terms) or 1.0
        # Question words the house documents never use ("Bitcoin", "weather") mean the question is
        # about something they do not cover, however close its other words come.
        coverage = sum(self._idf[t] for t in terms if t in self._idf) / weight
        if unknown := self.unknown_names(asked):
            return self._decline(retrieval, asked, f"No house document mentions {', '.join(dict.fromkeys(unknown))}.")
        if coverage < self.thresholds.min_coverage:
            return self._decline(retrieval, asked, f"Only {coverage:.0%} of the question's words are in the house documents.")
        candidates = self.sentence_candidates(retrieval, asked, vector)
        if must_share is not None:
            # ...a word of some weight: "client" or "piece" is in every other sentence.
            own = {
                t for t in _stems(must_share) - self._house_name - _ASKING_WORDS
                if self._manual_idf.get(t, self._unknown_idf) >= MIN_SHARED_IDF
            }
            candidates = [c for c in candidates if own & _stems(c[0])]
        retrieval.trace.sentences_scored(
            asked, [ScoredSentence(t, p.chunk_id, vars(f), self.weights.score(f)) for t, p, f in candidates], vars(self.weights)
        )
        if not candidates:
            return self._decline(retrieval, asked, "No manual passage found for it holds a sentence sharing its words.")
        # Whether the manuals answer at all is a separate, calibrated decision: similarity plus a little
        # lexical and answer-type evidence must reach min_similarity for some sentence that shares at
        # least one word with the question besides the house's name ("How much does shipping cost?" is
        # not answered by the engraving fee because both are amounts, nor "How many employees does
        # Maison Aurelle have?" by a sentence about Maison Aurelle's boutiques).
        # Every house document names the house, and words that only say what kind of answer is wanted
        # ("cost", "how long") or when ("last year", "today") are in every fee, delay or interval:
        # none is a shared topic ("What was Maison Aurelle's revenue last year?" is not answered by
        # "... once a year").
        topical = terms - self._house_name - _ASKING_WORDS - self._boutiques
        evidence = max(
            (
                f.similarity + self.thresholds.evidence_lexical * (f.of_question + f.of_record) + self.thresholds.evidence_answer_type * f.answer_type
                for text, _, f in candidates
                if topical & _stems(text)
            ),
            default=0.0,
        )
        # A question whose topic is already settled (a rule asked of a named piece, a follow-up) needs less
        # evidence that the manuals speak of it.
        needed = self.thresholds.min_similarity - (self.thresholds.settled_slack if must_share else 0.0)
        if evidence < needed:
            return self._decline(
                retrieval, asked, f"No sentence on the question's topic came close enough (evidence {evidence:.2f}, {needed:.2f} needed)."
            )
        # "What is the price of platinum per gram today?" asks for a measure (a price, a duration, a
        # count...): when no sentence on its topic states one of that kind, the manuals do not answer
        # it, however close a sentence about platinum comes.
        measures = asked_measures(asked)
        if measures and not any(
            p.search(_read(text, passage)) for text, passage, _ in candidates if topical & _stems(text) for p in measures
        ):
            return self._decline(retrieval, asked, "No sentence on the question's topic states the kind of figure it asks for.")
        # A rule for another collection, category or stone than the one asked ("for emeralds, ..." to a ruby
        # question) is never stated as the answer: it may still be among the closest passages.
        scored = sorted(((self.weights.score(f), text, p) for text, p, f in candidates if not f.other_kind), key=lambda s: -s[0])
        if not scored:
            return self._decline(retrieval, asked, "Every sentence near the question is about another collection, category or stone.")
        # A question on the manuals alone whose best sentence still scores this low is not answered by
        # them, only brushed ("What must a client bring back ...?" -> "the client signs the return form").
        # A clause of a question about a piece is scored against the piece's words too, so lower: exempt.
        if focus is None and scored[0][0] < self.thresholds.min_score:
            return self._decline(
                retrieval, asked, f"The best sentence scored {scored[0][0]:.2f}, below the {self.thresholds.min_score:.2f} an answer needs."
            )
        wanted = wanted_kinds(asked)
        scored = typed_first(scored, wanted, self.thresholds.margin, self.thresholds.typed_reach)
        # A question asking an amount or a count ("How much ...?") is not answered by a best sentence
        # stating none. (Not a duration: "How long may a card be?" is answered by "80 words".)
        if measures and DURATION not in measures and not _holds(scored[0], measures):
            return self._decline(retrieval, asked, "The best sentence states no figure of the kind the question asks for.")
        picked = [scored[0]]
        # A question in two parts asking two kinds of answer ("What are the fee and lead time ...?") may
        # take, from further down, the best sentence holding the kind the first one lacks.
        two_kinds = len(clauses_of_ask(asked)) >= 2 and len(wanted) >= 2
        reach = max(self.thresholds.margin, self.thresholds.second_kind_margin) if two_kinds else self.thresholds.margin
        reach_n = self.thresholds.two_kinds_reach if two_kinds else self.thresholds.further_reach
        for candidate in scored[1 : self.thresholds.max_sentences + reach_n]:
            if len(picked) >= self.thresholds.max_sentences or candidate[0] < scored[0][0] - reach:
                break
            if candidate[0] < scored[0][0] - self.thresholds.margin:
                if _adds_kind(wanted, picked, candidate):
                    picked.append(candidate)
                continue
            # A further sentence must answer something the ones already picked do not: a second kind
            # of answer asked for, or question words they leave out. A near-copy only adds noise.
            if self._adds_to(asked, terms, wanted, picked, candidate):
                picked.append(candidate)
        # A sentence of a hard-wrapped letter reads on one line; its quote keeps the line breaks of the source.
        return [Statement(squash(text), text, passage.chunk_id, score) for score, text, passage in picked]

    def _decline(self, retrieval: Retrieval, asked: str, reason: str) -> list[Statement]:
        """State nothing for `asked`, and tell the trace which check decided it."""
        retrieval.trace.declined(asked, reason)
        return []

    def sentence_candidates(
        self, retrieval: Retrieval, asked: str | None = None, vector: np.ndarray | None = None
    ) -> list[tuple[str, Passage, SentenceFeatures]]:
        """Every distinct sentence of the first retrieved manual passages, with its features as an
        answer to `asked` (default: the question). The words of the question found in a sentence,
        weighted by rarity, correct the small model's blind spots ("engrave" vs "restring", "less" vs
        "more"); the kind of answer asked ("how long" -> a duration) is looked for."""
        # A note found by the piece's SKU (a repair note) is that piece's record, quoted by its lines, never a rule.
        prose = [p for p in retrieval.passages if is_prose(p.doc_type) and not p.exact][: self.thresholds.prose_passages]
        if not prose or retrieval.query_vector is None:
            return []
        query_vector = vector if vector is not None else retrieval.query_vector
        stored = self._index.sentence_vectors([p.chunk_id for p in prose])
        # Only a rules clause of a question naming a piece (its own embedding given) is scored against what the piece is.
        analysis = analyse(
            asked or retrieval.question,
            idf=self._idf,
            manual_idf=self._manual_idf,
            unknown_idf=self._unknown_idf,
            kinds=self._kinds,
            record_context=retrieval.record_context,
            of_the_record=vector is not None,
        )
        out: dict[str, tuple[str, Passage, SentenceFeatures]] = {}
        for rank, passage in enumerate(prose):
            sentences = stored.get(passage.chunk_id, [])
            # A table row says what its numbers are only through its column names ("| Restoration | 30 to
            # 40 |" is a duration under "Business days"): the kind of answer is read from the row with them.
            readable = _readable_units(passage.text, passage.doc_type)
            for place, (text, blob) in enumerate(sentences):
                if text in out or _is_fragment(text):  # repeated by overlapping chunks, or a broken line
                    continue
                if text.startswith("|") and text not in readable:
                    continue  # a table's header row names its columns and answers nothing
                view = SentenceView(
                    text, readable.get(text, text), _stems(text), cosine(blob, query_vector), rank, len(prose), place, len(sentences)
                )
                out[text] = (text, passage, features_of(view, analysis))
        return list(out.values())

    def _adds_to(
        self, asked: str, terms: set[str], wanted: list[re.Pattern[str]], picked: list[_Scored], candidate: _Scored
    ) -> bool:
        if _adds_kind(wanted, picked, candidate):
            return True
        # Only a question asking two things, or about two things ("How long may a handwritten card or
        # a follow-up email be?"), wants a second sentence for the question words the first leaves out.
        if len(clauses_of_ask(asked)) < 2 and not _PAIR.search(asked):
            return False
        new_terms = (terms & _stems(candidate[1])) - _stems(" ".join(_readable(s) for s in picked))
        return sum(self._idf.get(t, 0.0) for t in new_terms) >= self.thresholds.min_new_idf


def _matched(words: set[str], text: str) -> set[str]:
    lowered = text.lower()
    have = _stems(text)
    return {w for w in words if stem(w) in have or (len(w) >= 5 and w in lowered)}


_STREET_WORDS = frozenset("place street avenue drive road square boulevard the de la".split())
STOCK = ("Availability",)
# The lines of a record a house rule can turn on: what the piece is made of and set with; by a word
# rarer than what every piece is ("ring", "diamond").
_RULED_BY = frozenset({"Metal", "Stones", "Center stone"})
_JEWELRY_NOUNS = frozenset(stem(w) for w in "ring band earring pendant necklace bracelet piece diamond stone".split())
_DESCRIPTION_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
# Words that say only what kind of answer is wanted or point at the record: never a fact's own words.
_ASKED_ONLY = frozenset(
    "what which does the this that can could she her his client piece item have has with from about tell "
    "would will should how much many long kind type sku been ever before previously already".split()
)
_PAIR = re.compile(r"\b(?:or|and)\b", re.I)
_WORD = re.compile(r"[a-z]+")


def typed_first(scored: list[_Scored], wanted: list[re.Pattern[str]], margin: float, reach: int) -> list[_Scored]:
    """For a question asking one kind of answer ("Until when ...?"), a sentence within the margin that
    holds it goes before a top sentence that does not. It answers first, and the other is quoted too
    only if it adds something; before, both were quoted and the first said nothing that was asked."""
    if len(wanted) != 1 or not scored or _holds(scored[0], wanted):
        return scored
    for candidate in scored[1 : 1 + reach]:
        if candidate[0] < scored[0][0] - margin:
            break
        if _holds(candidate, wanted):
            return [candidate] + [s for s in scored if s is not candidate]
    return scored


def _adds_kind(wanted: list[re.Pattern[str]], picked: list[_Scored], candidate: _Scored) -> bool:
    """The candidate holds a kind of answer asked that none of the picked sentences holds."""
    have = " ".join(_readable(s) for s in picked)
    return any(p.search(_readable(candidate)) and not p.search(have) for p in wanted)


def _holds(scored: _Scored, wanted: list[re.Pattern[str]]) -> bool:
    return any(p.search(_readable(scored)) for p in wanted)


def _readable(scored: _Scored) -> str:
    _, text, passage = scored
    return _read(text, passage)


def _read(text: str, passage: Passage) -> str:
    """A sentence as it reads: itself, or a table row with its column names."""
    return _readable_units(passage.text, passage.doc_type).get(text, text)


@lru_cache(maxsize=512)
def _readable_units(text: str, doc_type: str) -> dict[str, str]:
    """Table row -> how it reads with its column names, each value before its name or unit ("Restoration
    (Paris Atelier) Service; 30 to 40 business days"), so the kind of answer it holds can be recognised."""
    return {row: "; ".join(f"{cell} {_unit_of(name)}" for name, cell in pairs) for row, pairs in labelled_rows(text).items()}


def _unit_of(column: str) -> str:
    """ "Turnaround (business days)" -> "business days": the unit a column's numbers are in, when it says."""
    inside = re.search(r"\(([^)]+)\)\s*$", column)
    return inside.group(1) if inside else column


def _line_indexes(passage: Passage, labels: tuple[str, ...]) -> set[int]:
    """The line answering a field: the first of the group's labels (most specific first) the record has."""
    lines = passage.text.splitlines()
    by_label = {line.partition(": ")[0]: i for i, line in enumerate(lines) if i > 0}
    if labels is SUMMARY:
        return {0} | {by_label[label.partition("~")[0]] for label in labels if label.partition("~")[0] in by_label}
    for label in labels:
        if label == "header" or label == f"header:{passage.doc_type}":
            return {0}
        name, _, must_say = label.partition("~")
        if name in by_label and must_say in lines[by_label[name]]:
            return {by_label[name]}
    return set()


_REDACTED_COLLECTION = re.compile(r"<[A-Z_]+\d*>\s+(?:collection|line|range)\b", re.I)
# A capitalised word not at the start of a sentence, outside a <PLACEHOLDER_1> of the redactor.
_MID_SENTENCE_NAME = re.compile(r"(?<![.?!:]\s)(?<![.?!:]\s\s)(?<!^)(?<![<_A-Za-z])\b[A-Z][A-Za-z]+\b(?![_>])")
_ASKING_WORDS = frozenset(stem(w) for w in "cost price fee charge pay much many long often time take per year month week day today last next".split())


# IDF over the manual sentences and catalog rows: "client" is 2.1, "piece" 2.3, "return" 4.0, "pool" 6.2.
MIN_SHARED_IDF = 2.5
# In a record the question names, the topic is settled: one word as rare as "chain" (2.4) or "length"
# (2.2) finds its line, while "gold" (1.5) or "ring" (1.7) alone do not.
MIN_RECORD_MATCH_IDF = 2.0
_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")


def _is_fragment(unit: str) -> bool:
    """A piece of a hard-wrapped line of a template letter ("It was a", "delighted to welcome you to
    the private salon."): it starts in lower case or stops on a word no sentence ends with."""
    if unit[:1].islower():
        return True
    last = _LAST_WORD.search(unit)
    return bool(last) and unit.rstrip()[-1:].isalpha() and last.group(1).lower() in _DANGLING


_DANGLING = frozenset("a an the to of for and or but with until be would will your you i my our at in on by as".split())


def _plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def _idf(sentences: list[str]) -> dict[str, float]:
    df: dict[str, int] = {}
    for sentence in sentences:
        for stem in _stems(sentence):
            df[stem] = df.get(stem, 0) + 1
    n = max(len(sentences), 1)
    return {stem: math.log(1 + n / count) for stem, count in df.items()}


def _reference(passage: Passage) -> str:
    meta = passage.metadata
    if meta.get("sku"):
        return meta["sku"]
    if meta.get("stock_number"):
        return meta["stock_number"]
    return f"Report {meta.get('report_number', passage.doc_id)}"
