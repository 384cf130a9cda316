"""Candidate exchanges: every have that can meet another company's want within transport distance.

A have stream and a want stream form a candidate when the have's material is the want's
material or lists it in `satisfies` (see `taxonomy`), both are in the same unit, they belong to
different companies, the matched quantity is above 0, and the great-circle distance between the
companies is within the have material's `max_distance_km` (and `MatchOptions.max_km`).

Score, 0..100 with one decimal, reproducible by hand from the output columns:

    score = round(100 * (W_COMPATIBILITY * C + W_DISTANCE * D + W_COVERAGE * Q + W_SAFETY * H), 1)

    C = 1 for an exact match, SUBSTITUTE_FACTOR for a substitute
    D = 1 - distance_km / max_distance_km(have material)   (distance_km as output, 0.1 km)
    Q = coverage = quantity / want_quantity                (share of the want the have meets)
    H = 0 when hazardous (either stream flagged), else 1

Distance weighs most because transport cost decides most exchanges; coverage next, because a
facilitator's time is best spent on exchanges that meet a large part of a need; an exact match
beats a substitute, which needs the receiver to accept another material; a hazardous stream
loses the safety points, because it needs licensed carriers and receivers.
Example: fly ash, substitute for cement raw material (C = 0.5), at 12.0 km with a 100 km
maximum (D = 0.88), 40,000 of a 50,000 t/yr want (Q = 0.8), not hazardous (H = 1):
100 * (0.25 * 0.5 + 0.35 * 0.88 + 0.30 * 0.8 + 0.10 * 1) = 77.3.

`find_candidates` returns one row per candidate (columns `COLUMNS`), best first: score
descending, then distance, have_stream_id and want_stream_id. A pair already covered by an
existing or planned flow between the two companies, for the have's or the want's material, gets
that flow's id in `existing_flow_id` and is left out unless `include_existing`. The result holds
ids, numbers and the companies' names from the data, no display text: the reasons a facilitator
reads are written from these columns by `dashboard.views.candidate_reasons`, in the reader's
language. `count_candidates` counts the rows without building them.

Scale: wants are indexed per (material, unit) in a k-d tree of points on the unit sphere
(`geo.unit_vectors`; scipy); each compatible (have material, want material, unit) group queries
it with the chord of the have material's radius, in chunks of have streams, and scores the pairs
with numpy, at their great-circle distance. `pieces` yields them group by group
(`group_candidates`), each group independent of the others. With `max_per_have`, dense groups first
bound how far each have's best wants can lie (`_Context._cut_radii`), which is exact.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from dashboard.analysis.worth import SOURCE_ROW, TARGET_ROW, WORTH_COLUMNS, worth_columns
from dashboard.domain import taxonomy
from dashboard.domain.dataset import Dataset
from dashboard.domain.factors import Factors
from dashboard.domain.geo import chord_of_km, haversine_between, spherical, unit_vectors
from dashboard.domain.statuses import COVERING
from dashboard.domain.values import as_objects, coded

W_COMPATIBILITY = 0.25
"""Weight of the material fit: exact match or substitute."""
W_DISTANCE = 0.35
"""Weight of closeness, relative to the have material's maximum transport distance."""
W_COVERAGE = 0.30
"""Weight of the share of the want's quantity that the have covers."""
W_SAFETY = 0.10
"""Weight of a non-hazardous exchange; a hazardous one gets 0 of these points."""
SUBSTITUTE_FACTOR = 0.5
"""C of a substitute match (an exact match has C = 1)."""

SAME_SITE_KM = 1.0
"""Companies this close (great-circle) are taken as one site: an exchange inside it."""
SITE, OWNER = "same_site", "same_owner"
LEGAL_FORMS = frozenset(
    ("oy", "oyj", "ab", "abp", "as", "a/s", "aps", "ao", "pao", "zao", "oao", "ooo", "ltd",
     "plc", "gmbh", "ag", "sa", "bv", "inc", "llc")
)  # fmt: skip

CHUNK_PAIRS = 1_000_000
"""About how many pairs are examined at once; bounds memory on large regions."""
NEAREST_FACTOR = 2
"""With max_per_have = n, a dense group first scores about 2 n near wants of each have, to bound
how far its n best can lie, and then searches only that far (exact, see `_cut_radii`)."""
DENSE_FACTOR = 8
"""A group is dense when its haves reach more than 8 n wants on average."""
RADIUS_SPREAD = 1.1
"""Haves searched together have radii within 10 % of each other."""

