"""Reference tables of the graph's analyses, as package data (see graph/measures.py)."""
