"""Redaction of what associates really type: names in lower case and jewelry-word names, whole
addresses, dates of birth, passports and ID numbers, unbroken phones, spelled-out emails; the house's
words (stones, grades, piece names) stay whatever case they are in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from presidio_analyzer import AnalyzerEngine

from guardrails.redaction import PiiRedactor
from guardrails.redaction.any_case_names import AnyCaseNames
from guardrails.redaction.house_vocabulary import HouseVocabulary
from guardrails.redaction.name_gazetteer import NameGazetteer, faker_gazetteer, name_gazetteer

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


@pytest.fixture(scope="module")
def vocabulary() -> HouseVocabulary:
    files = sorted(p for p in SAMPLE.rglob("*") if p.suffix in (".md", ".csv"))
    return HouseVocabulary.from_texts(p.read_text(encoding="utf-8") for p in files)


@pytest.fixture(scope="module")
def service(analyzer: AnalyzerEngine, vocabulary: HouseVocabulary) -> PiiRedactor:
    return PiiRedactor(analyzer, house_vocabulary=vocabulary)


def left_readable(text: str, redacted: str, value: str) -> list[str]:
    """The 3-letter pieces of `value` still in the redacted text (a word the rest of the text also
    holds, the product in "pearl okafor's pearl necklace", is looked for as often as it was there)."""
    rest = text.replace(value, " ", 1)
    return [
        w for w in re.findall(r"\w{3,}", value)
        if len(re.findall(rf"\b{re.escape(w)}\b", redacted)) > len(re.findall(rf"\b{re.escape(w)}\b", rest))
    ]


# --- the name finder alone: no presidio, no spaCy (fast) ----------------------------------------------

def test_the_name_gazetteer_knows_first_names_and_surnames_of_many_countries() -> None:
    names = name_gazetteer()
    # gender-guesser's dictionary adds first names Faker's locales do not hold.
    assert len(names.first) > len(faker_gazetteer().first) + 30_000
    for first in ("sophie", "kenji", "priya", "chinedu", "agnieszka"):
        assert names.is_first(first), first
    for last in ("okafor", "watanabe", "marchand", "nwosu"):
        assert names.is_name(last), last
    assert not names.is_name("platinum") and not names.is_name("wants")


def test_a_house_word_is_a_name_only_when_a_cue_or_a_surname_says_so(vocabulary: HouseVocabulary) -> None:
    finder = AnyCaseNames(name_gazetteer(), vocabulary)

    def found(text: str) -> list[str]:
        return [text[f.start : f.end] for f in finder.find(text)]

    assert found("pearl okafor's pearl necklace needs a new clasp") == ["pearl okafor"]
    assert found("client rose wants rose gold") == ["rose"]
    assert found("tell ruby her ruby ring is ready") == ["ruby"]
    assert found("opal is the bride") == ["opal"]
    assert found("rose gold vs yellow gold for warm skin tones") == []
    assert found("a diamond is the hardest natural gemstone") == []
    assert found("is the pearl natural? the client must approve") == []


def test_a_gazetteer_is_injected_not_reached_for(vocabulary: HouseVocabulary) -> None:
    tiny = NameGazetteer.of(first=["zyxa"], last=["qorvath"], english=["call", "today", "sophie", "marchand"])
    finder = AnyCaseNames(tiny, vocabulary)
    assert [(f.start, f.end) for f in finder.find("call zyxa qorvath today")] == [(5, 17)]
    assert finder.find("call sophie marchand today") == []  # not in this gazetteer


# --- the redactor as the service builds it --------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("client sophie marchand wants the celeste halo ring in platinum", "sophie marchand"),
        ("dr. kenji watanabe called about the SI2 stone in AUR-RG-1010", "kenji watanabe"),
        ("send li wei the photos of the riviera tennis bracelet please", "li wei"),
        ("pearl okafor's pearl necklace needs a new clasp", "pearl okafor"),
        ("agnieszka asked whether VVS2 is worth it over VS2", "agnieszka"),
        ("mrs patel is waiting in the salon", "patel"),
    ],
)
def test_names_typed_in_lower_case_are_redacted(service: PiiRedactor, text: str, value: str) -> None:
    result = service.redact(text)
    assert left_readable(text, result.text, value) == [], result.text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "value", "entity_type"),
    [
        ("ship to 14 rue de la paix, 75002 paris", "14 rue de la paix, 75002 paris", "LOCATION"),
        ("address is 350 w 57th st apt 12b, new york, ny 10019", "350 w 57th st apt 12b, new york, ny 10019", "LOCATION"),
        ("yuki lives at 4-5-11 ginza, chuo-ku, tokyo 104-0061", "4-5-11 ginza, chuo-ku, tokyo 104-0061", "LOCATION"),
        ("zhang min 地址 上海市静安区南京西路1266号", "上海市静安区南京西路1266号", "LOCATION"),
        ("plot 12 admiralty way, lekki phase 1, lagos is where it goes", "12 admiralty way, lekki phase 1, lagos", "LOCATION"),
        ("her city and postcode: 75016 paris", "75016 paris", "LOCATION"),
        ("ms claire bennett dob 1985-06-22", "1985-06-22", "DATE_OF_BIRTH"),
        ("date of birth 3rd march 1962 for darius", "3rd march 1962", "DATE_OF_BIRTH"),
        ("passport number 18AV12345 for mme moreau", "18AV12345", "PASSPORT"),
        ("ryan cooper passport 548921763", "548921763", "PASSPORT"),
        ("emirates id 784-1987-1234567-1 for khalid", "784-1987-1234567-1", "ID_NUMBER"),
        ("james whitfield on 2125550143", "2125550143", "PHONE_NUMBER"),
        ("email for jade is jade.t at outlook dot com", "jade.t at outlook dot com", "EMAIL_ADDRESS"),
        ("lucas(at)pereira(dot)com(dot)br", "lucas(at)pereira(dot)com(dot)br", "EMAIL_ADDRESS"),
    ],
)
def test_addresses_dates_of_birth_documents_and_spelled_out_contacts_are_redacted(
    service: PiiRedactor, text: str, value: str, entity_type: str
) -> None:
    result = service.redact(text)
    start = text.index(value)
    assert any(s.entity_type == entity_type and s.start <= start and s.end >= start + len(value) for s in result.entities), result.entities
    assert value not in result.text


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "is SI2 ok for an engagement ring, client wants Ideal cut",
        "the SI2 in the Celeste Three-Stone Ring looks cloudy under the loupe",
        "does the orangerie jasmine bracelet come in rose gold",
        "is the Perle de Lune Akoya Strand Necklace available at Place Vendome",
        "how do i clean opal",
        "amber is not something we sell",
        "the Meridian Gemological Laboratory report 2919479718 says SI2",
        "policy change on resizing from 2025-03-01",
    ],
)
def test_a_sentence_without_client_details_gets_no_placeholder(service: PiiRedactor, text: str) -> None:
    assert service.redact(text).entities == ()


@pytest.mark.slow
def test_a_grade_in_a_stored_draft_is_never_a_person(service: PiiRedactor) -> None:
    # spaCy's small model reads "SI2" after a colour grade as a name; the house's words veto that.
    text = "Dear <PERSON_1>, the 1.01 ct G SI2 diamond of your Celeste Solitaire Ring is ready at Bond Street."
    assert service.redact(text).text == text


@pytest.mark.parametrize("question", [
    "does the apprasial list the lab reprot number for her diamnod",  # two typos, or a typo beside a word
    "how do i descirbe flourescence to a cleint",
    "what goes in my emial signture",
    "how early do we send annivesary remiders",
    "whats the max charcters on an identiy bracelet plate",
    "what time does the client care desk close, paris tiem?",
    "client's emerald ring needs to go up a size",  # what follows a possessive cue is hers
    "how quickly do we have to greet them?",  # after "to", an English word alone is a verb
    "client wants to wash her yellow gold ring at home",
    "A client bent a prong when she knocked her ring against a door.",  # what the client did
    "AUR-RG-4189 is too small for the client",  # two common words, the first no first name
    "Quote the 2026 price list.",  # two common words after "the"
])
def test_an_associates_typos_and_verbs_are_never_taken_for_a_name(vocabulary: HouseVocabulary, question: str) -> None:
    assert AnyCaseNames(name_gazetteer(), vocabulary).find(question) == []


@pytest.mark.parametrize(("text", "name"), [
    ("kenta hayashi lives at the hotel", "hayashi"),  # a near-word beside a name that is one on its own
    ("client rose wants the studs", "rose"),
    ("send it to sophie marchand", "sophie marchand"),
    ("write to mrs okafor", "okafor"),
])
def test_names_beside_near_words_and_after_cues_are_still_found(vocabulary: HouseVocabulary, text: str, name: str) -> None:
    found = [text[f.start : f.end] for f in AnyCaseNames(name_gazetteer(), vocabulary).find(text)]
    assert any(name in f for f in found), found


def test_the_manuals_example_names_are_no_house_words(vocabulary: HouseVocabulary) -> None:
    # The tone guide writes "Dear Mr. Okafor," and "Dear Ms. Laurent and Mr. Moreau,": a client may bear
    # those names, so they join neither set of house words; "Celeste", written elsewhere, stays the house's.
    assert {"okafor", "moreau", "laurent"} <= vocabulary.example_names
    assert "okafor" not in vocabulary.capitalised and "celeste" in vocabulary.capitalised
    made = HouseVocabulary.from_texts(["Dear Mrs. Quill, your Celeste ring.", "The Celeste line."])
    assert made.example_names == frozenset({"quill"}) and "celeste" in made.capitalised


@pytest.mark.parametrize(("text", "name"), [
    ("choi min-seo 010-2345-6789", "choi min-seo"),  # a name before a phone, no cue
    ("ho ka yan 香港中環皇后大道中15號", "ho ka yan"),  # a name before a CJK address
    ("sanne de vries wants the riviera band", "sanne de vries"),  # a particle and a rarer word
    ("celeste moreau wants the celeste bands", "celeste moreau"),  # a manual's example surname
])
def test_names_without_a_cue_before_a_contact_or_with_an_example_surname_are_found(
    vocabulary: HouseVocabulary, text: str, name: str
) -> None:
    found = [text[f.start : f.end] for f in AnyCaseNames(name_gazetteer(), vocabulary).find(text)]
    assert name in found, found


@pytest.mark.parametrize("text", [
    "ring size 52 please", "rose gold 0612345678", "order 4 rings by 06 12 34 56 78",
    "The client's SSN 040-37-7506 was written on the form",
    "she prefers WhatsApp: (718) 555-0485",
])
def test_house_and_common_words_before_a_number_are_no_name(vocabulary: HouseVocabulary, text: str) -> None:
    assert AnyCaseNames(name_gazetteer(), vocabulary).find(text) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "does the Solstice collection come in platinum",
        "price of the Camellia Tiara",
        "do we carry Bulgari watches",
        "can clients pay with Ethereum",
        "what is Van Cleef's resizing policy",
        "how do Graff's prices compare for a 1 ct VS1",
    ],
)
def test_other_houses_and_their_pieces_are_no_person(service: PiiRedactor, text: str) -> None:
    assert service.redact(text).entities == ()


@pytest.mark.slow
@pytest.mark.parametrize(("text", "value"), [
    ("Sophie Girard's order is ready", "Sophie Girard"),  # a possessive before a client's thing stays a person
    ("zhao lei 138 0013 8000", "138 0013 8000"),  # a Chinese mobile in 3-4-4
    ("marcus webb 07700 900123", "marcus webb"),
])
def test_a_client_beside_a_possessive_or_a_phone_is_still_redacted(service: PiiRedactor, text: str, value: str) -> None:
    result = service.redact(text)
    assert left_readable(text, result.text, value) == [], result.text
