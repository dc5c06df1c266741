"""regionlens: coverage of Russia–Belarus interregional cooperation, measured and traceable."""

__version__ = "0.1.0"
