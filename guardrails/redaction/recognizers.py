"""The recognizers presidio lacks for a jewelry house's notes: national phone formats, Mastercard's
2-series, street addresses, and names their context marks as a person. Regex only, no name lists."""

from __future__ import annotations

import regex

from presidio_analyzer import Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

from guardrails.redaction.name_patterns import (
    CONTEXTUAL_PERSON,
    CUED_PERSON,
    FULL_NAME,
    HONORIFIC,
    NAME,
    NAME_WORDS,
    STRONG_CUE,
    WEAK_CUE,
)

# Presidio compiles patterns with IGNORECASE by default; capitalisation is what tells "Rose Martin"
# from "rose gold", so these recognizers opt out and spell case-insensitive parts as (?i:...).
_CASE_SENSITIVE = regex.DOTALL | regex.MULTILINE

# --- phones ------------------------------------------------------------------------------------
# Boundaries refuse a leading word character, '+', '.', ',' or '-' so that parts of SKUs, prices,
# decimals and dates are never read as phone numbers; separators never cross a line break.
_SP = r"[ \t\u00a0\u202f]"  # a space on the same line (no-break spaces included)
_SEP = r"[ \t\u00a0\u202f.-]"
_PHONE_PATTERNS = (
    # +44 20 7946 0958, +1 (212) 555-0143, +33 1 42 68 53 00, +81 3-1234-5678, +44 (0)20 7946 0958
    ("international", rf"(?<![\w+])\+\d{{1,3}}(?:{_SP}?\(0\))?{_SEP}?(?:\(\d{{1,4}}\)|\d{{1,4}})(?:{_SEP}?\d{{2,4}}){{2,4}}(?!\d)"),
    ("US (212) 555-0143", rf"(?<![\w+])\(\d{{3}}\){_SP}?\d{{3}}{_SEP}\d{{4}}(?!\d)"),
    ("US 212-555-0143", r"(?<![\w+.,-])\d{3}[.-]\d{3}[.-]\d{4}(?![\w-])"),
    ("FR 06 12 34 56 78", rf"(?<![\w+.,-])0[1-9](?:[ \t\u00a0\u202f.]\d{{2}}){{4}}(?!\d)"),
    ("UK 020 7946 0958", rf"(?<![\w+.,-])0\d{{2,4}}{_SP}\d{{3,4}}{_SP}?\d{{3,4}}(?!\d)"),
    ("JP 03-1234-5678", r"(?<![\w+.-])0\d{1,4}-\d{1,4}-\d{4}(?![\d-])"),
)


class NationalPhoneRecognizer(PatternRecognizer):
    """Phone numbers in the written formats of the house's markets (US, FR, UK, JP, international).

    presidio's PhoneRecognizer (python-phonenumbers) only accepts numbers that are valid for a
    region; fictional or newly allocated ranges fail that test, and a missed number leaks.
    """

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PHONE_NUMBER",
            name="NationalPhoneRecognizer",
            patterns=[Pattern(name, rx, 0.6) for name, rx in _PHONE_PATTERNS],
            context=["phone", "call", "mobile", "cell", "tel", "telephone", "reach", "number", "whatsapp"],
            global_regex_flags=_CASE_SENSITIVE,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        digits = sum(ch.isdigit() for ch in pattern_text)
        return not 8 <= digits <= 15  # E.164 allows 15; fewer than 8 is a code or a quantity


