"""People of an article: the forms of each name clustered into one person."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from workers.pipeline.gazetteer import Gazetteer, Match, fold, words
from workers.pipeline.model import Entity

# A first name and a surname count as the same when they differ only in
# transliteration ("Sergey" and "Sergei", "Mohammed" and "Muhammad").
NAME_SIMILARITY = 0.75
SURNAME_SIMILARITY = 0.85
# The article's dominant country: this share of country mentions, and this many.
DOMINANT_SHARE = 0.4
DOMINANT_MIN = 3
STATE_KINDS = ("country", "metonym", "demonym")
# Sectors of a state's own bodies, which take the country their sentence names.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})


def _similar(a: str, b: str, threshold: float) -> bool:
    a, b = fold(a), fold(b)
    if a == b:
        return True
    if a[:1] != b[:1]:
        return False
    if len(a) == 1 or len(b) == 1:  # an initial
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= threshold


@dataclass
class Person:
    """One person of the article: every form of the name and what the text says."""

    forms: list[tuple[str, ...]]
    display: dict[tuple[str, ...], str] = field(default_factory=dict)
    countries: Counter[str] = field(default_factory=Counter)
    sectors: Counter[str] = field(default_factory=Counter)
    titles: set[str] = field(default_factory=set)
    sentences: set[int] = field(default_factory=set)
    inferred_country: str | None = None
    # Who the gazetteer of office holders says this is, when it knows the name.
    known: Entity | None = None

    def fits(self, name: tuple[str, ...]) -> bool:
        """Whether a name can be this person's: same surname, similar first name."""
        for form in self.forms:
            if not _similar(form[-1], name[-1], SURNAME_SIMILARITY):
                continue
            if len(form) == 1 or len(name) == 1:
                return True
            if _similar(form[0], name[0], NAME_SIMILARITY):
                return True
        return False

    def entity(self) -> Entity:
        form = max(self.forms, key=lambda f: (len(f), sum(map(len, f))))
        name = self.display.get(form, " ".join(form))
        country = self.countries.most_common(1)[0][0] if self.countries else None
        sector = self.sectors.most_common(1)[0][0] if self.sectors else None
        if self.known is not None:
            # What the text says of the person first, then what is known of them.
            country = country or self.known.country
            return Entity(name, "person", country, sector or self.known.sector)
        return Entity(name, "person", country or self.inferred_country, sector)


