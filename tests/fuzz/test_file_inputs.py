"""File inputs of any size and type, for every FILE argument the parser has and for the
files in the data folder that commands read (the family's app list, the PIN lock-out
record, the monitor's lock): random bytes, empty, huge (sparse), just over the limit,
folders, FIFOs, /dev/zero, /dev/null, unreadable ones, broken links. Never a hang
(pytest-timeout), never gigabytes read, only exit 0/1/2 and one plain line."""

from __future__ import annotations

import argparse
import os
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from familywatch.cli_support import _escaped, input_path, output_path
from familywatch.config import resources_dir
from familywatch.input_file import MAX_BYTES
from tests.fuzz.cli_surface import (
    Command,
    argv_with,
    assert_plain_outcome,
    commands,
    family_house,
    run,
)

pytestmark = pytest.mark.timeout(90)  # a read that blocks on a FIFO or /dev/zero fails here

SCHEDULE = (resources_dir() / "schedule.example.toml").read_text(encoding="utf-8")


def _file_arguments(kind: Callable[[str], str]) -> list[tuple[Command, argparse.Action]]:
    return [(c, a) for c in commands() for a in c.positionals + c.options if a.type is kind]


READERS, WRITERS = _file_arguments(input_path), _file_arguments(output_path)


def zoo(root: Path) -> dict[str, Path]:
    """Every kind of thing a file name can name, made under `root`."""
    root.mkdir(parents=True, exist_ok=True)
    made = {"/dev/zero": Path("/dev/zero"), "/dev/null": Path("/dev/null"),
            "/dev/full": Path("/dev/full"), "/dev/urandom": Path("/dev/urandom"),
            "unreadable (EIO)": Path("/proc/self/mem")}  # stat: a regular file; read: EIO

    def file(name: str, data: bytes) -> None:
        made[name] = root / name
        made[name].write_bytes(data)

    file("empty", b"")
    file("schedule", SCHEDULE.encode())
    file("bom", b"\xef\xbb\xbf" + SCHEDULE.encode())
    file("crlf", SCHEDULE.replace("\n", "\r\n").encode())
    file("latin-1", "# café\n".encode("latin-1") + SCHEDULE.encode())
    file("nested [", b"x = " + b"[" * 5000)
    file("nested {", b"x = " + b"{a = " * 5000)
    file("tables", b"[" + b"a." * 5000 + b"b]\n")
    file("at the limit", b"#" * (MAX_BYTES - 1) + b"\n")
    file("over the limit", b"#" * MAX_BYTES + b"\n")
    file("mode 000", SCHEDULE.encode())
    made["mode 000"].chmod(0)
    made["huge (sparse 4 GB)"] = root / "huge"
    with made["huge (sparse 4 GB)"].open("wb") as handle:
        handle.truncate(4 << 30)
    made["folder"] = root / "folder"
    made["folder"].mkdir()
    made["fifo"] = root / "fifo"
    os.mkfifo(made["fifo"])
    made["socket"] = root / "sock"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(made["socket"]))
    listener.close()  # the socket file stays
    made["missing"] = root / "missing.toml"
    made["dangling link"] = root / "dangling"
    made["dangling link"].symlink_to(root / "nowhere")
    made["link loop"] = root / "loop"
    made["link loop"].symlink_to(root / "loop")
    made["link to a FIFO"] = root / "to-fifo"
    made["link to a FIFO"].symlink_to(made["fifo"])
    made["under a file"] = made["empty"] / "x.toml"
    made["name too long"] = root / ("x" * 300)
    made["non-UTF-8 name"] = Path(os.fsdecode(bytes(root / "sch") + b"\xff.toml"))
    made["non-UTF-8 name"].write_text(SCHEDULE, encoding="utf-8")
    return made


# Writing into a pipe waits for its reader, as with any program: `-o /dev/stdout | less`
# must keep working, so output arguments get every kind but the FIFOs.
NOT_FOR_WRITING = {"fifo", "link to a FIFO"}


@pytest.fixture(scope="module")
def house(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Path]]]:
    root = tmp_path_factory.mktemp("filefuzz")
    with family_house(root):
        yield root, zoo(root / "zoo")


def test_every_file_argument_is_found() -> None:
    assert {str(c) for c, _ in READERS} == {"schedule check", "schedule import"}
    assert {"schedule export", "report"} <= {str(c) for c, _ in WRITERS}


def test_a_file_argument_must_say_whether_it_reads_or_writes() -> None:
    """A new FILE argument without input_path/output_path would escape this fuzz."""
    for command in commands():
        for action in command.positionals + command.options:
            if action.metavar == "FILE" or action.dest in ("file", "output", "path"):
                assert action.type in (input_path, output_path), (str(command), action.dest)


@pytest.mark.parametrize(("command", "action"), READERS + WRITERS,
                         ids=[f"{c} {a.dest}" for c, a in READERS + WRITERS])
def test_every_kind_of_file(house: tuple[Path, dict[str, Path]], command: Command,
                            action: argparse.Action, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    kinds = house[1] if action.type is input_path else zoo(tmp_path)  # writers: their own
    for kind, path in kinds.items():
        if action.type is output_path and kind in NOT_FOR_WRITING:
            continue
        argv = argv_with(command, action, str(path))
        code, out, err = run(argv, monkeypatch, capsys)
        assert_plain_outcome(argv, code, out, err)
        if action.type is input_path and code == 1:  # the line names the file
            assert _escaped(str(path)) in err, (kind, err)


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=3000),
                      st.text(st.sampled_from(list('[]{}=."\'#\n ,:-_\\abcmondayhours0123'
                                                   'camerarulesversion\t\r\x00\udcff')),
                              max_size=400).map(lambda t: t.encode("utf-8", "replace"))),
       reader=st.sampled_from(READERS))
def test_random_bytes_in_a_file(house: tuple[Path, dict[str, Path]], data: bytes,
                                reader: tuple[Command, argparse.Action],
                                monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = house
    path = root / "random.toml"
    path.write_bytes(data)
    argv = argv_with(*reader, str(path))
    code, out, err = run(argv, monkeypatch, capsys)
    assert_plain_outcome(argv, code, out, err)


# The data folder's files that commands read, and a command reading each. (A folder in
# place of the PIN lock-out record stops its write, not its read: unwritable storage.)
DATA_FILES = {"catalogue.toml": ["apps"], "pin-lockout.json": ["pause", "--minutes", "5"],
              "monitor.lock": ["status"]}
SKIP = {("pin-lockout.json", "folder")}


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_kind_of_file_in_the_data_folder(house: tuple[Path, dict[str, Path]], name: str,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root, kinds = house
    target = root / "data" / name
    for kind, path in kinds.items():
        if (name, kind) in SKIP:
            continue
        if kind.startswith("/dev") or kind.startswith("unreadable"):
            _remove(target)
            target.symlink_to(path)
        elif path.is_relative_to(root) and (_is(path, "exists") or _is(path, "is_symlink")):
            _remove(target)
            if _is(path, "is_dir"):
                target.mkdir()
            elif _is(path, "is_fifo"):
                os.mkfifo(target)
            else:
                target.symlink_to(path)
        else:
            continue
        argv = DATA_FILES[name]
        code, out, err = run(argv, monkeypatch, capsys)
        assert_plain_outcome(argv, code, out, err)
    _remove(target)


def _is(path: Path, test: str) -> bool:
    """Path.is_file() and friends, False where the name itself is refused (too long)."""
    try:
        return bool(getattr(path, test)())
    except OSError:
        return False


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
