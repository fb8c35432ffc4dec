"""Actor resolution with coreference inside one article."""

from __future__ import annotations

import re

import pytest

from workers.pipeline.actors import ActorResolver, DocumentActors
from workers.pipeline.model import Entity


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def _article(nlp, resolver: ActorResolver, text: str) -> tuple[DocumentActors, object]:
    doc = nlp(text)
    return resolver.for_document(doc), doc


def _resolved(nlp, resolver: ActorResolver, text: str, phrase: str):
    """The actor ``phrase`` names in ``text``, read as a whole article."""
    actors, doc = _article(nlp, resolver, text)
    return actors.resolve(_phrase(doc, phrase))


def _phrase(doc, text: str, occurrence: int = 0):
    """The span of the ``occurrence``-th appearance of ``text`` in the document."""
    found = list(re.finditer(rf"(?<!\w){re.escape(text)}(?!\w)", doc.text))
    start = found[occurrence].start()
    span = doc.char_span(start, start + len(text))
    assert span is not None, text
    return span


LAVROV = (
    "Russian Foreign Minister Sergey Lavrov will hold discussions on Syria with his US "
    "counterpart John Kerry on Sunday in New York.\n\n"
    'Lavrov said Moscow backed the talks. "We expect close cooperation with '
    "Washington,\" Russia's top diplomat said.\n\n"
    "Sergei Lavrov added that he would also meet the Iranian foreign minister."
)


def test_names_titles_and_variants_are_one_person(nlp, resolver):
    actors, doc = _article(nlp, resolver, LAVROV)
    lavrov = Entity("Sergey Lavrov", "person", "RUS", "GOV")
    assert (
        actors.resolve(_phrase(doc, "Russian Foreign Minister Sergey Lavrov")) == lavrov
    )
    assert actors.resolve(_phrase(doc, "Lavrov", 1)) == lavrov
    assert actors.resolve(_phrase(doc, "Sergei Lavrov")) == lavrov
    assert actors.resolve(_phrase(doc, "Russia's top diplomat")) == lavrov


def test_appositive_title_gives_the_persons_country(nlp, resolver):
    actors, doc = _article(nlp, resolver, LAVROV)
    kerry = actors.resolve(_phrase(doc, "his US counterpart John Kerry"))
    assert kerry == Entity("John Kerry", "person", "USA", "GOV")


def test_pronouns_and_we_in_quotes(nlp, resolver):
    actors, doc = _article(nlp, resolver, LAVROV)
    assert actors.resolve(_phrase(doc, "he")) == Entity(
        "Sergey Lavrov", "person", "RUS", "GOV"
    )
    assert actors.resolve(_phrase(doc, "We")) == Entity(
        "Russia", "country", "RUS", "GOV"
    )


def test_a_title_of_someone_not_named_stays_a_title(nlp, resolver):
    actors, doc = _article(nlp, resolver, LAVROV)
    other = actors.resolve(_phrase(doc, "the Iranian foreign minister"))
    assert other is not None
    assert (other.kind, other.country, other.sector) == ("person", "IRN", "GOV")
    assert other.name != "Sergey Lavrov"


def test_metonyms_and_groups(nlp, resolver):
    text = (
        "Moscow said the U.S.-led coalition had failed to stop Islamic State "
        "militants. "
        "The Syrian government and opposition groups met in Geneva. "
        "ISIL and the Kremlin traded accusations."
    )
    actors, doc = _article(nlp, resolver, text)
    assert actors.resolve(_phrase(doc, "Moscow")) == Entity(
        "Russia", "country", "RUS", "GOV"
    )
    assert actors.resolve(_phrase(doc, "the Kremlin")) == actors.resolve(
        _phrase(doc, "Moscow")
    )
    coalition = actors.resolve(_phrase(doc, "the U.S.-led coalition"))
    assert coalition is not None and (coalition.country, coalition.sector) == (
        "USA",
        "MIL",
    )
    islamic_state = actors.resolve(_phrase(doc, "Islamic State militants"))
    assert islamic_state == Entity("Islamic State", "group", None, "IMG")
    assert actors.resolve(_phrase(doc, "ISIL")) == islamic_state
    assert actors.resolve(_phrase(doc, "The Syrian government")) == Entity(
        "Syria", "country", "SYR", "GOV"
    )
    opposition = actors.resolve(_phrase(doc, "opposition groups"))
    assert opposition is not None and opposition.sector == "OPP"


