"""A generated register with known duplicates (typos, ß/ss, umlaut spellings, swapped first and
last name, same e-mail under another name), shared by the recall test and the benchmark."""

from __future__ import annotations

import random
from dataclasses import dataclass

from contactdesk.core.services.duplicates import Record

FIRST = [
    "Agnes",
    "Albert",
    "Alexander",
    "Alina",
    "Angelika",
    "Antje",
    "Arne",
    "Bernd",
    "Bettina",
    "Carla",
    "Carsten",
    "Clara",
    "Daniel",
    "Daniela",
    "Doris",
    "Edith",
    "Emil",
    "Erik",
    "Erika",
    "Esther",
    "Fabian",
    "Florian",
    "Franziska",
    "Georg",
    "Gerda",
    "Gerhard",
    "Hartmut",
    "Heinz",
    "Helmut",
    "Henrik",
    "Ilse",
    "Irene",
    "Jakob",
    "Jana",
    "Johanna",
    "Julia",
    "Kai",
    "Kerstin",
    "Konrad",
    "Kurt",
    "Laura",
    "Lisa",
    "Lothar",
    "Luise",
    "Marco",
    "Margot",
    "Markus",
    "Martha",
    "Nadine",
    "Nils",
    "Norbert",
    "Olaf",
    "Oskar",
    "Pia",
    "Rainer",
    "Regina",
    "Robert",
    "Rosa",
    "Sebastian",
    "Simone",
    "Silke",
    "Theo",
    "Ute",
    "Valentin",
    "Vera",
    "Walter",
    "Werner",
    "Wilhelm",
    "Yvonne",
    "Zoe",
    "Anna",
    "Bärbel",
    "Jörg",
    "Jürgen",
    "Lena",
    "Stefan",
    "Katrin",
    "Sandra",
    "Thomas",
    "Özlem",
    "Paul",
    "Marie",
    "Lukas",
    "Sophie",
    "Felix",
    "Emma",
    "Hannah",
    "Günter",
    "Hans",
    "Uwe",
    "Heike",
    "Sabine",
    "Petra",
    "Monika",
    "Andreas",
    "Michael",
    "Christian",
    "Matthias",
    "Frank",
    "Klaus",
    "Karin",
    "Ursula",
    "Renate",
    "Helga",
    "Dieter",
    "Horst",
    "Gisela",
    "Birgit",
    "Susanne",
    "Ralf",
    "Maximilian",
    "Jonas",
    "Leonie",
    "Charlotte",
    "Mathilda",
    "Friedrich",
    "Käthe",
    "Björn",
    "Sören",
    "Jens",
    "Dörte",
    "Grete",
    "Ingrid",
    "Wolfgang",
    "Manfred",
    "Rüdiger",
    "Brigitte",
    "Elke",
    "Holger",
    "Tobias",
]
_HEADS = [
    "Bau",
    "Berg",
    "Brand",
    "Hoff",
    "Kr",
    "Lind",
    "Schö",
    "Wei",
    "Gro",
    "Kl",
    "Fr",
    "Hei",
    "Neu",
    "Alt",
    "Sch",
    "Ro",
    "Mü",
    "Ha",
    "Ke",
    "Bü",
    "Stein",
    "Wald",
    "Fel",
    "Rei",
    "Lau",
    "Sto",
    "Ma",
    "Dre",
    "Wo",
    "Zi",
    "Ebe",
    "Gut",
    "Lie",
    "Kö",
    "Ru",
    "Pf",
    "Tr",
    "Bra",
    "Ess",
    "Ot",
]
_TAILS = [
    "mann",
    "er",
    "ner",
    "inger",
    "hold",
    "feld",
    "ßler",
    "ler",
    "ke",
    "bach",
    "hoff",
    "dorf",
    "meier",
    "mayer",
    "schmidt",
    "haus",
    "berg",
    "stätter",
    "weiß",
    "ling",
    "lein",
    "rich",
    "wig",
    "sen",
    "ßen",
]
LAST = sorted({h + t for h in _HEADS for t in _TAILS})


