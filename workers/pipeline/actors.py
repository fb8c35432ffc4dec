"""Actors of an article: canonical entities for participant phrases, coreference."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from workers.pipeline.blasts import blast_actor
from workers.pipeline.gazetteer import Gazetteer, Match, clean_name, fold, words
from workers.pipeline.model import Entity
from workers.pipeline.participants import prep_objects
from workers.pipeline.people import STATE_SECTORS, People
from workers.pipeline.quotes import SPEAKER_PLURAL, SPEAKER_SINGULAR, Speakers
from workers.pipeline.setting import (
    SETTING_SECTORS,
    own_place_country,
    setting_country,
)

PERSON_PRONOUNS = frozenset("he him his himself she her hers herself".split())
SINGULAR_PRONOUNS = frozenset("it its itself".split())
PLURAL_PRONOUNS = frozenset("they them their theirs themselves".split())
INDEFINITE = frozenset("a an another some one any".split())
# Pronouns look back this many sentences for what they refer to.
PRONOUN_WINDOW = 3
GOVERNMENT_WORDS = frozenset({"government", "administration", "authorities", "regime"})
# Bodies named after whoever leads them: "the government of President X".
# Heads that count members of what their "of" phrase names.
MEMBER_HEADS = frozenset(
    "members member representatives representative delegation delegations group "
    "groups contingent unit units thousands hundreds dozens scores".split()
)
# Words for who leads or speaks for a group: they take the group's sector.
LEADERSHIP_WORDS = frozenset(
    "leader leaders leadership commander commanders chief chiefs head heads "
    "spokesman spokesmen spokeswoman spokesperson official officials "
    "representative representatives negotiator negotiators delegation".split()
)
LED_BODIES = GOVERNMENT_WORDS | {"cabinet", "junta", "forces", "supporters", "army"}


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor named at a token of the article, for pronouns to refer back to."""

    start: int
    sentence: int
    entity: Entity | None
    plural: bool
    subject: bool = False


