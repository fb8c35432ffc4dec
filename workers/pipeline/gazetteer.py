"""Actor and place knowledge: countries, demonyms, seats of power, roles, groups."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workers.pipeline.gazetteer_data import Sources, fold, read_sources
from workers.pipeline.model import Entity, Location

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# Kinds of entry, best first: when two entries cover the same words, the earlier wins
# (so "Singapore" is the country before it is the capital standing for its state).
ENTRY_KINDS: tuple[str, ...] = ("organization", "country", "metonym", "demonym", "role")
LEADING_WORDS = frozenset(
    "the a an his her its their our your my this that these those some many several "
    "both all other another".split()
)

# "northern Syria", "West Darfur State": a part of a place is in its country.
PART_WORDS = frozenset(
    "northern southern eastern western central northeastern northwestern "
    "southeastern southwestern north south east west upper lower greater".split()
)
PLACE_KINDS = frozenset(
    "state province region district governorate county city town area valley "
    "prefecture municipality".split()
)
# "anti-Syria", "pro-Moscow": a stance towards an actor, not that actor's own.
STANCE_PREFIXES = frozenset({"anti", "pro"})
# Country names this long or longer are recognised with one letter wrong
# ("Afganistan"): shorter ones lie too close to other words.
MISSPELT_MIN = 6
_WORD = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*\.?|&")


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a phrase with its folded form and character offsets."""

    text: str
    norm: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer row: what a phrase names, and the phrase as written in the data."""

    kind: str
    entity: Entity
    pattern: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Match:
    """An entry found over words ``start:end`` of a phrase."""

    start: int
    end: int
    entry: Entry


def words(text: str) -> list[Word]:
    """Split a phrase into words; a possessive "'s" becomes a word of its own."""
    out: list[Word] = []
    for m in _WORD.finditer(text):
        token, start = m.group(), m.start()
        if len(token) > 2 and token[-2:] in ("'s", "’s"):
            out.append(Word(token[:-2], fold(token[:-2]), start, m.end() - 2))
            out.append(Word("'s", "'s", m.end() - 2, m.end()))
        else:
            out.append(Word(token, fold(token), start, m.end()))
    return out


def _case_fits(pattern: tuple[str, ...], found: Iterable[Word]) -> bool:
    # Names in the data are capitalised and acronyms are upper case: text must agree,
    # so "us", "who" and "is" never read as the US, the WHO or the Islamic State.
    for want, word in zip(pattern, found, strict=True):
        letters = want.replace(".", "").replace("'", "")
        if len(letters) > 1 and letters.isupper():
            if not word.text.replace(".", "").isupper():
                return False
        elif want[:1].isupper() and not word.text[:1].isupper():
            return False
    return True


class Gazetteer:
    """Phrase → Entity and name → Location, from the data files and two packages."""

    def __init__(self) -> None:
        self._index: dict[tuple[str, ...], list[Entry]] = {}
        self._places: dict[str, Location] = {}
        # Names that several countries' cities share: "Tripoli" (Libya, Lebanon).
        self._place_options: dict[str, list[Location]] = {}
        self._city_alias: dict[str, Location] = {}
        self.country_names: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        # Office holders by every folded form of their name, and by surname.
        self._holders: dict[tuple[str, ...], Entity] = {}
        self._holders_by_surname: dict[str, list[tuple[tuple[str, ...], Entity]]] = {}
        self._longest = 1
        self._load()

    @classmethod
    @functools.cache
    def default(cls) -> Gazetteer:
        """The shared instance, built on first use."""
        return cls()

    # -- building -------------------------------------------------------------

    def _add(self, kind: str, alias: str, entity: Entity) -> None:
        pattern = tuple(w.text for w in words(alias))
        if not pattern:
            return
        key = tuple(fold(w) for w in pattern)
        entries = self._index.setdefault(key, [])
        if any(e.kind == kind and e.entity == entity for e in entries):
            return
        entries.append(Entry(kind, entity, pattern))
        entries.sort(key=lambda e: ENTRY_KINDS.index(e.kind))
        self._longest = max(self._longest, len(key))

    def _load(self) -> None:
        sources = read_sources()
        self.country_names = sources.country_names
        self.capitals = sources.capitals
        for kind, alias, entity in sources.entries:
            self._add(kind, alias, entity)
        for name, location, overrides in sources.places:
            if overrides:
                self._places[fold(name)] = location
            else:
                self._places.setdefault(fold(name), location)
        for name, location in sources.namesake_cities:
            options = self._place_options.setdefault(fold(name), [])
            if all(o.country != location.country for o in options):
                options.append(location)
        self._place_options = {
            key: options
            for key, options in self._place_options.items()
            if len(options) > 1 and self._places.get(key) in options
        }
        self._add_regions_named_after_states(sources)
        for alias, location in sources.city_aliases:
            self._city_alias.setdefault(fold(alias), location)
        for forms in sources.titles:
            for form in forms:
                self._titles[fold(form)] = fold(forms[0])
        for names, holder in sources.people:
            for name in names:
                key = tuple(w.norm for w in words(name))
                self._holders.setdefault(key, holder)
                if len(key) > 1:
                    self._holders_by_surname.setdefault(key[-1], []).append(
                        (key, holder)
                    )

    def _add_regions_named_after_states(self, sources: Sources) -> None:
        """ "Northern Ireland" is in the United Kingdom, not Ireland: a curated region
        whose name holds another state's is matched whole, as its own state."""
        for name, location, curated in sources.places:
            code = location.country
            if not curated or code is None or len(words(name)) < 2:
                continue
            if any(
                m.entry.kind == "country" and m.entry.entity.country != code
                for m in self.matches(words(name))
            ):
                entity = Entity(self.country_names[code], "country", code, None)
                self._add("country", name, entity)

    # -- querying -------------------------------------------------------------

    def matches(self, found: list[Word]) -> list[Match]:
        """Longest entries over ``found``, left to right, without overlaps."""
        out: list[Match] = []
        i = 0
        while i < len(found):
            if _after_stance_prefix(found, i):
                i += 1
                continue
            for size in range(min(self._longest, len(found) - i), 0, -1):
                part = found[i : i + size]
                entry = next(
                    (
                        e
                        for e in self._index.get(tuple(w.norm for w in part), [])
                        if _case_fits(e.pattern, part)
                    ),
                    None,
                )
                if entry is not None and _tail_of_a_longer_name(entry, found, i, out):
                    continue  # "Social Democratic Party" is not the Democratic Party
                if entry is not None:
                    out.append(Match(i, i + size, entry))
                    i += size
                    break
            else:
                i += 1
        return out

    def lookup(self, phrase: str) -> Entity | None:
        """The actor a phrase names ("the Russians", "Moscow", "ISIL", "police")."""
        found = words(phrase)
        return self.describe(self.matches(found), clean_name(phrase))

    def describe(self, found: list[Match], name: str) -> Entity | None:
        """One entity from the entries found in a phrase (``name``: its clean text)."""
        orgs = [m.entry.entity for m in found if m.entry.kind == "organization"]
        roles = [m.entry.entity for m in found if m.entry.kind == "role"]
        states = [
            m.entry.entity
            for m in found
            if m.entry.kind in ("country", "metonym", "demonym")
        ]
        if orgs:
            org = orgs[-1]
            if roles and roles[-1].kind == "person":
                return Entity(name, "person", org.country, org.sector)
            return org
        if roles:
            role = roles[-1]
            state = states[0] if states else None
            code = state.country if state else None
            if role.kind == "country":
                if state is not None and code is not None:
                    return Entity(state.name, "country", code, role.sector)
                return Entity(name, "organization", None, role.sector)
            return Entity(name, role.kind, code, role.sector)
        return states[0] if states else None

    def misspelt_country(self, word: str) -> Entity | None:
        """The one country whose single-word name ``word`` misspells by one letter
        added, dropped, changed or swapped ("Ethopia", "Afganistan"); None when the
        word is a known place or name, or fits no country or several."""
        key = fold(word)
        if (
            len(key) < MISSPELT_MIN
            or not word[:1].isupper()
            or self.lookup(word) is not None
            or self.place(word) is not None
        ):
            return None
        found = {
            e.entity
            for name, entries in self._index.items()
            if len(name) == 1
            and len(name[0]) >= MISSPELT_MIN
            and name[0][0] == key[0]
            and _one_edit(name[0], key)
            for e in entries
            if e.kind == "country"
        }
        return found.pop() if len(found) == 1 else None

    def title_key(self, title: str) -> str:
        """One key for the titles of an office ("top diplomat" → "foreign minister")."""
        key = fold(title)
        return self._titles.get(key, key)

    def office_holder(self, name: str) -> Entity | None:
        """The office holder a name is written as in ``people.tsv``, if any."""
        return self._holders.get(tuple(w.norm for w in words(name)))

    def holders_with_surname(
        self, surname: str
    ) -> list[tuple[tuple[str, ...], Entity]]:
        """Office holders' full names (folded words) ending in ``surname``."""
        return self._holders_by_surname.get(fold(surname), [])

    def holders_with_surname_misspelt(
        self, surname: str
    ) -> list[tuple[tuple[str, ...], Entity]]:
        """Office holders whose surname ``surname`` misspells by one letter
        ("Mitterand", "Habyariman"); none for short surnames, where one letter
        makes another name."""
        key = fold(surname)
        if len(key) < MISSPELT_MIN:
            return []
        return [
            holder
            for known, holders in self._holders_by_surname.items()
            if len(known) >= MISSPELT_MIN
            and known[0] == key[0]
            and _one_edit(known, key)
            for holder in holders
        ]

    def place(self, name: str, near: Span | None = None) -> Location | None:
        """The place a name denotes, with its country ("Aleppo" → Syria).

        A name that cities of several countries share is read as the one whose
        country the text of ``near`` names, if only one's is ("Tripoli" beside
        "the Lebanese port" is Lebanon's); otherwise as the largest.
        """
        found = self._place(name)
        if found is None or near is None:
            return found
        key = fold(clean_name(name)).strip()
        options = self._place_options.get(key)
        if not options:
            return found
        named = self._countries_named(near.doc, besides=key)
        fitting = [o for o in options if o.country in named]
        return fitting[0] if len(fitting) == 1 else found

    def _countries_named(self, doc: Doc, besides: str) -> set[str]:
        """Countries a document names by name or demonym, other than by the place
        name ``besides`` (which, as a capital, also names its state)."""
        named: set[str] = set()
        for ent in doc.ents:
            if ent.label_ in ("GPE", "NORP") and fold(clean_name(ent.text)) != besides:
                entity = self.lookup(ent.text)
                if entity is not None and entity.kind == "country" and entity.country:
                    named.add(entity.country)
        return named

    def _place(self, name: str) -> Location | None:
        text = clean_name(name)
        for candidate in (text, text.split(",")[0], _whole_place(text)):
            key = fold(candidate).strip()
            if not key:
                continue
            hit = self._places.get(key)
            if hit is None and self._city_alias.get(key) is not None:
                # "Thai" is a spelling of a Malaysian town, but a demonym first.
                known = self.lookup(candidate)
                if known is None or known.kind != "country":
                    hit = self._city_alias[key]
            if hit is None and candidate[:1].isupper():
                # "Syria's" or "the Syrian city" still name the state when one fits.
                entity = self.lookup(candidate)
                if (
                    entity is not None
                    and entity.kind == "country"
                    and not entity.sector
                ):
                    hit = Location(entity.name, entity.country)
            if hit is not None:
                return hit
        return None


