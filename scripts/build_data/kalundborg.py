"""Kalundborg Symbiosis (Denmark): documented exchanges as flows between partner companies.

Tables: ``kalundborg_companies.csv`` (partners with approximate or reported coordinates, the
provenance of the location and a source), ``kalundborg_partners.csv`` (partner texts of the
exchange file -> company id; several texts name the same partner), ``kalundborg_exchanges.csv``
(per exchange id: material, the exchange it is merged into when it is the same link with a
different reported figure, a quantity from sources beyond the exchange file, and notes on
quantities the material's unit cannot carry), ``kalundborg_flow_revisions.csv`` (per flow of the
exchange file: corrected status with its evidence, provenance, start year, material, quantity,
added sources and notes), ``kalundborg_added_flows.csv`` (documented exchanges the exchange file
lacks; their ids follow the project's research notes), ``kalundborg_stream_estimates.csv``
(quantity, provenance, source and note of the have/want pair of a current exchange),
``kalundborg_extra_streams.csv`` (documented one-sided figures) and
``kalundborg_published_totals.csv`` (headline figures of the symbiosis for ``dataset.json``,
each scope in English and Russian).

Notes in the revision, added-flow and totals tables may name the shared evidence texts below as
``{coal_end}``, ``{fish_end}``, ``{gyproc_end}`` and ``{dkk_per_eur}`` (``{dkk_per_eur_ru}``
with a decimal comma in Russian text).
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

KB_APPROX = "Approximate coordinates: an estimate, not surveyed; the sources give no coordinates."
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
GYPROC_END = (
    "Saint-Gobain Gyproc announced that it would end production in Kalundborg by the end of "
    "2024 at the latest and supply Denmark from its plants in neighbouring countries "
    "(https://byggfaktanyheter.no/saint-gobain-gyproc-legger-ned-produksjonen-i-kalundborg/; "
    "https://www.bt.dk/erhverv/fabrikken-lukker-og-det-koster-100-mennesker-jobbet); the actual "
    "closure date is not confirmed"
)
DKK_PER_EUR = 7.45
EVIDENCE = {
    "coal_end": COAL_END,
    "fish_end": FISH_END,
    "gyproc_end": GYPROC_END,
    "dkk_per_eur": DKK_PER_EUR,
    "dkk_per_eur_ru": f"{DKK_PER_EUR:g}".replace(".", ","),
}

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
KB_REVISIONS: dict[str, dict[str, str]] = {
    r["flow_id"]: r for r in read_table("kalundborg_flow_revisions")
}
KB_ADDED_FLOWS = read_table("kalundborg_added_flows")
KB_PUBLISHED_TOTALS = read_table("kalundborg_published_totals")

DK_HOUSE_MWH = 15.47
COAL_T_CO2_PER_MWH = 94.6 * 0.0036

# computed quantities of stream estimates; the table leaves their cells empty and their notes
# show the arithmetic ({house_mwh} in a note is replaced by DK_HOUSE_MWH)
KB_DERIVED_QUANTITIES: dict[str, float] = {
    "KS01": round(3500 * DK_HOUSE_MWH, -1),
    "KS04": round(31000 / COAL_T_CO2_PER_MWH, -3),
}
# computed values of published totals; the table leaves their cells empty and the scope states
# the conversion
KB_DERIVED_TOTALS: dict[str, float] = {
    "savings_lca_2018_eur": round(182e6 / DKK_PER_EUR, -6),
}

KB_RECONCILIATION = (
    "The published savings of the Kalundborg Symbiosis come from a consequential life-cycle "
    "assessment that compares the whole system with an imagined Kalundborg without any "
    "exchanges, so they are not a sum of the single flows this tool can quantify. "
    "Historically the largest item was steam from Asnæs replacing the partners' own boilers, "
    "but no source publishes how much steam is delivered, so the tool leaves those flows "
    "unknown instead of guessing. "
    "When Asnæs switched from coal to wood chips in 2019, the fly ash, desulphurisation gypsum "
    "and refinery-gas exchanges ended, and the credits they earned in the older totals went "
    "with them. "
    "The sources do not say how the 62,000 tonnes of residual materials and the 4 million m3 of "
    "groundwater are counted, so they cannot be traced to individual flows. "
    "The tool's totals therefore cover only the exchanges with a published quantity and are "
    "not a rival estimate of the symbiosis as a whole."
)
KB_RECONCILIATION_RU = (
    "Опубликованная экономия промышленного симбиоза Калуннборга получена консеквенциальной "
    "оценкой жизненного цикла, которая сравнивает всю систему с воображаемым Калуннборгом без "
    "каких-либо обменов, поэтому она не является суммой отдельных обменов, которые может "
    "количественно оценить этот инструмент. "
    "Исторически крупнейшей статьёй был пар с электростанции Asnæs, заменявший собственные котлы "
    "партнёров, но ни один источник не публикует, сколько пара поставляется, поэтому инструмент "
    "оставляет эти обмены неизвестными, а не угадывает. "
    "Когда в 2019 году электростанция Asnæs перешла с угля на древесную щепу, обмены "
    "золой-уносом, гипсом сероочистки и нефтезаводским газом прекратились, и вместе с ними "
    "ушли выгоды, засчитанные за них в прежних итогах. "
    "Источники не сообщают, как подсчитаны 62\u00a0000 тонн остаточных материалов и 4 млн м3 "
    "подземных вод, поэтому их нельзя отнести к отдельным обменам. "
    "Итоги инструмента, следовательно, охватывают только обмены с опубликованным количеством "
    "и не являются альтернативной оценкой симбиоза в целом."
)


def evidence(text: str) -> str:
    """Table text with the shared evidence texts filled in."""
    return text.format(**EVIDENCE)


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


def join_notes(*notes: str) -> str:
    """Notes as full sentences, empty ones left out."""
    return " ".join(sentence(n) for n in notes if n)


def kb_sources(text: str) -> list[str]:
    """Split a partner cell naming several partners ('A and B', 'A; B; C')."""
    parts = re.split(r"; | and (?=[A-Z])", text)
    return [p.strip() for p in parts if p.strip()]


def kb_companies() -> list[dict]:
    """Kalundborg partner companies; the location's provenance is its own column."""
    rows = []
    for row in KB_COMPANIES:
        located = row["location_provenance"]
        if located not in ("estimated", "reported"):
            raise ValueError(f"{row['company_id']}: location_provenance {located!r}")
        if located == "reported" and not row["location_note"]:
            raise ValueError(f"{row['company_id']}: a reported location needs its source")
        location = KB_APPROX if located == "estimated" else ""
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
                "provenance": row["provenance"],
                "source": row["source"],
                "city": None,
                "notes": join_notes(row["note"], row["location_note"], location),
                "location_provenance": located,
            }
        )
    return rows