class ActorResolver:
    """Builds the actors of each article from one gazetteer."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()

    def for_document(self, doc: Doc) -> DocumentActors:
        return DocumentActors(doc, self.gazetteer)


class DocumentActors:
    """The people, states and groups of one article, and what each phrase refers to."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self._sentence = [0] * len(doc)
        for number, sent in enumerate(doc.sents):
            for tok in sent:
                self._sentence[tok.i] = number
        self._people = People(doc, gazetteer, self._sentence)
        self._mentions = self._find_mentions()
        self._speakers = Speakers(doc, gazetteer, self.resolve)

    # -- the article's mentions ---------------------------------------------------

    def _find_mentions(self) -> list[Mention]:
        """Every actor named in the article, in order, for pronouns to look back on."""
        out: list[Mention] = []
        for i, person in sorted(self._people.at.items()):
            if not (i > 0 and self._people.at.get(i - 1) is person):
                head = self.doc[i]
                while (
                    head.dep_ in ("compound", "flat") and head.head.i in self._people.at
                ):
                    head = head.head
                subject = head.dep_ in ("nsubj", "nsubjpass")
                out.append(
                    Mention(i, self._sentence[i], person.entity(), False, subject)
                )
        for chunk in self.doc.noun_chunks:
            root = chunk.root
            if root.pos_ == "PRON" or root.i in self._people.at:
                continue
            plural = root.tag_ in ("NNS", "NNPS")
            if any(c.dep_ == "conj" for c in root.children):
                out.append(Mention(chunk.start, self._sentence[root.i], None, True))
                continue
            entity = self._describe(chunk, strict=True) or _named_body(chunk)
            if entity is not None:
                subject = root.dep_ in ("nsubj", "nsubjpass")
                sentence = self._sentence[root.i]
                out.append(Mention(chunk.start, sentence, entity, plural, subject))
        # Titles read above may have taught people their country: refresh them.
        people = {p.entity().name: p for p in self._people.persons}
        out = [
            replace(m, entity=people[m.entity.name].entity())
            if m.entity is not None
            and m.entity.kind == "person"
            and m.entity.name in people
            else m
            for m in out
        ]
        return sorted(out, key=lambda m: m.start)

    # -- resolving a phrase -------------------------------------------------------

    def blast(self, span: Span) -> Entity | None:
        """Who set off the blast a phrase names, by the country it struck in."""
        return blast_actor(span, self.gazetteer)

    def place(self, span: Span) -> Entity | None:
        """The place a phrase names, as a location of its country: "Mosul"."""
        found = self.gazetteer.place(clean_name(span.text), span)
        if found is None or found.country is None:
            return None
        return Entity(found.name, "location", found.country, None)

    def also_named(self, span: Span, entity: Entity) -> list[Entity]:
        """The other actors a phrase names by states joined before its head: in
        "U.S. and Russian negotiators" (resolved to the American ones), the
        Russian negotiators."""
        root = span.root
        if entity.kind not in ("group", "person") or entity.country is None:
            return []
        out: list[Entity] = []
        for mod in root.children:
            if mod.dep_ not in ("amod", "compound", "nmod") or mod.i > root.i:
                continue
            for conj in mod.children:
                if conj.dep_ != "conj" or not span.start <= conj.i < span.end:
                    continue
                state = self.gazetteer.lookup(conj.text)
                if (
                    state is None
                    or state.kind != "country"
                    or state.country in (None, entity.country)
                ):
                    continue
                name = f"{conj.text} {root.text}"
                out.append(Entity(name, entity.kind, state.country, entity.sector))
        return out

    def resolve(self, span: Span) -> Entity | None:
        """The canonical actor a participant phrase names, or None for no actor."""
        content = [t for t in span if not t.is_punct]
        if len(content) == 1 and content[0].pos_ == "PRON":
            referent = self._pronoun(content[0])
            return None if referent is None else self._in_setting(referent, span)
        person = self._people.person_in(span)
        if person is not None:
            return self._in_setting(person.entity(), span)
        body = self._body_of_members(span)
        if body is not None:
            return body
        entity = self._describe(span)
        if entity is not None:
            return self._in_setting(entity, span) if entity.kind == "person" else entity
        titled = self._titled_name(span)
        if titled is not None:
            return self._in_setting(titled, span)
        root = span.root
        if len(content) == 1 and root.tag_ == "NNP" and root.ent_type_ != "PERSON":
            # "Afganistan", which the recogniser may also take for a body.
            misspelt = self.gazetteer.misspelt_country(root.text)
            if misspelt is not None:
                return misspelt
        body = _named_body(span)
        if body is not None:
            return body
        for ent in span.ents:
            if ent.label_ == "NORP" and ent.root.tag_ in ("NNS", "NNPS"):
                return Entity(clean_name(ent.text), "group")  # "Kurds", "Sunnis"
        return None

    def _body_of_members(self, span: Span) -> Entity | None:
        """The body or group whose members a phrase counts: "members of the Kenyan
        parliament" act for the parliament, "a group of Tamil rebels" for the rebels."""
        root = span.root
        if root.lower_ not in MEMBER_HEADS:
            return None
        for obj in prep_objects(root, "of"):
            if obj.pos_ in ("NOUN", "PROPN"):
                inner = self.resolve(self.doc[obj.left_edge.i : obj.right_edge.i + 1])
                if inner is not None and inner.kind in ("organization", "group"):
                    return inner
        return None

    def _describe(self, span: Span, strict: bool = False) -> Entity | None:
        """What a phrase names by its words alone, with titles matched to people.

        Office and group words count only as the phrase's head ("the extremist
        caliphate" is no extremist); ``strict`` asks the same of names and places.
        """
        found = self.gazetteer.matches(words(span.text))
        root_at = span.root.idx - span.start_char
        heads = [m for m in found if _covers(m, span.text, root_at)]
        led = _led_group_sector(found, heads)
        found = [m for m in found if m.entry.kind != "role" or m in heads]
        if any(m.entry.kind == "country" for m in heads) and not any(
            m.entry.kind == "organization" for m in heads
        ):
            # "NATO-member Norway", "EU candidate Serbia": the state the phrase names.
            found = [m for m in found if m.entry.kind != "organization"]
        if strict and not heads:
            return None
        ethnic = _ethnic_demonyms(found, span.text)
        if ethnic and any(m.entry.kind == "role" for m in heads):
            # "ethnic Albanian guerrillas": a people, not the state of that name;
            # where they are tells their country.
            found = [m for m in found if m not in ethnic]
        entity = self.gazetteer.describe(found, clean_name(span.text))
        if entity is None:
            return None
        if led is not None:
            entity = replace(entity, sector=led)
        if (
            entity.kind != "country"
            and entity.country is None
            and entity.sector in (STATE_SECTORS)
        ):
            entity = self._local_country(entity, span)
        if (
            entity.kind == "country"
            and span.root.tag_ in ("NNS", "NNPS")
            and (
                any(t.lower_ == "ethnic" for t in span)
                or (not strict and _of_a_place(span))
            )
        ):
            # "ethnic Albanians in Serbia", "the Kurds of Iraq": a minority, of the
            # state it lives in; so are the pronouns that refer back to it.
            minority = Entity(clean_name(span.text), "group", None, "CVL")
            return self._in_setting(minority, span)
        if entity.country is None and span[0].lower_ == "the" and not strict:
            entity = self._antecedent(entity, span)
        if (
            not strict
            and (entity.kind == "group" or entity.sector == "PTY")
            and entity.sector not in STATE_SECTORS
            and not any(m.entry.kind == "organization" for m in found)
        ):
            entity = self._in_setting(entity, span)
        if entity.kind != "person" or span.root.tag_ == "NNS":
            return entity
        if span[0].lower_ in INDEFINITE:
            return entity
        titles = {
            self.gazetteer.title_key(m.entry.entity.name)
            for m in found
            if m.entry.kind == "role" and m.entry.entity.kind == "person"
        }
        people = [(p, p.entity()) for p in self._people.persons]
        fitting = [
            p
            for p, e in people
            if titles & p.titles and entity.country in (None, e.country)
        ]
        if not fitting and entity.country is not None:
            # "the Russian minister": the one Russian official of that sector, if one.
            same = [
                p
                for p, e in people
                if e.country == entity.country and e.sector == entity.sector
            ]
            fitting = same if len(same) == 1 else []
        if not fitting:
            return entity
        person = self._people.latest(fitting, span.start)
        if strict and entity.country and not person.countries:
            # While the article is read: "the Russian President" tells where the
            # President named earlier comes from.
            person.countries[entity.country] += 1
        return person.entity()

    def _titled_name(self, span: Span) -> Entity | None:
        """A person's title before a name the recogniser took for no person
        ("Vice-President Moody Awori" read as a body): that person, of the
        title's sector and of the state written before it."""
        if span.root.pos_ != "PROPN":
            return None
        parts = words(span.text)
        found = self.gazetteer.matches(parts)
        titles = [
            m
            for m in found
            if m.entry.kind == "role" and m.entry.entity.kind == "person"
        ]
        if not titles or any(m.start >= titles[-1].end for m in found):
            return None
        name = parts[titles[-1].end :]
        if not name or not all(w.text[:1].isupper() for w in name):
            return None
        states = [
            m.entry.entity.country
            for m in found
            if m.entry.kind in ("country", "demonym") and m.end <= titles[-1].start
        ]
        code = states[0] if states else None
        sector = titles[-1].entry.entity.sector
        return Entity(" ".join(w.text for w in name), "person", code, sector)

    def _in_setting(self, entity: Entity, span: Span) -> Entity:
        """An actor with a sector but no country takes the country its sentence is
        set in ("police", "protesters", "President X" beside one country named); any
        actor takes the place its own words put it in ("doctors from Cuba")."""
        if entity.country is not None or entity.sector is None:
            return entity
        code = self._leader_of(span) or own_place_country(
            span, entity.sector, self.gazetteer
        )
        if code is None and entity.sector in SETTING_SECTORS:
            code = setting_country(span, entity.sector, self.gazetteer)
        return entity if code is None else replace(entity, country=code)

    def _leader_of(self, span: Span) -> str | None:
        """The country of the person a body is named after ("the Bush administration",
        "President Mubarak's government", "the government of President Avril"),
        when the article knows it."""
        root = span.root
        named = [c for c in root.children if c.dep_ in ("compound", "poss")]
        named += [
            g
            for c in root.children
            if c.dep_ == "prep" and c.lower_ == "of" and root.lower_ in LED_BODIES
            for g in c.children
            if g.dep_ == "pobj"
        ]
        for child in named:
            person = self._people.at.get(child.i)
            if person is not None and person.entity().country:
                return person.entity().country
        return None

    def _antecedent(self, entity: Entity, span: Span) -> Entity:
        """ "the ministry" after "the Russian Foreign Ministry" is that ministry."""
        head = fold(span.root.text)
        for mention in reversed(self._mentions):
            found = mention.entity
            if mention.start >= span.start or found is None or found.country is None:
                continue
            if found.kind == entity.kind and fold(found.name).endswith(head):
                return found
        return entity

    def _local_country(self, entity: Entity, span: Span) -> Entity:
        """A state body with no country named ("the government", "the ministry") takes
        the country its sentence is set in (see ``setting_country``)."""
        assert entity.sector is not None
        code = (
            self._leader_of(span)
            or own_place_country(span, entity.sector, self.gazetteer)
            or setting_country(span, entity.sector, self.gazetteer)
        )
        if code is None:
            return entity
        if (
            entity.kind in ("organization", "group")
            and entity.sector == "GOV"
            and (entity.name in GOVERNMENT_WORDS)
        ):
            name = self.gazetteer.country_names.get(code, code)
            return Entity(name, "country", code, entity.sector)
        return Entity(entity.name, entity.kind, code, entity.sector)

    # -- pronouns -----------------------------------------------------------------

    def _pronoun(self, tok: Token) -> Entity | None:
        word = tok.lower_
        if word in SPEAKER_PLURAL or word in SPEAKER_SINGULAR:
            return self._speakers.first_person(tok)
        if word in SINGULAR_PRONOUNS and _pleonastic(tok):
            return None
        sentence = self._sentence[tok.i]
        fitting = [
            m
            for m in self._mentions
            if m.start < tok.i
            and sentence - m.sentence <= PRONOUN_WINDOW
            and _agrees(word, m)
        ]
        if not fitting:
            return None
        # The latest subject is the likelier referent than a nearer object
        # ("Lavrov met Kerry in Zurich. He said ...").
        subjects = [m for m in fitting if m.subject]
        return (subjects or fitting)[-1].entity


