"""Who did what to whom: argument phrases of a trigger, and the actors they name."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from workers.pipeline.blasts import is_blast
from workers.pipeline.modality import is_infinitive, lemma_of, read_lexicon
from workers.pipeline.undergoers import custodians, undergoes

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
OBJECTS = frozenset({"dobj", "dative", "obj", "iobj"})
# Prepositions whose object is the one acted upon or with ("strikes against X").
TARGET_PREPOSITIONS = frozenset(
    "against with on to at toward towards into over upon onto about versus vs. "
    "from".split()
)
# On an object noun, "by" names whose the thing is ("rejected calls by X"), "for"
# whom it is meant ("aid for X"), "between" the sides ("a mediation effort between").
OBJECT_PREPOSITIONS = TARGET_PREPOSITIONS | {"by", "for", "between", "among"}
# What a noun of ``stance_nouns.txt`` is against: "in protest at X", "in response to X".
STANCE_PREPOSITIONS = frozenset("of at against to for over".split())
# What is sought in a place: "sought refuge in Germany".
HAVENS = frozenset("refuge asylum sanctuary shelter haven protection".split())
# A goal a noun heads for: "steps towards resuming talks" are the subject's steps.
TOWARDS = frozenset({"towards", "toward"})
# Words between a verb and its subject: "have", "not", "finally".
VERB_LEFT = frozenset("aux auxpass neg advmod".split())
# Left modifiers that belong to a compact noun phrase: titles, names, determiners.
NP_LEFT = frozenset(
    "compound amod det poss nmod nummod quantmod flat predet case punct".split()
)
# Entity types that name times and amounts, never actors: "on Wednesday".
NOT_ACTORS = frozenset("DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY".split())
# Correlative words before a list of actors: "neither Russia nor ...".
COORDINATORS = frozenset("neither either both".split())
RELATIVE_PRONOUNS = frozenset("which who whom that whose".split())
# Heads too vague to name an actor alone: their "of" phrase names it.
OF_HEADS = frozenset(
    "authorities authority government governments administration leadership "
    "leaders leader members member ministry minister president representatives "
    "representative forces troops army military head chief delegation delegations "
    "officials official people parliament side sides envoy "
    # Residents: "Druze inhabitants of the Golan Heights".
    "inhabitants residents citizens villagers natives population nationals "
    "supporters followers loyalists "
    # Quantities and collectives: "thousands of Kurds", "a group of rebels".
    "thousands hundreds tens dozens millions scores group groups number crowd "
    "crowds majority contingent unit units".split()
)


def eventive_nouns() -> dict[str, str]:
    """Event nouns -> what a national or proper-noun modifier of them is."""
    return read_lexicon("eventive_nouns.txt")


# Verbs that close a sentence with who complained of it: ", a rights group protested".
COMPLAINT_VERBS = frozenset({"protest", "complain", "charge"})


def is_closing_speaker(token: Token) -> bool:
    """Whether an apposition is the speaker of the sentence's closing ", a human
    rights group said here Wednesday", which the parser hung on the noun before
    the comma ("refugees, a human rights group") with the verb describing it."""
    if token.dep_ != "appos" or token.pos_ not in ("NOUN", "PROPN"):
        return False
    start = token.left_edge.i
    if start == 0 or token.doc[start - 1].text != ",":
        return False
    sentence_end = token.sent.end - 1
    while sentence_end > token.i and token.doc[sentence_end].is_punct:
        sentence_end -= 1
    return any(
        verb.dep_ == "acl"
        and verb.tag_ in ("VBD", "VBN")
        and (
            lemma_of(verb) in read_lexicon("speech_verbs.txt")
            or lemma_of(verb) in COMPLAINT_VERBS
        )
        and verb.right_edge.i >= sentence_end
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children)
        for verb in token.rights
    )


def closing_complaint(verb: Token) -> tuple[Span, list[Span]] | None:
    """The complainer and the accused of a closing ", a human rights group
    protested" taken for an apposition (see ``is_closing_speaker``): the group
    accuses the subject of the sentence's main clause, as it does when the parser
    gets ", a rights group complained" right. None for any other verb."""
    if (
        verb.dep_ != "acl"
        or lemma_of(verb) not in COMPLAINT_VERBS
        or not is_closing_speaker(verb.head)
    ):
        return None
    holder = subject_holder(verb.sent.root)
    accused = [
        p
        for c in holder.children
        if c.dep_ in SUBJECTS | PASSIVE_SUBJECTS
        for p in phrases(c)
    ]
    return noun_phrase(verb.head), accused


def closing_speaker(sentence: Span) -> Span | None:
    """The speaker of a closing ", a human rights group protested" taken for an
    apposition (see ``is_closing_speaker``), if the sentence ends with one."""
    for token in sentence:
        if is_closing_speaker(token):
            return noun_phrase(token)
    return None


def noun_phrase(token: Token) -> Span:
    """The compact phrase around a head noun: titles, names, appositions, no clauses.

    "Russian Foreign Minister Sergei Lavrov", "his US counterpart John Kerry", "the
    authorities of the United States"; never a relative clause or a conjunct.
    """
    doc = token.doc
    left = token.i
    for child in token.lefts:
        if child.dep_ in NP_LEFT and child.left_edge.i < left:
            left = child.left_edge.i
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "nummod") and child.i == right + 1:
            right = child.i
        elif child.dep_ == "appos" and not is_closing_speaker(child):
            right = max(right, noun_phrase(child).end - 1)
        elif child.dep_ == "prep" and child.lower_ == "of" and child.i == right + 1:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            # "the authorities of the United States", "the Friends of Syria Group"
            if objects and (
                token.lower_ in OF_HEADS
                or (token.pos_ == "PROPN" and objects[0].pos_ == "PROPN")
            ):
                right = max(right, noun_phrase(objects[0]).end - 1)
    # Quotes and brackets at the edges belong to the sentence, not the name.
    while left < right and (
        doc[left].is_punct or doc[left].is_space or doc[left].lower_ in COORDINATORS
    ):
        left += 1
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left : right + 1]


def with_conjuncts(token: Token) -> list[Span]:
    """``token``'s phrase and those of its conjuncts: "Russia and the United States"."""
    first = token
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    return [noun_phrase(t) for t in (first, *first.conjuncts)]


