"""Event mentions: predicates with their arguments, reported speech, and modality."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

SPEECH_LEMMAS = frozenset(
    "say tell add state claim report announce insist note write declare "
    "stress assert explain argue reiterate".split()
)
EVENTIVE_NOUNS = frozenset(
    "talk talks meeting strike strikes airstrike attack ceasefire sanction sanctions "
    "visit protest negotiation negotiations agreement deal offensive bombing raid "
    "summit aid cooperation invasion".split()
)
SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass",)
OBJECTS = ("dobj", "dative", "attr")
TARGET_PREPOSITIONS = frozenset("against with on to at for into from over".split())
NP_CHILDREN = frozenset("compound amod det poss nmod nummod flat appos case".split())
FUTURE_AUX = frozenset("will would shall 'll wo".split())
HYPOTHETICAL_AUX = frozenset("could may might should can".split())


@dataclass
class Mention:
    """A candidate event: trigger token, argument phrases, modality."""

    trigger: Token
    sentence: Span
    sources: list[Span] = field(default_factory=list)
    targets: list[Span] = field(default_factory=list)
    reporter: Span | None = None
    modality: str = "asserted"


def noun_phrase(token: Token) -> Span:
    """The compact phrase around a head noun: modifiers and titles, no clauses."""
    left = token
    for child in token.lefts:
        if child.dep_ in NP_CHILDREN and child.left_edge.i < left.i:
            left = child.left_edge
    right = token
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "appos") and child.i > right.i:
            right = (
                max(child.subtree, key=lambda t: t.i)
                if child.dep_ == "appos"
                else child
            )
    return token.doc[left.i : right.i + 1]


def with_conjuncts(token: Token) -> list[Span]:
    return [noun_phrase(t) for t in (token, *token.conjuncts)]


def find_mentions(sentence: Span) -> list[Mention]:
    """Candidate predicates of one sentence with their arguments."""
    found = []
    for token in sentence:
        if token.pos_ == "VERB" and token.lemma_ not in SPEECH_LEMMAS:
            mention = _verb_mention(token, sentence)
        elif token.pos_ == "NOUN" and token.lower_ in EVENTIVE_NOUNS:
            mention = _noun_mention(token, sentence)
        else:
            continue
        if mention is not None and (mention.sources or mention.targets):
            found.append(mention)
    return found


def _verb_mention(verb: Token, sentence: Span) -> Mention | None:
    mention = Mention(verb, sentence)
    head = verb
    # A verb in an xcomp/conj shares the subject of the verb it hangs from.
    while head.dep_ in ("xcomp", "conj") and not _subjects(head):
        head = head.head
    for subject in _subjects(head):
        if subject.dep_ in PASSIVE_SUBJECTS:
            mention.targets += with_conjuncts(subject)
        else:
            mention.sources += with_conjuncts(subject)
    for child in verb.children:
        if child.dep_ in OBJECTS:
            mention.targets += with_conjuncts(child)
        elif child.dep_ == "agent":
            mention.sources += [
                s for g in child.children if g.dep_ == "pobj" for s in with_conjuncts(g)
            ]
        elif child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
            mention.targets += [
                s for g in child.children if g.dep_ == "pobj" for s in with_conjuncts(g)
            ]
        elif child.dep_ == "dobj" and child.lower_ in EVENTIVE_NOUNS:
            pass
    mention.modality = modality(verb)
    reporter = _reporter(verb)
    if reporter is not None:
        mention.reporter = reporter
        if mention.modality == "asserted":
            mention.modality = "reported"
    return mention


def _noun_mention(noun: Token, sentence: Span) -> Mention | None:
    # "talks with X", "strikes against X": the noun's prepositions, its verb's subject.
    mention = Mention(noun, sentence)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
            mention.targets += [
                s for g in child.children if g.dep_ == "pobj" for s in with_conjuncts(g)
            ]
        elif child.dep_ == "poss":
            mention.sources += with_conjuncts(child)
    if noun.dep_ in OBJECTS and noun.head.pos_ == "VERB":
        for subject in _subjects(noun.head):
            if subject.dep_ not in PASSIVE_SUBJECTS:
                mention.sources += with_conjuncts(subject)
    mention.modality = modality(noun.head if noun.dep_ in OBJECTS else noun)
    return mention


def _subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in SUBJECTS + PASSIVE_SUBJECTS]


def _reporter(verb: Token) -> Span | None:
    """The speaker when ``verb`` is inside reported speech ("X said Y did Z")."""
    head = verb
    while head.dep_ in ("ccomp", "conj", "xcomp") and head.head is not head:
        head = head.head
        if head.lemma_ in SPEECH_LEMMAS:
            subjects = [c for c in head.children if c.dep_ in SUBJECTS]
            return noun_phrase(subjects[0]) if subjects else None
    return None


def modality(token: Token) -> str:
    children = list(token.children)
    if any(c.dep_ == "neg" for c in children):
        return "negated"
    aux = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    if aux & FUTURE_AUX or any(c.lower_ == "going" for c in children):
        return "future"
    if aux & HYPOTHETICAL_AUX or any(
        c.dep_ == "mark" and c.lower_ == "if" for c in children
    ):
        return "hypothetical"
    return "asserted"
