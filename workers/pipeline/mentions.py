"""Event mention candidates: predicates with their arguments, reported speech undone."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from workers.pipeline.conditions import condition_targets
from workers.pipeline.modality import (
    is_infinitive,
    lemma_of,
    mental_verbs,
    modality,
    read_lexicon,
)
from workers.pipeline.participants import (
    SUBJECTS,
    closing_complaint,
    described_by_subject_participle,
    eventive_nouns,
    is_misparsed_main_clause,
    noun_arguments,
    phrases,
    prep_objects,
    purpose_targets,
    unique,
    verb_arguments,
)
from workers.pipeline.phrasal import fixed_object, trigger_end
from workers.pipeline.reporting import SAID_NOUNS, reporter_of, speech_verbs
from workers.pipeline.stances import (
    completes_noun,
    content_words,
    is_asked_for,
    is_grounds,
    is_refused,
    obligation_modal,
    obliged,
    refusal_arguments,
    refused_action,
)
from workers.pipeline.statements import STATEMENT_NOUNS, statement_authors
from workers.pipeline.where import travel_verbs

# Verbs that never carry an event themselves: being, having, seeming, containing,
# where someone is based or lives, "according to".
NON_EVENT_VERBS = frozenset(
    "be have become seem appear remain include involve concern mean consist "
    "contain belong regard cite use get let accord base locate live".split()
)
# Verbs of taking part: "took part in the talks" is the talks, with the verb's subject.
PARTICIPATION_VERBS = frozenset("participate engage attend join take".split())
ADDRESSEE_DEPS = frozenset({"dobj", "dative"})
# What only a verb has: its subject, auxiliary, "to" or "that", an object.
VERB_OWN = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "mark", "dobj"})
# "bear in mind", "keep in mind", "take into account": a thought, not an act.
MINDFUL_PHRASES = frozenset(
    {("in", "mind"), ("into", "account"), ("into", "consideration")}
)
# "after a meeting with X", "during talks with X": the subject took part.
SCENE_PREPOSITIONS = frozenset("after before during following at since".split())
# Nouns that measure out an event noun: "two rounds of talks", "a wave of strikes".
MEASURE_NOUNS = frozenset(
    "round rounds day days week weeks month months hours series wave waves "
    "spate".split()
)
# Verbs that put out a text: "issued a statement", "a report released by X".
ISSUING_VERBS = frozenset("issue release publish circulate distribute".split())


@dataclass
class Mention:
    """A candidate event: trigger, argument phrases, who reports it, modality."""

    trigger: Token
    sentence: Span
    sources: list[Span] = field(default_factory=list)
    targets: list[Span] = field(default_factory=list)
    reporter: Span | None = None
    modality: str = "asserted"
    # The first word of a trigger of several words ("must withdraw"), if it has them.
    first: Token | None = None
    # The last, when words follow the trigger word ("blew up", "set fire").
    last: Token | None = None

    def trigger_chars(self) -> tuple[int, int]:
        """Character offsets of the trigger's words in the annotated text."""
        start = self.first.idx if self.first is not None else self.trigger.idx
        end = self.last if self.last is not None else self.trigger
        return start, end.idx + len(end)


def light_verbs() -> dict[str, str]:
    return read_lexicon("light_verbs.txt")


def is_eventive(token: Token) -> bool:
    return token.pos_ == "NOUN" and (
        token.lower_ in eventive_nouns() or token.lemma_.lower() in eventive_nouns()
    )


def carried_noun(verb: Token) -> Token | None:
    """The event noun a light or participation verb introduces ("held talks")."""
    lemma = lemma_of(verb)
    if any(c.dep_ == "prt" and c.lower_ == "off" for c in verb.children):
        return None  # "called off the strike": the calling off is the event
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass") and lemma in light_verbs():
            if is_eventive(child):
                return child
            if child.lower_ in MEASURE_NOUNS:
                # "held two rounds of talks", "launched ten days of war games".
                for obj in prep_objects(child, "of"):
                    if is_eventive(obj):
                        return obj
        if (
            lemma in PARTICIPATION_VERBS
            and child.dep_ == "prep"
            and child.lower_ == "in"
        ):
            for obj in child.children:
                if obj.dep_ == "pobj" and is_eventive(obj):
                    return obj
        if lemma == "take" and child.dep_ == "dobj" and child.lower_ == "part":
            return carried_noun(child) or _in_object(child)
    return None


def _in_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            for obj in child.children:
                if obj.dep_ == "pobj" and is_eventive(obj):
                    return obj
    return None