def _relative_antecedent(pronoun: Token) -> Token | None:
    """The noun a relative pronoun stands for: "France, which suspects ..."."""
    clause = pronoun.head
    if clause.dep_ == "prep":
        # "the UN with which we cooperate": the noun just before the preposition,
        # which the parser often hangs elsewhere.
        before = pronoun.doc[clause.i - 1] if clause.i > 0 else None
        if before is not None and before.pos_ in ("NOUN", "PROPN"):
            return before
        clause = clause.head
    while clause.dep_ == "conj":
        clause = clause.head
    if clause.dep_ == "relcl":
        return clause.head
    return None


def phrases(token: Token) -> list[Span]:
    """Argument phrases for one argument head, relative pronouns followed back."""
    if token.lower_ in RELATIVE_PRONOUNS and token.tag_ in ("WDT", "WP", "WP$"):
        antecedent = _relative_antecedent(token)
        return with_conjuncts(antecedent) if antecedent is not None else []
    described = described_by_subject_participle(token)
    if described is not None:
        return with_conjuncts(described)
    return with_conjuncts(token)


def described_by_subject_participle(token: Token) -> Token | None:
    """The noun a participle describes when the parser made the participle the
    subject and the noun its own subject: "The Red Cross operating in Iraq said ..."
    ("operating" subject of "said", "Cross" of "operating"). Who said it is the Red
    Cross; "operating in Iraq" only tells which of it."""
    if token.tag_ != "VBG" or token.dep_ not in SUBJECTS | PASSIVE_SUBJECTS:
        return None
    if any(c.dep_ in ("aux", "auxpass", "neg") for c in token.children):
        return None
    nouns = [
        c for c in token.lefts if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")
    ]
    return nouns[0] if nouns else None


def prepositional_targets(
    head: Token, prepositions: frozenset[str] = TARGET_PREPOSITIONS
) -> list[Span]:
    """Objects of the target-like prepositions attached to ``head``."""
    out: list[Span] = []
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in prepositions:
            objects = [o for o in child.children if o.dep_ == "pobj"]
            for obj in objects or _stranded_object(child):
                if obj.ent_type_ not in NOT_ACTORS:
                    out += phrases(obj)
    return out


def _stranded_object(prep: Token) -> list[Token]:
    """The object the parser took for a clause's subject when a participle follows
    it: "granted asylum to five officers holed up in ..." (officers "holed")."""
    if prep.i + 1 >= len(prep.doc):
        return []
    after = prep.doc[prep.i + 1]
    subject = after
    while subject.dep_ not in SUBJECTS and subject.head.i != subject.i:
        if subject.head.i < prep.i:
            return []
        subject = subject.head
    if subject.dep_ in SUBJECTS and subject.left_edge.i == prep.i + 1:
        return [subject]
    return []


