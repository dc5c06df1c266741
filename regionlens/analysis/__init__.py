"""Comparative, multilevel and temporal analysis of coded coverage."""
