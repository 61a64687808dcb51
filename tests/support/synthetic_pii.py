"""Seeded synthetic client details (names from many cultures, also typed in lower case, phones in
US/FR/UK/JP formats, emails, Luhn-valid cards, street addresses, city + postcode, dates of birth,
passport numbers) written into associates' questions about the small test corpus.

Each value knows the byte strings that would betray it on disk: as written, JSON-escaped, a long
surname alone, and for phones and cards the bare digits (with and without the country code).
"""

from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import dataclass

# The small corpus of tests/copilot/conftest.py: what the questions are about.
SKUS = ("AUR-RG-0001", "AUR-RG-0002", "AUR-NK-0003")
REPORTS = ("2214587390", "3301122334")

# Names by naming culture. None of them appears in the corpus (the tone guide's examples, e.g.
# Laurent, Okafor, Tanaka, are avoided), so any occurrence on disk came from a question.
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "british": (
        ("Harriet", "Imogen", "Rupert", "Alistair", "Beatrice", "Florence"),
        ("Ashdown", "Pemberton", "Fairweather", "Blackmore", "Hargreaves", "McAllister", "O'Donnell"),
    ),
    "french": (
        ("Amélie", "Étienne", "Margaux", "Sébastien", "Hélène", "Bérénice"),
        ("Lefebvre", "Rousseau", "Marchand", "Delacroix", "Beaumont", "Chevalier"),
    ),
    "spanish": (
        ("Rocío", "Alejandro", "Inés", "Santiago", "Valentina", "Joaquín"),
        ("Castillo", "Fernández", "Villanueva", "Echeverría", "Montoya"),
    ),
    "italian": (("Giulia", "Lorenzo", "Francesca", "Alessandro"), ("Bianchi", "Ferraro", "Lombardi", "Esposito")),
    "german": (
        ("Annika", "Maximilian", "Friederike", "Konstantin"), ("Schäfer", "Vogelsang", "Hoffmann", "Brandauer")
    ),
    "japanese": (
        ("Aiko", "Haruto", "Emiko", "Takumi", "Naoko", "Daisuke"),
        ("Yamaguchi", "Nakamura", "Kobayashi", "Matsumoto", "Hayashida"),
    ),
    "chinese": (("Xiaoming", "Meiling", "Zhiwei", "Xiulan"), ("Zhang", "Chen", "Huang", "Zhou")),
    "korean": (("Ji-woo", "Seo-yeon", "Min-jun", "Ha-eun"), ("Park", "Choi", "Jeong", "Kang")),
    "indian": (("Priya", "Arjun", "Ananya", "Vikram"), ("Raghunathan", "Mehta", "Krishnamurthy", "Chatterjee")),
    "arabic": (("Layla", "Khalid", "Noura", "Youssef"), ("Al-Qasimi", "Haddad", "Al-Mansouri", "Nasrallah")),
    "nigerian": (("Chiamaka", "Oluwaseun", "Ngozi", "Babatunde"), ("Adeyemi", "Okonkwo", "Eze", "Balogun")),
    "russian": (("Anastasia", "Dmitri", "Yekaterina", "Mikhail"), ("Volkova", "Sokolov", "Kuznetsova", "Morozov")),
    "polish": (("Zofia", "Wojciech", "Agnieszka"), ("Wiśniewska", "Kowalczyk", "Zieliński")),
    "vietnamese": (("Linh", "Minh", "Thao"), ("Nguyen", "Tran", "Pham")),
    "dutch": (("Sanne", "Joost", "Maarten"), ("van der Berg", "de Vries", "van Dijk")),
}
HONORIFICS = ("Mrs.", "Mr.", "Ms.", "Dr.", "Mme", "M.", "Miss", "Sra.", "Herr")
EMAIL_DOMAINS = ("gmail.com", "orange.fr", "outlook.co.uk", "yahoo.co.jp", "icloud.com", "web.de", "proton.me")
CITIES = ("London", "Paris", "New York", "Tokyo", "Madrid", "Milan", "Munich")
# "#" any digit, "N" 2-9; with how many leading digits are the country code.
PHONE_FORMATS: tuple[tuple[str, int], ...] = (
    ("+1 (N##) N##-####", 1), ("N##-N##-####", 0), ("(N##) N##-####", 0),  # US
    ("0N ## ## ## ##", 0), ("+33 N ## ## ## ##", 2), ("0N.##.##.##.##", 0),  # FR
    ("020 N### ####", 0), ("+44 20 N### ####", 2), ("07N## ######", 0), ("+44 7N## ######", 2),  # UK
    ("03-N###-####", 0), ("+81 3-N###-####", 2), ("090-N###-####", 0),  # JP
)
# City and postcode without a street: together they narrow a client down to a few streets.
CITY_POSTCODES = ("75008 Paris", "75016 Paris", "20121 Milano", "80539 München", "28001 Madrid", "London W1K 6TE",
                  "London SW3 1AA", "Manhattan NY 10021")
