"""Benchmark suite (`make bench`): figures go to bench/results/."""
