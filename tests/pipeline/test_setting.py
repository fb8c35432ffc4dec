"""Actors with no country of their own take the country their sentence is set in."""

from __future__ import annotations

import re
from typing import Any

import pytest

from workers.pipeline.actors import ActorResolver
from workers.pipeline.model import Entity


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def resolve(nlp: Any, resolver: ActorResolver, text: str, phrase: str) -> Entity:
    doc = nlp(text)
    start = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
    assert start is not None, phrase
    span = doc.char_span(start.start(), start.end())
    assert span is not None, phrase
    entity = resolver.for_document(doc).resolve(span)
    assert entity is not None, phrase
    return entity


def test_an_official_takes_the_country_where_the_story_happens(nlp, resolver):
    text = "Opposition groups in Zimbabwe demanded that the president resign."
    president = resolve(nlp, resolver, text, "the president")
    assert (president.country, president.sector) == ("ZWE", "GOV")


def test_police_and_protesters_are_of_the_country_named(nlp, resolver):
    text = "Police fired tear gas at protesters outside parliament in Kenya on Monday."
    assert resolve(nlp, resolver, text, "Police").country == "KEN"
    assert resolve(nlp, resolver, text, "protesters").country == "KEN"


def test_an_official_beside_another_state_stays_without_country(nlp, resolver):
    # The president met the Moroccans: Morocco is the other side, not his country.
    text = "Moroccan diplomats held their first meeting with the president on Monday."
    president = resolve(nlp, resolver, text, "the president")
    assert president.country is None and president.sector == "GOV"


def test_rebels_bombed_by_a_foreign_air_force_are_not_its_own(nlp, resolver):
    text = "Russian warplanes bombed rebels near the border on Tuesday."
    rebels = resolve(nlp, resolver, text, "rebels")
    assert rebels.country is None and rebels.sector == "REB"


def test_two_countries_named_leave_the_actor_without_one(nlp, resolver):
    text = "Protesters marched in Kenya and Uganda against rising prices."
    assert resolve(nlp, resolver, text, "Protesters").country is None


def test_named_armed_groups_keep_their_own_country(nlp, resolver):
    text = "Islamic State fighters attacked a village in Nigeria."
    group = resolve(nlp, resolver, text, "Islamic State")
    assert group.name == "Islamic State" and group.country is None


def test_an_actor_placed_by_its_own_words_is_of_that_place(nlp, resolver):
    text = "Protesters in Lagos blocked the airport road to denounce the United States."
    assert resolve(nlp, resolver, text, "Protesters").country == "NGA"


def test_a_pronoun_takes_the_setting_of_its_sentence(nlp, resolver):
    text = (
        "The guerrillas said they would fight on until the Colombian government fell."
    )
    they = resolve(nlp, resolver, text, "they")
    assert (they.sector, they.country) == ("REB", "COL")


def test_a_place_naming_the_group_gives_its_country(nlp, resolver):
    text = "The army accused Darfur rebels of attacking a convoy."
    assert resolve(nlp, resolver, text, "Darfur rebels").country == "SDN"


def test_a_court_or_police_of_a_country_names_the_setting(nlp, resolver):
    text = "An Argentine judge ordered the former president to appear in court."
    president = resolve(nlp, resolver, text, "the former president")
    assert (president.country, president.sector) == ("ARG", "GOV")


def test_a_body_named_after_its_leader_is_of_the_leaders_country(nlp, resolver):
    text = "The Trump administration said Beijing must cut its tariffs."
    body = resolve(nlp, resolver, text, "The Trump administration")
    assert (body.country, body.sector) == ("USA", "GOV")
    # A surname that is also a small town's name is no place.
    text = "The Bush administration said Beijing must cut its tariffs."
    assert resolve(nlp, resolver, text, "The Bush administration").country == "USA"


def test_an_ethnic_minority_is_of_the_state_it_lives_in(nlp, resolver):
    text = "Ethnic Hungarians in Romania rallied for autonomy on Sunday."
    minority = resolve(nlp, resolver, text, "Ethnic Hungarians")
    assert (minority.kind, minority.country, minority.sector) == ("group", "ROU", "CVL")
    # Without "ethnic" a demonym names the nationals of its state.
    text = "Hungarians in Romania rallied for autonomy on Sunday."
    assert resolve(nlp, resolver, text, "Hungarians").country == "HUN"


def test_where_an_actor_comes_from_is_its_country(nlp, resolver):
    text = "Doctors from two Cuban aid groups treated the wounded in Haiti."
    doctors = resolve(nlp, resolver, text, "Doctors")
    assert (doctors.country, doctors.sector) == ("CUB", "NGO")
    text = "Activists from the ruling party marched against the court in Caracas."
    activists = resolve(nlp, resolver, text, "Activists")
    assert activists.country == "VEN"


def test_people_beside_an_army_acting_at_home_are_of_that_country(nlp, resolver):
    text = "Nigerian soldiers shot protesters in southern Nigeria on Friday."
    assert resolve(nlp, resolver, text, "protesters").country == "NGA"


def test_residents_of_a_region_are_of_its_country(nlp, resolver):
    text = "Kurdish inhabitants of the Syrian north staged a strike on Monday."
    found = resolve(nlp, resolver, text, "Kurdish inhabitants of the Syrian north")
    assert found.country == "SYR"