def object_targets(noun: Token) -> list[Span]:
    """Prepositional targets of an object noun, through the "of", "for" and "on"
    phrases below it: "reservists for a war against X", "an embargo on sales to X",
    "part of an aid programme for X"."""
    out = prepositional_targets(noun, OBJECT_PREPOSITIONS)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "for", "on"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ == "NOUN":
                    out += prepositional_targets(obj, TARGET_PREPOSITIONS | {"for"})
    return out


def prep_objects(head: Token, *words: str) -> list[Token]:
    """Objects of ``head``'s prepositions among ``words``: "in Liberia", "as X"."""
    return [
        obj
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ in words
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]


def is_place(token: Token) -> bool:
    """A token of a place name: "Liberia", "the Golan Heights"."""
    return token.ent_type_ in ("GPE", "LOC")


def _shifted_objects(verb: Token) -> list[Span]:
    """An object put after the verb's "as" phrase, which the parser hangs on that
    phrase: "denounced as an ugly crime Serbia's suppression of ..."."""
    return [
        span
        for pobj in prep_objects(verb, "as")
        for shifted in pobj.children
        # No comma: "served as ambassador, the top diplomat" is an apposition.
        if shifted.dep_ == "appos"
        and shifted.i > pobj.i
        and not pobj.doc[shifted.left_edge.i - 1].is_punct
        for span in phrases(shifted)
    ]


def _haven(verb: Token) -> list[Span]:
    """Where refuge is sought, which the parser hangs on the verb: "sought refuge in
    Germany", "asked for asylum in Sweden" (the state asked is the target)."""
    if lemma_of(verb) not in read_lexicon("content_words.txt"):
        return []
    objects = [c for c in verb.children if c.dep_ == "dobj"] + prep_objects(verb, "for")
    havens = [o for o in objects if o.lemma_.lower() in HAVENS]
    if not havens:
        return []
    return [
        span
        for head in (verb, *havens)
        for place in prep_objects(head, "in")
        if is_place(place)
        for span in phrases(place)
    ]


def stance_targets(head: Token) -> list[Span]:
    """Whom an act defies or answers: "blocked streets in defiance of X", "a strike
    in protest at X's refusal" (the nouns of ``stance_nouns.txt`` after "in")."""
    stances = read_lexicon("stance_nouns.txt")
    return [
        span
        for noun in prep_objects(head, "in")
        if noun.lemma_.lower() in stances
        for span in prepositional_targets(noun, STANCE_PREPOSITIONS)
    ]


def unique(found: Iterable[Span]) -> list[Span]:
    """Phrases in order, each once (a verb and its object noun share prepositions)."""
    seen: set[int] = set()
    out: list[Span] = []
    for span in found:
        if span.start not in seen:
            seen.add(span.start)
            out.append(span)
    return out


def subject_holder(verb: Token) -> Token:
    """The verb whose subject is ``verb``'s: "is ready to open", "met and agreed"."""
    head, steps = verb, 0
    while steps < 4 and not any(
        c.dep_ in SUBJECTS | PASSIVE_SUBJECTS for c in head.children
    ):
        if head.dep_ in ("xcomp", "conj", "acomp") or (
            # "marched on Monday, chanting ...", "began a strike to protest ...":
            # a participle or purpose clause shares its subject.
            head.dep_ == "advcl" and (head.tag_ == "VBG" or is_infinitive(head))
        ):
            head = head.head
            steps += 1
        elif head.dep_ == "pcomp" and head.head.head.pos_ in ("VERB", "AUX"):
            head = head.head.head  # "responded by bombing": the responder bombs
            steps += 1
        elif head.dep_ == "pcomp" and head.head.lower_ in TOWARDS:
            over = _verb_over_noun(head.head.head)
            if over is None:
                break
            head = over  # "took steps towards resuming talks": who took them resumes
            steps += 1
        else:
            break
    return head


def _verb_over_noun(noun: Token, depth: int = 3) -> Token | None:
    """The verb whose object ``noun`` is, through "of" phrases: in "cover its part
    of the way", the verb over "way" is "cover"."""
    for _ in range(depth):
        if noun.pos_ not in ("NOUN", "PROPN"):
            return None
        if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
            return noun.head
        if not (noun.dep_ == "pobj" and noun.head.lower_ == "of"):
            return None
        noun = noun.head.head
    return None


