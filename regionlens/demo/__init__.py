"""Demo corpus with known codes and planted effects, for trying and testing regionlens."""

from regionlens.demo.generator import DemoManifest, generate_demo

__all__ = ["DemoManifest", "generate_demo"]
