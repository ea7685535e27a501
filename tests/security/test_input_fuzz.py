"""Fuzz the ID-card frame parser and reply decoding, and the hall/kiosk config loaders.

The promise under test: hostile or broken input ends in the module's typed errors
(`FrameError`/`IdCardError`/`DeviceError` for the reader, `ConfigError` for config files) or in
a valid result, never in another exception; and a 10 MB garbage stream from the serial line
is survived in bounded memory and time. Hypothesis runs derandomized with bounded examples.
"""

from __future__ import annotations

import json
import math
import random
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.errors import ConfigError
from config.kiosk import KioskConfig, load_kiosk
from drivers.errors import DeviceError
from drivers.idcard.commands import SW_OK, CardData, Command, Reply
from drivers.idcard.errors import FrameError, IdCardError, UnexpectedReply
from drivers.idcard.frame import (
    HEADER_SIZE,
    MAX_LENGTH,
    PREAMBLE,
    Frame,
    FrameParser,
    build_frame,
)
from drivers.idcard.reader import IdCardReader, SamId, card_from_data
from server.adapters.hall_file import HallConfig, load_hall

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = ROOT / "config"
FUZZ = settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# What the parser may hold after taking every frame out: one unfinished frame at most.
MAX_PENDING = HEADER_SIZE + MAX_LENGTH


# -- the frame parser


def _feed_in_chunks(data: bytes, cuts: list[int]) -> list[Frame | FrameError]:
    parser = FrameParser()
    found: list[Frame | FrameError] = []
    start = 0
    for cut in sorted({c % (len(data) + 1) for c in cuts}) + [len(data)]:
        parser.feed(data[start:cut])
        start = cut
        found += parser.events()  # raises nothing: errors come back as values
        assert parser.pending <= MAX_PENDING
    return found


@FUZZ
@given(data=st.binary(max_size=6000), cuts=st.lists(st.integers(min_value=0), max_size=8))
def test_random_bytes_give_only_frames_and_frame_errors(data: bytes, cuts: list[int]) -> None:
    for item in _feed_in_chunks(data, cuts):
        assert isinstance(item, Frame | FrameError)


frame_bodies = st.binary(min_size=2, max_size=400)


@st.composite
def mutated_stream(draw: Any) -> tuple[list[bytes], bytes]:
    """Valid frames, then byte flips, deletions, insertions, preambles and cuts."""
    bodies = draw(st.lists(frame_bodies, min_size=1, max_size=5))
    stream = bytearray(b"".join(build_frame(b) for b in bodies))
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        if not stream:
            break
        at = draw(st.integers(min_value=0, max_value=len(stream) - 1))
        kind = draw(st.sampled_from(["flip", "delete", "insert", "preamble", "length"]))
        if kind == "flip":
            stream[at] ^= draw(st.integers(min_value=1, max_value=255))
        elif kind == "delete":
            del stream[at : at + draw(st.integers(min_value=1, max_value=20))]
        elif kind == "insert":
            stream[at:at] = draw(st.binary(min_size=1, max_size=30))
        elif kind == "preamble":  # a false start: preamble and a length, nothing behind
            stream[at:at] = PREAMBLE + draw(st.binary(min_size=0, max_size=2))
        else:  # a lying length field right after some preamble
            stream[at:at] = PREAMBLE + draw(st.integers(0, 0xFFFF)).to_bytes(2, "big")
    return bodies, bytes(stream)


@FUZZ
@given(case=mutated_stream(), cuts=st.lists(st.integers(min_value=0), max_size=6))
def test_mutated_frames_give_only_frames_and_frame_errors(
    case: tuple[list[bytes], bytes], cuts: list[int]
) -> None:
    _, stream = case
    for item in _feed_in_chunks(stream, cuts):
        assert isinstance(item, Frame | FrameError)


@FUZZ
@given(bodies=st.lists(frame_bodies, min_size=1, max_size=6),
       cuts=st.lists(st.integers(min_value=0), max_size=10))  # fmt: skip
def test_valid_frames_come_back_whole_however_the_line_splits_them(
    bodies: list[bytes], cuts: list[int]
) -> None:
    stream = b"".join(build_frame(b) for b in bodies)
    assert _feed_in_chunks(stream, cuts) == [Frame(b) for b in bodies]


# -- replies and card data, as the reader decodes them


@FUZZ
@given(body=st.binary(max_size=3000))
def test_any_reply_body_decodes_or_raises_a_typed_error(body: bytes) -> None:
    try:
        reply = Reply.from_frame(Frame(body))
    except IdCardError:
        return
    for command in Command:
        try:
            reply.check(command)
            reply.fits(command)
        except IdCardError:
            pass
    for fingerprint in (False, True):
        try:
            card_from_data(CardData.from_reply(reply.data, fingerprint=fingerprint))
        except IdCardError:
            pass
    _ = SamId(reply.data).text


