"""The country a sentence is set in, for actors whose own words name none."""

from __future__ import annotations

from spacy.tokens import Span, Token

from workers.pipeline.gazetteer import STANCE_PREFIXES, Gazetteer, words
from workers.pipeline.people import STATE_SECTORS
from workers.pipeline.where import MISLABELLED, PLACE_NOUNS, is_destination

# Sectors that take the setting's country: the state's, and the people within it
# ("protesters", "the opposition", "rebels", a party that runs in its elections).
SETTING_SECTORS = STATE_SECTORS | {"OPP", "REB", "CVL", "PTY"}
# "opposition groups in Zimbabwe": the country is where things happen, not an actor.
PLACE_PREPOSITIONS = frozenset("in inside within across throughout around".split())
# "refugees from Syria", "a missionary from Calgary": where an actor comes from.
ORIGIN_PREPOSITIONS = PLACE_PREPOSITIONS | {"from"}
# Sectors that often act abroad: an official beside another state's is likely its
# counterpart, and a non-state group beside a foreign army is not that army's.
# Police, courts and parliaments act at home.
ABROAD_SECTORS = frozenset({"GOV", "MIL", "SPY"})
# "the border with Bulgaria": the neighbour a border is shared with.
BORDER_NOUNS = frozenset({"border", "frontier", "boundary"})
# Where a proper-noun phrase stands in its clause, as spaCy's English noun chunks.
NAME_DEPS = frozenset(
    "nsubj nsubjpass dobj dative pobj pcomp appos attr oprd conj ROOT".split()
)
# Armed bodies that keep order where they are: "security forces in X" are X's.
HOME_FORCES = frozenset({"security", "paramilitary", "paramilitaries", "gendarmerie"})


def _acting_sector(ent: Span, gazetteer: Gazetteer) -> str | None:
    """The sector of the actor a country's mention stands for; "" for a place.

    "Moroccan diplomats" → GOV, "the Israeli army" → MIL, "Russia" alone → GOV
    (the state), "the Palestinians" → None, "in Zimbabwe" → "".
    """
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS:
        return ""
    if root.dep_ in ("amod", "compound", "nmod") and root.head.pos_ in (
        "NOUN",
        "PROPN",
    ):
        found = gazetteer.lookup(root.head.text)
        if found is not None and found.sector:
            return found.sector
    if ent.label_ == "GPE":
        return "GOV"
    return None


def setting_country(span: Span, sector: str, gazetteer: Gazetteer) -> str | None:
    """The one country the sentence of ``span`` names, when an actor of ``sector``
    there is most likely of it; None when none or several are named.

    A state's official beside another state is likely its counterpart, not its
    own ("President X met Moroccan diplomats"); protesters or rebels beside a
    foreign army are not that army's country.
    """
    if sector not in SETTING_SECTORS:
        return None
    roles: dict[str, set[str | None]] = {}
    for ent in span.sent.ents:
        if (
            ent.label_ not in ("GPE", "LOC", "NORP", *MISLABELLED)
            or span.start <= ent.start < span.end
            or _stance(ent)
            or _owner_of_a_thing(ent, gazetteer)
            # "leaders travelled to Brussels": where they went, not where they are.
            or is_destination(ent.root)
            or _across_a_border(ent.root)
        ):
            continue
        found = gazetteer.lookup(ent.text)
        if found is None or found.kind != "country" or not found.country:
            continue
        if ent.label_ in MISLABELLED and found.sector:
            continue  # "Pentagon" as ORG is a body; "Mali" as PERSON is the state
        roles.setdefault(found.country, set()).add(_acting_sector(ent, gazetteer))
    for code, body_sector in _bodies_of_a_state(span, gazetteer).items():
        roles.setdefault(code, set()).add(body_sector)
    if len(roles) != 1:
        return None
    ((code, acting),) = roles.items()
    if sector in ABROAD_SECTORS and acting & ABROAD_SECTORS:
        return None  # police, courts and parliaments name the setting, not a side
    if sector not in STATE_SECTORS and acting & {"MIL"} and "" not in acting:
        return None  # unless the army is named acting in its own country
    return code


def _bodies_of_a_state(span: Span, gazetteer: Gazetteer) -> dict[str, str | None]:
    """Countries of the bodies named in the sentence of ``span`` but outside it, with
    the sector each acts in, counted as a demonym before a body is ("Kenyan
    police"): a body the gazetteer knows ("demands from the National Union for the
    Total Independence of Angola", a rebel movement; "the Latvian Parliament" read
    as one name), and a body named after a state ("pressure by the Kenya
    Anti-Corruption Commission"), taken to act at home and so given no sector."""
    sent = span.sent
    names = [e for e in sent.ents if e.label_ == "ORG"]
    # Proper-noun phrases as noun chunks are, read off this sentence alone
    # (``Span.noun_chunks`` walks the whole document on every call).
    names += [
        sent.doc[t.left_edge.i : t.i + 1]
        for t in sent
        if t.pos_ == "PROPN" and t.dep_ in NAME_DEPS
    ]
    out: dict[str, str | None] = {}
    for name in names:
        if span.start <= name.root.i < span.end:
            continue
        found = gazetteer.lookup(name.text)
        if found is None or not found.country:
            continue
        if found.kind == "country":
            parts = words(name.text)
            states = [m for m in gazetteer.matches(parts) if m.entry.kind == "country"]
            # More than the state's name and an article: a body named after it.
            if len(states) == 1 and len(parts) > states[0].end - states[0].start + 1:
                out[found.country] = None
        elif found.kind in ("organization", "group"):
            out[found.country] = found.sector
    return out