ENGINE_COLUMNS = (
    "have_stream_id", "want_stream_id", "source_company", "target_company", "source_name",
    "target_name", "have_material", "want_material", "compatibility", "distance_km",
    "have_quantity", "want_quantity", "want_total", "quantity", "unit", "want_unit", "coverage",
    "hazardous", "fit", "relation", "have_provenance", "want_provenance", "want_use",
    "existing_flow_id",
    "source_lat", "source_lon", "target_lat", "target_lon",
)  # fmt: skip
COLUMNS = (*ENGINE_COLUMNS, *WORTH_COLUMNS)
FLOAT_COLUMNS = (
    "distance_km", "have_quantity", "want_quantity", "want_total", "quantity", "coverage",
    "fit", "source_lat", "source_lon", "target_lat", "target_lon", "ghg_avoided_t_co2e",
    "net_benefit_eur", "score",
)  # fmt: skip


@dataclass(frozen=True)
class MatchOptions:
    """Filters and limits of a matching run; the defaults keep the 25 best candidates per have
    stream and leave out pairs that an existing or planned flow already covers."""

    max_km: float | None = None
    min_score: float = 0.0
    materials: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    include_existing: bool = False
    max_per_have: int | None = 20

    def __post_init__(self) -> None:
        if self.max_km is not None and not self.max_km >= 0:
            raise ValueError(f"max_km must be 0 or more, got {self.max_km}")
        if not 0 <= self.min_score <= 100:
            raise ValueError(f"min_score must be within 0..100, got {self.min_score}")
        if self.max_per_have is not None and self.max_per_have < 1:
            raise ValueError(f"max_per_have must be 1 or more, got {self.max_per_have}")


def score(exact, distance_km, max_distance_km, coverage, hazardous):
    """The candidate score (see the module docstring), rounded to 0.1; arrays or numbers."""
    c = np.where(exact, 1.0, SUBSTITUTE_FACTOR)
    d = np.clip(1 - np.asarray(distance_km) / max_distance_km, 0.0, 1.0)
    h = np.where(hazardous, 0.0, 1.0)
    raw = W_COMPATIBILITY * c + W_DISTANCE * d + W_COVERAGE * np.asarray(coverage) + W_SAFETY * h
    return np.round(100 * raw, 1)


def find_candidates(
    dataset: Dataset,
    options: MatchOptions = MatchOptions(),
    factors: Factors | None = None,
    categorical: bool = False,
) -> pd.DataFrame:
    """Candidate exchanges of a dataset, best first, with the columns of `COLUMNS`: the
    engine's columns, then what each is worth (`worth.add_worth`, under `factors`). Text
    columns hold Python strings, or with `categorical` pandas Categoricals (for millions of
    rows written to a file: no string per row)."""
    context = _Context(dataset, options)
    found = context.candidates()
    if found is None:
        return _empty()
    have, want = found["h"], found["w"]
    columns = context.columns(found)
    columns |= worth_columns(columns, dataset, factors)
    keep = np.flatnonzero(columns["score"] >= options.min_score)
    order = keep[
        _order(
            _tenths(1000 - columns["score"][keep]),
            _tenths(columns["distance_km"][keep]),
            context.have_rank[have[keep]],
            context.want_rank[want[keep]],
        )
    ]
    convert = (lambda values: values) if categorical else as_objects
    return pd.DataFrame(
        {name: _series(convert(columns.pop(name)[order])) for name in COLUMNS}, copy=False
    )


def count_candidates(dataset: Dataset, options: MatchOptions = MatchOptions()) -> int:
    """How many rows `find_candidates` returns; without a minimum score, without building
    them: with max_per_have=None memory stays bounded by one chunk of pairs."""
    if options.min_score > 0:
        return len(find_candidates(dataset, options))
    context = _Context(dataset, options)
    if options.max_per_have is None:
        return sum(len(piece["h"]) for piece in context.pieces())
    found = context.candidates()
    return 0 if found is None else len(found["h"])


def _series(values) -> pd.Series:
    """A column as it is: no copy, and no scan of object arrays for another dtype."""
    dtype = values.dtype if isinstance(values, np.ndarray) else None
    return pd.Series(values, dtype=dtype, copy=False)


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    for column in FLOAT_COLUMNS:
        frame[column] = frame[column].astype("float64")
    frame["hazardous"] = frame["hazardous"].astype(bool)
    return frame


