"""Kalundborg Symbiosis (Denmark): documented exchanges as flows between partner companies.

Tables: ``kalundborg_companies.csv`` (partners with approximate coordinates and a source),
``kalundborg_partners.csv`` (partner texts of the exchange file -> company id; several texts
name the same partner), ``kalundborg_exchanges.csv`` (per exchange id: material, the exchange
it is merged into when it is the same link with a different reported figure, a quantity from
sources beyond the exchange file, and notes on quantities the material's unit cannot carry),
``kalundborg_stream_estimates.csv`` (quantity, provenance, source and note of the have/want pair
of an exchange) and ``kalundborg_extra_streams.csv`` (documented one-sided figures).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .common import (
    COMPANY_COLUMNS,
    FLOW_COLUMNS,
    STREAM_COLUMNS,
    H,
    W,
    optional_float,
    read_csv,
    read_table,
    stream,
    write_csv,
    write_json,
)

KB_APPROX = (
    "Approximate coordinates, placed by estimate from public maps and not surveyed; the "
    "sources give no coordinates."
)
COAL_END = (
    "Asnæs converted from coal to wood chips: first biomass heat and steam August 2019, "
    "inaugurated August 2020 (https://www.novozymes.com/en/news/news-archive/2020/8/"
    "novozymes-bids-coal-goodbye-in-kalundborg; https://biomassmagazine.com/articles/17315/"
    "orsted-inaugurates-biomass-fired-asnaes-power-station)"
)
FISH_END = (
    "Kalundborg Municipality found the land-based Asnæs fish farm shut down at its November "
    "2018 inspection (https://tv-kalundborg.dk/Ulovlig-havbrugsdrift-afsloeret, 14 Jan 2019)"
)

KB_COMPANIES = read_table("kalundborg_companies")
KB_PARTNERS: dict[str, str] = {
    r["partner"]: r["company_id"] for r in read_table("kalundborg_partners")
}
KB_EXCHANGES: dict[str, dict[str, str]] = {
    r["exchange_id"]: r for r in read_table("kalundborg_exchanges")
}
KB_MERGED: dict[str, str] = {
    eid: r["merged_into"] for eid, r in KB_EXCHANGES.items() if r["merged_into"]
}

KB_DISCONTINUED: dict[str, str] = {
    "KS05": FISH_END,
    "KS06": COAL_END + "; FGD gypsum came from the coal-fired units (status inferred)",
    "KS11": COAL_END + "; the fly ash was coal fly ash (status inferred)",
}

DK_HOUSE_MWH = 15.47
COAL_T_CO2_PER_MWH = 94.6 * 0.0036

# computed quantities of stream estimates; the table leaves their cells empty and their notes
# show the arithmetic ({house_mwh} in a note is replaced by DK_HOUSE_MWH)
KB_DERIVED_QUANTITIES: dict[str, float] = {
    "KS01": round(3500 * DK_HOUSE_MWH, -1),
    "KS04": round(31000 / COAL_T_CO2_PER_MWH, -3),
}


def stream_estimates() -> dict[str, tuple[float, str, str, str]]:
    """Exchange id -> (quantity, note, source, provenance) for the exchange's stream pair."""
    estimates = {}
    for row in read_table("kalundborg_stream_estimates"):
        eid = row["exchange_id"]
        qty = optional_float(row["quantity"])
        if (qty is None) == (eid not in KB_DERIVED_QUANTITIES):
            raise ValueError(f"stream estimate {eid}: needs one quantity, table or derived")
        qty = KB_DERIVED_QUANTITIES[eid] if qty is None else qty
        note = row["note"].format(house_mwh=DK_HOUSE_MWH)
        estimates[eid] = (qty, note, row["source"], row["provenance"])
    return estimates


KB_STREAM_ESTIMATES = stream_estimates()
KB_EXTRA_STREAMS = read_table("kalundborg_extra_streams")


def sentence(text: str) -> str:
    """Text ending with a full stop (empty stays empty)."""
    text = text.strip()
    return text if not text or text.endswith(".") else text + "."


def kb_sources(text: str) -> list[str]:
    """Split a partner cell naming several partners ('A and B', 'A; B; C')."""
    parts = re.split(r"; | and (?=[A-Z])", text)
    return [p.strip() for p in parts if p.strip()]


def kb_companies() -> list[dict]:
    """Kalundborg partner companies."""
    rows = []
    for row in KB_COMPANIES:
        rows.append(
            {
                "company_id": row["company_id"],
                "name": row["name"],
                "nace": row["nace"],
                "lat": f"{float(row['lat']):.4f}",
                "lon": f"{float(row['lon']):.4f}",
                "region_code": row["region_code"],
                "country": "DK",
                "employees": None,
                "provenance": "documented",
                "source": row["source"],
                "city": None,
                "notes": " ".join(filter(None, [row["note"], KB_APPROX])),
            }
        )
    return rows


