"""Vocabulary and reference tables of the extractor, as package data (see extract/wordlists.py)."""
