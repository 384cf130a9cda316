"""Industrial symbiosis dashboard: loading, validation and analysis of regional IS datasets."""

__version__ = "0.1.0"
