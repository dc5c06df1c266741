"""The analysis as it was before it moved into the database: a pandas row per publication.

Kept verbatim (imports redirected to these copies; the mixed model's variational start seeded, as
the package now does) as the reference the database-aggregated analysis must reproduce exactly:
tests/analysis/test_analysis_identity.py and the `analyze_check` bench stage compare the two.
It is not used by the package.
"""
