"""Reliability of automatic codes against gold codes (Krippendorff's alpha, F1, disagreements)."""