DOB_FORMATS = ("{d:02d}/{m:02d}/{y}", "{d} {month} {y}", "{y}-{m:02d}-{d:02d}", "{d:02d}.{m:02d}.{y}")
MONTHS = ("january", "february", "march", "april", "june", "july", "august", "september", "october", "november")
# "#" a digit, "L" a capital letter: French, British/US, Japanese, Chinese, Indian, German passports.
PASSPORT_FORMATS = ("##LL#####", "#########", "LL#######", "L########", "L#######", "L##L##L##")
# Number plus street: an address (a street or a boutique alone is not PII and is not redacted).
STREETS = (
    "{n} Baker Street", "{n} West 5{a}th Street, Apt {k}", "{n} Kensington Park Road",
    "{n} Lexington Avenue, Suite {k}",
    "{n} rue du Faubourg Saint-Honoré", "{n} avenue Montaigne", "{n} boulevard Haussmann",
    "Calle de Serrano {n}", "Via della Spiga {n}", "Maximilianstraße {n}", "{a}-{b}-{k} Minami-Aoyama, Minato-ku",
)


@dataclass(frozen=True)
class PiiValue:
    kind: str  # PERSON, PHONE_NUMBER, EMAIL_ADDRESS, CREDIT_CARD, LOCATION, DATE_OF_BIRTH, PASSPORT
    text: str  # as written in the question
    extra_forms: tuple[str, ...] = ()  # other ways it could be stored: digits only, the surname alone

    def needles(self) -> set[bytes]:
        """Every byte string whose presence in a file means this value was stored."""
        forms = {self.text, *self.extra_forms}
        # SQLAlchemy's JSON columns escape non-ASCII ("Schäfer" -> "Sch\\u00e4fer").
        return {f.encode() for f in forms} | {json.dumps(f)[1:-1].encode() for f in forms}


@dataclass(frozen=True)
class SyntheticText:
    text: str
    values: tuple[PiiValue, ...]
    draft: bool = False  # asks for a client-facing note
    for_client: bool = False


