"""Stand-ins for what exists only on Windows, fed with recorded data.

FakeRegistry reads a JSON tree of keys (see fixtures/consent-store.json); like the
real registry, key names match ignoring case. FakeProcesses is a psutil-like
process table; FakeNotifier models RegNotifyChangeKeyValue's one-shot semantics.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from familywatch.probes.process_cache import ProcessInfo
from familywatch.probes.windows.registry import REG_BINARY, REG_QWORD, Hive, qword_of

FIXTURES = Path(__file__).resolve().parent / "fixtures"
_TYPES = {"REG_QWORD": REG_QWORD, "REG_BINARY": REG_BINARY, "REG_SZ": 1, "REG_DWORD": 4}


def _child(node: dict[str, Any], name: str) -> dict[str, Any] | None:
    for key, child in node.get("subkeys", {}).items():
        if key.casefold() == name.casefold():
            return child  # type: ignore[no-any-return]
    return None


class FakeKey:
    def __init__(self, node: dict[str, Any], log: list[str], path: str) -> None:
        self._node = node
        self._log = log
        self.path = path
        self.closed = False
        log.append(f"open {path}")

    def subkey_names(self) -> list[str]:
        return list(self._node.get("subkeys", {}))

    def open_subkey(self, name: str) -> FakeKey | None:
        child = _child(self._node, name)
        return None if child is None else FakeKey(child, self._log, f"{self.path}\\{name}")

    def qword(self, name: str) -> int | None:
        for value_name, (value_type, data) in self._node.get("values", {}).items():
            if value_name.casefold() == name.casefold():
                raw = bytes.fromhex(data) if value_type == "REG_BINARY" else data
                return qword_of(raw, _TYPES[value_type])
        return None

    def close(self) -> None:
        self.closed = True
        self._log.append(f"close {self.path}")


class FakeRegistry:
    """A RegistryReader over {"HKCU": {path: tree}, "HKLM": {...}}."""

    def __init__(self, tree: dict[str, Any]) -> None:
        self.tree = tree
        self.log: list[str] = []

    @classmethod
    def from_fixture(cls, name: str = "consent-store.json") -> FakeRegistry:
        return cls(json.loads((FIXTURES / name).read_text(encoding="utf-8")))

    def open_key(self, hive: Hive, path: str) -> FakeKey | None:
        for root_path, node in self.tree.get(hive.value, {}).items():
            if root_path.casefold() == path.casefold():
                return FakeKey(node, self.log, f"{hive.value}\\{path}")
        return None

    def app_key(self, hive: str, capability: str, *names: str) -> dict[str, Any]:
        """The recorded node of one app (to change it in a test)."""
        (store,) = self.tree[hive].values()
        node = _child(store, capability)
        for name in names:
            assert node is not None
            node = _child(node, name)
        assert node is not None, names
        return node

    def open_count(self) -> int:
        return sum(1 for line in self.log if line.startswith("open "))

    def close_count(self) -> int:
        return sum(1 for line in self.log if line.startswith("close "))


class FakeProcesses:
    """A ProcessLister over a recorded process table."""

    def __init__(self, processes: list[ProcessInfo], user: str | None = None) -> None:
        self.table = {p.pid: p for p in processes}
        self.user = user
        self.inspected: list[int] = []

    @classmethod
    def from_fixture(cls, name: str = "processes.json") -> FakeProcesses:
        data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        processes = [ProcessInfo(p["pid"], p["name"], p["exe"], p["ppid"], p["create_time"])
                     for p in data["processes"]]
        return cls(processes, data["user"])

    def pids(self) -> set[int]:
        return set(self.table)

    def inspect(self, pid: int) -> ProcessInfo | None:
        self.inspected.append(pid)
        return self.table.get(pid)

    def create_time(self, pid: int) -> float | None:
        info = self.table.get(pid)
        return None if info is None else info.create_time

    def username(self, pid: int) -> str | None:
        return self.user if pid in self.table else None

    def add(self, info: ProcessInfo) -> None:
        self.table[info.pid] = info

    def remove(self, pid: int) -> None:
        self.table.pop(pid, None)


class FakeNotifier:
    """RegNotifyChangeKeyValue's contract: one registration fires once, then is gone.

    `change()` is a write to the registry: it fires the registration if one is armed,
    and is otherwise lost, as on Windows. Every call is written to `log`.
    """

    watched = "HKCU\\...\\ConsentStore (fake)"

    def __init__(self, log: list[str] | None = None) -> None:
        self.log = log if log is not None else []
        self._lock = threading.Condition()
        self._armed = False
        self._fired = False
        self._woken = False
        self.closed = False
        self.fail_arm: OSError | None = None

    def arm(self) -> None:
        with self._lock:
            if self.fail_arm is not None:
                raise self.fail_arm
            self.log.append("arm")
            self._armed = True

    def change(self) -> None:
        with self._lock:
            self.log.append("change")
            if self._armed:
                self._armed = False
                self._fired = True
                self._lock.notify_all()

    def wait(self, timeout: float) -> bool:
        with self._lock:
            self._lock.wait_for(lambda: self._fired or self._woken, timeout)
            fired, self._fired = self._fired, False
            self.log.append("fired" if fired else "timeout")
            return fired

    def wake(self) -> None:
        with self._lock:
            self._woken = True
            self._lock.notify_all()

    def close(self) -> None:
        self.closed = True