def test_youths_and_fundamentalists_take_the_setting(nlp, resolver):
    text = "Youths threw stones at police in Algeria after Islamic fundamentalists "
    text += "called a strike."
    assert resolve(nlp, resolver, text, "Youths").country == "DZA"
    assert resolve(nlp, resolver, text, "Islamic fundamentalists").country == "DZA"


def test_provinces_and_towns_set_the_country(nlp, resolver):
    text = "The government of Sindh province ordered police patrols."
    found = resolve(nlp, resolver, text, "The government of Sindh province")
    assert found.country == "PAK"
    text = "Police in Samarra arrested two men on Sunday."
    assert resolve(nlp, resolver, text, "Police").country == "IRQ"


def test_security_forces_in_a_country_are_its_own(nlp, resolver):
    text = "Security forces in Guinea beat refugees from Sierra Leone and Liberia."
    assert resolve(nlp, resolver, text, "Security forces in Guinea").country == "GIN"


def test_a_place_is_named_by_its_name_not_the_words_describing_it(nlp, resolver):
    text = "Palestinians of the Israeli-occupied West Bank went on strike."
    found = resolve(
        nlp, resolver, text, "Palestinians of the Israeli-occupied West Bank"
    )
    assert found.country == "PSE"


def test_an_actor_against_or_for_a_state_is_not_of_it(nlp, resolver):
    text = "Anti-American protesters burned flags outside a consulate in Karachi."
    protesters = resolve(nlp, resolver, text, "Anti-American protesters")
    assert (protesters.country, protesters.sector) == (None, "CVL")
    text = "Pro-Russian separatists seized a government building in Ukraine on Monday."
    separatists = resolve(nlp, resolver, text, "Pro-Russian separatists")
    assert (separatists.country, separatists.sector) == ("UKR", "REB")
    text = "An anti-Iran lawmaker criticised the deal on Tuesday."
    commentator = resolve(nlp, resolver, text, "An anti-Iran lawmaker")
    assert commentator.country is None


def test_a_demonym_that_says_whose_a_thing_is_does_not_set_the_sentence(nlp, resolver):
    text = "Angry protesters burned the Danish flag outside a mosque."
    protesters = resolve(nlp, resolver, text, "Angry protesters")
    assert protesters.country is None
    text = "Police arrested Kenyan protesters outside a mosque."
    assert resolve(nlp, resolver, text, "Police").country == "KEN"
    text = "Rebels shelled the Syrian capital overnight."
    assert resolve(nlp, resolver, text, "Rebels").country == "SYR"


def test_a_state_the_recogniser_took_for_a_person_still_sets_the_scene(nlp, resolver):
    # The recogniser reads "Mali" here as a person; the state is still named, so
    # the rebels are of neither country for sure, and not France's.
    text = "France sent troops to Mali to fight Islamist rebels."
    assert resolve(nlp, resolver, text, "Islamist rebels").country is None


def test_where_people_travelled_is_not_where_they_are_from(nlp, resolver):
    text = "Opposition leaders travelled to Brussels for a meeting with the president."
    assert resolve(nlp, resolver, text, "Opposition leaders").country is None
    text = "Opposition leaders gathered in Brussels for a meeting with the president."
    assert resolve(nlp, resolver, text, "Opposition leaders").country == "BEL"


def test_a_body_of_one_state_sets_the_scene(nlp, resolver):
    # A rebel movement the gazetteer places in Angola: the minister facing its
    # demands is Angola's, not its counterpart from another state.
    text = "The defence minister rejected new demands from UNITA on Sunday."
    minister = resolve(nlp, resolver, text, "The defence minister")
    assert (minister.country, minister.sector) == ("AGO", "GOV")


def test_a_state_body_taken_for_a_name_sets_the_scene_of_civilians(nlp, resolver):
    # The recogniser reads "the Latvian Parliament" as one name, not a demonym.
    text = (
        "Student unions began a petition to press the Latvian Parliament to cut fees."
    )
    unions = resolve(nlp, resolver, text, "Student unions")
    assert (unions.country, unions.sector) == ("LVA", "CVL")


def test_a_body_named_after_a_state_sets_the_scene(nlp, resolver):
    # The recogniser finds a body in "Anti-Fraud Authority" and nothing in "Kenya".
    text = (
        "Vice-President Otieno Wanjala has refused to resign despite mounting "
        "pressure by the Kenya Anti-Fraud Authority."
    )
    official = resolve(nlp, resolver, text, "Vice-President Otieno Wanjala")
    assert (official.country, official.sector) == ("KEN", "GOV")


def test_where_people_are_sent_is_not_where_they_are(nlp, resolver):
    for text in (
        "Hundreds of protesters denounced Italy's decision to deport them to Libya.",
        "Hundreds of protesters denounced Italy's plan to send them back to Libya.",
    ):
        assert resolve(nlp, resolver, text, "Hundreds of protesters").country == "ITA"


def test_the_far_side_of_a_border_does_not_set_the_scene(nlp, resolver):
    text = "Armed herders raided villages near Kenya's border with Somalia on Sunday."
    herders = resolve(nlp, resolver, text, "Armed herders")
    assert (herders.country, herders.sector) == ("KEN", "CVL")