# --- the engine --------------------------------------------------------------------------------
# Candidates travel as "pieces": dicts of equally long arrays, one element per pair, with have
# and want stream positions (h, w), the group, the score and distance in tenths (whole numbers,
# so that sorting is exact), the position of a covering flow (-1 if none) and the hazard.


@dataclass(frozen=True)
class _Group:
    have_material: str
    want_material: str
    unit: str
    compatibility: str
    haves: np.ndarray
    wants: np.ndarray
    want_unit: str = ""
    factor: float = 1.0
    """Want units one have unit meets (heat in MWh meeting warm water in m3)."""


class _Context:
    """The dataset as numpy arrays: companies, have and want streams, flows, compatible groups."""

    def __init__(self, dataset: Dataset, options: MatchOptions):
        self.options = options
        companies = dataset.companies.reset_index(drop=True)
        self.company_id = companies["company_id"].to_numpy(dtype=object)
        self.company_name = companies["name"].to_numpy(dtype=object)
        self.lat = companies["lat"].to_numpy(dtype=float)
        self.lon = companies["lon"].to_numpy(dtype=float)
        self.in_sectors = _membership(companies["nace_section"], options.sectors)
        self.in_regions = _membership(companies["region_code"], options.regions)
        self.in_places = _membership(companies.get("place", pd.Series()), options.places)
        streams = dataset.streams.assign(
            company=pd.Index(companies["company_id"]).get_indexer(dataset.streams["company_id"])
        )
        streams = streams[
            (streams["company"] >= 0)
            & streams["material"].notna()
            & streams["unit"].notna()
            & streams["quantity"].notna()
        ]
        self.haves = self._side(streams[streams["direction"] == "have"])
        self.wants = self._side(streams[streams["direction"] == "want"])
        self.wants["total"] = self.wants["quantity"]
        self.wants["quantity"] = self._remaining(dataset.flows)
        self.have_rank = _rank(self.haves["stream_id"])
        self.want_rank = _rank(self.wants["stream_id"])
        self.flow_id, self.flow_lookup = self._flows(dataset.flows)
        self.have_points = spherical(self.haves["lat"].to_numpy(), self.haves["lon"].to_numpy())
        self.want_points = spherical(self.wants["lat"].to_numpy(), self.wants["lon"].to_numpy())
        self.groups = self._groups()
        self.trees: dict[tuple[str, str], cKDTree] = {}

    def _side(self, streams: pd.DataFrame) -> pd.DataFrame:
        """Streams of one direction with what matching needs; row positions are the ids used."""
        side = streams[["stream_id", "company", "material", "unit", "quantity"]]
        side = side.reset_index(drop=True)
        provenance = streams.get("provenance")
        side["provenance"] = "unspecified" if provenance is None else _shared(provenance)
        use = streams.get("use")
        side["use"] = "" if use is None else _shared(use.fillna(""))
        side["hazardous"] = streams["hazardous"].fillna(False).to_numpy(dtype=bool)
        side["lat"] = self.lat[side["company"].to_numpy()]
        side["lon"] = self.lon[side["company"].to_numpy()]
        return side

    def _remaining(self, flows: pd.DataFrame) -> np.ndarray:
        """What is left of each want after the existing and planned flows into its company that
        meet it (same material or one that satisfies it, same unit, known quantity), shared
        among the company's wants of that material in proportion to their size."""
        wants = self.wants
        remaining = wants["quantity"].to_numpy(dtype=float).copy()
        if "quantity" not in flows or "unit" not in flows:
            return remaining
        flows = flows[flows["status"].isin(COVERING) & flows["quantity"].notna()]
        if flows.empty or wants.empty:
            return remaining
        target = pd.Index(self.company_id).get_indexer(flows["target_company"])
        covered: dict[tuple[int, str, str], float] = {}
        vocabulary = taxonomy.vocabulary()
        for company, material, unit, quantity in zip(
            target, flows["material"], flows["unit"], flows["quantity"], strict=True
        ):
            if company < 0:
                continue
            satisfies = vocabulary.at[material, "satisfies"] if material in vocabulary.index else ()
            for want in {material, *satisfies}:
                key = (int(company), want, unit)
                covered[key] = covered.get(key, 0.0) + float(quantity)
        if not covered:
            return remaining
        keys = list(zip(wants["company"], wants["material"], wants["unit"], strict=True))
        totals = wants.groupby(["company", "material", "unit"])["quantity"].transform("sum")
        for i, key in enumerate(keys):
            flow = covered.get((int(key[0]), key[1], key[2]))
            if flow and totals.iat[i] > 0:
                remaining[i] = max(0.0, remaining[i] * (1 - flow / totals.iat[i]))
        return remaining

    def _flows(self, flows: pd.DataFrame) -> tuple[np.ndarray, dict[str, pd.Series]]:
        """Flow ids, and per material a Series (source * n + target code) -> flow position."""
        flows = flows[flows["status"].isin(COVERING)].reset_index(drop=True)
        index = pd.Index(self.company_id)
        source = index.get_indexer(flows["source_company"])
        target = index.get_indexer(flows["target_company"])
        table = pd.DataFrame(
            {
                "key": source.astype(np.int64) * len(self.company_id) + target,
                "material": flows["material"],
                "status": flows["status"].map(COVERING.index),
                "flow_id": flows["flow_id"],
                "position": np.arange(len(flows)),
            }
        )[(source >= 0) & (target >= 0)]
        table = table.sort_values(["status", "flow_id"]).drop_duplicates(["material", "key"])
        lookup = {
            material: pd.Series(part["position"].to_numpy(), index=part["key"].to_numpy())
            for material, part in table.groupby("material")
        }
        return flows["flow_id"].to_numpy(dtype=object), lookup

    def _groups(self) -> list[_Group]:
        """Compatible (have material, want material, unit) groups present in the dataset."""
        wanted = set(self.options.materials)
        want_groups = self.wants.groupby(["material", "unit"]).indices
        want_units: dict[str, list[str]] = {}
        for material, unit in sorted(want_groups):
            want_units.setdefault(material, []).append(unit)
        table = taxonomy.compatibility_table()
        groups = []
        for (have_material, unit), haves in sorted(
            self.haves.groupby(["material", "unit"]).indices.items()
        ):
            options = table[table["have_material"] == have_material]
            for want_material, kind in zip(
                options["want_material"], options["compatibility"], strict=True
            ):
                if wanted and not {have_material, want_material} & wanted:
                    continue
                for want_unit in want_units.get(want_material, ()):
                    factor = taxonomy.unit_factor(unit, want_unit)
                    if factor is None:
                        continue
                    wants = want_groups[(want_material, want_unit)]
                    groups.append(
                        _Group(have_material, want_material, unit, kind, haves, wants,
                               want_unit, factor)
                    )  # fmt: skip
        return groups

    def _tree(self, group: _Group) -> cKDTree:
        key = (group.want_material, group.want_unit or group.unit)
        if key not in self.trees:
            wants = self.wants.iloc[group.wants]
            self.trees[key] = cKDTree(unit_vectors(wants["lat"], wants["lon"]))
        return self.trees[key]

    def candidates(self) -> dict[str, np.ndarray] | None:
        """Every group's candidates, cut to max_per_have per have stream, best first."""
        pieces = list(self.pieces())
        if not pieces:
            return None
        found = {k: np.concatenate([p[k] for p in pieces]) for k in pieces[0]}
        del pieces
        n = self.options.max_per_have
        if n is not None:
            found = _take(found, self.best_per_have(found, n))
        order = _order(
            1000 - found["score"],
            found["distance"],
            self.have_rank[found["h"]],
            self.want_rank[found["w"]],
        )
        return _take(found, order)

    def pieces(self):
        """Yield the candidates of every group, a chunk of have streams at a time."""
        for group_id, group in enumerate(self.groups):
            yield from self.group_candidates(group_id, group)

    def group_candidates(self, group_id: int, group: _Group):
        """Yield the candidates of one group, querying the wants' tree around each have."""
        max_km = taxonomy.max_distance_km(group.have_material)
        radius = max_km if self.options.max_km is None else min(max_km, self.options.max_km)
        tree = self._tree(group)
        haves = self.haves.iloc[group.haves]
        points = unit_vectors(haves["lat"], haves["lon"])
        sample = points[:: max(1, len(points) // 256)]
        reach = tree.query_ball_point(sample, r=chord_of_km(radius), return_length=True).mean()
        radii = np.full(len(points), radius)
        n = self.options.max_per_have
        if n is not None and reach > DENSE_FACTOR * n:
            cut = self._cut_radii(group_id, group, tree, points, radius, max_km, reach)
            radii = np.minimum(radii, cut)
        order = np.argsort(radii, kind="stable")
        expected = reach * (radii[order] / max(radius, 1e-9)) ** 2
        for part in _weighed_chunks(expected, radii[order]):
            chosen = order[part]
            yield from self._query(group_id, group, tree, points, chosen, radii[chosen], radius)

    def _query(self, group_id, group, tree, points, part, radii, radius):
        """The pieces of the haves `part` of a group, each searched within its radius: the
        pairs of a tree of these haves and the wants' tree (in no particular order)."""
        chord = np.broadcast_to(chord_of_km(radii) * (1 + 1e-9), (len(points[part]),))
        pairs = cKDTree(points[part]).sparse_distance_matrix(
            tree, float(chord.max()), output_type="ndarray"
        )
        pairs = pairs[pairs["v"] <= chord[pairs["i"]]]
        if len(pairs):
            h = group.haves[part][pairs["i"]]
            w = group.wants[pairs["j"]]
            piece = self._evaluate(group_id, group, h, w, self._km(h, w), radius)
            if piece is not None:
                yield piece

    def _cut_radii(self, group_id, group, tree, points, radius, max_km, reach) -> np.ndarray:
        """Per have of the group, a distance beyond which no want can be among its n best.

        The n-th best score s among a have's near wants is a floor for its final n-th best. A
        want at distance d scores at most `top - 100 W_DISTANCE (d - 0.05) / max_km + 0.05`
        (coverage 1, not hazardous, both roundings in its favour), which is below s beyond the
        returned distance; 0.1 km more absorbs float error. The near wants are those within the
        radius expected to hold about NEAREST_FACTOR n of them, or else the NEAREST_FACTOR n
        nearest; a have with fewer than n eligible ones keeps the full radius.
        """
        n = self.options.max_per_have
        factor = 1.0 if group.compatibility == taxonomy.EXACT else SUBSTITUTE_FACTOR
        top = 100 * (W_COMPATIBILITY * factor + W_DISTANCE + W_COVERAGE + W_SAFETY)
        cut = np.full(len(points), np.inf)

        def bound(piece: dict[str, np.ndarray]) -> None:
            have, nth = _nth_scores(piece, n)
            limit = 0.15 + max_km * (top + 0.05 - nth / 10) / (100 * W_DISTANCE)
            cut[np.searchsorted(group.haves, have)] = limit

        near = radius * min(1.0, np.sqrt(NEAREST_FACTOR * n / reach))
        for part in _chunks(len(points), NEAREST_FACTOR * n):
            for piece in self._query(group_id, group, tree, points, part, near, radius):
                bound(piece)
        missing = np.flatnonzero(np.isinf(cut))
        k = min(len(group.wants), NEAREST_FACTOR * n)
        for part in _chunks(len(missing), k):
            _, index = tree.query(points[missing[part]], k=k)
            h = np.repeat(group.haves[missing[part]], k)
            w = group.wants[index.ravel()]
            piece = self._evaluate(group_id, group, h, w, self._km(h, w), radius)
            if piece is not None:
                bound(piece)
        return cut

    def _km(self, h: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Great-circle km between the companies of have streams h and want streams w."""
        return haversine_between(
            tuple(part[h] for part in self.have_points), tuple(part[w] for part in self.want_points)
        )

    def _evaluate(self, group_id, group, h, w, distance, radius):
        """Apply the rules, filters and limits to pairs (h, w) of one group; None when empty."""
        haves, wants, options = self.haves, self.wants, self.options
        source = haves["company"].to_numpy()[h]
        target = wants["company"].to_numpy()[w]
        want_quantity = wants["quantity"].to_numpy()[w]
        quantity = np.minimum(haves["quantity"].to_numpy()[h] * group.factor, want_quantity)
        keep = (source != target) & (distance <= radius) & (quantity > 0)
        if options.sectors:
            keep &= self.in_sectors[source] | self.in_sectors[target]
        if options.regions:
            keep &= self.in_regions[source] | self.in_regions[target]
        if options.places:
            keep &= self.in_places[source] | self.in_places[target]
        h, w, source, target = h[keep], w[keep], source[keep], target[keep]
        tenths = _tenths(distance[keep])
        hazardous = haves["hazardous"].to_numpy()[h] | wants["hazardous"].to_numpy()[w]
        scores = score(
            group.compatibility == taxonomy.EXACT,
            tenths / 10,
            taxonomy.max_distance_km(group.have_material),
            quantity[keep] / want_quantity[keep],
            hazardous,
        )
        flow = self._existing(group, source, target)
        keep = np.ones(len(flow), dtype=bool) if options.include_existing else flow < 0
        piece = _take(
            {
                "h": h,
                "w": w,
                "group": np.full(len(h), group_id, dtype=np.int32),
                "score": _tenths(scores),
                "distance": tenths,
                "flow": flow,
                "hazardous": hazardous,
            },
            keep,
        )
        n = options.max_per_have
        if n is not None and _most_of_one(piece["h"]) > n:
            piece = _take(piece, self.best_per_have(piece, n))
        return piece if len(piece["h"]) else None

    def _existing(self, group: _Group, source: np.ndarray, target: np.ndarray) -> np.ndarray:
        """Position of the existing or planned flow covering each pair, or -1."""
        keys = source.astype(np.int64) * len(self.company_id) + target
        flow = np.full(len(keys), -1, dtype=np.int32)
        for material in (group.have_material, group.want_material):
            lookup = self.flow_lookup.get(material)
            if lookup is not None:
                found = lookup.reindex(keys).to_numpy()
                flow = np.where((flow < 0) & ~np.isnan(found), found, flow).astype(np.int32)
        return flow

    def _relation(self, source: np.ndarray, target: np.ndarray, km: np.ndarray) -> pd.Categorical:
        """`same_site` within SAME_SITE_KM, else `same_owner` when both names give the same
        organisation, else empty: exchanges a facilitator treats apart."""
        owners = [owner(name) for name in self.company_name]
        codes = pd.factorize(np.asarray(owners, dtype=object))[0]
        named = np.array([bool(o) for o in owners], dtype=bool)
        same_owner = (codes[source] == codes[target]) & named[source]
        return coded(np.where(km <= SAME_SITE_KM, 0, np.where(same_owner, 1, 2)), [SITE, OWNER, ""])

    def best_per_have(self, piece: dict[str, np.ndarray], n: int) -> np.ndarray:
        """Positions of the n best candidates of each have stream, grouped by have."""
        have = self.have_rank[piece["h"]]
        order = _order(have, 1000 - piece["score"], piece["distance"], self.want_rank[piece["w"]])
        if not len(order):
            return order
        have = have[order]
        position = np.arange(len(order))
        starts = np.r_[True, have[1:] != have[:-1]]
        first = np.maximum.accumulate(np.where(starts, position, 0))
        return order[position - first < n]

    def columns(self, found: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """The output columns of candidates in their final order; empties `found`."""
        h, w = found.pop("h"), found.pop("w")
        source = self.haves["company"].to_numpy()[h]
        target = self.wants["company"].to_numpy()[w]
        have_quantity = self.haves["quantity"].to_numpy()[h]
        want_quantity = self.wants["quantity"].to_numpy()[w]
        groups = found.pop("group")
        group = lambda name: coded(groups, [getattr(g, name) for g in self.groups])  # noqa: E731
        factor = np.array([g.factor for g in self.groups], dtype=float)[groups]
        met = np.minimum(have_quantity * factor, want_quantity)
        quantity = met / factor
        distance = found.pop("distance") / 10
        return {
            "have_stream_id": coded(h, self.haves["stream_id"]),
            "want_stream_id": coded(w, self.wants["stream_id"]),
            "source_company": coded(source, self.company_id),
            "target_company": coded(target, self.company_id),
            "source_name": coded(source, self.company_name),
            "target_name": coded(target, self.company_name),
            "have_material": group("have_material"),
            "want_material": group("want_material"),
            "compatibility": group("compatibility"),
            "distance_km": distance,
            "have_quantity": have_quantity,
            "want_quantity": want_quantity,
            "want_total": self.wants["total"].to_numpy()[w],
            "quantity": quantity,
            "unit": group("unit"),
            "want_unit": coded(groups, [g.want_unit or g.unit for g in self.groups]),
            "coverage": met / want_quantity,
            "hazardous": found.pop("hazardous"),
            "fit": found.pop("score") / 10,
            "relation": self._relation(source, target, distance),
            "have_provenance": coded(h, self.haves["provenance"]),
            "want_provenance": coded(w, self.wants["provenance"]),
            "want_use": coded(w, self.wants["use"]),
            "existing_flow_id": coded(found.pop("flow"), self.flow_id),
            "source_lat": self.lat[source],
            "source_lon": self.lon[source],
            "target_lat": self.lat[target],
            "target_lon": self.lon[target],
            SOURCE_ROW: source,
            TARGET_ROW: target,
        }


def owner(name: object) -> str:
    """The organisation part of a company name, without its legal form: 'Metsä Fibre Oy,
    Äänekosken sellutehdas' -> 'metsä fibre'."""
    text = str(name).split(",")[0].casefold()
    words = [w for w in re.split(r"[\s.]+", text) if w and w not in LEGAL_FORMS]
    return " ".join(words)


def _shared(values: pd.Series) -> np.ndarray:
    """The values as objects, equal ones one object: later lookups over millions of pairs then
    compare pointers and touch a few objects, not a string per stream."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return np.asarray(uniques, dtype=object)[codes]


def _membership(values: pd.Series, chosen: tuple[str, ...]) -> np.ndarray:
    return values.isin(set(chosen)).to_numpy(dtype=bool)


def _rank(ids: pd.Series) -> np.ndarray:
    """Rank of each id in text order, for sorting by id with numbers only."""
    order = np.argsort(ids.to_numpy(dtype=str), kind="stable")
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return rank


def _take(arrays: dict[str, np.ndarray], index: np.ndarray) -> dict[str, np.ndarray]:
    return {k: v[index] for k, v in arrays.items()}


def _tenths(values: np.ndarray) -> np.ndarray:
    """Values rounded to 0.1 as whole numbers of tenths, for exact integer sorting."""
    return np.rint(np.asarray(values) * 10).astype(np.int32)


def _chunks(count: int, per_item: float):
    """Slices of range(count) holding about CHUNK_PAIRS pairs at per_item pairs each."""
    step = max(1, int(CHUNK_PAIRS / max(per_item, 1.0)))
    return (slice(start, start + step) for start in range(0, count, step))


def _runs(values: np.ndarray) -> np.ndarray:
    """Start positions of the runs of equal neighbours in values."""
    return np.flatnonzero(np.r_[True, values[1:] != values[:-1]]) if len(values) else values


def _weighed_chunks(pairs: np.ndarray, radii: np.ndarray):
    """Slices of consecutive items (ordered by radius) holding about CHUNK_PAIRS of the
    expected `pairs` each, and radii within RADIUS_SPREAD of each other, so that a search
    to a slice's largest radius finds few pairs beyond each item's own."""
    ends = np.searchsorted(
        np.cumsum(pairs), np.arange(1, 1 + sum(pairs) // CHUNK_PAIRS) * CHUNK_PAIRS
    )
    bins = np.floor(np.log(np.maximum(radii, 1e-3)) / np.log(RADIUS_SPREAD))
    steps = np.flatnonzero(bins[1:] != bins[:-1]) + 1
    bounds = np.unique(np.r_[0, ends + 1, steps, len(pairs)].clip(0, len(pairs)))
    return (slice(int(a), int(b)) for a, b in itertools.pairwise(bounds))


def _most_of_one(values: np.ndarray) -> int:
    """How often the most frequent of non-negative integers occurs."""
    return int(np.bincount(values - values.min()).max()) if len(values) else 0


def _nth_scores(piece: dict[str, np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Haves with n candidates in a piece, and the lowest score in tenths among them."""
    order = np.argsort(piece["h"], kind="stable")
    have, scores = piece["h"][order], piece["score"][order]
    starts = _runs(have)
    full = np.diff(np.r_[starts, len(have)]) == n
    lowest = np.minimum.reduceat(scores, starts) if len(starts) else starts
    return have[starts][full], lowest[full]


def _order(*keys: np.ndarray) -> np.ndarray:
    """Indices that sort by non-negative integer keys, most significant first.

    The keys are packed into one int64 when their bits fit (one fast sort), else lexsorted.
    """
    if not len(keys[0]):
        return np.zeros(0, dtype=np.intp)
    bits = [max(int(k.max()), 1).bit_length() for k in keys]
    if sum(bits) > 63:
        return np.lexsort(keys[::-1])
    packed = np.zeros(len(keys[0]), dtype=np.int64)
    for key, width in zip(keys, bits, strict=True):
        packed = (packed << width) | key.astype(np.int64)
    return np.argsort(packed)