def kb_flows(ex: pd.DataFrame, units: dict) -> list[dict]:
    """One flow per exchange and source partner; merged duplicates keep all exchange ids."""
    merged_ids: dict[str, list[str]] = {}
    for src, dst in KB_MERGED.items():
        merged_ids.setdefault(dst, [dst]).append(src)
    flows = []
    for rec in ex.itertuples(index=False):
        if rec.exchange_id in KB_MERGED:
            continue
        exchange = KB_EXCHANGES[rec.exchange_id]
        material = exchange["material"]
        qty = optional_float(exchange["quantity"])
        qsource = exchange["quantity_source"]
        source = rec.source_url + (f"; quantity: {qsource}" if qsource else "")
        status = "discontinued" if rec.exchange_id in KB_DISCONTINUED else "existing"
        notes = [rec.resource, rec.note, exchange["quantity_note"], exchange["unquantified_note"]]
        if status == "discontinued":
            notes.append("Discontinued: " + KB_DISCONTINUED[rec.exchange_id])
        sources = kb_sources(rec.source_partner)
        for i, partner in enumerate(sources):
            suffix = chr(ord("a") + i) if len(sources) > 1 else ""
            flows.append(
                {
                    "flow_id": rec.exchange_id.lower() + suffix,
                    "source_company": KB_PARTNERS[partner],
                    "target_company": KB_PARTNERS[rec.target_partner],
                    "material": material,
                    "quantity": qty,
                    "unit": units[material] if qty is not None else None,
                    "status": status,
                    "since_year": int(rec.first_year) if rec.first_year else None,
                    "provenance": "documented",
                    "source": source,
                    "notes": " ".join(sentence(n) for n in notes if n),
                    "exchange_id": ";".join(merged_ids.get(rec.exchange_id, [rec.exchange_id])),
                }
            )
    return flows


def kb_streams(flows: list[dict], units: dict) -> list[dict]:
    """Have/want pairs for current exchanges with a documented or estimated quantity."""
    rows = []
    for flow in flows:
        est = KB_STREAM_ESTIMATES.get(flow["exchange_id"])
        if flow["status"] == "discontinued" or est is None:
            continue
        qty, note, source, prov = est
        for direction, cid in ((H, flow["source_company"]), (W, flow["target_company"])):
            rows.append(
                stream(
                    cid,
                    direction,
                    flow["material"],
                    qty,
                    units,
                    prov,
                    source,
                    f"{flow['exchange_id']}: {note}",
                    suffix=f"-{flow['exchange_id'].lower()}",
                )
            )
    for extra in KB_EXTRA_STREAMS:
        exchange = extra["exchange_id"]
        rows.append(
            stream(
                extra["company_id"],
                extra["direction"],
                KB_EXCHANGES[exchange]["material"],
                float(extra["quantity"]),
                units,
                "documented",
                extra["source"],
                f"{exchange}: {extra['note']}",
                suffix=f"-{exchange.lower()}",
            )
        )
    return rows


def build_kalundborg(shared: Path, out: Path, units: dict) -> dict[str, int]:
    """Write the Kalundborg Symbiosis dataset."""
    ex = read_csv(shared / "kalundborg_symbiosis_exchanges.csv")
    companies = kb_companies()
    flows = kb_flows(ex, units)
    streams = kb_streams(flows, units)
    folder = out / "datasets" / "kalundborg"
    counts = {
        "companies.csv": write_csv(
            folder / "companies.csv", COMPANY_COLUMNS, companies, "company_id"
        ),
        "streams.csv": write_csv(folder / "streams.csv", STREAM_COLUMNS, streams, "stream_id"),
        "flows.csv": write_csv(
            folder / "flows.csv", [*FLOW_COLUMNS, "exchange_id"], flows, "flow_id"
        ),
    }
    write_json(
        folder / "dataset.json",
        {
            "id": "kalundborg",
            "title": "Kalundborg Symbiosis (Denmark)",
            "description": (
                f"The {len(ex)} documented exchanges of the Kalundborg Symbiosis as flows between "
                f"{len(companies)} partners (power station, refinery, Novo Nordisk, Novozymes, "
                "Gyproc, utility, farms, fish farm and external receivers), with quantities and "
                "start years only where a public source gives them. Streams exist only for current "
                "exchanges that have a documented figure or a stated estimate."
            ),
            "region_note": (
                "Kalundborg, Region Zealand (DK-85), plus receivers in Fredericia (DK-83) and "
                "Aalborg (DK-81). Coordinates are approximate."
            ),
            "provenance_note": (
                "Companies and flows: documented, each row with its source URL. Empty quantity = "
                "unknown. Coal-dependent exchanges and the fish farm are marked discontinued with "
                "the evidence in notes. Streams are documented or estimated; estimates explain "
                "their arithmetic in notes."
            ),
        },
    )
    return counts
