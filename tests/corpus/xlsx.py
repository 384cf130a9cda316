"""Minimal .xlsx workbooks written byte for byte (fixed dates, inline strings), so that hostile
variants (bad XML, entities, bombs) can be built and the corpus is reproducible."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_xml(ref: str, value: object) -> str:
    """A cell: numbers as numbers, `("f", formula, cached)` as a formula, else inline text."""
    if value is None or value == "":
        return ""
    if isinstance(value, tuple) and value[0] == "f":
        cached = "" if value[2] is None else f"<v>{value[2]}</v>"
        return f'<c r="{ref}"><f>{escape(value[1])}</f>{cached}</c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return (
        f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'
    )


def sheet_xml(rows: list[list[object]], doctype: str = "") -> str:
    body = "".join(
        f'<row r="{r}">'
        + "".join(cell_xml(f"{column_letter(c)}{r}", v) for c, v in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    return f'{XML_HEAD}{doctype}<worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData></worksheet>'


def members(sheets: dict[str, str]) -> dict[str, str]:
    """The parts of a workbook whose sheets are `{name: sheet XML}`."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    content_types = (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>'
    )
    root_rels = (
        f'{XML_HEAD}<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    entries = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheets, start=1)
    )
    workbook = (
        f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>{entries}</sheets>'
        "</workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    parts = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": root_rels,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": f'{XML_HEAD}<Relationships xmlns="{RELS}">{rels}</Relationships>',
    }
    for i, xml in enumerate(sheets.values(), start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    return parts


def zip_bytes(parts: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content, compresslevel=9)
    return buffer.getvalue()


def workbook(tables: dict[str, list[list[object]]]) -> bytes:
    """A workbook with one sheet per `{sheet name: rows}`."""
    return zip_bytes(members({name: sheet_xml(rows) for name, rows in tables.items()}))