class People:
    """The people named in one article, and which person each name token is."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, sentence: list[int]) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self._sentence = sentence
        self.persons: list[Person] = []
        self.at: dict[int, Person] = {}
        self._find_people()
        self._infer_countries()

    def person_in(self, span: Span) -> Person | None:
        """The person a phrase names as its head, if it names one."""
        root = span.root
        for tok in span:
            person = self.at.get(tok.i)
            if person is None:
                continue
            # "his US counterpart John Kerry" is Kerry; "Putin's government" is not.
            # "The Bush administration" is the administration, not Bush.
            while tok != root and (
                tok.dep_ == "appos"
                or (tok.dep_ in ("compound", "flat") and tok.head.i in self.at)
            ):
                tok = tok.head
            if tok == root:
                return person
        return None

    def latest(self, people: list[Person], before: int) -> Person:
        """The person mentioned last before token ``before`` (else first after it)."""

        def recency(person: Person) -> tuple[int, int]:
            spots = [i for i, p in self.at.items() if p is person]
            earlier = [i for i in spots if i < before]
            return (1, max(earlier)) if earlier else (0, -min(spots, default=0))

        return max(people, key=recency)

    def _matches(self, tokens: list[Token]) -> list[Match]:
        text = " ".join(t.text for t in tokens)
        return self.gazetteer.matches(words(text))

    def _name(self, ent: Span) -> list[Token]:
        """The name words of a PERSON entity, without titles, demonyms or "'s"."""
        tokens = [t for t in ent if t.tag_ in ("NNP", "NNPS") and t.is_alpha]
        if not tokens:
            return []
        found = self.gazetteer.matches(words(" ".join(t.text for t in tokens)))
        covered = {i for m in found for i in range(m.start, m.end)}
        if len(words(" ".join(t.text for t in tokens))) != len(tokens):
            return tokens  # a word split differently: keep the entity as it is
        name = [t for i, t in enumerate(tokens) if i not in covered]
        # The name is what follows the last title or place word ("Russia Ready" has
        # none; "Foreign Minister Sergei Lavrov" ends in one).
        while name and name[0].i < max((tokens[i].i for i in covered), default=-1):
            name = name[1:]
        return name

    def _find_people(self) -> None:
        names: list[list[Token]] = []
        for ent in self.doc.ents:
            if ent.label_ == "PERSON":
                name = self._name(ent)
                if name:
                    names.append(name)
        for name in names:
            key = tuple(t.text for t in name)
            person = self._person_for(key, name[0].i)
            person.display.setdefault(key, self.doc[name[0].i : name[-1].i + 1].text)
            for tok in name:
                self.at[tok.i] = person
        surnames = {fold(f[-1]) for p in self.persons for f in p.forms if len(f) > 1}
        for tok in self.doc:
            # The recogniser misses or mislabels some mentions ("Lavrov" as ORG).
            if (
                tok.i not in self.at
                and tok.tag_ == "NNP"
                and (
                    fold(tok.text) in surnames
                    or self.gazetteer.office_holder(tok.text) is not None
                )
            ):
                self.at[tok.i] = self._person_for((tok.text,), tok.i)
        for person in self.persons:
            person.known = self._office_holder(person)
        for i, person in sorted(self.at.items()):
            if i + 1 in self.at and self.at[i + 1] is person:
                continue
            self._learn(person, self.doc[i])

    def _office_holder(self, person: Person) -> Entity | None:
        """The office holder of ``people.tsv`` a person is, by any form of the name.

        A full name may differ in transliteration ("Sergey" and "Sergei"); a single
        word counts only when the data lists it as a name of that person alone.
        """
        for form in person.forms:
            known = self.gazetteer.office_holder(" ".join(form))
            if known is not None:
                return known
        for form in person.forms:
            if len(form) < 2:
                continue
            for full, known in self.gazetteer.holders_with_surname(form[-1]):
                if _similar(full[0], form[0], NAME_SIMILARITY):
                    return known
        for form in person.forms:
            if len(form) < 2:
                continue
            # A misspelt surname counts only after a given name spelt right.
            for full, known in self.gazetteer.holders_with_surname_misspelt(form[-1]):
                if fold(full[0]) == fold(form[0]):
                    return known
        return None

    def _person_for(self, name: tuple[str, ...], at: int) -> Person:
        candidates = [p for p in self.persons if p.fits(name)]
        if candidates:
            # The most recently mentioned fitting person.
            last = {id(p): -1 for p in candidates}
            for i, p in self.at.items():
                if id(p) in last and i < at:
                    last[id(p)] = max(last[id(p)], i)
            person = max(candidates, key=lambda p: last[id(p)])
            if name not in person.forms:
                person.forms.append(name)
            return person
        person = Person([name])
        self.persons.append(person)
        return person

    def _context(self, head: Token) -> list[Token]:
        """Words around a name that describe the person: titles, demonyms, owners."""
        out: list[Token] = []
        anchors = [head]
        if head.dep_ == "appos":
            # "Russian ambassador to Turkey, Andrei Karlov": the title, not the place.
            anchor = head.head
            while (
                anchor.pos_ == "PROPN"
                and anchor.dep_ == "pobj"
                and anchor.head.dep_ == "prep"
            ):
                anchor = anchor.head.head
            if anchor.pos_ == "NOUN" or self._is_title(anchor):
                anchors.append(anchor)
        anchors += [c for c in head.children if c.dep_ == "appos"]
        for anchor in anchors:
            if anchor is not head:
                out.append(anchor)
            for child in anchor.children:
                if (
                    child.dep_ in ("compound", "amod", "poss", "nmod")
                    and child.i < anchor.i
                ):
                    out += [t for t in child.subtree if t.i not in self.at]
                if child.dep_ == "prep" and child.lower_ == "of":
                    out += [t for t in child.subtree if t.i not in self.at]
        return sorted(set(out), key=lambda t: t.i)

    def _is_title(self, token: Token) -> bool:
        """Whether a capitalised word is a person's title ("Minister" in "Jordan's
        Minister of the Interior, Samir Habashneh"), which the tagger reads as a
        proper noun."""
        found = self.gazetteer.lookup(token.text)
        return found is not None and found.kind == "person"

    def _learn(self, person: Person, tok: Token) -> None:
        person.sentences.add(self._sentence[tok.i])
        head = tok
        while head.dep_ in ("compound", "flat") and head.head.i in self.at:
            head = head.head
        found = self._matches(self._context(head))
        described = self.gazetteer.describe(found, "")
        states = [m.entry.entity.country for m in found if m.entry.kind in STATE_KINDS]
        if described is not None and described.kind == "person":
            if described.sector:
                person.sectors[described.sector] += 1
            if described.country:
                person.countries[described.country] += 1
            for m in found:
                if m.entry.kind == "role" and m.entry.entity.kind == "person":
                    person.titles.add(self.gazetteer.title_key(m.entry.entity.name))
        elif states and states[0]:
            person.countries[states[0]] += 1

    def _infer_countries(self) -> None:
        """A titled official with no stated country takes the article's dominant
        country when that is named in the same or a neighbouring sentence. A country
        merely named beside a person is often the one visited or met, so a single
        mention is not enough."""
        counts: Counter[str] = Counter()
        by_sentence: dict[int, set[str]] = {}
        for ent in self.doc.ents:
            if ent.label_ in ("GPE", "NORP"):
                entity = self.gazetteer.lookup(ent.text)
                if entity is not None and entity.kind == "country" and entity.country:
                    counts[entity.country] += 1
                    sentence = self._sentence[ent.start]
                    by_sentence.setdefault(sentence, set()).add(entity.country)
        if not counts:
            return
        top, count = counts.most_common(1)[0]
        if count < DOMINANT_MIN or count < DOMINANT_SHARE * sum(counts.values()):
            return
        for person in self.persons:
            if person.countries or not set(person.sectors) & STATE_SECTORS:
                continue
            if any(
                top in by_sentence.get(s + d, set())
                for s in person.sentences
                for d in (-1, 0, 1)
            ):
                person.inferred_country = top