def revised(flow: dict, notes: list[str]) -> dict:
    """A flow of the exchange file with its revision applied (status, provenance, ...)."""
    rev = KB_REVISIONS.get(flow["flow_id"])
    status_note = ""
    if rev is not None:
        if rev["status"]:
            flow["status"] = rev["status"]
            status_note = evidence(rev["status_note"])
        if rev["provenance"]:
            flow["provenance"] = rev["provenance"]
        if rev["since_year"]:
            flow["since_year"] = int(rev["since_year"])
        if rev["material"]:
            flow["material"] = rev["material"]
        if rev["quantity"]:
            flow["quantity"] = float(rev["quantity"])
            flow["source"] += f"; quantity: {rev['quantity_source']}"
        if rev["source"]:
            flow["source"] += f"; update: {rev['source']}"
        notes.append(evidence(rev["note"]))
    if flow["status"] == "discontinued":
        if not status_note:
            raise ValueError(f"{flow['flow_id']}: discontinued without its evidence")
        notes.append("Discontinued: " + status_note)
    flow["notes"] = join_notes(*notes)
    return flow


def kb_flows(ex: pd.DataFrame, units: dict) -> list[dict]:
    """One flow per exchange and source partner (merged duplicates keep all exchange ids),
    revised, plus the added flows."""
    merged_ids: dict[str, list[str]] = {}
    for src, dst in KB_MERGED.items():
        merged_ids.setdefault(dst, [dst]).append(src)
    flows = []
    for rec in ex.itertuples(index=False):
        if rec.exchange_id in KB_MERGED:
            continue
        exchange = KB_EXCHANGES[rec.exchange_id]
        qty = optional_float(exchange["quantity"])
        qsource = exchange["quantity_source"]
        source = rec.source_url + (f"; quantity: {qsource}" if qsource else "")
        notes = [rec.resource, rec.note, exchange["quantity_note"], exchange["unquantified_note"]]
        sources = kb_sources(rec.source_partner)
        for i, partner in enumerate(sources):
            suffix = chr(ord("a") + i) if len(sources) > 1 else ""
            flow = {
                "flow_id": rec.exchange_id.lower() + suffix,
                "source_company": KB_PARTNERS[partner],
                "target_company": KB_PARTNERS[rec.target_partner],
                "material": exchange["material"],
                "quantity": qty,
                "status": "existing",
                "since_year": int(rec.first_year) if rec.first_year else None,
                "provenance": "documented",
                "source": source,
                "exchange_id": ";".join(merged_ids.get(rec.exchange_id, [rec.exchange_id])),
            }
            flows.append(revised(flow, list(notes)))
    unknown = set(KB_REVISIONS) - {f["flow_id"] for f in flows}
    if unknown:
        raise ValueError(f"flow revisions for unknown flows: {sorted(unknown)}")
    for row in KB_ADDED_FLOWS:
        flows.append(
            {
                "flow_id": row["flow_id"],
                "source_company": row["source_company"],
                "target_company": row["target_company"],
                "material": row["material"],
                "quantity": optional_float(row["quantity"]),
                "status": row["status"],
                "since_year": int(row["since_year"]) if row["since_year"] else None,
                "provenance": row["provenance"],
                "source": row["source"],
                "notes": evidence(row["notes"]),
                "exchange_id": row["flow_id"].upper(),
            }
        )
    for flow in flows:
        flow["unit"] = units[flow["material"]] if flow["quantity"] is not None else None
    return flows


