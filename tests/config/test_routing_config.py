"""The [rules.routing] keys of the hall file: defaults, the tuned values, bad values refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.errors import ConfigError
from server.adapters.hall_file import load_hall
from server.domain.hall import RoutingPolicy

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "hall.example.toml"

HALL = """\
[hall]
id = "test_hall"
name_zh = "测试大厅"
name_en = "Test hall"

[hours]
mon = ["08:30-12:00"]

[rules.routing]
{routing}

[[services]]
code = "social_security"
name_zh = "社保业务"
name_en = "Social security"
prefix = "A"
window_kinds = ["general"]
expected_minutes = 8

[[windows]]
number = 1
name_zh = "综合受理"
name_en = "General service"
kind = "general"
"""


def routing(tmp_path: Path, lines: str) -> RoutingPolicy:
    path = tmp_path / "hall.toml"
    path.write_text(HALL.format(routing=lines), encoding="utf-8")
    return load_hall(path).hall.rules.routing


def test_without_routing_keys_the_policy_is_the_domain_default(tmp_path: Path) -> None:
    assert routing(tmp_path, "") == RoutingPolicy()
    assert not RoutingPolicy().specialist_help_shortest_first


def test_the_tuned_policy_reads_from_the_file(tmp_path: Path) -> None:
    policy = routing(
        tmp_path,
        "specialist_help_min_general_waiting = 2\nspecialist_help_shortest_first = true",
    )

    assert policy == RoutingPolicy(
        specialist_help_min_general_waiting=2, specialist_help_shortest_first=True, aging="red"
    )


def test_the_example_hall_names_every_routing_key() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    table = text.split("[rules.routing]", 1)[1].split("[[services]]", 1)[0]

    for key in ("specialist_help_min_general_waiting", "specialist_help_shortest_first", "aging"):
        assert f"\n{key} = " in table
    assert isinstance(load_hall(EXAMPLE).hall.rules.routing.specialist_help_shortest_first, bool)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('specialist_help_shortest_first = "yes"', "must be bool"),
        ("specialist_help_shortest_first = 1", "must be bool"),
        ("specialist_help_min_general_waiting = 0", "at least 1"),
        ("specialist_help_min_general_waiting = 2.5", "must be int"),
        ("specialist_help_shortest = true", "unknown key"),
    ],
)
def test_a_bad_routing_value_names_its_key(tmp_path: Path, line: str, problem: str) -> None:
    with pytest.raises(ConfigError) as error:
        routing(tmp_path, line)

    assert error.value.key == f"rules.routing.{line.split(' =')[0]}"
    assert problem in error.value.problem_en