@dataclass
class PiiFactory:
    rng: random.Random

    def person(self) -> PiiValue:
        firsts, lasts = self.rng.choice(list(NAMES.values()))
        first, last = self.rng.choice(firsts), self.rng.choice(lasts)
        surname = last.split()[-1]
        # A long surname alone identifies; a short one ("Park", "Eze") would match unrelated bytes.
        return PiiValue("PERSON", f"{first} {last}", (surname,) if len(surname) >= 6 else ())

    def lower_person(self) -> PiiValue:
        """A name as typed fast on a tablet: all in lower case."""
        person = self.person()
        return PiiValue("PERSON", person.text.lower(), tuple(f.lower() for f in person.extra_forms))

    def date_of_birth(self) -> PiiValue:
        d, m, y = self.rng.randint(1, 28), self.rng.randint(1, 10), self.rng.randint(1940, 2004)
        text = self.rng.choice(DOB_FORMATS).format(d=d, m=m, y=y, month=MONTHS[m - 1])
        return PiiValue("DATE_OF_BIRTH", text)

    def passport(self) -> PiiValue:
        text = "".join(
            self.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") if ch == "L" else str(self.rng.randint(0, 9))
            for ch in self.rng.choice(PASSPORT_FORMATS)
        )
        return PiiValue("PASSPORT", text)

    def city_postcode(self) -> PiiValue:
        return PiiValue("LOCATION", self.rng.choice(CITY_POSTCODES))

    def phone(self) -> PiiValue:
        pattern, country_digits = self.rng.choice(PHONE_FORMATS)
        text = "".join(_fill(ch, self.rng) for ch in pattern)
        digits = "".join(ch for ch in text if ch.isdigit())
        # Also the number without its country code: "+44 20 7946 0958" stored as "020 7946 0958" leaks too.
        return PiiValue("PHONE_NUMBER", text, (digits, digits[country_digits:]))

    def email(self, person: PiiValue | None = None) -> PiiValue:
        base = person.text if person else self.person().text
        ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()  # Hélène -> Helene
        local = "".join(ch for ch in ascii_name.lower().replace(" ", self.rng.choice("._")) if ch not in "'")
        return PiiValue("EMAIL_ADDRESS", f"{local}{self.rng.randint(1, 999)}@{self.rng.choice(EMAIL_DOMAINS)}")

    def card(self) -> PiiValue:
        prefix, length = self.rng.choice([("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16), ("6011", 16),
                                          ("34", 15), ("37", 15)])
        body = prefix + "".join(str(self.rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
        digits = body + luhn_check_digit(body)
        groups = (4, 6, 5) if length == 15 else (4, 4, 4, 4)
        parts, at = [], 0
        for size in groups:
            parts.append(digits[at : at + size])
            at += size
        text = self.rng.choice([" ", "-", ""]).join(parts)
        return PiiValue("CREDIT_CARD", text, (digits,))

    def address(self) -> PiiValue:
        street = self.rng.choice(STREETS).format(
            n=self.rng.randint(2, 980), k=self.rng.randint(2, 40), a=self.rng.randint(1, 9), b=self.rng.randint(1, 20)
        )
        return PiiValue("LOCATION", street)


def _fill(ch: str, rng: random.Random) -> str:
    if ch == "#":
        return str(rng.randint(0, 9))
    if ch == "N":
        return str(rng.randint(2, 9))
    return ch


def luhn_check_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        digit = int(ch)
        if i % 2 == 0:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return luhn_check_digit(number[:-1]) == number[-1]


# Templates: {P} a person, {p} a person typed in lower case, {DOB} a date of birth, {PP} a passport
# number, {CP} a city and postcode, {H} an honorific, {PH} a phone, {E} an email, {C} a card, {A} a street
# address, {city}, {sku}, {R} a report number. Questions an associate would type, about the corpus.
QUESTIONS = (
    "What is the clarity of {sku}? My client {P} ({E}) is deciding today.",
    "Client {P} asked whether {sku} can be resized; her mobile is {PH}.",
    "Can {H} {P} return {sku} within 30 days? She paid with card {C}.",
    "What clarity does report {R} give? {P} wants it delivered to {A}, {city}.",
    "Is {sku} in stock at Fifth Avenue for {H} {P}? Phone {PH}, email {E}.",
    "{P} called from {PH}: what is the price of {sku}?",
    "{H} {P} of {A}, {city} asks about the resizing policy for Celeste rings. Card on file {C}.",
    "What colour grade does report {R} show? The client is {P}, reachable at {E} or {PH}.",
    "client {p} wants to know if {sku} can be resized",
    "tax free form for {p}: passport {PP}, dob {DOB}. what is the price of {sku}?",
    "mrs {p} lives in {CP}, can we ship {sku} there?",
    "is {sku} available? {p} wants it, passport {PP}, born {DOB}",
)
DRAFTS = (
    "Draft a follow-up note to {H} {P} about the price of {sku}",
    "Write an email to {H} {P} ({E}) about the resizing of {sku}; her card on file is {C}.",
    "Draft a thank-you note to {P} at {A}, {city} about the clarity of report {R}",
    "Compose a message to the client {P}, phone {PH}, about returns of {sku}",
    "Please draft a note for my client {P} about whether {sku} can be resized; she lives at {A}.",
    "Draft a follow-up note to {H} {P} ({PH}) about the center stone of {sku}",
    "draft a note to {p} about the price of {sku}, she was born {DOB}",
    "write a note to client {p} in {CP} about the resizing of {sku}",
)
REASONS = (
    "Confirm the spelling with {P} ({PH}) before sending.",
    "{P} asked us not to write to {E}; call instead.",
    "The card {C} on this note must never be quoted to {H} {P}.",
    "Send it to {A}, {city}, not to the boutique, for {P}.",
    "check passport {PP} and dob {DOB} for {p} before the export form",
)
EDITS = (
    "Dear {H} {P},\n\nThe price of {sku} is USD 18,400. We will courier it to {A}.\n\nWith warm regards",
    "Dear {H} {P},\n\nYour ring {sku} can be resized; we will call you on {PH}.\n\nWith warm regards",
)


def fill(template: str, factory: PiiFactory) -> SyntheticText:
    """The template with fresh synthetic values; the house identifiers come from the small corpus."""
    rng = factory.rng
    values: list[PiiValue] = []
    person = factory.person()
    lower = factory.lower_person()

    def take(value: PiiValue) -> str:
        values.append(value)
        return value.text

    text = template.format_map(
        _Lazy({
            "P": lambda: take(person),
            "p": lambda: take(lower),
            "DOB": lambda: take(factory.date_of_birth()),
            "PP": lambda: take(factory.passport()),
            "CP": lambda: take(factory.city_postcode()),
            "H": lambda: rng.choice(HONORIFICS),
            "PH": lambda: take(factory.phone()),
            "E": lambda: take(factory.email(person)),
            "C": lambda: take(factory.card()),
            "A": lambda: take(factory.address()),
            "city": lambda: rng.choice(CITIES),
            "sku": lambda: rng.choice(SKUS),
            "R": lambda: rng.choice(REPORTS),
        })
    )
    return SyntheticText(text, tuple(dict.fromkeys(values)))


def questions(
    count: int, seed: int = 1921, draft_share: float = 0.4, for_client_share: float = 0.15
) -> list[SyntheticText]:
    """`count` questions, `draft_share` of them asking for a client note and `for_client_share` of the
    others to be forwarded to the client (both held for approval), in a seeded random order."""
    factory = PiiFactory(random.Random(seed))
    drafts = round(count * draft_share)
    forwarded = round((count - drafts) * for_client_share)
    out = [_as(fill(factory.rng.choice(DRAFTS), factory), draft=True) for _ in range(drafts)]
    out += [_as(fill(factory.rng.choice(QUESTIONS), factory), for_client=i < forwarded) for i in range(count - drafts)]
    factory.rng.shuffle(out)
    return out


def _as(text: SyntheticText, draft: bool = False, for_client: bool = False) -> SyntheticText:
    return SyntheticText(text.text, text.values, draft=draft, for_client=for_client)


class _Lazy(dict[str, object]):
    """format_map values made on first use, so a template only consumes the values it names."""

    def __init__(self, makers: dict[str, object]) -> None:
        super().__init__()
        self._makers = makers

    def __missing__(self, key: str) -> object:
        value = self._makers[key]()  # type: ignore[operator]
        self[key] = value
        return value
