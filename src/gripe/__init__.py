"""gripe: a local complaint tracker for consumers."""

__version__ = "0.1.0"
