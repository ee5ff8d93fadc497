"""Settings read once from the environment by the composition root, then passed down.

An immutable value, never a mutable global: every layer gets what it needs as arguments.
"""

from __future__ import annotations

import contextlib
import os
import platform
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from familywatch.runtime_folder import LOCK_FILE_NAME, STATE_FILE_NAME, runtime_folder

DEFAULT_VIDEO_GLOBS = ("/dev/video*",)
DEFAULT_AUDIO_GLOBS = ("/dev/snd/pcmC*D*c",)


class ConfigError(ValueError):
    """A setting has a value FamilyWatch cannot use; the message names it."""


def resources_dir() -> Path:
    """resources/ inside an installed wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if (candidate / "catalogue.toml").is_file():
            return candidate
    raise ConfigError(f"FamilyWatch's resources folder is missing (looked beside {here})")


def _globs(environ: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = environ.get(name)
    if raw is None:
        return default
    return tuple(part for part in raw.split(":") if part.strip())


def _seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number of seconds") from None
    if not 0.05 <= value <= 3600:
        raise ConfigError(f"{name}={raw!r} must be between 0.05 and 3600 seconds")
    return value


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("familywatch", appauthor=False))


@dataclass(frozen=True, slots=True)
class Config:
    data_dir: Path
    db_url: str
    video_globs: tuple[str, ...]
    audio_globs: tuple[str, ...]
    resources: Path
    host: str
    app_poll_seconds: float = 2.0
    device_reconcile_seconds: float = 30.0
    flush_seconds: float = 5.0
    database_check_seconds: float = 300.0
    event_driven: bool = True
    runtime_dir: Path | None = None  # None: the data folder (see runtime_folder.py)

    @property
    def user_catalogue(self) -> Path:
        """Where a family adds its own apps."""
        return self.data_dir / "catalogue.toml"

    @property
    def lock_file(self) -> Path:
        """One monitor per data folder; kept in the runtime folder, which stays writable
        when the data folder is full or read-only."""
        return (self.runtime_dir or self.data_dir) / LOCK_FILE_NAME

    @property
    def state_file(self) -> Path:
        """What the running monitor publishes for `status`: heartbeat, problems, open
        sessions (monitor/state_file.py)."""
        return (self.runtime_dir or self.data_dir) / STATE_FILE_NAME

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("FAMILYWATCH_DATA_DIR") or default_data_dir()).expanduser()
        db_url = env.get("FAMILYWATCH_DB_URL") or f"sqlite:///{data_dir / 'familywatch.sqlite3'}"
        return cls(
            data_dir=data_dir,
            db_url=db_url,
            video_globs=_globs(env, "FAMILYWATCH_VIDEO_DEVICES", DEFAULT_VIDEO_GLOBS),
            audio_globs=_globs(env, "FAMILYWATCH_AUDIO_DEVICES", DEFAULT_AUDIO_GLOBS),
            resources=resources_dir(),
            host=platform.node() or "unknown",
            app_poll_seconds=_seconds(env, "FAMILYWATCH_APP_POLL", 2.0),
            device_reconcile_seconds=_seconds(env, "FAMILYWATCH_RECONCILE", 30.0),
            flush_seconds=_seconds(env, "FAMILYWATCH_FLUSH", 5.0),
            database_check_seconds=_seconds(env, "FAMILYWATCH_DB_CHECK", 300.0),
            event_driven=env.get("FAMILYWATCH_EVENTS", "1") not in ("0", "no", "off"),
            runtime_dir=runtime_folder(data_dir, env),
        )


def local_timezone(environ: Mapping[str, str] | None = None) -> tzinfo:
    """The local zone as a zoneinfo zone (DST-aware), from TZ or /etc/localtime.

    Falls back to the current fixed offset only when no zone name can be found.
    """
    env = os.environ if environ is None else environ
    names = [env.get("TZ", "").lstrip(":")]
    try:
        target = os.readlink("/etc/localtime")
        if "zoneinfo/" in target:
            names.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    with contextlib.suppress(OSError):
        names.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in names:
        if not name:
            continue
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    fallback = datetime.now().astimezone().tzinfo
    return fallback if fallback is not None else UTC
