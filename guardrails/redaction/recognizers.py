"""The recognizers presidio lacks for a jewelry house's notes: national phone formats, Mastercard's
2-series, street addresses, and names their context marks as a person. Regex only, no name lists."""

from __future__ import annotations

from typing import Any

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
    # Chinese mobiles, 11 digits in 3-4-4 (a 10-digit report number never starts a run of 11)
    ("CN 138 0013 8000", rf"(?<![\w+.,-])1[3-9]\d(?:{_SEP}?\d{{4}}){{2}}(?![\w-])"),
)


class NationalPhoneRecognizer(PatternRecognizer):
    """Phone numbers in the written formats of the house's markets (US, FR, UK, JP, CN, international).

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


# --- details bound to their cue: dates of birth, passports, ID numbers, unbroken phones ----------
# A date, a 9-character code or a 10-digit run is client data only when the note says what it is
# ("dob 14/03/1987", "passport 18AV12345", "cell 3105557821"); the cue is part of the pattern, so
# a policy date, a report number or a SKU nearby is never taken. These findings win over the house
# identifier patterns (an ISO date of birth is still a date of birth).
CUE_BOUND = ("DateOfBirthRecognizer", "PassportRecognizer", "IdNumberRecognizer", "UnbrokenPhoneRecognizer")
_CUE_END = r"(?:\s*(?:is|no\.?|nr\.?|num(?:ber)?|#|n[°º]|:))*[\s:#.=-]*"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre"
    r"|novembre|d[ée]cembre)\.?"
)
_DATE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-](?:\d{{4}}|\d{{2}})|\d{{4}}[./-]\d{{1,2}}[./-]\d{{1,2}}|\d{{4}}年\d{{1,2}}月\d{{1,2}}日"
    rf"|\d{{1,2}}(?:st|nd|rd|th|er)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})(?![\d年])"
)
_DOB_CUE = (
    r"(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on)?|n[ée]e?\s+le|geboren(?:\s+am)?"
    r"|fecha\s+de\s+nacimiento|data\s+di\s+nascita|生年月日|出生日期|生日)"
)
_PASSPORT_CUE = r"(?:passport|passeport|passaporto|pasaporte|reisepass|pass\.)"
_ID_CUE = (
    r"(?:emirates\s+id|national\s+id(?:\s+card)?|resident\s+id|id\s+card|id|nin|ssn|social\s+security(?:\s+number)?|dni|nie|nif"
    r"|codice\s+fiscale|cpf|aadhaa?r|pan|ni\s+number|national\s+insurance(?:\s+number)?|(?:num[ée]ro\s+(?:de\s+)?)?s[ée]cu(?:rit[ée]\s+sociale)?"
    r"|insee|tax\s+id|tin|身份证)"
)
# A document number: letters and digits, a space or dash only before more digits ("72 1234567").
_DOC_NUMBER = r"[A-Za-z0-9](?:[A-Za-z0-9]|[ .\-/](?=\d)){5,24}(?![A-Za-z0-9])"
# "number" is a phone cue unless it is a house record's number ("report number 2919479718").
_RECORD_NUMBER = r"(?:report|certificate|cert|grading|lab|stock|inscription|order|repair|invoice|receipt|envelope|sku)[ -]"
_PHONE_CUE = rf"(?:phone|tel|cell|mobile|mob|(?<!{_RECORD_NUMBER})number|call|ring|text|whatsapp|on|reach|at)"
# The redactor's fast path blanks house identifiers before looking for digits; a date or number
# after one of these cues is looked at even when it has an identifier's shape.
CUE_BOUND_CUES = regex.compile(rf"(?i)\b(?:{_DOB_CUE}|{_PASSPORT_CUE}|{_ID_CUE}|{_PHONE_CUE})\b")


class _NeedsDigitRecognizer(PatternRecognizer):
    """Every pattern of these recognizers holds a digit: a text without one costs no regex pass."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: int | None = None) -> list[Any]:
        if not any(ch.isdigit() for ch in text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)


class _CueBoundRecognizer(_NeedsDigitRecognizer):
    min_digits = 5

    def invalidate_result(self, pattern_text: str) -> bool:
        return sum(ch.isdigit() for ch in pattern_text) < self.min_digits


class DateOfBirthRecognizer(_CueBoundRecognizer):
    """Dates of birth after their cue ("dob 14/03/1987", "born 3rd march 1962", "née le 17/02/1980")."""

    min_digits = 4

    def __init__(self) -> None:
        super().__init__(
            supported_entity="DATE_OF_BIRTH",
            name="DateOfBirthRecognizer",
            patterns=[Pattern("cue + date", rf"(?<=(?i:\b{_DOB_CUE}){_CUE_END}){_DATE}", 0.8)],
            context=["dob", "born", "birth", "birthday"],
            global_regex_flags=regex.IGNORECASE | regex.DOTALL | regex.MULTILINE,
        )


