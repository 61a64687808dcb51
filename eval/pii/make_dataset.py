"""Write eval/pii/dataset.jsonl (`python -m eval.pii.make_dataset`): seeded synthetic associate notes
with labelled PII spans and labelled house identifiers, which must never be redacted."""

# One JSON object a line: {"text", "spans": [{"start", "end", "type"}], "split"}; split is
# "tuning", "held_out" or "held_out_2" (see the template lists below).

from __future__ import annotations

import argparse
import json
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Labels that are PII (what the redactor must find) and labels that are house text (what it must
# leave alone). The measure script reads both from the file, so they are spelled once, here.
PII_LABELS = ("PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "LOCATION")
HOUSE_LABELS = ("SKU", "STOCK_NUMBER", "REPORT_NUMBER", "PRICE", "CARAT", "DATE", "HOUSE_CONTACT", "HOUSE_TERM")

# Names from seven naming cultures, plus first names and surnames that are also jewelry words.
# They live here only: the recognizers must find names from context, never from a list.
FIRST_NAMES = {
    "french": ["Camille", "Élodie", "Margaux", "Hélène", "Amélie", "Céline", "Juliette", "Louis", "Antoine",
               "Étienne", "Théo", "Mathieu", "Sébastien", "Aurélien", "Chloé", "Bérénice"],
    "british": ["Eleanor", "Charlotte", "Harriet", "Imogen", "Olivia", "George", "Oliver", "Henry", "Rupert",
                "William", "Fiona", "Alistair", "Beatrice", "Hugo"],
    "japanese": ["Hiroshi", "Yuki", "Haruka", "Kenji", "Sakura", "Takeshi", "Aiko", "Ren", "Yui", "Daisuke",
                 "Emi", "Sora", "Naoko", "Kaito"],
    "american": ["Madison", "Brittany", "Tyler", "Connor", "Jessica", "Kayla", "Brandon", "Ashley", "Hunter",
                 "Taylor", "Jordan", "Morgan", "Dakota", "Chase"],
    "arabic": ["Fatima", "Omar", "Layla", "Khalid", "Noura", "Youssef", "Mariam", "Hassan", "Aisha", "Tariq",
               "Samira", "Karim", "Rania", "Walid"],
    "chinese": ["Wei", "Xiaoming", "Mei", "Jun", "Yan", "Hao", "Lin", "Jing", "Ying", "Zhen", "Ming", "Xiu"],
    "spanish": ["Carmen", "Lucía", "Alejandro", "Javier", "Sofía", "Isabel", "Diego", "Mateo", "Valentina",
                "Marisol", "Pilar", "Santiago", "Inés", "Rocío"],
}
LAST_NAMES = {
    "french": ["Dubois", "Lefèvre", "Moreau", "Laurent", "Fontaine", "Girard", "Rousseau", "Chevalier",
               "de la Tour", "Beaumont", "Mercier", "Lambert", "Duval", "Perrin", "Marchand", "Delacroix"],
    "british": ["Whitcombe", "Ashworth", "Pemberton", "Fairfax", "Blackwood", "Hargreaves", "Thornton",
                "Wetherby", "Lockhart", "O'Brien", "McAllister", "Fitzgerald", "Cavendish", "Holloway"],
    "japanese": ["Tanaka", "Sato", "Suzuki", "Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi",
                 "Ito", "Kato", "Yoshida", "Matsumoto", "Hayashi", "Shimizu"],
    "american": ["Johnson", "Miller", "Davis", "Anderson", "Thompson", "Carter", "Mitchell", "Hughes",
                 "Walker", "Coleman", "Patterson", "Brooks", "Sullivan", "Reed"],
    "arabic": ["Al-Sayed", "Haddad", "Al-Mansouri", "Nasser", "El-Amin", "Khoury", "bin Rashid", "Al-Fayed",
               "Saleh", "Abboud", "Mansour", "Farouk", "Al-Qasimi", "Darwish"],
    "chinese": ["Zhang", "Wang", "Chen", "Liu", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Guo", "Tang", "Lau"],
    "spanish": ["García", "Fernández", "Martínez", "López", "Ruiz", "de la Vega", "Navarro", "Ortega",
                "Castillo", "Romero", "Vargas", "Morales"],
}
WORD_FIRST_NAMES = ["Rose", "Pearl", "Ruby", "Amber", "Jade", "Opal", "Crystal", "Coral", "Esmeralda", "Celeste",
                    "Goldie", "Sterling"]
WORD_LAST_NAMES = ["Gold", "Stone", "Price", "Baker", "Silver", "Jewell", "Goldsmith", "Diamond", "Rich", "Bond"]
HONORIFICS = ["Mr.", "Mrs.", "Ms.", "Dr.", "Mme", "M.", "Miss", "Mlle", "Sra.", "Mr", "Mrs", "Ms", "Prof."]

EMAIL_DOMAINS = ["gmail.com", "yahoo.co.uk", "outlook.fr", "orange.fr", "icloud.com", "hotmail.com",
                 "docomo.ne.jp", "qq.com", "163.com", "wanadoo.fr", "me.com", "protonmail.com", "live.jp",
                 "emirates.net.ae", "telefonica.es", "btinternet.com", "lavillette-avocats.fr"]

STORES = ["Fifth Avenue", "Rodeo Drive", "Place Vendome", "Bond Street", "Ginza"]
COLLECTIONS = ["Celeste", "Riviera", "Orangerie", "Sillage", "Perle de Lune", "Verdure", "Atelier Heritage"]
CATEGORIES = ["ring", "earrings", "pendant", "necklace", "bracelet"]
CATEGORY_CODES = {"ring": "RG", "earrings": "ER", "pendant": "PD", "necklace": "NK", "bracelet": "BR"}
HOUSE_CONTACTS = ["ext. 2100", "ext. 2400", "ext. 3300", "ext. 2900", "clientcare@maison-aurelle.com",
                  "gemology@maison-aurelle.com", "atelier@maison-aurelle.com"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

EN_STREETS = ["Baker Street", "Kings Road", "Elm Avenue", "Chester Square", "Ladbroke Grove", "Maple Drive",
              "Oak Lane", "Cadogan Place", "Sunset Boulevard", "Fifth Avenue", "Park Avenue", "Rodeo Drive",
              "Bond Street", "Eaton Terrace", "Holland Park Gardens", "Bedford Mews", "Madison Avenue",
              "Lexington Avenue", "Beverly Drive", "West 57th Street", "Mount Street", "Abbey Road"]
FR_STREETS = ["Rue de la Paix", "rue du Faubourg Saint-Honoré", "avenue Montaigne", "boulevard Haussmann",
              "place des Vosges", "quai Voltaire", "rue de Rivoli", "avenue Foch", "rue Saint-Dominique",
              "place Vendôme", "rue de Grenelle", "boulevard Saint-Germain"]
JP_AREAS = ["Ginza, Chuo-ku", "Minami-Aoyama, Minato-ku", "Jingumae, Shibuya-ku", "Roppongi, Minato-ku",
            "Nishi-Azabu, Minato-ku", "Marunouchi, Chiyoda-ku"]
ES_DE_STREETS = ["Calle de Serrano {n}", "Paseo de Gracia {n}", "Calle Velázquez {n}", "Maximilianstraße {n}",
                 "Königsallee {n}"]
UNITS = ["", "", "", ", Apt 5", ", Apt 12B", ", Flat 3", ", Suite 200", ", Apartment 4C", " #7", ", Unit 9"]
CITIES = ["", ", New York", ", London", ", Paris", ", Beverly Hills, CA 90210", ", London W1K 6TE",
          ", 75008 Paris", ", Tokyo", ", Dubai", ", Madrid"]

Segment = tuple[str, str | None]  # (text, label or None)


@dataclass(frozen=True)
class Person:
    first: str
    last: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


class Slots:
    """Random values for each kind of slot, all drawn from one seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    # --- people -------------------------------------------------------------------------------
    def person(self) -> Person:
        r = self.rng
        culture = r.choice(sorted(FIRST_NAMES))
        first = r.choice(WORD_FIRST_NAMES) if r.random() < 0.12 else r.choice(FIRST_NAMES[culture])
        last = r.choice(WORD_LAST_NAMES) if r.random() < 0.08 else r.choice(LAST_NAMES[culture])
        if culture in ("chinese", "japanese") and r.random() < 0.3:
            first, last = last, first  # family name first, as the client writes it
        return Person(first, last)

    def name(self) -> list[Segment]:
        return [(self.person().full, "PERSON")]

    def first(self) -> list[Segment]:
        return [(self.person().first, "PERSON")]

    def hon_name(self) -> list[Segment]:
        return [(self.rng.choice(HONORIFICS) + " ", None), (self.person().full, "PERSON")]

    def hon_last(self) -> list[Segment]:
        return [(self.rng.choice(HONORIFICS) + " ", None), (self.person().last, "PERSON")]

    def word_name(self) -> list[Segment]:
        return [(f"{self.rng.choice(WORD_FIRST_NAMES)} {self.person().last}", "PERSON")]

    # --- contact details ----------------------------------------------------------------------
    def phone(self) -> list[Segment]:
        return [(self._phone(), "PHONE_NUMBER")]

    def _phone(self) -> str:
        r = self.rng

        def d(n: int) -> str:
            return "".join(str(r.randrange(10)) for _ in range(n))

        area = r.choice(["212", "646", "917", "310", "424", "213", "718"])
        mobile_fr = f"0{r.choice('67')}"
        formats: list[Callable[[], str]] = [
            lambda: f"({area}) 555-{d(4)}",
            lambda: f"({area}) {r.randint(200, 999)}-{d(4)}",
            lambda: f"{area}-{r.randint(200, 999)}-{d(4)}",
            lambda: f"+1 {area} 555 {d(4)}",
            lambda: f"+1 ({area}) {r.randint(200, 999)}-{d(4)}",
            lambda: f"{area}.{r.randint(200, 999)}.{d(4)}",
            lambda: f"+33 1 {d(2)} {d(2)} {d(2)} {d(2)}",
            lambda: f"+33 {r.choice('67')} {d(2)} {d(2)} {d(2)} {d(2)}",
            lambda: f"{mobile_fr} {d(2)} {d(2)} {d(2)} {d(2)}",
            lambda: f"01 {d(2)} {d(2)} {d(2)} {d(2)}",
            lambda: f"{mobile_fr}.{d(2)}.{d(2)}.{d(2)}.{d(2)}",
            lambda: f"+44 20 7946 0{d(3)}",
            lambda: f"020 7946 0{d(3)}",
            lambda: f"07700 900{d(3)}",
            lambda: f"+44 7700 900{d(3)}",
            lambda: f"+44 (0)20 7{d(3)} {d(4)}",
            lambda: f"+81 3-{d(4)}-{d(4)}",
            lambda: f"03-{d(4)}-{d(4)}",
            lambda: f"090-{d(4)}-{d(4)}",
            lambda: f"+81 90 {d(4)} {d(4)}",
            lambda: f"+971 50 {d(3)} {d(4)}",
            lambda: f"+86 138 {d(4)} {d(4)}",
            lambda: f"+34 6{d(2)} {d(2)} {d(2)} {d(2)}",
            lambda: f"+852 9{d(3)} {d(4)}",
        ]
        return r.choice(formats)()

    def email(self) -> list[Segment]:
        r = self.rng
        p = self.person()
        first, last = _ascii(p.first).lower(), _ascii(p.last).lower().replace(" ", "").replace("'", "")
        local = r.choice([f"{first}.{last}", f"{first[0]}.{last}", f"{first}{last}{r.randint(1, 99)}",
                          f"{last}_{first}", f"{first}.{last}+gifts", f"{last}.{first[0]}", f"{first}-{last}"])
        return [(f"{local}@{r.choice(EMAIL_DOMAINS)}", "EMAIL_ADDRESS")]

    def card(self) -> list[Segment]:
        r = self.rng
        brand = r.choice(["visa", "mastercard", "mastercard2", "amex", "discover", "jcb", "diners"])
        prefix, length = {
            "visa": (str(r.choice([4111, 4532, 4916, 4024])), 16),
            "mastercard": (str(r.randint(51, 55)), 16),
            "mastercard2": (str(r.randint(2221, 2720)), 16),
            "amex": (r.choice(["34", "37"]), 15),
            "discover": ("6011", 16),
            "jcb": (str(r.randint(3528, 3589)), 16),
            "diners": (r.choice(["36", "300", "305"]), 14),
        }[brand]
        body = prefix + "".join(str(r.randrange(10)) for _ in range(length - len(prefix) - 1))
        number = body + _luhn_digit(body)
        groups = {15: (4, 6, 5), 14: (4, 6, 4)}.get(length, (4, 4, 4, 4))
        sep = r.choice([" ", " ", "-", ""])
        return [(sep.join(_split(number, groups)), "CREDIT_CARD")]

    def card_brand(self) -> list[Segment]:
        return [(self.rng.choice(["Visa", "Mastercard", "Amex", "JCB", "Discover", "Diners Club"]), None)]

    def iban(self) -> list[Segment]:
        r = self.rng
        country, bban = r.choice([
            ("FR", "".join(str(r.randrange(10)) for _ in range(23))),
            ("GB", "NWBK" + "".join(str(r.randrange(10)) for _ in range(14))),
            ("DE", "".join(str(r.randrange(10)) for _ in range(18))),
            ("ES", "".join(str(r.randrange(10)) for _ in range(20))),
        ])
        iban = country + _iban_check(country, bban) + bban
        return [(" ".join(_split(iban, [4] * (len(iban) // 4) + [len(iban) % 4])).strip(), "IBAN_CODE")]

    def ssn(self) -> list[Segment]:
        r = self.rng
        area = r.choice([n for n in range(1, 900) if n != 666])
        return [(f"{area:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}", "US_SSN")]

    def address(self) -> list[Segment]:
        r = self.rng
        kind = r.random()
        if kind < 0.5:
            number = r.choice([str(r.randint(1, 120)), f"{r.randint(1, 400)}B", str(r.randint(100, 1500))])
            text = f"{number} {r.choice(EN_STREETS)}{r.choice(UNITS)}"
        elif kind < 0.8:
            text = f"{r.randint(1, 60)} {r.choice(FR_STREETS)}"
        elif kind < 0.92:
            text = f"{r.randint(1, 9)}-{r.randint(1, 20)}-{r.randint(1, 30)} {r.choice(JP_AREAS)}"
        else:
            text = r.choice(ES_DE_STREETS).format(n=r.randint(1, 120))
        return [(text, "LOCATION"), (r.choice(CITIES), None)]

    # --- house text ---------------------------------------------------------------------------
    def sku(self) -> list[Segment]:
        r = self.rng
        code = CATEGORY_CODES[r.choice(CATEGORIES)]
        return [(f"AUR-{code}-{r.randint(1, 7)}{r.randint(0, 999):03d}", "SKU")]

    def stock(self) -> list[Segment]:
        return [(f"AUR-LD-{self.rng.randint(10000, 19999)}", "STOCK_NUMBER")]

    def report(self) -> list[Segment]:
        r = self.rng
        return [(str(r.randint(1, 9)) + "".join(str(r.randrange(10)) for _ in range(9)), "REPORT_NUMBER")]

    def price(self) -> list[Segment]:
        r = self.rng
        amount = f"{r.randint(18, 1800) * 10:,}" if r.random() < 0.8 else f"{r.randint(1, 9) * 1000 + 50:,}"
        return [(r.choice([f"USD {amount}", f"${amount}", f"{amount} USD", f"EUR {amount}", f"£{amount}"]), "PRICE")]

    def carat(self) -> list[Segment]:
        r = self.rng
        return [(f"{r.randint(30, 304) / 100:.2f} {r.choice(['ct', 'ct', 'ctw', 'carats'])}", "CARAT")]

    def iso_date(self) -> list[Segment]:
        r = self.rng
        return [(f"{r.randint(2022, 2026)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", "DATE")]

    def day(self) -> list[Segment]:
        return [(f"{self.rng.randint(1, 28)} {self.rng.choice(MONTHS)}", None)]

    def store(self) -> list[Segment]:
        return [(self.rng.choice(STORES), "HOUSE_TERM")]

    def collection(self) -> list[Segment]:
        return [(self.rng.choice(COLLECTIONS), "HOUSE_TERM")]

    def category(self) -> list[Segment]:
        return [(self.rng.choice(CATEGORIES), None)]

    def contact(self) -> list[Segment]:
        return [(self.rng.choice(HOUSE_CONTACTS), "HOUSE_CONTACT")]


# Associate notes and questions. {slot}s are filled by the method of the same name above.
PII_TEMPLATES = [
    "{hon_name} ({phone}) asked whether {sku} can be resized before {day}.",
    "Please email the certificate {report} to {email}",
    "Card {card} for the deposit on the {collection} {category}, {price}",
    "Client {name} would like the {collection} {category} ({sku}) sent to {address}.",
    "{name} called from {phone} about the {carat} stone, report {report}.",
    "Can you hold {sku} for {hon_last} until Friday? Her mobile is {phone}.",
    "{hon_last} paid {price} with {card_brand} {card}; receipt to {email}.",
    "Delivery address for {hon_name}: {address}.",
    "Note from the {store} boutique: {name} ({email}) wants to compare {stock} with {stock}.",
    "Her husband {name} will collect the repair; reach him on {phone}.",
    "Dear {hon_last}, your {collection} ring ({sku}) is ready for collection at {store}.",
    "Wire from IBAN {iban} received for {sku}, {price}.",
    "The client's SSN {ssn} was written on the appraisal form for {report} by mistake; please remove it.",
    "Send the appraisal for {report} to {hon_name}, {address}.",
    "{name} and {name} are choosing between {stock} ({carat}) and {stock}.",
    "VIP client {name} prefers WhatsApp: {phone}.",
    "Booked a bridal appointment at {store} for {name} and her fiancé {name} on {iso_date}.",
    "{name} <{email}> asked for the {collection} catalogue and the price of {sku}.",
    "Please courier {sku} to {hon_name} at {address} (tel. {phone}).",
    "Refund {price} to card {card} for {hon_name}.",
    "Gift receipt for {name}; the buyer, {name}, asked us not to mention the {price} price.",
    "{first} from {store} says {hon_last} will come in on {iso_date} to see {stock}.",
    "{hon_name} lives at {address} and wants the {collection} {category} delivered there.",
    "Callback requested: {name}, {phone}, about {sku} ({price}).",
    "Customer {name} disputes the charge on {card} for {sku}.",
    "Follow up with {hon_name} ({email}) about the {carat} diamond, report {report}.",
    "{name} asked if the {collection} {category} {sku} can be engraved; her number is {phone}.",
    "Transfer from {iban} for {price}, reference {sku}, payer {name}.",
    "New client {name}, {address}, {phone}, {email}.",
    "Can the {store} team call {hon_last} on {phone} before {day}?",
    "Dear {first}, thank you for visiting {store}; the {collection} {category} is reserved until {iso_date}.",
    "{hon_name} wants to trade in her ring for {stock}; she can be reached at {email} or {phone}.",
    "Invoice {price} to {name}, {address}; card on file {card}.",
    "Collected by her daughter {name}, who showed ID; receipt for {sku}.",
    "SSN {ssn} and card {card} were pasted into the chat by {name}: redact before saving.",
    "Ring sizing for {hon_name} at {store}: size 52, {sku}, quote {price}.",
    "{name} from {address} asked about the repair status; repair number R-2026-00{report_tail}.",
    "Client {name} emailed from {email}: is {stock} still available?",
    "Please call {name} back at {phone}.",
    "{hon_name} and {hon_name} are regulars at {store}.",
]

# Names that are also jewelry words next to the same words used as words.
TRICKY_TEMPLATES = [
    "{hon} {named:Rose} loves rose gold; show her the Sillage rose gold band {sku}.",
    "Client {named:Pearl} asked whether the pearl strand {sku} can be restrung.",
    "Client {named:Ruby} wants a ruby ring from Atelier Heritage, budget {price}.",
    "{hon} {named:Amber} prefers yellow gold to the amber-toned citrine.",
    "{hon} {named:Celeste} wants a Celeste solitaire of around {carat}.",
    "The Celeste solitaire {sku} is reserved for {named:Jade}.",
    "{named:Ruby} called about the Verdure emerald ring, {phone}.",
    "Mrs. {named:Opal}'s pearl necklace needs restringing; report {report}.",
    "{hon} {named:Crystal} compared the Riviera tennis bracelet with the Sillage pave band.",
    "{named:Esmeralda} asked for emeralds from the Verdure collection; email {email}.",
    "Show {hon} {named:Coral} the coral-pink sapphire pendant {sku}.",
    "Ms. {as_name:Celeste} asked whether the Celeste ring {sku} comes in rose gold.",
]
TRICKY_NO_PII = [
    "The ruby ring and the pearl strand from Perle de Lune are both at {store}.",
    "Show the rose gold Sillage band and the amber-toned citrine next to {sku}.",
    "Jade and opal pieces are not part of the Celeste collection.",
    "A Celeste solitaire of {carat} in rose gold is {price}.",
    "Rose gold, yellow gold or platinum: which metal suits the Orangerie pendant {sku}?",
    "Ruby and sapphire pieces from Atelier Heritage can be cleaned like diamonds.",
    "Pearl strands from Perle de Lune are restrung every 2 years.",
    "Amber and coral are soft: never clean them ultrasonically.",
    "Crystal clarity photos of {stock} are in the Gemology Desk folder.",
    "The Celeste halo ring {sku} and the Riviera bracelet sold at {store} on {iso_date}.",
]

HOUSE_TEMPLATES = [
    "Is {sku} still available at {store}? The certificate is {report}.",
    "{stock} is a {carat} round, {price}, report {report}.",
    "Price check: {sku} is {price}; {stock} is {price}.",
    "Per the Client Service Policy (effective {iso_date}), resizing {sku} is complimentary.",
    "Escalate to the Client Care Desk at {contact} or {contact}.",
    "The {collection} pendant {sku} ({carat}) moved from {store} to {store} on {iso_date}.",
    "Grading report {report}, Lumen Diamond Institute, dated {iso_date}: {carat}, G, VS1.",
    "Inscription MAISON AURELLE {report} matches report {report}.",
    "Repair R-2026-00{report_tail} for {sku} is due on {iso_date}.",
    "Quote {price} for the {collection} bracelet, or {price} with the matching earrings {sku}.",
    "Call the Gemology Desk ({contact}) about {report} before quoting {price}.",
    "Does {sku} ({carat}, {price}) come with a Meridian Gemological Laboratory report?",
    "Compare {stock} and {stock}: both {carat}, report {report} and report {report}.",
    "The {store} boutique holds {sku}; {store} holds {stock} ({price}).",
    "What is the resizing fee for {sku} after 60 days? It was bought on {iso_date} for {price}.",
    "Availability of {sku}: Fifth Avenue: 1; Rodeo Drive: 0; Place Vendome: 0; Bond Street: 0; Ginza: 0.",
    "Measurements for {report}: 7.43 - 7.38 x 4.58 mm, depth 61.9%, table 57%.",
    "Can {stock} be set in the {collection} {category}? Total {price}.",
]

LOWERCASE_NO_PII = [
    "what is the resizing fee for a platinum ring?",
    "can pearls go in the ultrasonic cleaner",
    "how long does hand engraving at the atelier take",
    "is the riviera tennis bracelet available in rose gold",
    "whats the return window for engraved pieces",
    "do we buy back pieces from clients?",
    "how often should a pearl strand be restrung",
    "can an eternity band be resized",
    "what does the warranty cover for lost melee diamonds",
    "who approves refunds above the limit",
    "is {sku_lower} resizable",
    "price of {stock_lower} please",
]
LOWERCASE_PII = [
    "client wants a callback on {phone} about the riviera bracelet",
    "send the invoice to {email} pls",
    "card is {card} exp 09/27, deposit for the celeste ring",
    "can you ship it to {address} tomorrow",
]


# Written after the recognizers had been tuned on every template above, and never tuned on: their
# phrasing is new, so their scores estimate how the recognizers do on notes nobody tuned them for.
HELD_OUT_TEMPLATES = [
    "Spoke with {name} today; she'd like to see the {collection} pieces again next week.",
    "{name} mentioned her sister might buy the matching earrings.",
    "Left a voicemail for {name}.",
    "Appointment moved: {name}, Thursday 3pm, {store}.",
    "Paid in full by {name} ({card}).",
    "Shipping label: {name}, {address}",
    "{name} is allergic to nickel; use platinum only.",
    "According to {name}, the clasp broke in March.",
    "Spoke to {hon_last}'s assistant, {name}, who confirmed the pickup.",
    "Reach her on WhatsApp {phone} or by email at {email}.",
    "Number to call: {phone}.",
    "Her new number is {phone} and the old one, {phone}, no longer works.",
    "{email} bounced; ask for another address.",
    "The full card number {card} was read aloud on the phone; do not store it.",
    "Billing: {card} / {name}",
    "Ship to: {address}",
    "Home address on the repair form: {address}.",
    "SSN: {ssn}",
    "Bank details for the refund: {iban} ({name}).",
    "I met {name} and {name} at the {store} event; both asked about {sku}.",
    "{name} asked us to hold {stock}; deposit {price} taken.",
    "{name}'s birthday is next month and her husband wants {sku}.",
    "Thank-you note to {hon_name} for purchasing {sku}.",
    "The piece was a gift from {name} to {name}.",
    "Any update for {name}? She has been waiting since {day}.",
    "Client since 2015: {name}, prefers appointments at {store}.",
    "{as_name:Pearl} asked whether her pearls need restringing.",
    "{as_name:Ruby} said the ruby ring fits perfectly.",
    "Send {as_name:Amber} the photos of the amber-toned citrine.",
    "Does the {collection} range include a {carat} pear shape under {price}?",
    "{sku} or {sku}: which has the better clarity?",
    "Stock {stock} shows report {report}; please double-check the lab.",
    "What is the lead time on hand engraving for {sku}?",
]


# Written after the held-out set above had shown what the first round of recognizers missed, and
# before the second round was built: the only set no recognizer was ever tuned on.
HELD_OUT_2_TEMPLATES = [
    "Mailed the catalogue to {name} last week.",
    "{name} would prefer a call after 6pm.",
    "We received a complaint from {name} about the clasp.",
    "Is {name} the same client who bought {sku} in 2019?",
    "Please book {name} in with the gemologist on {day}.",
    "Phone note: {name} rang and will call again tomorrow.",
    "{hon_name} and her partner {name} loved the {collection} window.",
    "Return processed for {name}; refund {price} to {card}.",
    "Reminder: {name} collects her pearls on {day}.",
    "Both {name} and {name} asked for {stock}.",
    "A courier will bring the ring to {name} at {address}.",
    "{first} said she will decide by Friday.",
    "Can someone confirm whether {name} has an appraisal for {report}?",
    "Forwarded {name}'s request to the Paris Atelier.",
    "{name}, {name} and {name} are on the VIP list for the {store} preview.",
    "Her email is {email}, phone {phone}.",
    "Contact: {phone} / {email}",
    "Deliver to {address} before {day}.",
    "Card: {card}",
    "IBAN {iban}",
    "Can {sku} be shown alongside {stock} at {store}?",
    "We should invite {name} to the {collection} launch.",
    "{name} (VIP) wants the {collection} {category} in a smaller size.",
    "Note: {name} paid by bank transfer from {iban}.",
]


class DatasetWriter:
    """Fills templates with seeded values and records every labelled span's offsets."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.slots = Slots(self.rng)

    def fill(self, template: str) -> dict[str, object]:
        text = ""
        spans: list[dict[str, object]] = []
        for literal, slot, arg in re.findall(r"([^{]*)(?:\{(\w+)(?::([^}]*))?\})?", template):
            text += literal
            if not slot:
                continue
            for piece, label in self._slot(slot, arg):
                if label and piece:
                    spans.append({"start": len(text), "end": len(text) + len(piece), "type": label})
                text += piece
        return {"text": text, "spans": spans}

    def _slot(self, slot: str, arg: str) -> list[Segment]:
        if slot == "hon":
            return [(self.rng.choice(["Mrs.", "Ms.", "Mme", "Miss", "Dr."]), None)]
        if slot == "named":  # a word-name ("Rose") with a random surname
            return [(f"{arg} {self.slots.person().last}", "PERSON")]
        if slot == "as_name":  # a word used alone as a name ("Ms. Celeste")
            return [(arg, "PERSON")]
        if slot == "report_tail":
            return [(f"{self.rng.randint(100, 999)}", None)]
        if slot in ("sku_lower", "stock_lower"):
            piece, label = getattr(self.slots, slot.removesuffix("_lower"))()[0]
            return [(piece.lower(), label)]
        return getattr(self.slots, slot)()

    def held_out(self, count: int, templates: list[str], split: str) -> list[dict[str, object]]:
        return [{**self.fill(self.rng.choice(templates)), "split": split} for _ in range(count)]

    def sentences(self, count: int) -> list[dict[str, object]]:
        groups = [
            (PII_TEMPLATES, 0.62),
            (TRICKY_TEMPLATES, 0.08),
            (TRICKY_NO_PII, 0.06),
            (HOUSE_TEMPLATES, 0.16),
            (LOWERCASE_NO_PII, 0.05),
            (LOWERCASE_PII, 0.03),
        ]
        out = []
        for _ in range(count):
            templates = self.rng.choices([g for g, _ in groups], weights=[w for _, w in groups])[0]
            out.append({**self.fill(self.rng.choice(templates)), "split": "tuning"})
        return out


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        n = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return str((10 - total % 10) % 10)


def _iban_check(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return f"{98 - int(numeric) % 97:02d}"


def _split(value: str, sizes: list[int] | tuple[int, ...]) -> list[str]:
    parts, i = [], 0
    for size in sizes:
        if size:
            parts.append(value[i : i + size])
            i += size
    return parts


def _ascii(value: str) -> str:
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1921)
    parser.add_argument("--count", type=int, default=800, help="sentences from the tuning templates")
    parser.add_argument("--held-out", type=int, default=250, help="sentences from each held-out template set")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("dataset.jsonl"))
    args = parser.parse_args()
    if args.count < 600:
        parser.error(f"--count {args.count} is too small: the measure needs at least 600 sentences")

    writer = DatasetWriter(args.seed)
    rows = (
        writer.sentences(args.count)
        + writer.held_out(args.held_out, HELD_OUT_TEMPLATES, "held_out")
        + writer.held_out(args.held_out, HELD_OUT_2_TEMPLATES, "held_out_2")
    )
    with args.out.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    labels = Counter(s["type"] for row in rows for s in row["spans"])  # type: ignore[attr-defined]
    print(f"wrote {len(rows)} sentences to {args.out}: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))


if __name__ == "__main__":
    main()
