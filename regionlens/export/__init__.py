"""Exports of documents with all source metadata and codes, for R, SPSS, Stata and Excel."""