class PassportRecognizer(_CueBoundRecognizer):
    """Passport numbers after their cue, in any country's shape (9 digits, "18AV12345", "C01X00T47")."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PASSPORT",
            name="PassportRecognizer",
            patterns=[Pattern("cue + document number", rf"(?<=(?i:\b{_PASSPORT_CUE}){_CUE_END}){_DOC_NUMBER}", 0.8)],
            context=["passport"],
            global_regex_flags=regex.IGNORECASE | regex.DOTALL | regex.MULTILINE,
        )


class IdNumberRecognizer(_CueBoundRecognizer):
    """National ID numbers after their cue (Emirates ID, Chinese resident ID, NIN, DNI, codice fiscale,
    Aadhaar, CPF, NI number, French social security number)."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="ID_NUMBER",
            name="IdNumberRecognizer",
            patterns=[Pattern("cue + document number", rf"(?<=(?i:\b{_ID_CUE}){_CUE_END}){_DOC_NUMBER}", 0.8)],
            context=["id", "identity", "national"],
            global_regex_flags=regex.IGNORECASE | regex.DOTALL | regex.MULTILINE,
        )


class UnbrokenPhoneRecognizer(_CueBoundRecognizer):
    """A phone after a phone cue, however grouped ("cell 3105557821", "on 338 456 7812"): a bare
    10-digit run is a lab report number, and a number in an unfamiliar grouping fails the format checks."""

    min_digits = 9

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PHONE_NUMBER",
            name="UnbrokenPhoneRecognizer",
            patterns=[Pattern("cue + digits", rf"(?<=(?i:\b{_PHONE_CUE}){_CUE_END})\+?\d{{2,4}}(?:[ .-]?\d{{2,4}}){{2,5}}(?![\d-])", 0.7)],
            context=["phone", "cell", "mobile"],
            global_regex_flags=regex.IGNORECASE | regex.DOTALL | regex.MULTILINE,
        )


# --- emails written out to dodge filters: "jade.t at outlook dot com", "lucas(at)pereira(dot)com" ---
_AT = r"(?:\s*[(\[]\s*at\s*[)\]]\s*|\s+at\s+)"
_DOT = r"(?:\s*[(\[]\s*dot\s*[)\]]\s*|\s+dot\s+|\.)"
_OBFUSCATED_EMAIL = rf"\b[\w+-]+(?:{_DOT}[\w+-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)*(?:\s*[(\[]\s*dot\s*[)\]]\s*|\s+dot\s+)[a-z]{{2,6}}\b(?!{_AT}|{_DOT}\w)"


