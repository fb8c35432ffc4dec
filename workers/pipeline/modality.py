"""Modality of an event mention: asserted, reported, future, hypothetical, negated."""

from __future__ import annotations

import functools

from spacy.tokens import Token

from workers.pipeline.resources import DATA_DIR

LEXICON_DIR = DATA_DIR / "lexicon"
FUTURE_AUX = frozenset("will would shall 'll wo".split())
HYPOTHETICAL_AUX = frozenset("could may might should can must ca".split())
CONDITIONAL_MARKS = frozenset("if unless whether".split())
# The strongest modality wins: a denied plan is negated, a reported threat is a threat.
PRECEDENCE = ("negated", "hypothetical", "future", "reported", "asserted")
# Clause links through which a governing verb's modality reaches its complement.
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "acomp", "conj"})


@functools.cache
def read_lexicon(name: str) -> dict[str, str]:
    """A list of ``data/lexicon``: word -> its second column ("" when none)."""
    out: dict[str, str] = {}
    for line in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            word, _, value = line.partition("\t")
            out[word.strip()] = value.strip()
    return out


def mental_verbs() -> dict[str, str]:
    """Opinion/intent/aspect words -> the modality they give their complement."""
    return read_lexicon("mental_verbs.txt")


@functools.cache
def _known_verbs() -> frozenset[str]:
    words: set[str] = set()
    for name in ("mental_verbs.txt", "speech_verbs.txt", "light_verbs.txt"):
        words |= set(read_lexicon(name))
    return frozenset(words)


def lemma_of(token: Token) -> str:
    """The token's lemma, mended for the lexicon's verbs when the lemmatizer errs.

    The small model's lemmatizer follows the tagger: "staged" can come out "stag".
    """
    lemma = token.lemma_.lower()
    known = _known_verbs()
    if lemma in known:
        return lemma
    word = token.lower_
    for cut, add in ((0, ""), (1, ""), (2, ""), (3, ""), (3, "e"), (2, "e"), (1, "e")):
        if len(word) - cut >= 2:
            stem = word[: len(word) - cut] + add
            if stem in known and word[len(word) - cut :] in ("", "s", "d", "ed", "ing"):
                return stem
    return lemma


def strongest(*modalities: str) -> str:
    return min(modalities, key=PRECEDENCE.index)


def own_modality(token: Token) -> str:
    """What the words attached to ``token`` itself say: not, will, could, if."""
    found = "asserted"
    for child in token.children:
        dep, word = child.dep_, child.lower_
        if dep == "neg" or (dep == "det" and word in ("no", "neither")):
            return "negated"
        if dep in ("aux", "auxpass"):
            if word in FUTURE_AUX or (word == "going" and token.tag_ == "VB"):
                found = strongest(found, "future")
            elif word in HYPOTHETICAL_AUX:
                found = strongest(found, "hypothetical")
        elif dep == "mark" and word in CONDITIONAL_MARKS:
            found = strongest(found, "hypothetical")
        elif dep in ("nsubj", "nsubjpass") and any(
            g.lower_ in ("neither", "no", "none") and g.dep_ in ("preconj", "det")
            for g in child.children
        ):
            return "negated"  # "neither Russia nor the USA will take part"
    # "are to be taken", "is to start": a planned event.
    if is_infinitive(token):
        head = token.head
        if head.lemma_ == "be" and head.i < token.i and token.dep_ == "xcomp":
            found = strongest(found, "future")
    return found


def modality(trigger: Token, reported: bool = False) -> str:
    """The modality of the event whose trigger (or governing verb) is ``trigger``.

    The trigger's own auxiliaries count, and so do those of the verbs it is the
    complement of: "will continue fighting", "refused to join", "plans to visit".
    """
    found = own_modality(trigger)
    token, steps = trigger, 0
    mental = mental_verbs()
    while token.dep_ in COMPLEMENT_DEPS and token.head.i != token.i and steps < 4:
        head = token.head
        steps += 1
        given = mental.get(lemma_of(head))
        if token.dep_ != "conj" and given and given != "-":
            found = strongest(found, given)
        # A conjoined clause with its own subject or auxiliary has its own modality:
        # "will not take part, but they will accompany the negotiations".
        shares = token.dep_ != "conj" or not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "neg")
            for c in token.children
        )
        if shares and (token.dep_ in ("xcomp", "acomp", "conj") or given):
            found = strongest(found, own_modality(head))
        token = head
    if reported:
        found = strongest(found, "reported")
    return found


def is_infinitive(verb: Token) -> bool:
    """A verb with its "to": "to forestall", "is to start"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