@FUZZ
@given(text=st.binary(min_size=256, max_size=256), mark=st.sampled_from([" ", "J", "I", "Y"]))
def test_any_text_block_parses_or_raises_a_card_text_error(text: bytes, mark: str) -> None:
    block = bytearray(text)
    block[248:250] = mark.encode("utf-16-le")  # reach each card type's field parsers
    for data in (bytes(text), bytes(block)):
        try:
            card_from_data(CardData(data, b"\x00" * 1024))
        except IdCardError:
            pass


@FUZZ
@given(fields=st.lists(st.text(max_size=40), min_size=12, max_size=12),
       mark=st.sampled_from([" ", "J", "I", "Y"]))  # fmt: skip
def test_well_encoded_but_wrong_text_fields_raise_a_card_text_error(
    fields: list[str], mark: str
) -> None:
    """UCS-2 text at the field offsets, so the field parsers (dates, codes) see strings."""
    offsets = [0, 30, 32, 36, 52, 122, 158, 188, 204, 220, 242, 246]
    block = bytearray(" ".encode("utf-16-le") * 128)
    for offset, value in zip(offsets, fields, strict=True):
        raw = value.encode("utf-16-le", "surrogatepass")[: 248 - offset]
        block[offset : offset + len(raw)] = raw[: len(raw) - len(raw) % 2]
    block[248:250] = mark.encode("utf-16-le")
    try:
        card_from_data(CardData(bytes(block[:256]), b""))
    except IdCardError:
        pass


# -- the reader over a hostile serial line


class ScriptedPort:
    """A serial port that answers every write with the next scripted byte string."""

    def __init__(self, answers: list[bytes], chunk: int = 4096) -> None:
        self.answers, self.chunk = list(answers), chunk
        self.incoming = bytearray()
        self.read_bytes = 0

    @property
    def in_waiting(self) -> int:
        return min(len(self.incoming), self.chunk)

    def read(self, size: int = 1) -> bytes:
        out = bytes(self.incoming[:size])
        del self.incoming[:size]
        self.read_bytes += len(out)
        return out

    def write(self, data: bytes, /) -> int:
        if self.answers:
            self.incoming += self.answers.pop(0)
        return len(data)

    def reset_input_buffer(self) -> None:
        self.incoming.clear()

    def close(self) -> None:
        pass


