"""Settings for the doctests pytest collects from every package (``--doctest-modules``).

Every module under the packages in ``testpaths`` has its examples run; the few that cannot
be imported outside their own runner are listed in ``collect_ignore`` with the reason.
Examples that quote a message pin the locale they were written in (the modules read no
environment: :mod:`settings` does, at the edges).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from _pytest.doctest import DoctestItem

from i18n import use_locale

collect_ignore = [
    # Alembic's env script reads ``alembic.context.config``, which exists only while
    # Alembic itself runs a migration; importing it anywhere else raises.
    "store/migrations/env.py",
    # Revision scripts are loaded by Alembic from their file paths (their names start with
    # a digit and they call ``op`` at upgrade time); they hold no examples.
    "store/migrations/versions",
]

ENGLISH_EXAMPLES = frozenset({"graph.window", "schema.lengths"})
"""Modules whose examples quote the English catalogue; every other example is Chinese,
the service's default."""


@pytest.fixture(autouse=True)
def _example_locale(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run each doctest in the locale its expected output is written in."""
    item = request.node
    if not isinstance(item, DoctestItem) or item.dtest is None:
        yield
        return
    module = str(item.dtest.globs.get("__name__", ""))
    with use_locale("en" if module in ENGLISH_EXAMPLES else "zh"):
        yield