def kb_streams(flows: list[dict], units: dict) -> list[dict]:
    """Have/want pairs for current exchanges with a documented or estimated quantity."""
    rows = []
    used = set()
    for flow in flows:
        est = KB_STREAM_ESTIMATES.get(flow["exchange_id"])
        if flow["status"] == "discontinued" or est is None:
            continue
        used.add(flow["exchange_id"])
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
    if set(KB_STREAM_ESTIMATES) - used:
        raise ValueError(f"stream estimates of no current flow: {set(KB_STREAM_ESTIMATES) - used}")
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


def number(value: float) -> int | float:
    """A JSON number without a trailing .0."""
    return int(value) if float(value).is_integer() else value


def published_totals() -> list[dict]:
    """Headline figures of the symbiosis, each with its scope (in English and Russian) and
    source."""
    totals = []
    for row in KB_PUBLISHED_TOTALS:
        fid = row["figure_id"]
        value = optional_float(row["value"])
        if (value is None) == (fid not in KB_DERIVED_TOTALS):
            raise ValueError(f"published total {fid}: needs one value, table or derived")
        value = KB_DERIVED_TOTALS[fid] if value is None else value
        totals.append(
            {
                "figure_id": fid,
                "value": number(value),
                "unit": row["unit"],
                "year": row["year"],
                "scope": evidence(row["scope"]),
                "scope_ru": evidence(row["scope_ru"]),
                "source": row["source"],
                "source_url": row["source_url"],
                "provenance": row["provenance"],
            }
        )
    return totals


def description(flows: list[dict], companies: list[dict]) -> str:
    """The dataset's description; its counts are those of the built tables."""
    added = len(KB_ADDED_FLOWS)
    existing = sum(f["status"] == "existing" for f in flows)
    return (
        f"{len(flows)} flows of the Kalundborg Symbiosis between {len(companies)} partners "
        "(power station, refinery, Novo Nordisk, Novozymes, Gyproc, the utility's water, "
        "wastewater and district-heating works, the biogas plant, farms, fish farm and external "
        f"receivers): {existing} existing and {len(flows) - existing} discontinued. They are the "
        f"exchanges of the compiled exchange file plus {added} exchanges it lacks, taken from "
        "other public sources, "
        "with quantities and start years only where a source gives them. Public counts "
        "of the symbiosis range from 22 to more than 30 exchanges, because sources count "
        "streams, resources or material types and describe different years; one flow here is "
        "one link between two partners in one material. Streams exist only for current "
        "exchanges that have a documented figure or a stated estimate."
    )


