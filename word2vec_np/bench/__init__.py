"""Benchmarks and the synthetic corpora they run on (not imported by the library)."""