class TickClock:
    """A monotonic clock that moves 1 ms per look: every wait ends without real sleeping."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.001
        return self.now


def _reader(port: ScriptedPort, timeout: float = 0.05) -> IdCardReader:
    return IdCardReader(lambda: port, url="fuzz://", timeout=timeout, clock=TickClock())


def _reply(sw3: int, data: bytes = b"") -> bytes:
    return build_frame(bytes([0, 0, sw3]) + data)


@FUZZ
@given(
    answers=st.lists(
        st.one_of(
            st.binary(max_size=300),
            st.builds(
                _reply,
                st.sampled_from([0x90, 0x9F, 0x80, 0x81, 0x41, 0x10, 0x11, 0x21, 0x60, 0x91, 0x00]),
                st.binary(max_size=1400),
            ),
            mutated_stream().map(lambda case: case[1]),
        ),
        max_size=8,
    ),
    order=st.permutations(["read_once", "sam_id", "read_new_address", "reset", "find_card"]),
)
def test_the_reader_meets_any_answer_with_a_typed_error(
    answers: list[bytes], order: list[str]
) -> None:
    port = ScriptedPort(answers)
    reader = IdCardReader(lambda: port, url="fuzz://", timeout=0.05, clock=TickClock())
    for name in order:
        try:
            getattr(reader, name)()
        except DeviceError:  # IdCardError, DeviceTimeout and DeviceOffline are all DeviceErrors
            pass


def test_a_new_address_that_is_not_ucs2_is_a_typed_error() -> None:
    """Found by the fuzz: an odd-length address reply raised UnicodeDecodeError."""
    for data in (b"\x41\x00\x42", b"\x00\xd8"):  # cut short; a lone surrogate
        port = ScriptedPort([_reply(SW_OK, data)])
        reader = _reader(port)
        with pytest.raises(UnexpectedReply):
            reader.read_new_address()


def _garbage(size: int, seed: int) -> bytes:
    """Noise with false frame starts: preambles with lying lengths and broken checksums."""
    rng = random.Random(seed)
    out = bytearray(rng.randbytes(size))
    for _ in range(size // 2000):
        at = rng.randrange(size - 16)
        length = rng.choice([0, 1, 2, 3, 70, 4096, 4097, 0xFFFF, rng.randrange(0x10000)])
        out[at : at + 7] = PREAMBLE + length.to_bytes(2, "big")
    return bytes(out)


TEN_MB = 10 * 1024 * 1024


def test_ten_megabytes_of_garbage_through_the_parser() -> None:
    parser = FrameParser()
    stream = _garbage(TEN_MB, seed=9)
    started, frames, errors = time.monotonic(), 0, 0
    for at in range(0, len(stream), 4096):
        parser.feed(stream[at : at + 4096])
        for item in parser.events():
            if isinstance(item, Frame):
                frames += 1
            else:
                assert isinstance(item, FrameError)
                errors += 1
        assert parser.pending <= MAX_PENDING
    # Then a good frame still comes through.
    parser.reset()
    parser.feed(build_frame(b"\x00\x00\x90"))
    assert parser.events() == [Frame(b"\x00\x00\x90")]
    assert errors > 1000  # the false starts were seen and skipped
    assert time.monotonic() - started < 30


def test_the_reader_reads_through_ten_megabytes_of_noise() -> None:
    """A chattering line before the reply: the reader drains it and takes the real reply."""
    noise = random.Random(10).randbytes(TEN_MB).replace(PREAMBLE[:3], b"\x00\x00\x00")
    port = ScriptedPort([noise + _reply(SW_OK)])
    reader = IdCardReader(lambda: port, url="fuzz://", timeout=1e9, clock=TickClock())
    started = time.monotonic()
    reader.reset()  # no exception: the reply behind the noise was found
    assert port.read_bytes == len(noise) + len(_reply(SW_OK))
    assert reader._parser.pending <= MAX_PENDING
    assert time.monotonic() - started < 30


def test_the_reader_gives_up_on_an_endless_noisy_line_with_a_typed_error() -> None:
    port = ScriptedPort([_garbage(TEN_MB // 4, seed=11)] * 4)
    reader = IdCardReader(lambda: port, url="fuzz://", timeout=5.0, clock=TickClock())
    with pytest.raises(DeviceError):
        reader.reset()


# -- config loaders


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{json.dumps(str(k), ensure_ascii=False)} = {_toml_value(v)}"
                 for k, v in value.items())  # fmt: skip
        return "{" + ", ".join(items) + "}"
    raise TypeError(type(value))


def to_toml(data: dict[str, Any]) -> str:
    """Write a document as inline values: enough for any tree tomllib returns."""
    return "".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml_value(v)}\n"
                   for k, v in data.items())  # fmt: skip


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _paths(v, (*prefix, i))
    return found


toml_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
scalars = st.one_of(
    toml_text, st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(), st.booleans(),
    st.sampled_from(["", "general", "special", "consult", "08:30-12:00", "24:00-25:00",
                     "Asia/Shanghai", "../../etc/passwd", "sim://", "http://", "长期"]),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(toml_text, inner, max_size=3)
    ),  # fmt: skip
    max_leaves=6,
)


@st.composite
def mutated_document(draw: Any, source: Path) -> dict[str, Any]:
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        action = draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if action == "replace":
            parent[last] = draw(values)
        elif action == "delete":
            del parent[last]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(toml_text)] = draw(values)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(parent[last])
    return data


LOADERS = [
    pytest.param(load_hall, CONFIGS / "hall.example.toml", HallConfig, id="hall"),
    pytest.param(load_hall, CONFIGS / "hall.town.example.toml", HallConfig, id="town"),
    pytest.param(load_kiosk, CONFIGS / "kiosk.example.toml", KioskConfig, id="kiosk"),
]


def _load(loader: Any, path: Path, expected: type) -> None:
    try:
        config = loader(path)
    except ConfigError as e:
        assert e.key and str(e)  # names the key
        return
    assert isinstance(config, expected)


@pytest.mark.parametrize(("loader", "source", "expected"), LOADERS)
def test_structurally_mutated_config_is_a_config_error_or_valid(
    loader: Any, source: Path, expected: type, tmp_path: Path
) -> None:
    target = tmp_path / source.name

    @FUZZ
    @given(doc=mutated_document(source))
    def check(doc: dict[str, Any]) -> None:
        target.write_text(to_toml(doc), encoding="utf-8")
        _load(loader, target, expected)

    check()


@pytest.mark.parametrize(("loader", "source", "expected"), LOADERS)
def test_textually_mutated_config_is_a_config_error_or_valid(
    loader: Any, source: Path, expected: type, tmp_path: Path
) -> None:
    original = source.read_bytes()
    target = tmp_path / source.name

    @FUZZ
    @given(edits=st.lists(st.tuples(st.integers(min_value=0, max_value=len(original)),
                                    st.integers(min_value=0, max_value=40),
                                    st.binary(max_size=20)), min_size=1, max_size=4))  # fmt: skip
    def check(edits: list[tuple[int, int, bytes]]) -> None:
        data = bytearray(original)
        for at, drop, insert in edits:
            data[at : at + drop] = insert
        target.write_bytes(bytes(data))
        _load(loader, target, expected)

    check()


def test_the_toml_writer_round_trips_the_examples() -> None:
    for name in ("hall.example.toml", "hall.town.example.toml", "kiosk.example.toml"):
        doc = tomllib.loads((CONFIGS / name).read_text(encoding="utf-8"))
        assert tomllib.loads(to_toml(doc)) == doc
