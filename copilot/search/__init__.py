"""Catalog and stone search: what the client wants, read as constraints on the house's own catalog values,
filtered over the indexed records, ranked, and answered as a cited list (see docs/search.md)."""
