"""Data layer of the monitoring dashboard, search and sources pages (no web imports)."""
