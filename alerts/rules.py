"""Alert rules: when to remind, chase and escalate, and where each unit's digest goes.

The rules live in a YAML or TOML file (``alerts/rules.default.yaml`` ships with the
project) and load into frozen dataclasses; any mistake in the file raises
:class:`RulesError` naming the key and what was wrong, before a single alert is sent.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_RULES_PATH = Path(__file__).with_name("rules.default.yaml")
ANY_RECEIVER = "*"
_KNOWN_KEYS = {
    "due_soon_days",
    "overdue",
    "escalation",
    "repeat_interval_days",
    "resolved_notice",
    "channels",
}


class RulesError(ValueError):
    """The rules config is malformed; the message names the offending key."""


@dataclass(frozen=True)
class Escalation:
    """Tell the supervising unit of an obligation's jurisdiction about obligations overdue
    for ``after_days`` days or more.

    ``supervisors`` maps a jurisdiction (its full name 浙江省温州市, its GB/T 2260 code or
    its short name) to the unit that supervises its obligations there; a jurisdiction
    without one falls back to its nearest ancestor's.  No unit is a default: with none
    configured, nothing is escalated (and the run says so).
    """

    after_days: int = 30
    supervisors: Mapping[str, str] = field(default_factory=dict)

    def supervisor_for(self, chain: Sequence[Sequence[str | None]]) -> tuple[int, str] | None:
        """The supervisor of the first jurisdiction of ``chain`` (the obligation's own,
        then its ancestors, each given by its names) that has one, as (position in
        ``chain``, unit name).

        >>> e = Escalation(supervisors={"浙江省温州市": "市招商局"})
        >>> e.supervisor_for([("浙江省温州市瑞安市", "瑞安市"), ("浙江省温州市", "温州市")])
        (1, '市招商局')
        >>> e.supervisor_for([("浙江省杭州市", "杭州市", "330100")]) is None
        True
        """
        for position, names in enumerate(chain):
            for name in names:
                if name and name in self.supervisors:
                    return position, self.supervisors[name]
        return None


@dataclass(frozen=True)
class AlertRules:
    """The whole rules config.

    ``due_soon_days`` is sorted longest lead first; ``channels`` maps a receiving
    unit (its jurisdiction's full name and its name, ``浙江省温州市/市规划局``, or its name
    alone when one unit has it; or ``"*"``) to channel names.
    """

    due_soon_days: tuple[int, ...] = (30, 7)
    overdue: bool = True
    escalation: Escalation | None = field(default_factory=Escalation)
    repeat_interval: dt.timedelta = dt.timedelta(days=7)
    resolved_notice: bool = True
    channels: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: {ANY_RECEIVER: ("webhook",)}
    )

    def channels_for(self, receiver: str, short: str | None = None) -> tuple[str, ...]:
        """The channel names a receiver's digest goes to: its own entry (the receiver
        as it is stored, e.g. ``浙江省温州市/市规划局``), else that of its ``short`` name
        (``市规划局``, given by the caller only when one unit has it), else ``"*"``.

        >>> rules = AlertRules(channels={"*": ("webhook",), "市规划局": ("dingtalk",)})
        >>> rules.channels_for("浙江省温州市/市规划局", short="市规划局")
        ('dingtalk',)
        >>> rules.channels_for("浙江省温州市/市规划局")  # a short name two units share
        ('webhook',)
        """
        for key in (receiver, short):
            if key is not None and key in self.channels:
                return self.channels[key]
        return self.channels.get(ANY_RECEIVER, ())


def _int(value: Any, key: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RulesError(f"{key}: expected a whole number, got {value!r}")
    if value < minimum:
        raise RulesError(f"{key}: must be at least {minimum}, got {value}")
    return value


def _bool(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise RulesError(f"{key}: expected true or false, got {value!r}")
    return value


def _lead_times(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise RulesError(f"due_soon_days: expected a list of days, got {value!r}")
    days = [_int(v, f"due_soon_days[{i}]", minimum=1) for i, v in enumerate(value)]
    if len(set(days)) != len(days):
        raise RulesError(f"due_soon_days: lead times repeat: {days}")
    return tuple(sorted(days, reverse=True))


def _escalation(value: Any) -> Escalation | None:
    if value is None or value is False:
        return None
    if not isinstance(value, dict):
        raise RulesError(f"escalation: expected a mapping or false, got {value!r}")
    if "supervisor" in value:
        raise RulesError(
            "escalation.supervisor: one supervisor for every government is no longer "
            "accepted; name the supervising unit per jurisdiction instead, e.g.\n"
            "escalation:\n  supervisors:\n"
            f"    浙江省温州市: {value['supervisor']}")
    unknown = set(value) - {"after_days", "supervisors"}
    if unknown:
        raise RulesError(f"escalation: unknown key(s) {', '.join(sorted(unknown))}")
    supervisors = value.get("supervisors") or {}
    if not isinstance(supervisors, dict):
        raise RulesError("escalation.supervisors: expected a mapping of jurisdiction to "
                         f"unit name, got {supervisors!r}")
    for jurisdiction, unit in supervisors.items():
        if not isinstance(unit, str) or not unit.strip():
            raise RulesError(f"escalation.supervisors.{jurisdiction}: expected a unit name, "
                             f"got {unit!r}")
    after = _int(value.get("after_days", Escalation.after_days), "escalation.after_days", minimum=0)
    return Escalation(after_days=after,
                      supervisors={str(j).strip(): u.strip() for j, u in supervisors.items()})


def _channels(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict) or not value:
        raise RulesError(f"channels: expected a mapping of unit to channel names, got {value!r}")
    result: dict[str, tuple[str, ...]] = {}
    for receiver, names in value.items():
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise RulesError(f"channels.{receiver}: expected a list of channel names, got {names!r}")
        result[str(receiver)] = tuple(names)
    return result


def rules_from_mapping(data: Mapping[str, Any]) -> AlertRules:
    """Validate a parsed config and build :class:`AlertRules`; missing keys take defaults.

    >>> rules_from_mapping({"due_soon_days": [7, 30], "escalation": False}).due_soon_days
    (30, 7)
    >>> rules_from_mapping({"overdue": "yes"})
    Traceback (most recent call last):
    ...
    alerts.rules.RulesError: overdue: expected true or false, got 'yes'
    """
    if not isinstance(data, Mapping):
        raise RulesError(f"the rules file must hold a mapping, got {type(data).__name__}")
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise RulesError(f"unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_KNOWN_KEYS))}")
    defaults = AlertRules()
    kwargs: dict[str, Any] = {}
    if "due_soon_days" in data:
        kwargs["due_soon_days"] = _lead_times(data["due_soon_days"])
    if "overdue" in data:
        kwargs["overdue"] = _bool(data["overdue"], "overdue")
    if "escalation" in data:
        kwargs["escalation"] = _escalation(data["escalation"])
    if "repeat_interval_days" in data:
        days = _int(data["repeat_interval_days"], "repeat_interval_days", minimum=0)
        kwargs["repeat_interval"] = dt.timedelta(days=days)
    if "resolved_notice" in data:
        kwargs["resolved_notice"] = _bool(data["resolved_notice"], "resolved_notice")
    kwargs["channels"] = _channels(data["channels"]) if "channels" in data else defaults.channels
    return AlertRules(**kwargs)


def load_rules(path: str | Path | None = None) -> AlertRules:
    """Load rules from a ``.yaml``/``.yml`` or ``.toml`` file (default: the shipped file).

    Parameters
    ----------
    path
        The config file; ``None`` for ``alerts/rules.default.yaml``.

    Returns
    -------
    AlertRules
        The validated rules.

    Raises
    ------
    RulesError
        Unreadable file, bad syntax, unknown keys or bad values; the message names the
        file and the key.
    """
    file = Path(path) if path is not None else DEFAULT_RULES_PATH
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"{file}: cannot read the rules file ({exc.strerror})") from exc
    try:
        if file.suffix.lower() == ".toml":
            data: Any = tomllib.loads(text)
        elif file.suffix.lower() in (".yaml", ".yml"):
            data = yaml.safe_load(text) or {}
        else:
            raise RulesError(f"{file}: rules files must end in .yaml, .yml or .toml")
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"{file}: not valid {file.suffix[1:].upper()}: {exc}") from exc
    try:
        return rules_from_mapping(data)
    except RulesError as exc:
        raise RulesError(f"{file}: {exc}") from exc
