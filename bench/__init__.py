"""Benchmarks: a seeded synthetic corpus generator (``bench.generate``) and, later, the suite."""