def stranded_subject(verb: Token) -> list[Span]:
    """The subject of a finite main verb that the parser hung on the phrase in front
    of it: "With the signing of the accord, the government and the rebels have
    agreed ..." (both parties taken for conjuncts of "the accord"). Only the words
    between that phrase's comma and the verb are looked at."""
    doc = verb.doc
    if verb.dep_ != "ROOT" or any(
        c.dep_ in SUBJECTS | PASSIVE_SUBJECTS | {"expl"} for c in verb.children
    ):
        return []
    end = verb.i - 1
    while end >= 0 and doc[end].head.i == verb.i and doc[end].dep_ in VERB_LEFT:
        end -= 1
    finite = verb.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("MD", "VBD", "VBZ", "VBP")
        for c in verb.children
    )
    if end < 1 or not finite or doc[end].pos_ not in ("NOUN", "PROPN"):
        return []
    start = end
    while start > 0 and doc[start - 1].text != ",":
        start -= 1
    if start == 0:
        return []  # no fronted phrase: not this mistake
    inside = range(start, end + 1)
    roots = [t for t in doc[start : end + 1] if t.head.i not in inside]
    if len(roots) != 1 or roots[0].pos_ not in ("NOUN", "PROPN"):
        return []
    root = roots[0]
    return [noun_phrase(t) for t in (root, *root.conjuncts) if t.i in inside]


def is_misparsed_main_clause(verb: Token) -> bool:
    """A main clause the parser took for a participle of its own subject: when a
    closing "officials said" follows ("Palestinian youths resorted to throwing
    stones, officials said": "youths" and "officials" both subjects of "said"), or
    when the sentence is left with a noun for its root and the "participle" has an
    object ("Doctors from two aid groups donated and delivered goods to ...")."""
    if verb.dep_ != "acl":
        return False
    root = verb.sent.root
    if root.pos_ in ("NOUN", "PROPN") and root.i < verb.i <= root.right_edge.i:
        return any(
            c.dep_ == "dobj" for v in (verb, *verb.conjuncts) for c in v.children
        )
    if verb.head.dep_ not in SUBJECTS:
        return False
    speech = verb.head.head
    return sum(1 for c in speech.children if c.dep_ in SUBJECTS) > 1


def blasts_in(verb: Token) -> list[Span]:
    """The blast a passive verb with no agent happened in: "was killed in a car bomb
    explosion" (its unnamed bombers are the source, ``blasts.blast_actor``)."""
    if not any(c.dep_ in PASSIVE_SUBJECTS for c in verb.children):
        return []
    phrases_in = [noun_phrase(obj) for obj in prep_objects(verb, "in")]
    return [phrase for phrase in phrases_in if is_blast(phrase)]


def verb_arguments(verb: Token) -> tuple[list[Span], list[Span]]:
    """Sources and targets of a verb trigger: subject, agent, objects, prepositions."""
    sources: list[Span] = []
    targets: list[Span] = []
    holder = subject_holder(verb)
    for child in holder.children:
        if child.dep_ in SUBJECTS:
            sources += phrases(child)
        elif child.dep_ in PASSIVE_SUBJECTS:
            # "X was invited": X is the patient; "X was asked to attend": the agent;
            # "X is opposed to Y": X takes a stance.
            own = holder.i == verb.i or (verb.dep_ == "conj" and _passive(verb))
            if own and holder.lower_ in read_lexicon("stative_participles.txt"):
                own = False
            (targets if own else sources).extend(phrases(child))
    if not sources and not any(c.dep_ in PASSIVE_SUBJECTS for c in holder.children):
        sources = stranded_subject(holder)
    if (
        verb.dep_ == "conj"
        and holder.i != verb.i
        and _passive(verb)
        and not _agents(verb)
    ):
        # "was arrested by police and charged": the police charged too.
        sources += _agents(holder)
    if not sources and holder.i == verb.i:
        sources = blasts_in(verb)
    if is_misparsed_main_clause(holder):
        root = holder.sent.root
        if root.pos_ in ("NOUN", "PROPN"):
            # The words before the verb are its subject: "Doctors from two aid groups".
            sources.append(holder.doc[root.left_edge.i : holder.i])
        else:
            sources += with_conjuncts(holder.head)
    elif verb.dep_ == "acl" and verb.tag_ in ("VBG", "VBN"):
        # "the coalition bombing Islamic State", "talks mediated by the UN"
        (sources if verb.tag_ == "VBG" else targets).extend(with_conjuncts(verb.head))
    elif verb.dep_ == "relcl" and not sources and not targets:
        sources += with_conjuncts(verb.head)
    for child in verb.children:
        if child.dep_ in OBJECTS and child.pos_ == "ADP":
            # spaCy's "dative" is sometimes the preposition: "sell weapons to Taiwan"
            targets += [
                p for g in child.children if g.dep_ == "pobj" for p in phrases(g)
            ]
        elif child.dep_ in OBJECTS:
            targets += phrases(child)
            # "launched air strikes against X", "channels of communication with X";
            # the last of a list holds the phrase: "artillery and rocket fire on X".
            for each in (child, *child.conjuncts):
                targets += object_targets(each) + stance_targets(each)
        elif child.dep_ == "agent":
            sources += _agents(verb)
    targets += prepositional_targets(verb, TARGET_PREPOSITIONS | {"between", "among"})
    targets += stance_targets(verb) + _shifted_objects(verb) + _haven(verb)
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "on"):
            # "mobilized reservists for a war against X": what it is done for;
            # "reneged on its commitment to X": what it bears on.
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ == "NOUN":
                    targets += prepositional_targets(obj)
    if undergoes(verb):
        # "A prisoner died in police custody": the prisoner is the victim.
        sources, targets = custodians(verb), sources + targets
    return unique(sources), unique(targets)


