"""The gazetteer: countries, demonyms, seats of power, roles, groups and places."""

from __future__ import annotations

import pytest

from workers.pipeline.gazetteer import Gazetteer, clean_name, words
from workers.pipeline.model import Entity


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize(
    ("phrase", "name", "code"),
    [
        ("Russia", "Russia", "RUS"),
        ("the Russian Federation", "Russia", "RUS"),
        ("U.S.", "United States", "USA"),
        ("the United States", "United States", "USA"),
        ("America", "United States", "USA"),
        ("Britain", "United Kingdom", "GBR"),
        ("UK", "United Kingdom", "GBR"),
        ("Yoruba", "Nigeria", "NGA"),
        # Peoples that live in one state: their name places them there.
        ("Kachin", "Myanmar", "MMR"),
        ("Uighurs", "China", "CHN"),
        ("Zulu", "South Africa", "ZAF"),
        ("Oromo", "Ethiopia", "ETH"),
        ("Iran", "Iran", "IRN"),
        ("Syria", "Syria", "SYR"),
        ("South Korea", "South Korea", "KOR"),
        ("Russian", "Russia", "RUS"),
        ("the Russians", "Russia", "RUS"),
        ("Syrian", "Syria", "SYR"),
        ("American", "United States", "USA"),
        ("French", "France", "FRA"),
        ("Israelis", "Israel", "ISR"),
    ],
)
def test_countries_and_demonyms(
    gazetteer: Gazetteer, phrase: str, name: str, code: str
):
    assert gazetteer.lookup(phrase) == Entity(name, "country", code, None)


@pytest.mark.parametrize(
    ("phrase", "code", "sector"),
    [
        ("Moscow", "RUS", "GOV"),
        ("Washington", "USA", "GOV"),
        ("Damascus", "SYR", "GOV"),
        ("the Kremlin", "RUS", "GOV"),
        ("the White House", "USA", "GOV"),
        ("the Pentagon", "USA", "MIL"),
        ("the Élysée", "FRA", "GOV"),
        ("Beijing", "CHN", "GOV"),
        # The capital of a dissolved state is its successor's.
        ("Belgrade", "SRB", "GOV"),
    ],
)
def test_seats_of_power_stand_for_their_state(
    gazetteer: Gazetteer, phrase: str, code: str, sector: str
):
    entity = gazetteer.lookup(phrase)
    assert entity is not None
    assert (entity.kind, entity.country, entity.sector) == ("country", code, sector)


@pytest.mark.parametrize(
    ("phrase", "name", "kind", "sector"),
    [
        ("Islamic State", "Islamic State", "group", "IMG"),
        ("ISIL", "Islamic State", "group", "IMG"),
        ("ISIS", "Islamic State", "group", "IMG"),
        ("Daesh", "Islamic State", "group", "IMG"),
        ("the United Nations", "United Nations", "organization", "IGO"),
        ("UN", "United Nations", "organization", "IGO"),
        ("the U.N. Security Council", "UN Security Council", "organization", "IGO"),
        ("NATO", "NATO", "organization", "IGO"),
        ("the EU", "European Union", "organization", "IGO"),
        ("the Arab League", "Arab League", "organization", "IGO"),
        ("al-Qaida", "al-Qaeda", "group", "IMG"),
        ("Jabhat al-Nusra", "al-Nusra Front", "group", "REB"),
        ("the Taliban", "Taliban", "group", "REB"),
    ],
)
def test_organisations_and_armed_groups_by_alias(
    gazetteer: Gazetteer, phrase: str, name: str, kind: str, sector: str
):
    entity = gazetteer.lookup(phrase)
    assert entity is not None
    assert (entity.name, entity.kind, entity.sector) == (name, kind, sector)


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Northern Ireland", "GBR"),
        ("Protestant militants in Northern Ireland", "GBR"),
        ("Inner Mongolia", "CHN"),
        ("the Niger Delta", "NGA"),
        ("Ireland", "IRL"),
    ],
)
def test_a_region_named_after_another_state_is_in_its_own(
    gazetteer: Gazetteer, phrase: str, code: str
) -> None:
    entity = gazetteer.lookup(phrase)
    assert entity is not None and entity.country == code


def test_groups_keep_the_country_they_are_based_in(gazetteer: Gazetteer):
    hezbollah = gazetteer.lookup("Hezbollah")
    assert hezbollah is not None and hezbollah.country == "LBN"
    assert gazetteer.lookup("Islamic State militants") == gazetteer.lookup("IS")


def test_a_party_name_inside_a_longer_one_is_not_that_party(gazetteer: Gazetteer):
    democrats = gazetteer.lookup("the Democratic Party")
    assert democrats is not None and democrats.country == "USA"
    assert gazetteer.lookup("the US Democratic Party") == democrats
    for phrase in ("the Liberal Democratic Party", "the Social Democratic Party"):
        party = gazetteer.lookup(phrase)
        assert party is not None and (party.country, party.sector) == (None, "PTY")
    # Before other bodies such a word only describes them.
    assert gazetteer.lookup("Sunni Islamic State militants") == gazetteer.lookup("IS")


