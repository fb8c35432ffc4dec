"""Event places among the places of a sentence."""

from __future__ import annotations

import pytest

from workers.pipeline.gazetteer import Gazetteer
from workers.pipeline.model import Entity, Event, Location, Participant, Span
from workers.pipeline.where import localise_sources, place_target, resolve_location


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def _where(nlp, gazetteer, text: str, trigger: str):
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    return resolve_location(token.sent, token, gazetteer)


@pytest.mark.parametrize(
    ("text", "trigger", "name", "code"),
    [
        ("Russia launched air strikes in Syria.", "launched", "Syria", "SYR"),
        ("Russia launched air strikes in Syria.", "strikes", "Syria", "SYR"),
        (
            "Russian Foreign Minister Sergey Lavrov will hold discussions on Syria "
            "with "
            "his US counterpart John Kerry on Sunday in New York.",
            "discussions",
            "New York",
            "USA",
        ),
        (
            "Lavrov spoke after a meeting with US Secretary of State John Kerry "
            "in Zurich.",
            "meeting",
            "Zurich",
            "CHE",
        ),
        (
            "Rebels shelled government positions in the Syrian city of Aleppo.",
            "shelled",
            "Aleppo",
            "SYR",
        ),
        (
            "Thousands of people rallied in the Iraqi capital.",
            "rallied",
            "Baghdad",
            "IRQ",
        ),
        (
            "Government troops attacked insurgents near Mosul, Iraq.",
            "attacked",
            "Mosul",
            "IRQ",
        ),
        (
            "The United States withdrew its last troops from Afghanistan.",
            "withdrew",
            "Afghanistan",
            "AFG",
        ),
        (
            "Two guards were killed by a bomb outside of the Kenyan city of Mombasa.",
            "killed",
            "Mombasa",
            "KEN",
        ),
        (
            "A guard was wounded in an attack in a busy district of Nairobi.",
            "wounded",
            "Nairobi",
            "KEN",
        ),
        (
            "The governor threatened to impose martial law in Mombasa.",
            "threatened",
            "Mombasa",
            "KEN",
        ),
        (
            "Kenyan police stayed on alert in Mombasa to prevent riots.",
            "prevent",
            "Mombasa",
            "KEN",
        ),
    ],
)
def test_the_place_attached_to_the_event(nlp, gazetteer, text, trigger, name, code):
    location = _where(nlp, gazetteer, text, trigger)
    assert location is not None
    assert (location.name, location.country) == (name, code)


def test_offsets_point_into_the_text(nlp, gazetteer):
    text = "Police arrested dozens of demonstrators in Cairo on Friday."
    location = _where(nlp, gazetteer, text, "arrested")
    assert location is not None and location.start is not None
    assert text[location.start : location.end] == "Cairo"
    assert location.country == "EGY"


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Israel accused Iran of arming Hezbollah.", "accused"),
        ("Turkey condemned Russia over the incident.", "condemned"),
        ("The talks on Syria ended without agreement.", "ended"),
    ],
)
def test_actors_and_topics_are_not_places(nlp, gazetteer, text, trigger):
    assert _where(nlp, gazetteer, text, trigger) is None


def test_place_of_another_clause_is_not_taken(nlp, gazetteer):
    text = "The minister, who was born in Aleppo, criticised the decision."
    assert _where(nlp, gazetteer, text, "criticised") is None


def _event(kind: str, text: str, place: str, targets: list[Participant]) -> Event:
    start = text.index(place)
    whole = Span(text, 0, len(text))
    source = Participant("source", "Kenya", 0, 5, Entity("Kenya", "country", "KEN"))
    return Event(
        kind,
        whole,
        whole,
        [source, *targets],
        "asserted",
        0.9,
        "test",
        location=Location(place, "KEN", start, start + len(place)),
    )


def test_the_place_of_an_action_on_its_people_is_its_target():
    text = "Kenya lifted the night curfew in Mombasa on Sunday."
    target = place_target(_event("CONCEDE", text, "Mombasa", []), text)
    assert target is not None and target.role == "target"
    assert (target.text, target.entity.country) == ("Mombasa", "KEN")
    assert target.relation == "location"


def test_a_venue_or_a_named_target_is_not_replaced():
    text = "Kenya held talks in Mombasa on Sunday."
    assert place_target(_event("CONSULT", text, "Mombasa", []), text) is None
    somalis = Entity("Somali traders", "group", "SOM", "BUS")
    named = Participant("target", "Somali traders", 0, 14, somalis)
    text = "Kenya lifted the curfew for Somali traders in Mombasa."
    assert place_target(_event("CONCEDE", text, "Mombasa", [named]), text) is None


def test_a_target_of_no_known_country_gets_the_place_beside_it():
    named = Participant("target", "traders", 0, 7, Entity("traders", "group"))
    text = "Kenya lifted the curfew for traders in Mombasa."
    found = place_target(_event("CONCEDE", text, "Mombasa", [named]), text)
    assert found is not None and found.entity.country == "KEN"


@pytest.mark.slow
def test_the_pipeline_gives_the_place_as_target(nlp):
    from workers.pipeline import ArticleInput, Pipeline

    text = "The Kenyan government lifted a night curfew in Mombasa on Sunday."
    events = Pipeline().extract(ArticleInput(text=text))
    lifted = next(e for e in events if e.trigger.text == "lifted")
    assert [p.entity.country for p in lifted.targets()] == ["KEN"]


def test_a_visits_destination_is_its_target():
    text = "Kenya's president arrived in Mombasa on a surprise visit."
    visit = _event("CONSULT", text, "Mombasa", [])
    visit.mode = "visit"
    target = place_target(visit, text)
    assert target is not None and target.entity.country == "KEN"
    visit.mode = None
    assert place_target(visit, text) is None


def _localised(nlp, gazetteer, text: str, trigger: str, source: str) -> list:
    """The source countries of an event of ``text`` after localising, with
    ``source`` resolved on the real parse as its one source."""
    from workers.pipeline.actors import ActorResolver

    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    start = text.index(source)
    span = doc.char_span(start, start + len(source))
    assert span is not None
    entity = ActorResolver(gazetteer).for_document(doc).resolve(span)
    assert entity is not None and entity.country is None
    participant = Participant("source", source, start, start + len(source), entity)
    event = Event(
        type="PROTEST",
        trigger=Span(trigger, token.idx, token.idx + len(trigger)),
        sentence=Span(text, 0, len(text)),
        participants=[participant],
        modality="asserted",
        confidence=1.0,
        pipeline_version="test",
    )
    localise_sources(event, token.sent, token, gazetteer)
    return [p.entity.country for p in event.sources()]


def test_local_sources_take_the_country_of_the_events_place(nlp, gazetteer):
    text = "Protesters occupied the harbour offices in Mombasa on Tuesday."
    assert _localised(nlp, gazetteer, text, "occupied", "Protesters") == ["KEN"]


def test_a_government_acting_somewhere_keeps_no_country(nlp, gazetteer):
    text = "The government opened new offices in Mombasa and Kampala on Tuesday."
    assert _localised(nlp, gazetteer, text, "opened", "The government") == [None]


def test_a_destination_is_not_where_sources_live(nlp, gazetteer):
    text = "Militants threatened to send fighters to Mombasa."
    assert _localised(nlp, gazetteer, text, "threatened", "Militants") == [None]
