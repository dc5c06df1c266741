"""Lemma-aware search: a small boolean query language, FTS5/PostgreSQL back ends, KWIC."""