def _agrees(word: str, mention: Mention) -> bool:
    """Whether a pronoun can refer to a mention: person, number, kind."""
    entity = mention.entity
    if word in PERSON_PRONOUNS:
        return entity is not None and entity.kind == "person" and not mention.plural
    if word in SINGULAR_PRONOUNS:
        return entity is not None and entity.kind != "person" and not mention.plural
    if word in PLURAL_PRONOUNS:
        return mention.plural and (entity is None or entity.kind != "person")
    return False


def _covers(match: Match, text: str, at: int) -> bool:
    """Whether a match found in ``text`` spans character ``at``."""
    found = words(text)
    return found[match.start].start <= at < found[match.end - 1].end


def _led_group_sector(found: list[Match], heads: list[Match]) -> str | None:
    """The sector of the group a leadership word leads: "rebel leaders" are REB,
    "police chiefs" COP, "opposition spokesmen" OPP, where "leaders" alone would
    be the state's."""
    head = next((m for m in heads if m.entry.kind == "role"), None)
    if head is None or head.entry.pattern[0].lower() not in LEADERSHIP_WORDS:
        return None
    group = next(
        (m for m in found if m.entry.kind == "role" and m.end == head.start), None
    )
    if group is None or group.entry.entity.sector in (None, head.entry.entity.sector):
        return None
    return group.entry.entity.sector