def own_place_country(span: Span, sector: str, gazetteer: Gazetteer) -> str | None:
    """The country of a place the actor's own words put it in: "demonstrators in
    Baghdad", "police in Jericho", "the government of Sindh province". Not for
    troops sent abroad: "peacekeepers in Iraq" are seldom Iraqi, while "security
    forces in Guinea" are Guinea's."""
    if sector == "MIL" and not _home_force(span):
        return None
    for child in _with_participle_phrases(span.root):
        if (
            child.dep_ == "compound"
            and child.pos_ == "PROPN"
            and child.ent_type_ not in ("PERSON", "ORG", "NORP")
        ):
            # "Darfur rebels", "Gaza residents": a place naming where they are.
            place = gazetteer.place(child.text, span)
            if place is not None and place.country:
                return place.country
        if child.dep_ != "prep" or child.lower_ not in ORIGIN_PREPOSITIONS | {"of"}:
            continue
        for obj in child.children:
            if obj.dep_ == "pobj":
                words = span.doc[obj.left_edge.i : obj.i + 1].text
                # "the Israeli-occupied West Bank": the name itself before the
                # words that describe it.
                place = (
                    gazetteer.place(_proper_name(obj), span)
                    if obj.pos_ == "PROPN"
                    else None
                )
                place = (
                    place
                    or gazetteer.place(words, span)
                    or gazetteer.place(obj.text, span)
                )
                # "the government of Sindh province": the name before the noun.
                names = (c for c in obj.children if c.dep_ == "compound")
                for name in names:
                    place = place or gazetteer.place(name.text, span)
                if place is not None and place.country:
                    return place.country
                if child.lower_ == "of":
                    continue
                # "doctors from two American aid groups"
                found = gazetteer.lookup(words)
                if found is not None and found.country:
                    return found.country
    return None


def _with_participle_phrases(root: Token) -> list[Token]:
    """The words hung on an actor's head, and the phrases of a participle that
    describes it: "guerrillas operating in Macedonia", "Kurds living in Syria"."""
    out = list(root.children)
    for child in root.children:
        if child.dep_ == "acl" and child.tag_ in ("VBG", "VBN"):
            out += [
                c
                for c in child.children
                if c.dep_ == "prep" and c.lower_ in PLACE_PREPOSITIONS
            ]
    return out


def _owner_of_a_thing(ent: Span, gazetteer: Gazetteer) -> bool:
    """Whether a demonym only says whose a thing is ("Danish web sites", "the
    American flag"): what is done to it may happen anywhere. People and bodies
    ("Kenyan protesters") and places ("the Syrian capital") still set the scene."""
    root = ent.root
    head = root.head
    return (
        ent.label_ == "NORP"
        and root.dep_ in ("amod", "compound", "nmod")
        and head.pos_ == "NOUN"
        and head.lower_ not in PLACE_NOUNS
        and gazetteer.lookup(head.text) is None
        and gazetteer.lookup(head.lemma_) is None
    )


def _across_a_border(token: Token) -> bool:
    """Whether a state is named as the far side of a border ("villages near
    Macedonia's border with Bulgaria"): it says where the border runs, not where
    the sentence is set."""
    prep = token.head
    return (
        token.dep_ == "pobj"
        and prep.lower_ == "with"
        and prep.head.lemma_.lower() in BORDER_NOUNS
    )


def _stance(ent: Span) -> bool:
    """Whether a name is the object of a stance ("anti-Syria", "pro-Moscow"), which
    tells what an actor is for or against, not where the sentence is set."""
    doc = ent.doc
    start = ent.start
    if doc[start].lower_ in STANCE_PREFIXES:
        return True
    return (
        start >= 2
        and doc[start - 1].text == "-"
        and doc[start - 2].lower_ in STANCE_PREFIXES
    )


def _home_force(span: Span) -> bool:
    """Whether the phrase names forces that serve where they are ("security
    forces", "paramilitaries"), not troops that may be sent abroad."""
    return any(t.lower_ in HOME_FORCES for t in span)


def _proper_name(token: Token) -> str:
    """The proper-noun words that end at ``token``: "West Bank" in "the
    Israeli-occupied West Bank"."""
    doc = token.doc
    left = token.i
    while left > token.left_edge.i and doc[left - 1].pos_ == "PROPN":
        left -= 1
    return doc[left : token.i + 1].text
