"""Observability shared by every package: one Prometheus registry per application."""
