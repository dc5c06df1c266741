"""Manual coding: jobs and blind coding, offline XLSX, reliability, adjudication, classifiers from gold codes.

Modules: `jobs` (sampling, assignment, one coder's view, saving values), `values` (checking values against the
codebook), `xlsx_io` (offline coding), `agreement` (alpha, kappas, verdicts on long data), `adjudicate`
(disagreements and gold codes), `classify` (models trained on gold codes, active learning).
"""