def _clause_verb(noun: Token) -> Token | None:
    """The verb whose subject or object an event noun is: "the talks were held"."""
    head = noun
    while head.dep_ in ("conj", "appos") and head.head.i != head.i:
        head = head.head
    if head.dep_ in (
        "nsubj",
        "nsubjpass",
        "dobj",
        "pobj",
        "attr",
    ) and head.head.pos_ in (
        "VERB",
        "AUX",
        "ADP",
    ):
        verb = head.head if head.dep_ != "pobj" else head.head.head
        return verb if verb.pos_ in ("VERB", "AUX") else None
    return None


def _purpose_of_event(verb: Token) -> bool:
    """A clause that completes another event verb rather than telling its own event.

    "rallied to demand X", "urged Iran to stop", "demanded that the US cancel the
    sale": the governing verb is the event, this clause its aim or content.
    """
    head = verb.head
    if head.pos_ != "VERB" or head.i == verb.i:
        return False
    lemma = lemma_of(head)
    if lemma in mental_verbs() or lemma in NON_EVENT_VERBS or lemma in speech_verbs():
        return False
    if verb.dep_ == "ccomp":
        return True
    return verb.dep_ in ("advcl", "xcomp") and is_infinitive(verb)


def _inside_aim(verb: Token) -> bool:
    """``verb`` is in the aim or content of another event ("demanded that the US
    cancel plans to sell weapons"): neither "cancel" nor "sell" happened."""
    token = verb
    while token.head.i != token.i:
        if token.pos_ == "VERB" and _purpose_of_event(token):
            return True
        token = token.head
    return False


def complement_subjects(verb: Token) -> list[Span]:
    """Whom a demand or warning is addressed to: "demanded that the US cancel ...",
    "its demand that Israel ease ..." (the clause of a verb, or of a noun of demand)."""
    deps = ("ccomp",) if verb.pos_ in ("VERB", "AUX") else ("ccomp", "acl")
    return [
        p
        for clause in verb.children
        if clause.dep_ in deps
        and (verb.pos_ in ("VERB", "AUX") or verb.lower_ in content_words())
        for c in clause.children
        if c.dep_ in SUBJECTS
        for p in phrases(c)
        if c.pos_ != "PRON" or c.lower_ not in ("it", "this", "that", "there")
    ]


def _for_clause_subjects(verb: Token) -> list[Span]:
    """Whom a push is for: "pressed for France to back the plan" → France."""
    return [
        p
        for clause in verb.children
        if clause.dep_ in ("advcl", "ccomp")
        and any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children)
        for c in clause.children
        if c.dep_ in SUBJECTS and c.pos_ != "PRON"
        for p in phrases(c)
    ]


def _clause_after(verb: Token, noun: Token) -> list[Span]:
    """Subjects of a "that" clause of ``verb`` that follows its object ``noun``."""
    return [
        p
        for clause in verb.children
        if clause.dep_ == "ccomp"
        and clause.left_edge.i > noun.i
        and clause.left_edge.lower_ == "that"
        for c in clause.children
        if c.dep_ in SUBJECTS and c.pos_ != "PRON"
        for p in phrases(c)
    ]


def _scene_agents(noun: Token) -> list[Span]:
    """Who took part in an event noun that sets the scene of a clause, or that
    the clause's subject travelled for.

    "Lavrov said after a meeting with Kerry ...": the clause's subject was there;
    "negotiators return to Geneva for talks": they hold them.
    """
    prep = noun.head
    if noun.dep_ != "pobj":
        return []
    verb = prep.head
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    if prep.lower_ not in SCENE_PREPOSITIONS and not (
        prep.lower_ == "for" and lemma_of(verb) in travel_verbs()
    ):
        return []
    return verb_arguments(verb)[0]


def _journey_to_an_event(verb: Token) -> bool:
    """A journey made for an event noun ("return to Geneva for talks") is no event
    of its own: the noun is, with the travellers as its parties."""
    kind = travel_verbs().get(lemma_of(verb))
    if kind is None or kind == "itself":
        return False  # not a journey, or one that is an event of its own
    return any(is_eventive(noun) for noun in prep_objects(verb, "for"))