def _agents(verb: Token) -> list[Span]:
    """The phrases of a passive verb's "by" agent: "was arrested by police"."""
    return [
        p
        for child in verb.children
        if child.dep_ == "agent"
        for g in child.children
        if g.dep_ == "pobj"
        for p in phrases(g)
    ]


def _passive(conjunct: Token) -> bool:
    """Whether a verb joined to a passive one is passive too: "was arrested and
    charged", not "has been indicted and will resign" (the indicted resigns). A bare
    past form is taken as passive, the tagger telling "charged" the participle from
    "charged" the past tense no better than by guess."""
    if any(c.dep_ == "auxpass" for c in conjunct.children):
        return True
    if any(c.dep_ == "aux" for c in conjunct.children):
        return False
    return conjunct.tag_ not in ("VB", "VBZ", "VBP")


def noun_arguments(
    noun: Token, has_agent: bool = False
) -> tuple[list[Span], list[Span]]:
    """Sources and targets of an event noun: "Russia's strikes", "talks with X".

    ``has_agent``: the verb carrying the noun already names its agent ("X took part
    in talks between A and B"), so every party after "between" is a target.
    """
    sources: list[Span] = []
    targets: list[Span] = []
    agentive = eventive_nouns().get(noun.lower_, "agent") == "agent"
    for child in noun.children:
        if child.dep_ == "poss":
            sources += phrases(child)
        elif (
            child.dep_ in ("compound", "amod")
            and agentive
            and (child.pos_ == "PROPN" or child.ent_type_ in ("NORP", "GPE", "ORG"))
        ):
            sources.append(noun_phrase(child))
        elif (
            child.dep_ == "compound"
            and agentive
            and child.pos_ == "NOUN"
            and noun.left_edge.i < child.i
        ):
            # "the U.S.-led coalition bombing": the modifiers before the compound
            # describe it, not the event.
            sources.append(noun.doc[noun.left_edge.i : child.i + 1])
        elif child.dep_ == "dobj":
            targets += phrases(child)  # a gerund tagged as a noun: "bombing X"
        elif child.dep_ == "prep" and child.lower_ == "by":
            sources += [
                p for g in child.children if g.dep_ == "pobj" for p in phrases(g)
            ]
        elif child.dep_ == "prep" and child.lower_ in ("between", "among"):
            # "talks between the government and the opposition": both took part.
            for obj in child.children:
                if obj.dep_ == "pobj":
                    both = phrases(obj)
                    split = 0 if has_agent or sources else 1
                    sources += both[:split]
                    targets += both[split:]
    targets += prepositional_targets(noun) + stance_targets(noun)
    if noun.lower_ in read_lexicon("patient_nouns.txt"):
        targets += prepositional_targets(noun, frozenset({"of"}))  # "invasion of X"
    targets = [t for t in targets if not any(t.start == s.start for s in sources)]
    return unique(sources), unique(targets)


def purpose_targets(verb: Token, depth: int = 2) -> list[Span]:
    """Objects of a purpose or intent clause: "staged rallies to demand the
    resignation of X", "threatened to break off relations with X", "agreed to
    lift the embargo on X", "sent arms to help defend X" (down to ``depth``
    clauses)."""
    out: list[Span] = []
    for child in verb.children:
        # "to help defend X": "help" takes its infinitive without "to".
        bare = child.dep_ == "xcomp" and verb.lemma_ == "help"
        marked = child.dep_ in ("advcl", "xcomp") and any(
            g.dep_ == "aux" and g.lower_ == "to" for g in child.children
        )
        if bare or marked:
            for obj in child.children:
                if obj.dep_ in OBJECTS:
                    out += phrases(obj)
                    out += object_targets(obj)
            out += prepositional_targets(child)
            if depth > 1:
                out += purpose_targets(child, depth - 1)
    return unique(out)