@pytest.mark.parametrize(
    ("phrase", "kind", "code", "sector"),
    [
        ("rebels", "group", None, "REB"),
        ("police", "group", None, "COP"),
        ("Syrian rebels", "group", "SYR", "REB"),
        ("Russian Foreign Minister", "person", "RUS", "GOV"),
        ("his US counterpart", "person", "USA", "GOV"),
        ("the French general", "person", "FRA", "MIL"),
        ("Turkish troops", "group", "TUR", "MIL"),
        ("Iraqi lawmakers", "group", "IRQ", "LEG"),
        ("the supreme court", "organization", None, "JUD"),
        ("opposition groups", "group", None, "OPP"),
        ("protesters", "group", None, "CVL"),
        ("the U.S.-led coalition", "organization", "USA", "MIL"),
        ("Russia's air force", "organization", "RUS", "MIL"),
        ("the UN envoy", "person", None, "IGO"),
        ("the ruling party", "organization", None, "GOV"),
        ("the Umma party", "organization", None, "PTY"),
        ("herdsmen", "group", None, "CVL"),
        ("a human rights group", "organization", None, "NGO"),
        ("Jewish settlers", "group", "ISR", "CVL"),
    ],
)
def test_roles_give_sectors_and_demonyms_give_countries(
    gazetteer: Gazetteer, phrase: str, kind: str, code: str | None, sector: str
):
    entity = gazetteer.lookup(phrase)
    assert entity is not None
    assert (entity.kind, entity.country, entity.sector) == (kind, code, sector)


def test_a_government_is_its_state(gazetteer: Gazetteer):
    assert gazetteer.lookup("the Syrian government") == Entity(
        "Syria", "country", "SYR", "GOV"
    )


@pytest.mark.parametrize("phrase", ["us", "who", "is", "the weather", "Tuesday"])
def test_ordinary_words_name_no_actor(gazetteer: Gazetteer, phrase: str):
    assert gazetteer.lookup(phrase) is None


@pytest.mark.parametrize(
    ("name", "place", "code"),
    [
        ("Syria", "Syria", "SYR"),
        ("Geneva", "Geneva", "CHE"),
        ("Aleppo", "Aleppo", "SYR"),
        ("Zurich", "Zurich", "CHE"),
        ("New York", "New York", "USA"),
        ("NY", "New York", "USA"),
        ("Raqqa", "Raqqa", "SYR"),
        ("Crimea", "Crimea", "UKR"),
        ("Mosul", "Mosul", "IRQ"),
        ("the Gaza Strip", "Gaza", "PSE"),
    ],
)
def test_places_with_their_country(
    gazetteer: Gazetteer, name: str, place: str, code: str
):
    found = gazetteer.place(name)
    assert found is not None
    assert (found.name, found.country) == (place, code)


def test_unknown_place_is_none(gazetteer: Gazetteer):
    assert gazetteer.place("Qwertyville") is None


def test_titles_of_one_office_share_a_key(gazetteer: Gazetteer):
    assert gazetteer.title_key("top diplomat") == gazetteer.title_key(
        "Foreign Minister"
    )
    assert gazetteer.title_key("premier") != gazetteer.title_key("foreign minister")


def test_words_split_possessives_and_keep_abbreviations():
    assert [w.text for w in words("Russia’s U.S.-led")] == [
        "Russia",
        "'s",
        "U.S.",
        "led",
    ]
    assert clean_name("the U.S.") == "U.S."
    assert clean_name("their rebels.") == "rebels"


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("West Darfur State", "SDN"),
        ("Western Cambodia", "KHM"),
        ("central Iran", "IRN"),
        ("eastern Beirut", "LBN"),
        ("Sindh province", "PAK"),
        ("North Korea", "PRK"),
    ],
)
def test_a_part_of_a_place_is_in_its_country(
    gazetteer: Gazetteer, phrase: str, code: str
):
    place = gazetteer.place(phrase)
    assert place is not None and place.country == code


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Thai", "THA"),
        ("Kampuchean", "KHM"),
        ("the Soviet Union", "RUS"),
        ("Zaire", "COD"),
        ("Rhodesia", "ZWE"),
        ("Yugoslavia", "SRB"),
    ],
)
def test_demonyms_and_former_names_of_states(
    gazetteer: Gazetteer, phrase: str, code: str
):
    entity = gazetteer.lookup(phrase)
    assert entity is not None and entity.country == code
    place = gazetteer.place(phrase)
    assert place is not None and place.country == code


@pytest.mark.parametrize(
    ("phrase", "code"),
    [("Serbs", "SRB"), ("Croats", "HRV"), ("Poles", "POL"), ("Swedes", "SWE")],
)
def test_plural_demonyms_name_their_state(nlp, phrase: str, code: str):
    from workers.pipeline.actors import ActorResolver

    text = f"Thousands of {phrase} marched through the capital on Sunday."
    doc = nlp(text)
    start = text.index(phrase)
    span = doc.char_span(start, start + len(phrase))
    found = ActorResolver().for_document(doc).resolve(span)
    assert found is not None and found.country == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Lebanese troops patrolled Tripoli.", "LBN"),
        ("Gunmen patrolled Tripoli.", "LBY"),
        # Both states named: the larger city, as with no context.
        ("Libyan and Lebanese envoys met in Tripoli.", "LBY"),
        ("Pakistani police raided homes in Hyderabad.", "PAK"),
        # A small namesake is no reading: London, Ontario, is not taken for London.
        ("The Canadian prime minister flew to London.", "GBR"),
    ],
)
def test_a_shared_city_name_is_read_by_the_country_the_text_names(
    nlp, gazetteer: Gazetteer, text: str, code: str
) -> None:
    doc = nlp(text)
    name = next(e for e in doc.ents if e.label_ == "GPE" and e.text in text.split()[-1])
    found = gazetteer.place(name.text, doc[:])
    assert found is not None and found.country == code
