"""Codebook, dictionaries and the automatic coder of the nine codebook variables."""
