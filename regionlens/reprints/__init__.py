"""Near-duplicate (reprint) detection: MinHash + LSH over word shingles in sliding time windows."""

from regionlens.reprints.detect import ReprintLink, find_reprints, shingles

__all__ = ["ReprintLink", "find_reprints", "shingles"]
