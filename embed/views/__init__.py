"""The widgets' contents as plain data, computed from a :class:`embed.reading.Reading`.

One module per widget; templates in ``embed/templates`` render what these return.
"""