def _ethnic_demonyms(found: list[Match], text: str) -> list[Match]:
    """Demonyms right after "ethnic" in ``text``: "ethnic Serb", "ethnic Albanian"."""
    parts = words(text)
    return [
        m
        for m in found
        if m.entry.kind == "demonym"
        and m.start > 0
        and parts[m.start - 1].norm == "ethnic"
    ]


def _named_body(span: Span) -> Entity | None:
    """An organisation the recogniser found in a phrase that the gazetteer does not
    know: "the Umma party", which a later "it" may refer back to."""
    for ent in span.ents:
        if ent.label_ == "ORG":
            return Entity(clean_name(ent.text), "organization")
    return None


def _pleonastic(tok: Token) -> bool:
    """ "it" that stands for nothing: "it is necessary to ...", "it seems that ..."."""
    if tok.dep_ == "expl":
        return True
    head = tok.head
    return (
        tok.dep_ == "nsubj"
        and any(c.dep_ in ("ccomp", "xcomp") and c.i > tok.i for c in head.children)
        and any(c.dep_ in ("acomp", "attr") for c in head.children)
    )


def _of_a_place(span: Span) -> bool:
    """Whether a people is named by where it lives: "the Albanians of southern
    Serbia" (but not "the Albanians of the delegation")."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and any(g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC") for g in c.children)
        for c in span.root.children
    )