# --- street addresses ---------------------------------------------------------------------------
# Rule: a street address is a house number followed by a street. A street or store name alone
# ("Fifth Avenue", "Place Vendome", "the Bond Street boutique") is not an address and is never
# redacted; "350 Fifth Avenue, Apt 5" and "2 Place Vendome" are. City and postcode are left
# visible: on their own they identify no one.
_NUMBER = r"(?<![\w.,/:-])\d{1,5}[A-Za-z]?(?:\s?[-–/]\s?\d{1,5}[A-Za-z]?)?(?:\s(?:bis|ter))?"
_EN_WORD = r"(?:\p{Lu}[\p{L}'’.-]*|\d{1,3}(?:st|nd|rd|th))"
_EN_TYPE = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Place|Pl|Square|Sq|Court|Ct|Terrace"
    r"|Way|Mews|Gardens|Crescent|Close|Row|Hill|Parkway|Pkwy|Highway|Hwy|Walk|Grove|Park|Embankment|Gate)\b\.?"
)
_FR_TYPE = r"(?i:(?:rue|avenue|boulevard|bd|place|quai|all[ée]e|impasse|chemin|cours|square|passage|faubourg|route|villa)\b|av\.)"
_FR_LINK = r"(?:(?:de la|de l['’]|du|des|de|d['’]|la|le|les|l['’]|et|sur|aux?)\s*)"
_FR_WORD = r"\p{Lu}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*"
_UNIT = r"(?:,?\s+(?i:apt|apartment|appartement|flat|suite|ste|unit|floor|fl|room|bldg|no)\.?\s?#?\d+[A-Za-z]?|,?\s+#\d+[A-Za-z]?)?"

_ADDRESS_PATTERNS = (
    # 221B Baker Street, 350 Fifth Avenue, Apt 5, 1 West 57th Street, 9 Rodeo Dr. Suite 200
    ("street number + street", rf"{_NUMBER}\s+(?:(?:North|South|East|West)\s+)?(?:{_EN_WORD}\s+){{0,3}}{_EN_TYPE}{_UNIT}"),
    # 14 Rue de la Paix, 26 rue du Faubourg Saint-Honoré, 2 place Vendôme
    ("numéro + voie", rf"{_NUMBER}\s+{_FR_TYPE}\s+{_FR_LINK}?{_FR_WORD}(?:[\s-]+{_FR_LINK}?{_FR_WORD}){{0,4}}{_UNIT}"),
    # Calle de Serrano 45, Paseo de Gracia 21, Via Montenapoleone 8 (number after the street)
    (
        "calle + número",
        rf"(?:(?i:calle|avenida|paseo|plaza|carrer)|Via|Viale|Piazza|Corso)\s+(?:(?:de(?:l|\s+la|\s+los|\s+las)?|di|della|dei)\s+)?"
        rf"{_FR_WORD}(?:\s+{_FR_WORD}){{0,3}},?\s+\d{{1,4}}[A-Za-z]?(?!\d)",
    ),
    # Maximilianstraße 12, Königsallee 23
    ("Straße + Nummer", r"\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|gasse|weg|platz|allee|damm|ufer)\s+\d{1,4}[a-z]?(?!\d)"),
    # 4-5-11 Ginza, Chuo-ku (Japanese block addresses)
    ("chome-ban-go", r"(?<![\w.-])\d{1,2}-\d{1,2}-\d{1,3}\s+\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)*(?:,\s*\p{Lu}\p{Ll}+-(?:ku|shi|cho|machi))?"),
)