def test_headline_fragment_tagged_as_person_is_the_country(nlp, resolver):
    text = (
        "Russia Ready to Liaise With U.S. Coalition on Syria Strikes: Lavrov\n\nText."
    )
    actors, doc = _article(nlp, resolver, text)
    fragment = next(e for e in doc.ents if e.text.startswith("Russia"))
    resolved = actors.resolve(fragment)
    assert (
        resolved is not None
        and resolved.kind == "country"
        and resolved.country == "RUS"
    )


def test_it_refers_to_the_state_and_they_to_a_plural_group(nlp, resolver):
    text = (
        "Russia said it had launched air strikes against rebels in Syria. "
        "The rebels said they would retaliate."
    )
    actors, doc = _article(nlp, resolver, text)
    assert actors.resolve(_phrase(doc, "it")) == Entity(
        "Russia", "country", "RUS", None
    )
    they = actors.resolve(_phrase(doc, "they"))
    assert they is not None and they.sector == "REB"


def test_he_prefers_the_earlier_subject_over_a_later_object(nlp, resolver):
    text = (
        "Chinese Premier Li Keqiang met Canadian Prime Minister Justin Trudeau "
        "in Beijing. "
        "He said trade would grow."
    )
    actors, doc = _article(nlp, resolver, text)
    he = actors.resolve(_phrase(doc, "He"))
    assert he == Entity("Li Keqiang", "person", "CHN", "GOV")
    assert actors.resolve(_phrase(doc, "Justin Trudeau")) == Entity(
        "Justin Trudeau", "person", "CAN", "GOV"
    )


def test_a_title_without_demonym_takes_the_country_named_beside_it(nlp, resolver):
    text = (
        "Foreign Minister Sergei Lavrov said Russia was ready to talk. "
        "Russia has long backed the plan, and Russian diplomats will press it, "
        "Lavrov said."
    )
    actors, doc = _article(nlp, resolver, text)
    assert actors.resolve(_phrase(doc, "Lavrov", 1)) == Entity(
        "Sergei Lavrov", "person", "RUS", "GOV"
    )


def test_a_country_met_is_not_the_persons_country(nlp, resolver):
    text = (
        "Moroccan diplomats held their first meeting with President Peter Okafor at a "
        "lunch hosted by the Ambassador of Morocco."
    )
    okafor = _resolved(nlp, resolver, text, "President Peter Okafor")
    assert okafor is not None and okafor.country is None and okafor.sector == "GOV"


def test_known_office_holders_have_their_country(nlp, resolver):
    text = (
        "Moroccan diplomats held their first meeting with President Obama. "
        "Foreign Minister Sergey Lavrov met Erdogan in Ankara on Friday."
    )
    actors, doc = _article(nlp, resolver, text)
    obama = actors.resolve(_phrase(doc, "President Obama"))
    assert obama is not None and (obama.country, obama.sector) == ("USA", "GOV")
    # Another transliteration of the first name than the one in the data.
    lavrov = actors.resolve(_phrase(doc, "Foreign Minister Sergey Lavrov"))
    assert lavrov == Entity("Sergey Lavrov", "person", "RUS", "GOV")
    # A surname alone, where the data lists it as that person's name.
    erdogan = actors.resolve(_phrase(doc, "Erdogan"))
    assert erdogan is not None and erdogan.country == "TUR"


def test_what_the_text_says_wins_over_what_is_known(nlp, resolver):
    text = "Former Portuguese Prime Minister Antonio Guterres visited Lisbon."
    actors, doc = _article(nlp, resolver, text)
    guterres = actors.resolve(
        _phrase(doc, "Former Portuguese Prime Minister Antonio Guterres")
    )
    assert guterres is not None and guterres.country == "PRT"


def test_a_person_with_no_country_in_a_mixed_article_keeps_none(nlp, resolver):
    text = (
        "Spokesman John Kirby spoke about France, Germany, Italy and Spain. "
        "Kirby said the talks would continue."
    )
    actors, doc = _article(nlp, resolver, text)
    kirby = actors.resolve(_phrase(doc, "Kirby", 1))
    assert kirby is not None and kirby.name == "John Kirby" and kirby.country is None