def _counted_targets(verb: Token) -> list[Span]:
    """Whom a bare number counts in a participle that goes on from an act: "fired
    on students, injuring 30 and detaining 15": the 15 are among the students."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects or any(o.pos_ != "NUM" or list(o.children) for o in objects):
        return []
    head = verb
    while head.dep_ == "conj":
        head = head.head
    if head.dep_ != "advcl" or head.tag_ != "VBG" or head.head.pos_ != "VERB":
        return []
    act = head.head
    return unique(verb_arguments(act)[1] + purpose_targets(act))


def _scene_partners(verb: Token) -> list[Span]:
    """Whom an act's doer dealt with just before, in an event noun setting its
    scene: "called off the strike after talks with the government"."""
    return [
        phrase
        for noun in prep_objects(verb, *SCENE_PREPOSITIONS)
        if is_eventive(noun)
        for partner in prep_objects(noun, "with")
        for phrase in phrases(partner)
    ]


def _asks_for_a_thing(verb: Token, lemma: str) -> bool:
    """A wish verb with a thing asked for and no clause ("sought refuge", "want
    guarantees") is a demand; with a clause ("sought to calm") it only colours it."""
    if lemma not in content_words():
        return False
    has_object = any(c.dep_ == "dobj" and c.pos_ == "NOUN" for c in verb.children)
    clause = any(c.dep_ in ("xcomp", "ccomp") for c in verb.children)
    return has_object and not clause


def _is_word(token: Token) -> bool:
    """A whole word: not a hyphen, nor the prefix of a hyphenated word, which the
    tokenizer splits off ("re-engage" is "re", "-", "engage") and the tagger may
    take for verbs of their own."""
    if not token.is_alpha:
        return False
    if token.whitespace_ or token.i + 1 >= len(token.doc):
        return True
    return token.nbor(1).text != "-"


def _hyphen_prefix(token: Token) -> Token | None:
    """The prefix of a hyphenated verb ("re" of "re-engage"): part of its trigger."""
    if token.i < 2:
        return None
    hyphen, prefix = token.nbor(-1), token.nbor(-2)
    if hyphen.text == "-" and not hyphen.whitespace_ and not prefix.whitespace_:
        return prefix if prefix.is_alpha else None
    return None


def _describes_a_noun(verb: Token) -> bool:
    """A participle describing a noun: "refugees fleeing the war", "detainees held
    after the escape", "guerrillas operating in the north" tell who the noun's people
    are, not what the sentence reports. A text's participle says what the text does
    ("a statement condemning X", "a law recognising Y") and stays."""
    if described_by_subject_participle(verb) is not None:
        return True  # "The Red Cross operating in Iraq said ..." parsed as a subject
    return (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBG", "VBN")
        and verb.head.lemma_.lower() not in STATEMENT_NOUNS
        and not is_misparsed_main_clause(verb)
    )


def _issues_a_text(verb: Token) -> bool:
    """Issuing a text that says what happens: "issued a declaration demanding
    that ...", "a statement issued by the ministry said ...". What the text says is
    the event, or what the sentence reports; the issuing is neither."""
    if lemma_of(verb) not in ISSUING_VERBS:
        return False
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in SAID_NOUNS:
        return True
    return any(
        obj.dep_ == "dobj"
        and obj.lemma_.lower() in SAID_NOUNS
        and any(c.dep_ in ("acl", "ccomp") and c.pos_ == "VERB" for c in obj.children)
        for obj in verb.children
    )


def _minds(verb: Token) -> bool:
    """ "We bear in mind that ...", "will take into account the concerns of X": the
    verb and its phrase say what someone thinks of, which is no event."""
    return any(
        (prep.lower_, obj.lower_) in MINDFUL_PHRASES
        for prep in verb.children
        if prep.dep_ == "prep"
        for obj in prep.children
        if obj.dep_ == "pobj"
    )


def _noun_tagged_as_verb(verb: Token) -> bool:
    """ "including on readiness and resolve for a joint fight", "the talks touched
    on readiness and resolve": a bare verb form with no subject, auxiliary, marker or
    object of its own, joined to a noun, a preposition or a verb of another form, is
    a noun the tagger took for a verb ("met and resolve" is no English; "will meet
    and resolve" has the bare form on both sides; "gave in and cut prices" is a past
    tense with an object)."""
    head = verb.head
    return (
        verb.tag_ == "VB"
        and verb.dep_ == "conj"
        and (
            head.pos_ in ("ADP", "NOUN", "PROPN")
            or head.tag_ in ("VBD", "VBZ", "VBN", "VBG")
        )
        and not any(c.dep_ in VERB_OWN for c in verb.children)
    )


def _verb_mention(token: Token, sentence: Span) -> Mention | None:
    """The candidate event of a verb, or None when the verb carries no event."""
    lemma = lemma_of(token)
    action = refused_action(token)
    if action is not None:
        sources, targets = refusal_arguments(token, action)
        if not (sources or targets):
            return None
        reporter, reported = reporter_of(token)
        return Mention(
            token, sentence, sources, targets, reporter, modality(token, reported)
        )
    if lemma in NON_EVENT_VERBS or _inside_aim(token) or _journey_to_an_event(token):
        return None
    if _minds(token) or _noun_tagged_as_verb(token):
        return None
    if (
        lemma in mental_verbs()
        and not _asks_for_a_thing(token, lemma)
        and fixed_object(token) is None
    ):
        return None
    complaint = closing_complaint(token)
    if complaint is not None:
        speaker, accused = complaint
        return Mention(token, sentence, [speaker], accused, None, modality(token))
    if _describes_a_noun(token) or is_grounds(token) or _issues_a_text(token):
        return None
    if completes_noun(token):
        return None  # "a plan to build": the plan may be an event, not the building
    if is_refused(token):
        return None  # the refusal is the event
    if lemma in speech_verbs() and not any(
        c.dep_ in ADDRESSEE_DEPS for c in token.children
    ):
        return None  # "said" reports an event; "told the Council" addresses someone
    reporter, reported = reporter_of(token)
    modal = obligation_modal(token)
    if modal is not None and reporter is not None:
        # "Russia said Sudan must return the helicopter": Russia demands it of Sudan.
        return Mention(token, sentence, [reporter], obliged(token), first=modal)
    sources, targets = verb_arguments(token)
    sources = statement_authors(token) or sources
    # "blocked roads to press demands on X": the aim names whom an act is aimed at
    # when its own object is no actor; resolving keeps only the actors.
    targets = unique(targets + purpose_targets(token)) or complement_subjects(token)
    targets = unique(targets + condition_targets(token) + _for_clause_subjects(token))
    targets = unique(targets + _counted_targets(token))
    # "reiterated its demand that Israel ease ...": a demand's addressee is the act's.
    for child in token.children:
        if child.dep_ == "dobj" and child.lower_ in content_words():
            targets = unique(targets + complement_subjects(child))
            # The parser hangs the clause on the verb when a word comes between:
            # "reiterated its demand today that Israel ease ...".
            targets = unique(targets + _clause_after(token, child))
    if all(is_eventive(t.root) for t in targets):
        # Its object is no party ("called off the strike"): the one it was
        # settled with is.
        targets = unique(targets + _scene_partners(token))
    if not (sources or targets):
        return None
    return Mention(
        token, sentence, sources, targets, reporter, modality(token, reported)
    )


def find_mentions(sentence: Span) -> list[Mention]:
    """Candidate events of one sentence; each has at least one argument phrase."""
    found: list[Mention] = []
    carried: dict[int, Token] = {}
    for token in sentence:
        if token.pos_ != "VERB" or not _is_word(token):
            continue
        noun = carried_noun(token)
        if noun is not None:
            carried[noun.i] = token
            continue
        mention = _verb_mention(token, sentence)
        if mention is not None:
            if mention.first is None:
                mention.last = trigger_end(token)
                mention.first = _hyphen_prefix(token)
            found.append(mention)
    for token in sentence:
        if not is_eventive(token):
            continue
        verb = carried.get(token.i)
        if verb is not None and is_refused(verb):
            continue  # "refused to hold talks": the refusal is the event
        if verb is None and is_asked_for(token):
            continue  # "demanded elections": the demand is the event
        verb_sources, verb_targets = verb_arguments(verb) if verb else ([], [])
        sources, targets = noun_arguments(token, bool(verb_sources))
        if verb is not None:
            sources = verb_sources + sources
            targets = unique([t for t in verb_targets if t.root.i != token.i] + targets)
        elif token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ == "VERB":
            continue  # the object of an ordinary verb: that verb is the event
        clause = verb if verb is not None else _clause_verb(token)
        if not sources and verb is None:
            sources = _scene_agents(token)
        if not targets and verb is not None:
            targets = purpose_targets(verb)
        if not targets:
            targets = complement_subjects(token)
        if not targets and verb is not None:
            targets = _clause_after(verb, token)  # "renewed its call today that X"
        if not (sources or targets):
            continue
        reporter, reported = reporter_of(clause if clause is not None else token)
        modal = obligation_modal(verb) if verb is not None else None
        if modal is not None and reporter is not None:
            # "Straw said Sudan must reach an agreement": a demand, as for a verb.
            found.append(Mention(token, sentence, [reporter], sources, first=modal))
            continue
        # The clause's "will" or "not" covers its subject and object nouns ("talks
        # will be held"), not a noun inside a prepositional phrase of it.
        governed = clause is not None and (verb is not None or token.dep_ != "pobj")
        found.append(
            Mention(
                token,
                sentence,
                sources,
                targets,
                reporter,
                modality(clause if governed and clause else token, reported),
            )
        )
    return found