def clean_name(phrase: str) -> str:
    """A phrase without leading determiners or possessives and trailing punctuation."""
    parts = phrase.replace("’", "'").split()
    while parts and parts[0].lower() in LEADING_WORDS:
        parts = parts[1:]
    text = " ".join(parts).strip(" ,;:\"'()[]")
    # A final dot ends a sentence, unless it closes an abbreviation ("U.S.").
    if text.endswith(".") and not re.search(r"(?:^|[\s.])\w\.$", text):
        text = text[:-1]
    return text


def _tail_of_a_longer_name(
    entry: Entry, found: list[Word], i: int, matched: list[Match]
) -> bool:
    """Whether a party's name found at ``i`` ends a longer name: a capitalised
    word no entry covers stands right before it ("Social Democratic Party",
    "Liberal Democratic Party"), so the whole is another party. A state's own party
    ("the US Democratic Party") keeps its name. Only parties: before other bodies
    such a word describes ("Sunni Islamic State", "Islamist Muslim Brotherhood")."""
    if (
        entry.kind != "organization"
        or len(entry.pattern) < 2
        or fold(entry.pattern[-1]) != "party"
        or i == 0
        or (matched and matched[-1].end == i)  # "US": an entry of its own
    ):
        return False
    before = found[i - 1]
    return (
        before.text[:1].isupper()
        and before.text.isalpha()
        and before.norm not in LEADING_WORDS
        and found[i].start - before.end <= 1
    )


def _after_stance_prefix(found: list[Word], i: int) -> bool:
    """Whether word ``i`` is joined by a hyphen to an "anti" or "pro" before it."""
    if i == 0 or found[i - 1].norm not in STANCE_PREFIXES:
        return False
    return found[i].start - found[i - 1].end == 1


def _one_edit(a: str, b: str) -> bool:
    """Whether two different words differ by one letter added, dropped, changed,
    or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    return a[i + 1 :] == b[i + 1 :] or (
        i + 1 < len(a)
        and a[i] == b[i + 1]
        and a[i + 1] == b[i]
        and a[i + 2 :] == b[i + 2 :]
    )


def _whole_place(text: str) -> str:
    """The place a part of it is named after: "West Darfur State" → "Darfur",
    "central Iran" → "Iran"; "" when the words name no part."""
    parts = text.split()
    trimmed = parts[:]
    while len(trimmed) > 1 and trimmed[-1].lower() in PLACE_KINDS:
        trimmed = trimmed[:-1]
    while len(trimmed) > 1 and trimmed[0].lower() in PART_WORDS:
        trimmed = trimmed[1:]
    return " ".join(trimmed) if trimmed != parts else ""
