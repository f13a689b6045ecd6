"""What a server process's first widget view would otherwise pay, paid at start-up.

A process's first view of a widget read both message catalogues (:func:`i18n.catalogue`
parses the ``.po`` files on first use, ≈ 60 ms each) and compiled the widget's templates
(Jinja compiles a template, its base and its macros on first use).  Neither depends on
the data: :func:`warm_process` does both once when the routes are made
(:func:`embed.routes.routes`, called while the application is built), so the first
request served finds them ready.  The snapshot's derived data (the agenda index, the
name indexes) is computed by :mod:`graph.warmup` before a snapshot is published.

Examples
--------
>>> sorted(warm_process())[:3]
['assessment.html', 'base.html', 'dashboard.html']
"""

from __future__ import annotations

from embed.render import TEMPLATE_DIR, environment, inline_css
from i18n import LOCALES, catalogue


def warm_process() -> list[str]:
    """Read every catalogue and compile every widget template now; the templates' names."""
    for locale in LOCALES:
        catalogue(locale)
    env = environment()
    names = sorted(str(p.relative_to(TEMPLATE_DIR)) for p in TEMPLATE_DIR.rglob("*")
                   if p.suffix in (".html", ".md"))
    for name in names:
        env.get_template(name)  # cached by the environment once compiled
    inline_css()
    return names
