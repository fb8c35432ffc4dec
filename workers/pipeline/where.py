"""Event places: the place a locative phrase ties to the trigger or its arguments."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from workers.pipeline.gazetteer import Gazetteer, clean_name
from workers.pipeline.modality import is_infinitive, lemma_of, read_lexicon
from workers.pipeline.model import Entity, Event, Location, Participant

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Actors who act where they live: protesters, prisoners, police, courts, rebels.
# Governments and armies often act abroad, so their place tells nothing.
LOCAL_SECTORS = frozenset({"CVL", "OPP", "REB", "COP", "JUD", "LEG"})
# Labels the recogniser sometimes gives to places in headlines and short lines.
MISLABELLED = frozenset({"ORG", "PERSON"})
LOCATIVE = frozenset(
    "in at near inside outside across throughout within around into over off along "
    "beside outside".split()
)
# "from Syria", "to Moscow": the place of a departure or an arrival, weaker evidence.
DIRECTIONAL = frozenset({"from", "to", "toward", "towards"})
# "flew to Nairobi", "moved into Gaza": where someone went.
ARRIVAL = (DIRECTIONAL - {"from"}) | {"into"}
# "sent back to Bulgaria", "flew home to Kabul": whatever the verb, a journey's end.
RETURN_ADVERBS = frozenset({"back", "home"})
# "in the Syrian city of Aleppo", "in the Syrian capital": the noun stands for a place.
PLACE_NOUNS = frozenset(
    "city town village province region capital area district border port base "
    "airport outskirts suburb suburbs neighbourhood neighborhood governorate state "
    "country territory enclave stronghold countryside".split()
)


def preposition_of(token: Token) -> Token | None:
    """The preposition a place word hangs from ("Syria" in "in northern Syria")."""
    while token.dep_ in ("compound", "appos", "conj", "amod") and token.head != token:
        token = token.head
    if token.dep_ == "pobj" and token.head.pos_ == "ADP":
        prep = token.head
        holder = prep.head
        # "near the town of Samarra", "outside of the city of Basra", "in a sector of
        # Beirut": an "of" phrase is where the phrase it completes is.
        if prep.lower_ == "of" and holder.dep_ == "pobj" and holder.head.pos_ == "ADP":
            return holder.head
        if prep.lower_ == "of" and holder.lower_ in LOCATIVE:
            return holder
        return prep
    return None


def _clause(token: Token) -> Token:
    while token.pos_ not in ("VERB", "AUX") and token.head != token:
        token = token.head
    return token


def _score(prep: Token, trigger: Token) -> float | None:
    """Lower is closer: on the trigger, on its clause or arguments, in its clause,
    in the clause of what it intends or of what it is the aim of."""
    word = prep.lower_
    if word not in LOCATIVE and word not in DIRECTIONAL:
        return None
    penalty = 0.5 if word in DIRECTIONAL else 0.0
    anchor = prep.head
    clause = _clause(trigger)
    if anchor == trigger:
        return penalty
    if anchor == clause or anchor.head in (trigger, clause):
        return 1 + penalty
    inner = _clause(anchor)
    if inner == clause:
        return 2 + penalty
    if inner.dep_ in ("xcomp", "advcl") and inner.head == clause:
        # "threatened to impose a curfew in X": where the intended act would be.
        return 3 + penalty
    if (
        clause.dep_ in ("xcomp", "advcl")
        and is_infinitive(clause)
        and inner == _clause(clause.head)
    ):
        # "remained on alert in X to forestall violence": the aim is pursued there.
        return 3 + penalty
    return None


def _place_spans(sentence: Span, gazetteer: Gazetteer) -> list[Span]:
    spans = []
    for ent in sentence.ents:
        if ent.label_ in PLACE_LABELS or (
            ent.label_ in MISLABELLED and gazetteer.place(ent.text) is not None
        ):
            spans.append(ent)
    covered = {t.i for s in spans for t in s}
    for tok in sentence:
        if tok.lower_ in PLACE_NOUNS and tok.i not in covered and tok.dep_ == "pobj":
            spans.append(sentence.doc[tok.i : tok.i + 1])
    return spans


def _locate(span: Span, gazetteer: Gazetteer) -> Location | None:
    root = span.root
    if root.lower_ in PLACE_NOUNS and len(span) == 1:
        return _place_noun(span, gazetteer)
    text = clean_name(span.text)
    known = gazetteer.place(text, span)
    if known is None and span.label_ not in PLACE_LABELS:
        return None
    name = known.name if known else text
    country = known.country if known else None
    return Location(name, country, span.start_char, span.end_char)


def _place_noun(span: Span, gazetteer: Gazetteer) -> Location | None:
    """The place a common noun stands for: "the city of Aleppo", "the Iraqi capital"."""
    root = span.root
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "with"):
            named = [g for g in child.children if g.dep_ == "pobj"]
            if named:
                inner = span.doc[named[0].left_edge.i : named[0].i + 1]
                found = _locate(inner, gazetteer)
                if found is not None:
                    return found
    for child in root.children:
        if child.dep_ not in ("amod", "compound", "poss", "nmod"):
            continue
        if child.pos_ == "PROPN" and root.lower_ != "capital":
            words = span.doc[child.left_edge.i : child.i + 1]
            known = gazetteer.place(words.text)
            if known is not None:
                return Location(
                    known.name, known.country, words.start_char, words.end_char
                )
        entity = gazetteer.lookup(child.text)
        if entity is None or entity.kind != "country" or entity.country is None:
            continue
        if root.lower_ == "capital" and entity.country in gazetteer.capitals:
            name = gazetteer.capitals[entity.country]
            return Location(name, entity.country, span.start_char, span.end_char)
        return Location(entity.name, entity.country, child.idx, child.idx + len(child))
    return None


def travel_verbs() -> dict[str, str]:
    """Verbs of going somewhere -> "itself" when going there is an event too."""
    return read_lexicon("travel_verbs.txt")


def removal_verbs() -> dict[str, str]:
    """Verbs of removing people from where they are: "deported to Libya"."""
    return read_lexicon("removal_verbs.txt")


def is_destination(token: Token) -> bool:
    """Whether ``token`` names where someone went or was taken: "flew to Nairobi",
    "deported to Libya", "send them back to Bulgaria"."""
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ not in ARRIVAL:
        return False
    verb = prep.head
    returning = verb.lower_ in RETURN_ADVERBS and verb.dep_ == "advmod"
    if returning:
        verb = verb.head
    lemma = lemma_of(verb)
    return verb.pos_ == "VERB" and (
        returning or lemma in travel_verbs() or lemma in removal_verbs()
    )


def resolve_location(
    sentence: Span, trigger: Token, gazetteer: Gazetteer, near: bool = False
) -> Location | None:
    """Where the event of ``trigger`` happened, from the places in its sentence;
    ``near`` keeps only places "in"/"at" the trigger's own clause, not
    a destination or the place of another clause."""
    best: tuple[float, int, Location] | None = None
    for span in _place_spans(sentence, gazetteer):
        if trigger in span:
            continue
        root = span.root
        # "Syria's Aleppo", "Aleppo, Syria": the outer name only qualifies the inner.
        if root.dep_ in ("poss", "compound", "appos") and root.head.ent_type_ in (
            PLACE_LABELS
        ):
            continue
        prep = preposition_of(root)
        if prep is None:
            continue  # a subject or object is an actor, not where things happened
        score = _score(prep, trigger)
        if score is None or (near and score not in (0, 1, 2)):
            continue
        location = _locate(span, gazetteer)
        if location is None:
            continue
        rank = (score, abs(root.i - trigger.i))
        if best is None or rank < best[:2]:
            best = (rank[0], rank[1], location)
    return best[2] if best else None


def place_target(event: Event, text: str) -> Participant | None:
    """The place of an event as its target, when its type acts on a place's people
    and it names no target of known country (``data/lexicon/place_target_types.txt``):
    "killed 20 people in Juba", "arrested opponents in Haiti". A visit's
    destination is whom it visits."""
    if any(t.entity.country for t in event.targets()) or not _acts_on_place(event):
        return None
    return place_participant(event, text, "target")


def place_participant(event: Event, text: str, role: str) -> Participant | None:
    """The event's place as a participant in ``role``, if its country and words are
    known."""
    place = event.location
    if (
        place is None
        or place.country is None
        or place.start is None
        or place.end is None
    ):
        return None
    entity = Entity(place.name, "location", place.country, None)
    words = text[place.start : place.end]
    return Participant(role, words, place.start, place.end, entity, "location")


def _acts_on_place(event: Event) -> bool:
    """Whether the event's type (or type and mode) is listed as acting on a place."""
    listed = read_lexicon("place_target_types.txt")
    return event.type in listed or f"{event.type}/{event.mode}" in listed


def localise_sources(
    event: Event, sentence: Span, trigger: Token, gazetteer: Gazetteer
) -> None:
    """Sources of a sector that acts where it lives, with no country of their own,
    take the country of the place the act itself is in ("crowds blocked streets in
    Hong Kong", "prisoners rioted at a jail in Dili"); not of where it is aimed
    ("threatened blows to X") or of another clause."""
    if not any(
        p.role == "source" and p.entity.country is None for p in event.participants
    ):
        return
    place = resolve_location(sentence, trigger, gazetteer, near=True)
    if place is None or place.country is None:
        return
    event.participants = [
        replace(p, entity=replace(p.entity, country=place.country))
        if p.role == "source"
        and p.entity.country is None
        and p.entity.sector in LOCAL_SECTORS
        else p
        for p in event.participants
    ]