class ObfuscatedEmailRecognizer(PatternRecognizer):
    """An email with "at" and "dot" spelled out; at least one "dot" must be spelled too."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="EMAIL_ADDRESS",
            name="ObfuscatedEmailRecognizer",
            patterns=[Pattern("name at domain dot tld", _OBFUSCATED_EMAIL, 0.7)],
            context=["email", "mail", "e-mail"],
            global_regex_flags=regex.IGNORECASE | regex.DOTALL | regex.MULTILINE,
        )


# --- whole addresses: street, district, city and postcode, in any case ----------------------------
_STOP = (
    r"(?:for|is|are|wants?|phone|tel|mobile|cell|email|passport|dob|born|and|the|to|please|client|mrs|mr|ms|dr|code"
    r"|who|she|he|her|his|if|when|at|tomorrow|today|by|on|with|before|after|asap|call|ring|text|send|tell|ask|contact"
    r"|needs|asked|called|paid|bought|but|or|then|thanks|thank)"
)
_TYPE = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|place|pl|square|sq|court|ct|terrace|way|mews"
    r"|gardens|crescent|close|row|hill|parkway|pkwy|highway|hwy|walk|grove|park|embankment|gate|villas|chase|wharf|quay"
    r"|marg|nagar)\.?"
)
_ROMANCE_FIRST = r"(?:rue|avenue|av\.|boulevard|bd|quai|all[ée]e|impasse|chemin|cours|place|faubourg|route|square|passage)"
_NUMBER_AFTER = (
    r"(?:calle|avenida|av\.|rua|via|viale|piazza|corso|paseo|plaza|carrer|street"
    r"|[\p{L}-]*(?:straße|strasse|str\.|gasse|weg|platz|allee|damm|ufer|gracht|laan|straat|vej|gatan|v[äa]gen))"
)
_UNIT_WORD = r"(?:flat|apt|apartment|appartement|unit|suite|ste|room|level|villa|plot|floor|fl|house|bldg|building|block)"
_WORD_A = r"[\p{L}\d][\p{L}\d'’.#/-]*"
_SEGMENT = rf"(?![0+(])(?!{_STOP}\b){_WORD_A}(?:\s+(?!{_STOP}\b){_WORD_A}){{0,3}}"
_POSTCODE = r"(?:[a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2}|\d{3}-\d{4}|\d{4,6}(?:-\d{3,4})?|[a-z]\d[a-z]\s?\d[a-z]\d)"
_UNIT_AFTER = rf"(?:\s*#\s*[\w-]+)?(?:,?\s+{_UNIT_WORD}\.?\s*#?[\w-]+)?"
_TAIL = rf"{_UNIT_AFTER}(?:,\s*{_SEGMENT}){{0,4}}(?:,?\s+{_POSTCODE}(?:\s+(?!{_STOP}\b)\p{{L}}[\p{{L}}-]+){{0,2}})?"
_UNIT_BEFORE = rf"(?:{_UNIT_WORD}\s*[\w/-]+,?\s+|\d{{1,2}}/f,?\s+)*"
_HOUSE_NUMBER = r"(?<![\w.,/:-])\d{1,5}[a-z]?(?:\s?[-/]\s?\d{1,5}[a-z]?)?"
_US_STATE = (
    r"(?:al|ak|az|ar|ca|co|ct|de|dc|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|ms|mo|mt|ne|nv|nh|nj|nm|ny|nc|nd|oh"
    r"|ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy)"
)
_WHOLE_ADDRESS_PATTERNS = (
    ("number + street", rf"{_UNIT_BEFORE}{_HOUSE_NUMBER}\s+(?:{_WORD_A}\s+){{0,4}}{_TYPE}(?!\w){_TAIL}"),
    ("number + rue", rf"{_UNIT_BEFORE}{_HOUSE_NUMBER}(?:\s+(?:bis|ter))?\s+{_ROMANCE_FIRST}(?:\s+(?!{_STOP}\b)[\p{{L}}'’-]+){{1,5}}{_TAIL}"),
    ("street + number", rf"{_UNIT_BEFORE}{_NUMBER_AFTER}(?:\s+[\p{{L}}'’-]+){{0,4}}\s+\d{{1,4}}[a-z]?(?!\d){_TAIL}"),
    ("chome-ban-go", rf"(?<![\w.-])\d{{1,2}}-\d{{1,2}}-\d{{1,3}}\s+[\p{{L}}-]+{_TAIL}"),
    ("unit + district", rf"\b{_UNIT_WORD}\s*[\w/-]*\d[\w/-]*(?:,\s*{_SEGMENT}){{1,4}}"),
    ("block-number + colony", rf"\b[a-z]-\d{{1,4}}\s+[\p{{L}}]+(?:\s+[\p{{L}}\d]+){{0,3}}{_TAIL}"),
    ("UK postcode", rf"\b[a-z]{{1,2}}\d[a-z\d]?\s\d[a-z]{{2}}\b(?:\s+(?!{_STOP}\b)\p{{L}}{{3,}})?"),
    ("city + UK postcode", rf"\b(?!{_STOP}\b)\p{{L}}{{3,}}\s+[a-z]{{1,2}}\d[a-z\d]?\s\d[a-z]{{2}}\b"),
    ("postcode + city", rf"(?<![\w.,/-])\d{{5}}\s+(?!{_STOP}\b)\p{{L}}{{3,}}(?:[\s-]\p{{L}}{{3,}})?\b"),
    ("US state + ZIP", rf"(?:\b(?!{_STOP}\b)\p{{L}}{{3,}}\s+)?\b{_US_STATE}\s+\d{{5}}(?:-\d{{4}})?\b"),
    ("CJK address", r"(?:〒\d{3}-\d{4}\s*)?[\p{Han}]+(?:[市区都県府省道])[\p{Han}\d\-－]*\d[\p{Han}\d\-－号]*"),
    ("Korean address", r"[\p{Hangul}]+(?:시|도)\s+[\p{Hangul}]+(?:구|군)\s+[\p{Hangul}\d]+(?:로|길)\s*\d+(?:-\d+)?"),
    ("Russian address", rf"(?:ул\.|улица|пр\.|проспект|пер\.)\s*[\p{{Cyrillic}}-]+(?:\s+[\p{{Cyrillic}}-]+){{0,2}}\s+\d+[\p{{Cyrillic}}]?{_TAIL}"),
)


class WholeAddressRecognizer(_NeedsDigitRecognizer):
    """A postal address with its city and postcode, however it is typed (US, UK, French, German,
    Spanish, Japanese, Chinese, Korean, Russian, Indian, Gulf and Nigerian shapes). A street or store
    name alone ("fifth avenue", "place vendome") has no house number and is never taken."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="LOCATION",
            name="WholeAddressRecognizer",
            patterns=[Pattern(name, rx, 0.7) for name, rx in _WHOLE_ADDRESS_PATTERNS],
            context=["address", "ship", "deliver", "delivery", "send", "live", "lives", "postcode", "zip"],
            global_regex_flags=regex.IGNORECASE | regex.DOTALL | regex.MULTILINE,
        )
