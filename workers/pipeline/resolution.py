"""Participants from argument phrases: the actors they name, each actor once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from spacy.tokens import Span

from workers.pipeline.model import Entity, Participant
from workers.pipeline.participants import is_place, noun_phrase, prep_objects

# Places and things held by an actor, which stand for it as targets: "attacked
# rebel positions", "a camp for Congolese refugees".
HOLDINGS = frozenset(
    "camp camps position positions base bases stronghold strongholds village "
    "villages home homes office offices headquarters facility facilities "
    "installation installations target targets outpost outposts".split()
)


# Prepositions that put a thing in a place: "in Liberia", "leading into Kabul".
PLACE_PREPOSITIONS = ("in", "into", "inside", "near", "outside", "around")


class Resolver(Protocol):
    """What ``DocumentActors`` offers: the actor a phrase names, or None; the
    unnamed attackers behind a blast."""

    def resolve(self, span: Span) -> Entity | None: ...

    def blast(self, span: Span) -> Entity | None: ...

    def place(self, span: Span) -> Entity | None: ...

    def also_named(self, span: Span, entity: Entity) -> list[Entity]: ...


def _owners(phrase: Span) -> list[Span]:
    root = phrase.root
    if root.pos_ != "NOUN":
        return []
    out = [noun_phrase(c) for c in root.children if c.dep_ == "poss"]
    holdings = root.lemma_.lower() in HOLDINGS
    for child in root.children:
        if child.dep_ == "prep" and (
            child.lower_ in ("of", "by", "from") or (holdings and child.lower_ == "for")
        ):
            out += [noun_phrase(g) for g in child.children if g.dep_ == "pobj"]
    for acl in (c for c in root.children if c.dep_ == "acl"):
        # "the demonstration staged by students": the people who hold it.
        for agent in (a for a in acl.children if a.dep_ == "agent"):
            out += [noun_phrase(g) for g in agent.children if g.dep_ == "pobj"]
    if holdings and phrase.start < root.i:
        # "Kampuchean guerrilla camps", "rebel positions": whose the places are.
        words = [t for t in phrase.doc[phrase.start : root.i] if t.pos_ != "DET"]
        if words:
            out.append(phrase.doc[words[0].i : root.i])
    return [o for o in out if o.root.pos_ != "PRON" or o.root.lower_ != "its"]


def _owner(
    actors: Resolver, phrase: Span, depth: int = 2
) -> tuple[Entity | None, Span]:
    """The actor owning what a phrase names, two levels down at most: "part of a
    Karen guerrilla stronghold" is the stronghold's, which is the guerrillas'."""
    for inner in _owners(phrase):
        entity = actors.resolve(inner)
        if entity is None and depth > 1:
            entity, inner = _owner(actors, inner, depth - 1)
        if entity is not None:
            return entity, inner
    return None, phrase


def _places(phrase: Span) -> list[Span]:
    """Places a noun phrase is in, or that a participle puts it in: "a peacekeeping
    force in Liberia", "power lines leading into Kabul", "the curfew imposed in X"."""
    root = phrase.root
    if root.pos_ not in ("NOUN", "PROPN"):
        return []
    heads = [root, *(c for c in root.children if c.dep_ == "acl")]
    return [
        noun_phrase(g)
        for head in heads
        for g in prep_objects(head, *PLACE_PREPOSITIONS)
        if is_place(g)
    ]


def resolve(
    actors: Resolver,
    sources: Iterable[Span],
    targets: Iterable[Span],
    reporter: Span | None,
    offset: int,
) -> list[Participant]:
    """Participants whose phrases name actors, each actor once, sources first.

    ``offset`` shifts the phrase offsets from the annotated chunk into the article.
    """
    found: list[Participant] = []
    seen: dict[str, str] = {}
    roles: list[tuple[str, Span, str | None]] = [("source", s, None) for s in sources]
    roles += [("target", t, None) for t in targets]
    if reporter is not None:
        roles.append(("other", reporter, "reported_by"))
    for role, phrase, relation in roles:
        if not phrase.text.strip():
            continue
        entity = actors.resolve(phrase)
        if entity is None:
            # "Sweden's decision", "the resignation of President X": the actor is
            # the possessor or the "of" object of a noun that names none.
            entity, phrase = _owner(actors, phrase)
        if role == "target" and (
            entity is None or (entity.country is None and entity.sector is None)
        ):
            # "troops for a peacekeeping force in Liberia": a body that names no
            # actor, or names one of no known country or sector ("Esfahan
            # Uranium Conversion Facilities in central Iran"), is the place it is in.
            for inner in _places(phrase):
                # The place, not its government: "a man in Paris".
                entity = actors.place(inner)
                if entity is not None:
                    phrase = inner
                    break
        if entity is None and role == "source":
            entity = actors.blast(phrase)  # "a roadside bomb killed ..."
        if entity is None or entity.name in seen:
            continue  # an actor is a source or a target, never both
        # "U.S. and Russian negotiators": one participant for each state's.
        for each in [entity, *actors.also_named(phrase, entity)]:
            if each.name in seen:
                continue
            seen[each.name] = role
            found.append(
                Participant(
                    role,
                    phrase.text,
                    phrase.start_char + offset,
                    phrase.end_char + offset,
                    each,
                    relation,
                )
            )
    return found