class StreetAddressRecognizer(PatternRecognizer):
    """Street addresses (entity LOCATION) in English, French, Spanish/Italian, German and Japanese conventions."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="LOCATION",
            name="StreetAddressRecognizer",
            patterns=[Pattern(name, rx, 0.7) for name, rx in _ADDRESS_PATTERNS],
            context=["address", "ship", "deliver", "delivery", "send", "live", "lives", "courier", "residence"],
            global_regex_flags=_CASE_SENSITIVE,
        )


# --- cards -------------------------------------------------------------------------------------
class CardRecognizer(CreditCardRecognizer):
    """presidio's card recognizer (brand prefixes + Luhn) plus Mastercard's 2221-2720 range (2017),
    which its pattern predates."""

    def __init__(self) -> None:
        mastercard_2 = Pattern(
            "Mastercard 2-series", r"\b2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)[- ]?\d{4}[- ]?\d{4}[- ]?\d{4}\b", 0.3
        )
        super().__init__(patterns=[*CreditCardRecognizer.PATTERNS, mastercard_2])


# --- names marked by their context ---------------------------------------------------------------
# spaCy's small model misses many names, above all names that are also words ("Rose Martin",
# "Amber Okafor") and names from cultures it has seen rarely. The context of a note says "person"
# whatever the name is, so no list of names is needed.
_CLAUSE_START = r"(?<=^|[.!?;:]\s{1,3}|\n)"
_REPORTING_VERB = (
    r"(?:called|asked|emailed|wrote|phoned|rang|wants|would|came|visited|said|says|paid|bought|returned"
    r"|collected|prefers|loves|requested|left|dropped|picked|from)\b"
)
_COLLEAGUE_VERB = r"(?i:says|said|asks|asked|called|wrote|writes|notes|noted|reports|confirms|confirmed)\b"
# An email, or something phone-long (7+ digits and separators): "18k Yellow Gold (750)" is no contact.
_CONTACT_AHEAD = r"(?=[^\S\n]*[(<,:][^\S\n]*(?:[\w.+-]+@[\w-]+\.|\+?\(?\d[\d ().-]{6,}))"
_SPEECH_VERB = (
    r"(?:said|says|asked|asks|called|emailed|wrote|phoned|rang|wants|prefers|loves|came|visited|paid|bought"
    r"|returned|collected|confirmed|mentioned|decided|agreed|replied)\b"
)


class CuedPersonRecognizer(PatternRecognizer):
    """Capitalised words right after an honorific (Mr., Mrs., Mme, Dr.) or a relation (client, wife,
    dear; also "Client: Name").

    Strong evidence: such a name is redacted even when it is also a house word ("Mrs. Celeste").
    """

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PERSON",
            name=CUED_PERSON,
            # Above spaCy's 0.85 so that, on the same span, presidio keeps this finding and its name.
            patterns=[
                Pattern("honorific or relation + name", rf"(?<=\b(?:{HONORIFIC}|{STRONG_CUE}:?)[^\S\n]+){NAME_WORDS}", 0.9),
                # "The client is Beatrice Hargreaves", "her name is Ha-eun Park", "a guest called Ruby Stone"
                Pattern(
                    "relation is name",
                    rf"(?<=\b(?i:{STRONG_CUE}|name)(?:['’]s(?:[^\S\n]+name)?)?[^\S\n]+(?i:is|was|named|called)[^\S\n]+)"
                    rf"(?:(?:{HONORIFIC})[^\S\n]+)?{NAME_WORDS}",
                    0.9,
                ),
            ],
            global_regex_flags=_CASE_SENSITIVE,
        )


class ContextualPersonRecognizer(PatternRecognizer):
    """Names in the places notes put them: "reserved for Jade Dubois", "call Layla Al-Qasimi back",
    "Emi Yamamoto (emi@...)", "Layla Al-Fayed called", "Ruby said",
    "Diego from Rodeo Drive says", "Can Beatrice Hargreaves return it?".

    Weaker evidence ("to New York" has the same shape): house vocabulary still vetoes these.
    """

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PERSON",
            name=CONTEXTUAL_PERSON,
            patterns=[
                Pattern("after for/to/by/call", rf"(?<=\b(?i:{WEAK_CUE})[^\S\n]+){FULL_NAME}", 0.6),
                Pattern("next to a phone or email", rf"{FULL_NAME}{_CONTACT_AHEAD}", 0.6),
                Pattern("before a reporting verb", rf"{_CLAUSE_START}{FULL_NAME}(?=\s+{_REPORTING_VERB})", 0.6),
                # "Can Beatrice Hargreaves return ...?", "Did Tom Okafor collect ...?": the subject of a
                # question an associate asks about a client (spaCy's small model misses many).
                Pattern(
                    "subject of a question",
                    rf"(?<={_CLAUSE_START}(?:Can|Could|May|Does|Did|Will|Would|Should|Has|Had|Is|Was)[^\S\n]+)"
                    rf"{FULL_NAME}(?=[^\S\n]+\p{{Ll}})",
                    0.6,
                ),
                Pattern("one name before a speech verb", rf"{_CLAUSE_START}{NAME}(?=\s+{_SPEECH_VERB})", 0.6),
                Pattern(
                    "colleague from a boutique",
                    rf"{_CLAUSE_START}{NAME}(?=\s+from\s+(?:the\s+)?(?:\p{{Lu}}[\p{{L}}-]*\s+){{1,3}}"
                    rf"(?:boutique\s+|store\s+|team\s+)?{_COLLEAGUE_VERB})",
                    0.6,
                ),
            ],
            global_regex_flags=_CASE_SENSITIVE,
        )
