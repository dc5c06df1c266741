"""Command-line interface: a thin layer over the package's functions."""
