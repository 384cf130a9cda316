"""A workshop's accepted cards as the files of a dataset in the interchange format.

One company per distinct name (case and spacing aside), at the first location and NACE code its
cards give; one stream per card, `estimated`, with the workshop as its source and the card's
own words as its notes. A company is `confidential` unless every card of it may be shown.
Cards that lack what a dataset needs are left out and named, so the facilitator can complete
them: a company with no location or NACE code, a card with no material (nor an EWC code that
gives one), no quantity or no unit.
"""

from __future__ import annotations

from dashboard.domain.workshop import ACCEPTED, Card, Workshop
from dashboard.io.export import safe_csv_bytes


def _key(company: str) -> str:
    return " ".join(company.split()).casefold()


def missing(card: Card, companies: dict[str, dict]) -> str | None:
    """What an accepted card lacks to become a stream, or None."""
    company = companies.get(_key(card.fields.company), {})
    if company.get("lat") is None:
        return "location"
    if not company.get("nace"):
        return "nace"
    if not (card.fields.material or card.fields.ewc_code):
        return "material"
    if card.fields.quantity is None:
        return "quantity"
    if not card.fields.unit:
        return "unit"
    return None


def dataset_files(
    workshop: Workshop, cards: list[Card], statuses: tuple[str, ...] = (ACCEPTED,)
) -> tuple[dict[str, bytes], dict[str, str]]:
    """(companies.csv and streams.csv of the cards of `statuses`, the accepted ones unless
    told, {card id: what it lacks} of those left out)."""
    import pandas as pd

    chosen = [card for card in cards if card.status in statuses]
    companies: dict[str, dict] = {}
    for card in chosen:
        f = card.fields
        entry = companies.setdefault(_key(f.company), {
            "company_id": f"w{len(companies) + 1:03d}", "name": f.company, "nace": None,
            "lat": None, "lon": None, "shareable": True,
        })  # fmt: skip
        if entry["lat"] is None and f.lat is not None:
            entry["lat"], entry["lon"] = f.lat, f.lon
        entry["nace"] = entry["nace"] or f.nace
        entry["shareable"] = entry["shareable"] and f.shareable
    source = f"workshop {workshop.code}: {workshop.title}"
    streams, left_out = [], {}
    for card in chosen:
        lack = missing(card, companies)
        if lack:
            left_out[card.id] = lack
            continue
        f = card.fields
        streams.append({
            "stream_id": f"w-{card.id}", "company_id": companies[_key(f.company)]["company_id"],
            "direction": f.kind, "material": f.material or "", "ewc_code": f.ewc_code or "",
            "quantity": f.quantity, "unit": f.unit, "provenance": "estimated", "source": source,
            "notes": f.description,
        })  # fmt: skip
    used = {s["company_id"] for s in streams}
    rows = [
        {"company_id": c["company_id"], "name": c["name"], "nace": c["nace"], "lat": c["lat"],
         "lon": c["lon"], "provenance": "estimated", "source": source,
         "confidential": "false" if c["shareable"] else "true"}
        for c in companies.values() if c["company_id"] in used
    ]  # fmt: skip
    company_columns = ["company_id", "name", "nace", "lat", "lon", "provenance", "source",
                       "confidential"]  # fmt: skip
    stream_columns = ["stream_id", "company_id", "direction", "material", "ewc_code", "quantity",
                      "unit", "provenance", "source", "notes"]  # fmt: skip
    files = {
        "companies.csv": safe_csv_bytes(pd.DataFrame(rows, columns=company_columns)),
        "streams.csv": safe_csv_bytes(pd.DataFrame(streams, columns=stream_columns)),
    }
    return files, left_out
