"""The hall file: the example loads, and every kind of mistake names the exact bad key."""

from __future__ import annotations

import functools
from datetime import time
from pathlib import Path

import pytest

from config.errors import ConfigError
from config.hall import read_hall
from server.adapters.hall_file import HallConfig, load_hall
from server.domain.appointments import AppointmentPolicy
from server.domain.cases import CardPolicy
from server.domain.catalogue import Service, WindowKind
from server.domain.hall import HallRules, RoutingPolicy
from server.domain.limits import HallLimits
from server.domain.retention import RetentionPolicy

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "hall.example.toml"
GENERAL_SERVICES = {
    "social_security",
    "medical_insurance",
    "civil_affairs",
    "household",
    "elderly_card",
}

# The smallest hall file that loads; the cases below each break one thing in it.
MINIMAL = """\
[hall]
id = "test_hall"
name_zh = "测试大厅"
name_en = "Test hall"

[hours]
mon = ["08:30-12:00"]

[rules]
recall_limit = 3

[rules.routing]
aging = "red"

[[services]]
code = "social_security"
name_zh = "社保业务"
name_en = "Social security"
prefix = "A"
window_kinds = ["general"]
expected_minutes = 8
yellow_minutes = 20
red_minutes = 40

[[services]]
code = "real_estate"
name_zh = "不动产登记"
name_en = "Real estate"
prefix = "H"
window_kinds = ["special"]
expected_minutes = 15

[[windows]]
number = 1
name_zh = "综合受理"
name_en = "General service"
kind = "general"

[[windows]]
number = 2
name_zh = "不动产专窗"
name_en = "Real estate"
kind = "special"
services = ["real_estate"]
"""


