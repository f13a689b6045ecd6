"""The widgets' contents as plain data, computed from a :class:`graph.asof.AsOfContext`.

One module per widget; templates in ``embed/templates`` render what these return.
"""
