"""Argument phrases and their actors, on real parses with the real gazetteer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.pipeline.parsing import texts
from workers.pipeline.actors import ActorResolver
from workers.pipeline.participants import (
    noun_arguments,
    purpose_targets,
    verb_arguments,
)
from workers.pipeline.resolution import resolve


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def token(doc: Any, word: str) -> Any:
    return next(t for t in doc if t.text == word)


def targets_of(nlp: Any, text: str, verb: str) -> list[str]:
    """The target phrases of ``verb`` in ``text``."""
    return texts(verb_arguments(token(nlp(text), verb))[1])


def test_titles_and_appositions_make_one_phrase(nlp: Any) -> None:
    doc = nlp(
        "Russian Foreign Minister Sergei Lavrov met his US counterpart John Kerry."
    )
    sources, targets = verb_arguments(token(doc, "met"))
    assert texts(sources) == ["Russian Foreign Minister Sergei Lavrov"]
    assert texts(targets) == ["his US counterpart John Kerry"]


def test_relative_clause_is_not_part_of_the_phrase(nlp: Any) -> None:
    doc = nlp("Washington criticised the rebels who attacked the convoy on Monday.")
    _, targets = verb_arguments(token(doc, "criticised"))
    assert texts(targets) == ["the rebels"]
    # The relative pronoun stands for the noun it follows.
    sources, _ = verb_arguments(token(doc, "attacked"))
    assert texts(sources) == ["the rebels"]


def test_vague_head_keeps_its_of_phrase(nlp: Any) -> None:
    doc = nlp("Moscow informed the authorities of the United States.")
    _, targets = verb_arguments(token(doc, "informed"))
    assert texts(targets) == ["the authorities of the United States"]


def test_shared_subject_of_a_complement(nlp: Any) -> None:
    doc = nlp("Russia is ready to open channels of communication with the coalition.")
    sources, targets = verb_arguments(token(doc, "open"))
    assert texts(sources) == ["Russia"]
    assert "the coalition" in texts(targets)


def test_acting_noun_phrase_of_a_participle(nlp: Any) -> None:
    doc = nlp("Rebels attacked a convoy carrying aid to Aleppo.")
    sources, targets = verb_arguments(token(doc, "carrying"))
    assert texts(sources) == ["a convoy"]
    assert texts(targets) == ["aid", "Aleppo"]


def test_noun_agents_from_possessives_and_nationalities(nlp: Any) -> None:
    doc = nlp("Russia's air strikes hit rebels while French sanctions on Iran held.")
    sources, _ = noun_arguments(token(doc, "strikes"))
    assert texts(sources) == ["Russia"]
    sources, targets = noun_arguments(token(doc, "sanctions"))
    assert texts(sources) == ["French"]
    assert texts(targets) == ["Iran"]


def test_resolve_drops_non_actors_and_repeats(nlp: Any, resolver: Any) -> None:
    doc = nlp("Lavrov said Russia and Moscow backed UN efforts and the plan.")
    actors = resolver.for_document(doc)
    sources, targets = verb_arguments(token(doc, "backed"))
    reporter = doc[0:1]
    found = resolve(actors, sources, targets + [doc[-3:-1]], reporter, offset=100)
    roles = [(p.role, p.entity.country) for p in found]
    # Russia and Moscow are one actor; "the plan" names none; Lavrov reports it.
    assert roles[0] == ("source", "RUS")
    assert [r for r, _ in roles].count("source") == 1
    assert ("other", "RUS") in roles or any(p.relation == "reported_by" for p in found)
    for p in found:
        assert doc.text[p.start - 100 : p.end - 100] == p.text
    assert not any(p.text == "the plan" for p in found)


def test_intent_clauses_name_whom_the_intended_act_reaches(nlp: Any) -> None:
    doc = nlp("The parliament threatened to break off relations with Russia.")
    assert "Russia" in texts(purpose_targets(token(doc, "threatened")))
    doc = nlp("The ministers agreed to continue military aid to Mozambique.")
    assert "Mozambique" in texts(purpose_targets(token(doc, "agreed")))


def test_whence_and_whose_are_targets(nlp: Any) -> None:
    doc = nlp("The army withdrew its last troops from Lebanon on Friday.")
    _, targets = verb_arguments(token(doc, "withdrew"))
    assert "Lebanon" in texts(targets)
    doc = nlp("The government rejected calls by the opposition for early elections.")
    _, targets = verb_arguments(token(doc, "rejected"))
    assert "the opposition" in texts(targets)


def test_a_purpose_clause_shares_the_subject(nlp: Any) -> None:
    doc = nlp("Farmers began a strike on Monday to protest against the new tax.")
    sources, targets = verb_arguments(token(doc, "protest"))
    assert texts(sources) == ["Farmers"]
    assert texts(targets) == ["the new tax"]


def test_whose_demand_and_for_whom_the_aid(nlp: Any, resolver: Any) -> None:
    doc = nlp("The premier ignored a demand from the US president to resign.")
    actors = resolver.for_document(doc)
    _, targets = verb_arguments(token(doc, "ignored"))
    found = resolve(actors, [], targets, None, offset=0)
    assert [p.entity.country for p in found] == ["USA"]
    doc = nlp("The donors agreed to provide emergency aid for Haiti.")
    assert "Haiti" in texts(purpose_targets(token(doc, "agreed")))


def test_a_subject_taking_a_stance_is_the_source(nlp: Any) -> None:
    doc = nlp("Turkey is opposed to Swedish membership of the alliance.")
    sources, targets = verb_arguments(token(doc, "opposed"))
    assert texts(sources) == ["Turkey"] and "Turkey" not in texts(targets)
    doc = nlp("The envoy was invited to the summit.")
    _, targets = verb_arguments(token(doc, "invited"))
    assert "The envoy" in texts(targets)


def test_targets_deep_in_what_an_act_is_for_or_on(nlp: Any) -> None:
    doc = nlp("Britain mobilized army reservists for a possible war against Iraq.")
    _, targets = verb_arguments(token(doc, "mobilized"))
    assert "Iraq" in texts(targets)
    doc = nlp("The EU lifted its embargo on arms sales to China.")
    _, targets = verb_arguments(token(doc, "lifted"))
    assert "China" in texts(targets)


def test_an_object_taken_for_a_clause_subject_is_still_the_target(nlp: Any) -> None:
    doc = nlp(
        "Peru has granted diplomatic asylum to five Panamanian army officers holed "
        "up in a diplomatic residence."
    )
    _, targets = verb_arguments(token(doc, "granted"))
    assert "five Panamanian army officers" in texts(targets)


def test_the_sides_of_a_mediation_named_on_its_noun_are_targets(nlp: Any) -> None:
    doc = nlp("The emir launched a mediation effort between Qatar and Bahrain.")
    _, targets = verb_arguments(token(doc, "launched"))
    assert {"Qatar", "Bahrain"} <= set(texts(targets))


def test_places_an_actor_holds_stand_for_it(nlp: Any, resolver: ActorResolver) -> None:
    doc = nlp("A temporary camp for Congolese refugees was attacked by militiamen.")
    sources, targets = verb_arguments(token(doc, "attacked"))
    found = resolve(resolver.for_document(doc), sources, targets, None, 0)
    assert [p.entity.country for p in found if p.role == "target"] == ["COD"]
    doc = nlp("Troops shelled Kampuchean guerrilla camps on Sunday.")
    sources, targets = verb_arguments(token(doc, "shelled"))
    found = resolve(resolver.for_document(doc), sources, targets, None, 0)
    assert [p.entity.country for p in found if p.role == "target"] == ["KHM"]


def test_a_body_that_names_no_actor_is_the_place_it_serves_in(
    nlp: Any, resolver: ActorResolver
) -> None:
    doc = nlp("Japan sent engineers to a peacekeeping force in South Sudan.")
    sources, targets = verb_arguments(token(doc, "sent"))
    found = resolve(resolver.for_document(doc), sources, targets, None, 0)
    assert "SSD" in [p.entity.country for p in found if p.role == "target"]
    doc = nlp("Italy sent medics to a field hospital in Cairo.")
    sources, targets = verb_arguments(token(doc, "sent"))
    found = resolve(resolver.for_document(doc), sources, targets, None, 0)
    cairo = [p.entity for p in found if p.role == "target"]
    assert [(e.country, e.sector) for e in cairo if e.country] == [("EGY", None)]
    # A participle puts the thing there: "a bridge leading into Mosul".
    doc = nlp("Militants blew up a bridge leading into Mosul.")
    sources, targets = verb_arguments(token(doc, "blew"))
    found = resolve(resolver.for_document(doc), sources, targets, None, 0)
    assert [p.entity.country for p in found if p.role == "target"] == ["IRQ"]


def test_a_subject_hung_on_the_phrase_before_it_is_found(nlp: Any) -> None:
    doc = nlp(
        "With the opening of the Conference on Disarmament, France and Germany have "
        "agreed to cut arsenals."
    )
    sources, _ = verb_arguments(token(doc, "agreed"))
    assert texts(sources) == ["France", "Germany"]


def test_what_a_part_belongs_to_names_its_owner(
    nlp: Any, resolver: ActorResolver
) -> None:
    doc = nlp("Government troops captured part of a rebel stronghold.")
    sources, targets = verb_arguments(token(doc, "captured"))
    found = resolve(resolver.for_document(doc), sources, targets, None, 0)
    assert [p.entity.sector for p in found if p.role == "target"] == ["REB"]


def test_whom_an_act_helps_to_defend_is_its_target(nlp: Any) -> None:
    doc = nlp("Poland sent tanks to help defend Ukraine.")
    assert "Ukraine" in texts(purpose_targets(token(doc, "sent")))


@pytest.mark.parametrize(
    ("text", "verb", "target", "found"),
    [
        pytest.param(
            "The army launched artillery, tank, and rocket attacks against the rebel "
            "strongholds.",
            "launched", "the rebel strongholds", True, id="after-a-list-of-weapons",
        ),
        pytest.param(
            "Thousands of students marched in Seoul in defiance of the police.",
            "marched", "the police", True, id="in-defiance-of",
        ),
        pytest.param(
            "Miners began a strike in protest at the government's pension plan.",
            "began", "the government's pension plan", True, id="in-protest-at",
        ),
        pytest.param(
            "Poland condemned as a provocation Belarus's closure of the border.",
            "condemned", "Belarus's closure", True, id="object-after-as",
        ),
        pytest.param(
            "Mr Smith, who served as ambassador, the country's top diplomat, left.",
            "served", "the country's top diplomat", False, id="as-then-apposition",
        ),
        pytest.param(
            "Germany froze part of a training programme for Malian soldiers.",
            "froze", "Malian soldiers", True, id="whom-a-programme-is-for",
        ),
        pytest.param(
            "The army reneged on its agreement with the rebels over prisoner swaps.",
            "reneged", "the rebels", True, id="what-a-verb-bears-on",
        ),
        pytest.param(
            "Thousands of Syrians sought shelter in Jordan last year.",
            "sought", "Jordan", True, id="where-refuge-is-sought",
        ),
        pytest.param(
            "The rebels sought talks in Geneva.",
            "sought", "Geneva", False, id="where-talks-are-sought",
        ),
    ],
)  # fmt: skip
def test_targets_of_verb_constructions(
    nlp: Any, text: str, verb: str, target: str, found: bool
) -> None:
    assert (target in targets_of(nlp, text, verb)) is found


@pytest.mark.parametrize(
    ("text", "verb", "country", "sector"),
    [
        pytest.param(
            "Police dispersed the rally staged by Kenyan opposition supporters.",
            "dispersed", "KEN", "CVL", id="an-event-noun-staged-by-people-is-theirs",
        ),
        pytest.param(
            "Inspectors visited the Kalinga Textile Works in northern Ethiopia.",
            "visited", "ETH", None, id="a-name-of-no-known-actor-is-the-place-it-is-in",
        ),
        pytest.param(
            "The rebels rejected the deployment of a regional peacekeeping force.",
            "rejected", None, "IGO", id="peacekeepers-serve-an-international-body",
        ),
    ],
)  # fmt: skip
def test_whose_a_target_phrase_is(
    nlp: Any,
    resolver: ActorResolver,
    text: str,
    verb: str,
    country: str | None,
    sector: str | None,
) -> None:
    doc = nlp(text)
    sources, targets = verb_arguments(token(doc, verb))
    found = resolve(resolver.for_document(doc), sources, targets, None, 0)
    entities = [p.entity for p in found if p.role == "target"]
    assert [(e.country, e.sector) for e in entities] == [(country, sector)]


def test_an_active_verb_joined_to_a_passive_one_is_done_by_its_subject(
    nlp: Any,
) -> None:
    doc = nlp("The mayor was questioned by prosecutors on Monday and will resign.")
    sources, targets = verb_arguments(token(doc, "resign"))
    assert (texts(sources), texts(targets)) == (["The mayor"], [])
    # A passive participle joined to the first stays passive.
    doc = nlp("The mayor was questioned by prosecutors and charged with fraud.")
    sources, targets = verb_arguments(token(doc, "charged"))
    assert "The mayor" in texts(targets) and "The mayor" not in texts(sources)


def test_a_passive_verb_joined_to_another_shares_its_agent(nlp: Any) -> None:
    doc = nlp("Three journalists were detained by soldiers and questioned for hours.")
    sources, targets = verb_arguments(token(doc, "questioned"))
    assert (texts(sources), texts(targets)) == (["soldiers"], ["Three journalists"])
    # Unless it names its own.
    doc = nlp("The treaty was signed by Russia and ratified by parliament.")
    assert texts(verb_arguments(token(doc, "ratified"))[0]) == ["parliament"]


def test_a_step_towards_an_act_is_taken_by_the_one_who_acts(nlp: Any) -> None:
    doc = nlp(
        "Russia is ready to cover its part of the way towards resuming dialogue "
        "with Washington."
    )
    assert texts(verb_arguments(token(doc, "resuming"))[0]) == ["Russia"]
    doc = nlp("Iran made progress toward reaching a deal with the agency.")
    assert texts(verb_arguments(token(doc, "reaching"))[0]) == ["Iran"]
    # "for" names no goal of the subject's: the critics do not resume the talks.
    doc = nlp("The opposition criticised the plan for resuming talks with the rebels.")
    assert texts(verb_arguments(token(doc, "resuming"))[0]) == []