def write(tmp_path: Path, text: str, name: str = "hall.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def changed(old: str, new: str) -> str:
    """MINIMAL with one snippet replaced; the snippet must be there exactly once."""
    assert MINIMAL.count(old) == 1, old
    return MINIMAL.replace(old, new)


def refused(tmp_path: Path, text: str) -> ConfigError:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_hall(path)
    assert error.value.source == str(path)
    assert error.value.key in str(error.value)
    return error.value


# The example file


@functools.cache
def example() -> HallConfig:
    return load_hall(EXAMPLE)


def test_the_example_hall_loads_with_its_services_and_windows() -> None:
    config = example()
    assert config.hall.id == "dingcheng"
    assert config.hall.timezone == "Asia/Shanghai"
    assert len(config.services) == 9
    assert len(config.windows) == 11
    assert [w.number for w in config.windows] == list(range(1, 12))
    assert len({s.prefix for s in config.services}) == 9


def test_general_windows_get_every_general_service() -> None:
    config = example()
    general = [w for w in config.windows if w.kind is WindowKind.GENERAL]

    assert [w.number for w in general] == [2, 3, 4, 5, 6, 7]
    assert all(w.services == GENERAL_SERVICES for w in general)
    assert {s.code for s in config.services if WindowKind.GENERAL in s.window_kinds} == (
        GENERAL_SERVICES
    )


def test_consult_and_special_windows_get_their_own_services() -> None:
    config = example()
    by_number = {w.number: w for w in config.windows}

    assert by_number[1].kind is WindowKind.CONSULT
    assert by_number[1].services == {"consultation"}
    assert {n: set(by_number[n].services) for n in (8, 9, 10, 11)} == {
        8: {"business_registration"},
        9: {"business_registration"},
        10: {"construction_permit"},
        11: {"real_estate"},
    }


def test_the_example_services_carry_their_numbers() -> None:
    config = example()
    by_code = {s.code: s for s in config.services}
    social = by_code["social_security"]

    assert (social.prefix, social.expected_minutes, social.yellow_minutes) == ("A", 8.0, 20.0)
    assert (social.red_minutes, social.daily_cap, social.instant) == (40.0, 300, True)
    assert by_code["civil_affairs"].promised_days == 5
    assert not by_code["civil_affairs"].instant
    assert by_code["consultation"].daily_cap is None
    assert by_code["real_estate"].window_kinds == {WindowKind.SPECIAL}


def test_the_example_rules_and_hours() -> None:
    config = example()
    hall = config.hall

    assert hall.rules == HallRules(
        recall_limit=3,
        rejoin_within_minutes=30.0,
        transfer_keeps_place=True,
        max_pause_minutes=15.0,
        call_guard_seconds=1.0,
        routing=RoutingPolicy(
            specialist_help_min_general_waiting=2, specialist_help_shortest_first=True, aging="red"
        ),
    )
    assert hall.hours.enforce
    assert hall.hours.periods[0] == ((time(8, 30), time(12, 0)), (time(13, 30), time(17, 30)))
    assert hall.hours.periods[5] == ((time(9, 0), time(12, 0)),)
    assert hall.hours.periods[6] == ()
    assert hall.notice_zh.startswith("请凭号等候叫号")


def test_enforce_hours_overrides_the_file() -> None:
    relaxed = load_hall(EXAMPLE, enforce_hours=False)

    assert not relaxed.hall.hours.enforce
    assert relaxed.hall.hours.periods[0][0] == (time(8, 30), time(12, 0))


# A small file and its defaults


def test_the_minimal_file_loads_with_defaults(tmp_path: Path) -> None:
    config = load_hall(write(tmp_path, MINIMAL))

    assert config.hall.timezone == "Asia/Shanghai"
    assert config.hall.rules == HallRules()
    assert config.hall.hours.periods[1] == ()
    real_estate = config.services[1]
    assert (real_estate.yellow_minutes, real_estate.red_minutes) == (20.0, 40.0)
    assert (real_estate.daily_cap, real_estate.promised_days, real_estate.category) == (
        None,
        0,
        "",
    )
    assert config.windows[0].services == {"social_security"}
    assert config.windows[1].services == {"real_estate"}


def test_a_special_window_without_a_list_serves_every_special_service(tmp_path: Path) -> None:
    config = load_hall(write(tmp_path, changed('services = ["real_estate"]\n', "")))

    assert config.windows[1].services == {"real_estate"}


def test_a_file_without_its_optional_sections_gets_the_domains_defaults(tmp_path: Path) -> None:
    """The file's defaults are written in config/hall.py, the domain's in its dataclasses:
    they are the same numbers."""
    bare = MINIMAL.replace('[rules]\nrecall_limit = 3\n\n[rules.routing]\naging = "red"\n', "")
    config = load_hall(write(tmp_path, bare))

    assert config.hall.rules == HallRules() and config.hall.rules.routing == RoutingPolicy()
    assert (config.appointments, config.cards, config.privacy, config.limits) == (
        AppointmentPolicy(),
        CardPolicy(),
        RetentionPolicy(),
        HallLimits(),
    )
    plain = Service("x", "x", "x", "X", frozenset(), 1, 1, 2)
    for name in ("promised_days", "daily_cap", "category", "identity_check"):
        assert getattr(config.services[1], name) == getattr(plain, name), name


def test_the_file_reads_as_plain_settings() -> None:
    """config/ holds the file's values; the domain's objects are the server's to build."""
    file = read_hall(EXAMPLE)

    assert file.services[0].window_kinds == ("general",)
    assert file.hours.periods()[5] == ((time(9, 0), time(12, 0)),)
    assert {type(v).__module__ for v in (file.hall, file.rules, file.limits)} == {"config.hall"}


# Mistakes, each naming its key


# (what is wrong, snippet of MINIMAL, what it becomes, the key the error must name)
EDITS = [
    ("unknown key in [hall]", 'id = "test_hall"', 'id = "test_hall"\ncolor = 1', "hall.color"),
    ("unknown day in [hours]", "mon = [", "monday = [", "hours.monday"),
    ("unknown key in [rules]", "recall_limit = 3", "recal_limit = 3", "rules.recal_limit"),
    ("unknown key in [rules.routing]", 'aging = "red"', 'ageing = "red"', "rules.routing.ageing"),
    (
        "unknown key in a service",
        'prefix = "A"',
        'prefix = "A"\ncolour = "red"',
        "services[0].colour",
    ),
    ("unknown key in a window", "number = 2", "number = 2\nfloor = 1", "windows[1].floor"),
    ("lower-case prefix", 'prefix = "A"', 'prefix = "a"', "services[0].prefix"),
    ("two-letter prefix", 'prefix = "H"', 'prefix = "HH"', "services[1].prefix"),
    ("digit prefix", 'prefix = "A"', 'prefix = "1"', "services[0].prefix"),
    ("red equal to yellow", "red_minutes = 40", "red_minutes = 20", "services[0].red_minutes"),
    ("red below yellow", "red_minutes = 40", "red_minutes = 10", "services[0].red_minutes"),
    (
        "red below the default yellow",
        "expected_minutes = 15",
        "expected_minutes = 15\nred_minutes = 5",
        "services[1].red_minutes",
    ),
    (
        "unknown service window kind",
        'window_kinds = ["general"]',
        'window_kinds = ["vip"]',
        "services[0].window_kinds",
    ),
    ("unknown window kind", 'kind = "general"', 'kind = "vip"', "windows[0].kind"),
    (
        "window lists an unknown service",
        'services = ["real_estate"]',
        'services = ["real_estat"]',
        "windows[1].services",
    ),
    (
        "bad service code",
        'code = "social_security"',
        'code = "Social Security"',
        "services[0].code",
    ),
    ("bad hall id", 'id = "test_hall"', 'id = "test-hall"', "hall.id"),
    ("hours without leading zeros", '"08:30-12:00"', '"8:30-12"', "hours.mon"),
    ("hours ending before they start", '"08:30-12:00"', '"12:00-08:30"', "hours.mon"),
    ("hours empty span", '"08:30-12:00"', '"08:30-08:30"', "hours.mon"),
    ("hours past midnight", '"08:30-12:00"', '"08:30-24:00"', "hours.mon"),
    ("hours as a number", '"08:30-12:00"', "830", "hours.mon"),
    ("hours as a string not a list", '["08:30-12:00"]', '"08:30-12:00"', "hours.mon"),
    ("enforce as a string", "[hours]\n", '[hours]\nenforce = "yes"\n', "hours.enforce"),
    (
        "unknown time zone",
        'name_en = "Test hall"',
        'name_en = "Test hall"\ntimezone = "Mars/Olympus"',
        "hall.timezone",
    ),
    (
        "absolute time zone path",
        'name_en = "Test hall"',
        'name_en = "Test hall"\ntimezone = "/etc/localtime"',
        "hall.timezone",
    ),
    (
        "string where a number",
        "expected_minutes = 8",
        'expected_minutes = "8"',
        "services[0].expected_minutes",
    ),
    (
        "boolean where a number",
        "expected_minutes = 8",
        "expected_minutes = true",
        "services[0].expected_minutes",
    ),
    ("string where an integer", "recall_limit = 3", 'recall_limit = "3"', "rules.recall_limit"),
    (
        "float where an integer",
        'prefix = "A"',
        'prefix = "A"\ndaily_cap = 300.0',
        "services[0].daily_cap",
    ),
    (
        "string where a boolean",
        "recall_limit = 3",
        'transfer_keeps_place = "yes"',
        "rules.transfer_keeps_place",
    ),
    ("string window number", "number = 1", 'number = "1"', "windows[0].number"),
    ("window number zero", "number = 1", "number = 0", "windows[0].number"),
    (
        "negative minutes",
        "yellow_minutes = 20",
        "yellow_minutes = -1",
        "services[0].yellow_minutes",
    ),
    (
        "expected minutes too small",
        "expected_minutes = 8",
        "expected_minutes = 0",
        "services[0].expected_minutes",
    ),
    (
        "pause allowance below a minute",
        "recall_limit = 3",
        "max_pause_minutes = 0.5",
        "rules.max_pause_minutes",
    ),
    (
        "specialist help K below one",
        'aging = "red"',
        "specialist_help_min_general_waiting = 0",
        "rules.routing.specialist_help_min_general_waiting",
    ),
    ("unknown aging", 'aging = "red"', 'aging = "sometimes"', "rules.routing.aging"),
    ("missing hall name", 'name_en = "Test hall"\n', "", "hall.name_en"),
    ("missing expected minutes", "expected_minutes = 15\n", "", "services[1].expected_minutes"),
    ("missing window kind", 'kind = "general"\n', "", "windows[0].kind"),
    # the domain's rules of a service and a window, met through the file
    ("two services on one prefix", 'prefix = "H"', 'prefix = "A"', "services[1].prefix"),
    ("blank Chinese name", 'name_zh = "社保业务"', 'name_zh = " "', "services[0].name_zh"),
    (
        "no window kind",
        'window_kinds = ["general"]',
        "window_kinds = []",
        "services[0].window_kinds",
    ),
    (
        "zero yellow minutes",
        "yellow_minutes = 20",
        "yellow_minutes = 0",
        "services[0].yellow_minutes",
    ),
    # numbers are finite, and a key that is no bare TOML key is quoted in the message
    (
        "infinite minutes",
        "recall_limit = 3",
        "rejoin_within_minutes = inf",
        "rules.rejoin_within_minutes",
    ),
    ("not a number", "recall_limit = 3", "call_guard_seconds = nan", "rules.call_guard_seconds"),
    ("a key with a space", 'id = "test_hall"', 'id = "test_hall"\n"no te" = 1', 'hall."no te"'),
    ("no periods but a list", '"08:30-12:00"', '"08:30-12:00", 9', "hours.mon"),
]

# (what is wrong, the whole file, the key the error must name)
WHOLE_FILES = [
    ("unknown top-level key", 'colour = "red"\n' + MINIMAL, "colour"),
    ("hall not a table", 'hall = "x"\n\n[hours]' + MINIMAL.split("[hours]", 1)[1], "hall"),
    ("services not a list", 'services = "all"\n' + MINIMAL.split("[[services]]")[0], "services"),
    (
        "a service not a table",
        'services = ["social_security"]\n' + MINIMAL.split("[[services]]")[0],
        "services[0]",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "key"), [pytest.param(old, new, key, id=name) for name, old, new, key in EDITS]
)
def test_a_bad_value_names_the_bad_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    assert refused(tmp_path, changed(old, new)).key == key


@pytest.mark.parametrize(
    ("text", "key"), [pytest.param(text, key, id=name) for name, text, key in WHOLE_FILES]
)
def test_a_bad_shape_names_the_bad_key(tmp_path: Path, text: str, key: str) -> None:
    assert refused(tmp_path, text).key == key


def test_a_duplicate_service_code_names_the_services_and_the_code(tmp_path: Path) -> None:
    error = refused(tmp_path, changed('code = "real_estate"', 'code = "social_security"'))

    assert error.key == "services"
    assert "'social_security'" in error.problem_en
    assert error.problem_zh.startswith("重复")


def test_a_duplicate_window_number_names_the_windows(tmp_path: Path) -> None:
    error = refused(tmp_path, changed("number = 2", "number = 1"))

    assert (error.key, error.problem_en) == ("windows", "duplicate '1'")


def test_a_hall_without_services_or_windows_is_refused(tmp_path: Path) -> None:
    head = MINIMAL.split("[[services]]")[0]
    no_windows = MINIMAL.split("[[windows]]")[0]

    assert refused(tmp_path, head).key == "services"
    assert refused(tmp_path, no_windows).key == "windows"


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    error = refused(tmp_path, MINIMAL.replace('id = "test_hall"', "id = test hall"))

    assert error.key == "-"
    assert error.problem_en.startswith("not valid TOML")
    assert error.problem_zh.startswith("不是有效的 TOML")


def test_a_missing_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"

    with pytest.raises(ConfigError) as error:
        load_hall(path)

    assert (error.value.source, error.value.key, error.value.problem_en) == (
        str(path),
        "-",
        "file not found",
    )


def test_a_config_error_speaks_chinese_too(tmp_path: Path) -> None:
    error = refused(tmp_path, changed('prefix = "A"', 'prefix = "a"'))

    # the domain's words for a service's prefix: the same the manager's console shows
    assert error.zh == f"配置错误 {error.source}: services[0].prefix: 必须是一个大写字母 A-Z"
    assert str(error) == f"{error.source}: services[0].prefix: one capital letter A-Z"


# Files that once escaped as crashes instead of ConfigError


def test_a_file_not_in_utf8_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes(MINIMAL.encode("gb18030"))

    with pytest.raises(ConfigError) as error:
        load_hall(path)

    assert error.value.key == "-"


def test_a_directory_given_as_the_hall_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        load_hall(tmp_path)

    assert error.value.key == "-"


def test_a_window_service_that_is_not_a_string_names_the_key(tmp_path: Path) -> None:
    text = changed('services = ["real_estate"]', "services = [{ code = 'real_estate' }]")

    assert refused(tmp_path, text).key == "windows[1].services"


def test_a_fractional_window_number_names_the_key(tmp_path: Path) -> None:
    text = changed("number = 2", "number = 2.5")

    assert refused(tmp_path, text).key == "windows[1].number"


# The booking page's guards ([limits]) and the SMS step ([appointments]): issue 13


@pytest.mark.parametrize(
    ("section", "line", "key"),
    [
        pytest.param(
            "limits", "address_slot_share = 0", "limits.address_slot_share", id="no share"
        ),
        pytest.param(
            "limits", "address_slot_share = 1.5", "limits.address_slot_share", id="share>1"
        ),
        pytest.param("limits", "challenge_bits = 30", "limits.challenge_bits", id="bits too hard"),
        pytest.param("limits", "challenge_bits = -1", "limits.challenge_bits", id="bits below 0"),
        pytest.param(
            "limits",
            "challenge_after_per_address = -1",
            "limits.challenge_after_per_address",
            id="negative free bookings",
        ),
        pytest.param(
            "limits",
            "bookings_per_address_per_day = 0",
            "limits.bookings_per_address_per_day",
            id="no bookings a day",
        ),
        pytest.param("limits", "challenge_bit = 16", "limits.challenge_bit", id="typo"),
        pytest.param(
            "appointments",
            'sms_url = "aliyun://key"',
            "appointments.sms_url",
            id="sender not installed",
        ),
        pytest.param("appointments", 'sms_url = "log"', "appointments.sms_url", id="not a URL"),
        pytest.param(
            "appointments",
            "sms_code_minutes = 0",
            "appointments.sms_code_minutes",
            id="code valid no time",
        ),
    ],
)
def test_a_bad_booking_guard_names_its_key(
    tmp_path: Path, section: str, line: str, key: str
) -> None:
    error = refused(tmp_path, f"{MINIMAL}\n[{section}]\n{line}\n")
    assert error.key == key
    assert error.problem_zh != error.problem_en, "said in Chinese too"


def test_the_booking_guards_load_with_their_defaults(tmp_path: Path) -> None:
    cfg = load_hall(write(tmp_path, MINIMAL))
    assert cfg.appointments.sms_url == "none://" and not cfg.appointments.phone_verification
    assert (
        cfg.limits.bookings_per_address_per_day,
        cfg.limits.address_slot_share,
        cfg.limits.challenge_after_per_address,
        cfg.limits.challenge_bits,
    ) == (20, 0.5, 3, 17)
    text = f'{MINIMAL}\n[appointments]\nsms_url = "log://"\n[limits]\naddress_slot_share = 1\n'
    cfg = load_hall(write(tmp_path, text))
    assert cfg.appointments.phone_verification and cfg.limits.address_slot_share == 1.0
