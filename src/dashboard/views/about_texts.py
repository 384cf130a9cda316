"""Texts for the About page, read from the bundled data files."""

from __future__ import annotations

from dashboard.domain.labels import dataset_text, dataset_title
from dashboard.domain.reference import DATA_DIR
from dashboard.io.datasets import bundled_datasets


def attributions() -> str:
    """The `## Attributions` section of data/SOURCES.md (Markdown written by the project)."""
    text = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    start = text.find("## Attributions")
    if start < 0:
        return text
    body = text[start:].split("\n", 1)[1]
    end = body.find("\n## ")
    return (body if end < 0 else body[:end]).strip()


def method_notes() -> list[tuple[str, str]]:
    """(dataset title, how its figures were obtained) for each bundled dataset, in the current
    language."""
    return [
        (dataset_title(meta, meta.get("id", "")), dataset_text(meta, "provenance_note"))
        for meta in bundled_datasets().values()
        if dataset_text(meta, "provenance_note")
    ]
