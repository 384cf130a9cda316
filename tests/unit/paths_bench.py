"""Where the unit tests find the benchmarks (whose data generators some tests use)."""

from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
