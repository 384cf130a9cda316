"""Examples: the world's documented industrial-symbiosis cases on a map, filtered by sector,
country, material and type, each with its sheet, exchange diagram and sources."""

from dashboard.web import examples


def render() -> None:
    examples.examples()


render()