def description_ru(flows: list[dict], companies: list[dict]) -> str:
    """`description` in Russian, with the same counts."""
    existing = sum(f["status"] == "existing" for f in flows)
    return (
        f"Промышленный симбиоз Калуннборга: обменов — {len(flows)} (существующих — {existing}, "
        f"прекращённых — {len(flows) - existing}), партнёров — {len(companies)} "
        "(электростанция, нефтеперерабатывающий завод, Novo Nordisk, Novozymes, Gyproc, "
        "водопроводные, очистные и теплосетевые сооружения коммунального предприятия, "
        "биогазовая установка, фермы, рыбоводное хозяйство и внешние получатели). Это обмены "
        "сводного файла обменов и недостающие в нём обмены из других открытых источников "
        f"(таких — {len(KB_ADDED_FLOWS)}); количества и годы начала указаны только там, где их "
        "приводит источник. Опубликованное число обменов симбиоза — от 22 до более чем 30, "
        "потому что источники считают потоки, ресурсы или виды материалов и описывают разные "
        "годы; здесь один обмен — это одна связь между двумя партнёрами по одному материалу. "
        "Ресурсные потоки заданы только для текущих обменов, у которых есть документально "
        "подтверждённая величина или приведённая оценка."
    )


def build_kalundborg(shared: Path, out: Path, units: dict) -> dict[str, int]:
    """Write the Kalundborg Symbiosis dataset."""
    ex = read_csv(shared / "kalundborg_symbiosis_exchanges.csv")
    companies = kb_companies()
    flows = kb_flows(ex, units)
    streams = kb_streams(flows, units)
    folder = out / "datasets" / "kalundborg"
    counts = {
        "companies.csv": write_csv(
            folder / "companies.csv",
            [*COMPANY_COLUMNS, "location_provenance"],
            companies,
            "company_id",
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
            "title_ru": "Промышленный симбиоз Калуннборга (Дания)",
            "description": description(flows, companies),
            "description_ru": description_ru(flows, companies),
            "region_note": (
                "Kalundborg, Region Zealand (DK-85), plus receivers in Fredericia (DK-83) and "
                "Aalborg (DK-81). Coordinates are approximate estimates (location_provenance "
                "'estimated'), except Asnæs Power Station, whose location is reported by Global "
                "Energy Monitor."
            ),
            "region_note_ru": (
                "Калуннборг, область Зеландия (DK-85), а также получатели во Фредерисии (DK-83) "
                "и Ольборге (DK-81). Координаты — приблизительные оценки (location_provenance "
                "'estimated'), кроме электростанции Asnæs, местоположение которой приводит Global "
                "Energy Monitor."
            ),
            "provenance_note": (
                "Each flow and company has its source URLs. Provenance in this dataset: "
                "documented = stated by a partner, the symbiosis secretariat or an official "
                "press release; reported = press, books or other secondary sources; estimated = "
                "the project's own inference or assumption, explained in notes. A company's "
                "provenance is about its part in the symbiosis; location_provenance is about "
                "its coordinates. Empty quantity = unknown. Discontinued flows give the evidence "
                "in notes, and say when the end is inferred (for example from the 2019 "
                "coal-to-wood conversion at Asnæs or Gyproc's announced closure) rather than "
                "stated. Streams are documented or estimated; estimates explain their arithmetic "
                "in notes."
            ),
            "provenance_note_ru": (
                "У каждого обмена и предприятия указаны URL источников. Происхождение данных в "
                "этом наборе: «документально подтверждено» (documented) — заявлено партнёром, "
                "секретариатом симбиоза или в официальном пресс-релизе; «по отчётности» "
                "(reported) — пресса, книги или другие вторичные источники; «оценка» "
                "(estimated) — собственный вывод или допущение проекта, объяснённые в notes. "
                "Происхождение данных предприятия относится к его участию в симбиозе, "
                "location_provenance — к его координатам. Пустое количество означает, что оно "
                "неизвестно. Для прекращённых обменов в notes приведены свидетельства и сказано, "
                "если прекращение выведено (например, из перевода Asnæs с угля на древесину в "
                "2019 году или из объявленного закрытия Gyproc), а не заявлено. Ресурсные потоки "
                "документально подтверждены или оценены; у оценок в notes показан расчёт."
            ),
            "published_totals": published_totals(),
            "reconciliation_note": KB_RECONCILIATION,
            "reconciliation_note_ru": KB_RECONCILIATION_RU,
        },
    )
    return counts