@dataclass
class Person:
    first: str
    last: str
    email: str


def _typo(word: str, rnd: random.Random) -> str:
    if len(word) < 4:
        return word + word[-1]
    i = rnd.randrange(1, len(word) - 1)
    kind = rnd.randrange(4)
    if kind == 0:  # two letters swapped
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:  # a letter dropped
        return word[:i] + word[i + 1 :]
    if kind == 2:  # a letter doubled
        return word[: i + 1] + word[i] + word[i + 1 :]
    vowels = "aeiou"
    ch = word[i]
    if ch in vowels:
        return word[:i] + rnd.choice([v for v in vowels if v != ch]) + word[i + 1 :]
    return word[:i] + word[i + 1 :]


def _spelling(word: str) -> str:
    """The other German spelling: ß <-> ss, umlauts <-> ae/oe/ue."""
    table = {"ß": "ss", "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
    changed = "".join(table.get(ch, ch) for ch in word)
    if changed != word:
        return changed
    return word.replace("ss", "ß", 1) if "ss" in word else word.replace("ae", "ä", 1)


def variant(p: Person, rnd: random.Random) -> tuple[str, str, str, str]:
    """(first, last, email, kind of variant) of a second record of the same person."""
    kinds = ["typo", "spelling", "swapped", "case"] + (["same_email"] if p.email else [])
    kind = rnd.choice(kinds)
    email = p.email if rnd.random() < 0.5 else ""
    first, last = p.first, p.last
    if kind == "typo":
        if rnd.random() < 0.5:
            last = _typo(last, rnd)
        else:
            first = _typo(first, rnd)
    elif kind == "spelling":
        first, last = _spelling(first), _spelling(last)
        if (first, last) == (p.first, p.last):
            last = last.upper()
    elif kind == "swapped":
        first, last = last, first
    elif kind == "same_email":
        email = p.email
        first = rnd.choice(FIRST)
    else:
        first, last = first.upper(), last.lower()
    return first, last, email, kind


def generate(
    n_people: int, n_duplicates: int, seed: int = 7
) -> tuple[list[Record], set[tuple[int, int]]]:
    """`n_people` distinct people plus `n_duplicates` second records; the known pairs."""
    rnd = random.Random(seed)
    people: list[Person] = []
    taken: set[tuple[str, str]] = set()
    for i in range(n_people):
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        if rnd.random() < 0.3:
            first += "-" + rnd.choice(FIRST)
        while (first, last) in taken:  # distinct people have distinct names
            first = rnd.choice(FIRST) + "-" + rnd.choice(FIRST)
            last = rnd.choice(LAST)
        taken.add((first, last))
        email = f"{first.lower()}.{last.lower()}.{i}@example.org" if rnd.random() < 0.7 else ""
        people.append(Person(first, last, email))
    records = [
        Record(
            id=i + 1,
            kind="person",
            display_name=f"{p.first} {p.last}",
            first_name=p.first,
            last_name=p.last,
            emails=frozenset({p.email}) if p.email else frozenset(),
        )
        for i, p in enumerate(people)
    ]
    truth: set[tuple[int, int]] = set()
    for j, idx in enumerate(rnd.sample(range(n_people), n_duplicates)):
        first, last, email, _kind = variant(people[idx], rnd)
        new_id = n_people + j + 1
        records.append(
            Record(
                id=new_id,
                kind="person",
                display_name=f"{first} {last}",
                first_name=first,
                last_name=last,
                emails=frozenset({email}) if email else frozenset(),
            )
        )
        truth.add((idx + 1, new_id))
    return records, truth


def precision_recall(
    found: set[tuple[int, int]], truth: set[tuple[int, int]]
) -> tuple[float, float]:
    hits = len(found & truth)
    return (hits / len(found) if found else 1.0), (hits / len(truth) if truth else 1.0)
