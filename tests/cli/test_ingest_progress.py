"""``policygraph ingest``'s progress bar: its documents-per-second column."""

from __future__ import annotations

import threading

from rich.progress import Progress

from cli.ingest import RateColumn
from i18n import use_locale


def _rendered_elsewhere(column: RateColumn, progress: Progress) -> str:
    """The column drawn from another thread, as rich's refresh thread draws it."""
    task = progress.tasks[0]
    found: list[str] = []
    drawer = threading.Thread(target=lambda: found.append(column.render(task).plain))
    drawer.start()
    drawer.join()
    return found[0]


def test_rate_column_speaks_the_commands_language_when_drawn_from_rich_thread() -> None:
    progress = Progress()
    job = progress.add_task("ingest", total=10)
    progress.update(job, completed=4)
    progress.tasks[0].start_time = progress.get_time() - 2.0
    with use_locale("en"):
        english = RateColumn()
    with use_locale("zh"):
        chinese = RateColumn()
    assert _rendered_elsewhere(english, progress).endswith(" documents/s")
    assert _rendered_elsewhere(chinese, progress).startswith("每秒 ")


def test_rate_column_is_empty_before_the_first_document() -> None:
    progress = Progress()
    progress.add_task("ingest", total=10)
    with use_locale("en"):
        assert RateColumn().render(progress.tasks[0]).plain == ""
