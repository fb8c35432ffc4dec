"""Verbs whose subject undergoes the act ("a prisoner died"), and who held them."""

from __future__ import annotations

from spacy.tokens import Span, Token

from workers.pipeline.modality import lemma_of, read_lexicon

# "died in police custody", "died in the custody of the army", "in detention".
CUSTODY_NOUNS = frozenset({"custody", "detention"})
# "died while in custody", "when in detention".
LINKS = frozenset({"while", "when"})
# Words before "custody" that name who holds it: "Israeli police custody".
HOLDER_DEPS = frozenset({"amod", "compound", "poss", "nmod"})


def undergoes(verb: Token) -> bool:
    """Whether the subject of ``verb`` is whom the act befell: "died", "perished"."""
    return lemma_of(verb) in read_lexicon("undergoer_verbs.txt") and not any(
        c.dep_ == "agent" for c in verb.children
    )


def custodians(verb: Token) -> list[Span]:
    """Who held the undergoer when it happened: "while in Israeli police custody"
    → "Israeli police", "in the custody of the army" → "the army"."""
    doc = verb.doc
    out: list[Span] = []
    # "while in custody": the parser may hang the phrase on "while".
    linked = [g for c in verb.children if c.lower_ in LINKS for g in c.children]
    for prep in [*verb.children, *linked]:
        if prep.dep_ != "prep" or prep.lower_ != "in":
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj" or noun.lemma_.lower() not in CUSTODY_NOUNS:
                continue
            holders = [c for c in noun.lefts if c.dep_ in HOLDER_DEPS]
            if holders:
                out.append(doc[holders[0].left_edge.i : noun.i])
            for of in noun.rights:
                if of.dep_ == "prep" and of.lower_ == "of":
                    out += [
                        doc[obj.left_edge.i : obj.i + 1]
                        for obj in of.children
                        if obj.dep_ == "pobj"
                    ]
    return out