def test_we_outside_quotes_and_non_actors_are_none(nlp, resolver):
    text = "We reported earlier that the weather in Geneva was fine."
    actors, doc = _article(nlp, resolver, text)
    assert actors.resolve(_phrase(doc, "We")) is None
    assert actors.resolve(_phrase(doc, "the weather")) is None


def test_pleonastic_it_is_none(nlp, resolver):
    text = "Russia backed the plan. It is necessary to stop the war, officials said."
    actors, doc = _article(nlp, resolver, text)
    assert actors.resolve(_phrase(doc, "It")) is None


def test_the_five_samples_resolve_their_main_actors(nlp, resolver, samples_dir):
    found: set[Entity] = set()
    for path in sorted(samples_dir.glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        actors = resolver.for_document(doc)
        for ent in doc.ents:
            if ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                entity = actors.resolve(ent)
                if entity is not None:
                    found.add(entity)
    names = {(e.name, e.country) for e in found if e.kind == "person"}
    assert ("Sergey Lavrov", "RUS") in names and ("Sergei Lavrov", "RUS") in names
    assert ("John Kerry", "USA") in names
    assert not any("Ready" in e.name for e in found)


def test_former_leaders_of_major_states_and_more_international_bodies(nlp, resolver):
    text = "Tony Blair met Chirac in Paris before the ILO conference opened."
    actors, doc = _article(nlp, resolver, text)
    assert actors.resolve(_phrase(doc, "Tony Blair")).country == "GBR"
    assert actors.resolve(_phrase(doc, "Chirac")).country == "FRA"
    ilo = actors.resolve(_phrase(doc, "the ILO conference"))
    assert ilo is None or ilo.sector == "IGO"
    assert (
        resolver.gazetteer.lookup("the International Labour Organization").sector
        == "IGO"
    )


def test_a_state_described_by_its_alliance_is_the_state(nlp, resolver):
    text = "NATO member Turkey blocked the accession talks on Monday."
    actors, doc = _article(nlp, resolver, text)
    turkey = actors.resolve(_phrase(doc, "NATO member Turkey"))
    assert turkey is not None and turkey.country == "TUR"
    nato = actors.resolve(_phrase(doc, "NATO"))
    assert nato is not None and nato.sector == "IGO"


def test_office_holders_of_the_cold_war_and_after_have_their_country(nlp, resolver):
    text = (
        "President Mubarak received Yitzhak Rabin in Cairo, while Gaddafi and "
        "Mugabe stayed away from the summit chaired by President Mitterrand."
    )
    actors, doc = _article(nlp, resolver, text)
    for phrase, code in [
        ("President Mubarak", "EGY"),
        ("Yitzhak Rabin", "ISR"),
        ("Gaddafi", "LBY"),
        ("Mugabe", "ZWE"),
    ]:
        found = actors.resolve(_phrase(doc, phrase))
        assert found is not None and found.country == code, phrase


def test_armed_groups_and_movements_of_the_era(nlp, resolver):
    text = (
        "UNITA rebels shelled the town while the SPLA and the Khmer Rouge "
        "announced a truce."
    )
    actors, doc = _article(nlp, resolver, text)
    for phrase, code in [
        ("UNITA rebels", "AGO"),
        ("the SPLA", "SDN"),
        ("the Khmer Rouge", "KHM"),
    ]:
        found = actors.resolve(_phrase(doc, phrase))
        assert found is not None and (found.country, found.sector) == (code, "REB")


def test_a_body_or_following_named_after_its_leader_takes_his_country(nlp, resolver):
    text = (
        "The military government of President Mubarak banned the rally, and "
        "supporters of President Mugabe marched in protest."
    )
    actors, doc = _article(nlp, resolver, text)
    government = actors.resolve(
        _phrase(doc, "The military government of President Mubarak")
    )
    assert government is not None and government.country == "EGY"
    supporters = actors.resolve(_phrase(doc, "supporters of President Mugabe"))
    assert supporters is not None and supporters.country == "ZWE"


def test_a_people_named_by_where_it_lives_is_of_that_state(nlp, resolver):
    text = "The Kurds of Iraq held a referendum while the Albanians voted."
    actors, doc = _article(nlp, resolver, text)
    kurds = actors.resolve(_phrase(doc, "The Kurds of Iraq"))
    assert kurds is not None and kurds.country == "IRQ"
    albanians = actors.resolve(_phrase(doc, "the Albanians"))
    assert albanians is not None and albanians.country == "ALB"


def test_a_country_misspelt_by_one_letter_is_that_country(nlp, resolver):
    text = "Indonesa recalled its envoy after Camboida expelled two Thai diplomats."
    actors, doc = _article(nlp, resolver, text)
    assert actors.resolve(_phrase(doc, "Indonesa")) == Entity(
        "Indonesia", "country", "IDN", None
    )
    cambodia = actors.resolve(_phrase(doc, "Camboida"))
    assert cambodia is not None and cambodia.country == "KHM"


def test_a_name_near_a_country_is_not_taken_for_it(nlp, resolver):
    text = "Georgi Parvanov met Olivia Mansour in Granada on Monday."
    actors, doc = _article(nlp, resolver, text)
    for phrase in ("Georgi Parvanov", "Olivia Mansour"):
        found = actors.resolve(_phrase(doc, phrase))
        assert found is None or found.kind == "person"


def test_ethnic_fighters_are_of_the_place_they_operate_in(nlp, resolver):
    text = "Ethnic Serb militiamen operating in Bosnia attacked a relief convoy."
    militiamen = _resolved(nlp, resolver, text, "Ethnic Serb militiamen")
    assert militiamen is not None
    assert (militiamen.country, militiamen.sector) == ("BIH", "REB")
    text = "Serb militiamen attacked a relief convoy near the border."
    militiamen = _resolved(nlp, resolver, text, "Serb militiamen")
    assert militiamen is not None and militiamen.country == "SRB"


def test_civilians_living_somewhere_are_of_that_place(nlp, resolver):
    text = "Farmers living in Mombasa blocked the highway while Somali troops watched."
    farmers = _resolved(nlp, resolver, text, "Farmers")
    assert farmers is not None and farmers.country == "KEN"


def test_missionaries_and_monks_are_religious_and_of_where_they_come_from(
    nlp, resolver
):
    text = "A Christian missionary from Calgary was arrested in Lebanon."
    missionary = _resolved(nlp, resolver, text, "A Christian missionary")
    assert missionary is not None
    assert (missionary.country, missionary.sector) == ("CAN", "REL")
    monks = _resolved(nlp, resolver, "Police beat monks in Yangon.", "monks")
    assert monks is not None and monks.sector == "REL"


def test_a_party_is_of_the_country_whose_politics_the_sentence_tells(nlp, resolver):
    text = (
        "The fundamentalist Umma (Nation) party has said it will boycott Algeria's "
        "first multi-party elections unless the president agrees to step down."
    )
    for phrase in ("The fundamentalist Umma (Nation) party", "it"):
        party = _resolved(nlp, resolver, text, phrase)
        assert party is not None
        assert (party.country, party.sector) == ("DZA", "PTY")
    text = "The ruling party in Zimbabwe expelled two ministers."
    ruling = _resolved(nlp, resolver, text, "The ruling party")
    assert ruling is not None and (ruling.country, ruling.sector) == ("ZWE", "GOV")


def test_associations_forums_and_relief_officials_are_non_governmental(nlp, resolver):
    text = (
        "The Global Fisheries Forum and the Association of Coastal Towns urged "
        "Chile to act, relief officials in Santiago said."
    )
    actors, doc = _article(nlp, resolver, text)
    forum = actors.resolve(_phrase(doc, "The Global Fisheries Forum"))
    assert forum is not None and forum.sector == "NGO"
    towns = actors.resolve(_phrase(doc, "the Association of Coastal Towns"))
    assert towns is not None and towns.sector == "NGO"
    relief = actors.resolve(_phrase(doc, "relief officials in Santiago"))
    assert relief is not None and relief.sector == "NGO"


def test_a_title_before_a_name_not_read_as_a_person_makes_a_person(nlp, resolver):
    text = "Vice-President Happy Omondi has refused to step down, the daily said."
    actors, doc = _article(nlp, resolver, text)
    span = _phrase(doc, "Vice-President Happy Omondi")
    found = actors.resolve(span)
    assert found is not None
    assert (found.name, found.kind, found.sector) == ("Happy Omondi", "person", "GOV")


def test_states_joined_before_a_head_give_one_participant_each(nlp, resolver):
    from workers.pipeline.resolution import resolve

    text = "Israeli and Egyptian negotiators met the mediator in Cairo."
    actors, doc = _article(nlp, resolver, text)
    sources = [_phrase(doc, "Israeli and Egyptian negotiators")]
    found = resolve(actors, sources, [], None, 0)
    assert sorted(p.entity.country for p in found if p.role == "source") == [
        "EGY",
        "ISR",
    ]
    assert {p.entity.sector for p in found} == {"GOV"}


def test_it_refers_back_to_an_organisation_the_gazetteer_does_not_know(nlp, resolver):
    text = (
        "The Popular Renewal Movement announced that it would boycott the vote "
        "unless the count was observed."
    )
    it = _resolved(nlp, resolver, text, "it")
    assert it == Entity("Popular Renewal Movement", "organization")


def test_a_capitalised_title_with_its_office_names_the_person(nlp, resolver):
    # The tagger reads "Minister" as a proper noun with the name in apposition.
    text = "Jordan's Minister of the Interior Samir Habashneh banned the march."
    found = _resolved(nlp, resolver, text, "Samir Habashneh")
    assert found == Entity("Samir Habashneh", "person", "JOR", "GOV")
    text = "The Federal Minister for Interior Omar Khalid allowed the rally."
    found = _resolved(nlp, resolver, text, "Omar Khalid")
    assert (found.kind, found.sector) == ("person", "GOV")


def test_a_pronoun_for_an_ethnic_minority_is_that_minority(nlp, resolver):
    text = "Ethnic Albanians blocked the valley road on Monday. They demanded schools."
    they = _resolved(nlp, resolver, text, "They")
    assert they is not None
    assert (they.country, they.sector) == (None, "CVL")


def test_a_misspelt_surname_after_a_right_given_name_is_the_office_holder(
    nlp, resolver
):
    text = "President Boris Yeltzin met union leaders."
    found = _resolved(nlp, resolver, text, "President Boris Yeltzin")
    assert (found.country, found.sector) == ("RUS", "GOV")
    # The given name must be right too: one letter off a surname alone is a guess.
    text = "President Pavel Yeltzin met union leaders."
    found = _resolved(nlp, resolver, text, "President Pavel Yeltzin")
    assert found is None or found.name != "Boris Yeltsin"


def test_members_of_a_body_act_for_the_body(nlp, resolver):
    text = "Members of the Kenyan parliament visited the camp."
    found = _resolved(nlp, resolver, text, "Members of the Kenyan parliament")
    assert (found.country, found.sector) == ("KEN", "LEG")
    text = "A delegation of the Ghana Bar Association visited the camp."
    found = _resolved(nlp, resolver, text, "A delegation of the Ghana Bar Association")
    assert found.sector == "NGO"


def test_a_given_name_is_no_people(nlp, resolver):
    text = "Karen Bass criticised the police over the shooting."
    assert _resolved(nlp, resolver, text, "Karen Bass").country is None


def test_leaders_of_a_group_are_of_its_sector(nlp, resolver):
    text = "Afghan rebel leaders said they would meet the mediator."
    rebels = _resolved(nlp, resolver, text, "Afghan rebel leaders")
    assert (rebels.country, rebels.sector) == ("AFG", "REB")
    text = "Union leaders called a strike on Monday."
    assert _resolved(nlp, resolver, text, "Union leaders").sector == "CVL"
    # Leaders alone are the state's.
    text = "Afghan leaders met in Kabul on Monday."
    assert _resolved(nlp, resolver, text, "Afghan leaders").sector == "GOV"


def test_a_terror_group_is_armed_and_of_where_it_is_based(nlp, resolver):
    text = "A terror group based in Pakistan claimed the attack on Sunday."
    group = _resolved(nlp, resolver, text, "A terror group")
    assert (group.country, group.sector) == ("PAK", "REB")
    text = "Police said a terrorist organisation had planned the bombing."
    assert _resolved(nlp, resolver, text, "a terrorist organisation").sector == "REB"
