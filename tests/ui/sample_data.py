"""A realistic family week in a real SQLite store, written through the store's own API.

Wednesday 5 June 2024, 19:44 in London: the computer was on Monday to Wednesday
(off at night: those are gaps), FamilyWatch was closed on Wednesday 08:00-10:00,
Zoom and a browser used the camera for school, and OBS Studio holds the camera now.
SCHOOL_NIGHTS is the family's camera schedule (set the Sunday before); with it, the
browser's morning use and the optional Tuesday call after 20:00 are outside the hours.
Used by the UI tests and by `python -m tests.ui.make_screenshots`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from zoneinfo import ZoneInfo

from familywatch.core.clock import ManualClock
from familywatch.core.model import AppInfo, Category, EndReason, Kind, Session
from familywatch.monitor.enforcement import Enforcement
from familywatch.monitor.records import Records
from familywatch.store import SqlStore, open_store

LONDON = ZoneInfo("Europe/London")
HOST = "family-pc"
NOW = datetime(2024, 6, 5, 19, 44, tzinfo=LONDON)

ZOOM = AppInfo("zoom", "Zoom", Category.VIDEO_CHAT)
DISCORD = AppInfo("discord", "Discord", Category.VIDEO_CHAT)
OBS = AppInfo("obs-studio", "OBS Studio", Category.STREAMING)
FIREFOX = AppInfo("firefox", "Firefox", Category.BROWSER)
EXES = {"zoom": "/usr/bin/zoom", "Discord": "/usr/share/discord/Discord", "obs": "/usr/bin/obs",
        "firefox": "/usr/lib/firefox/firefox"}
DEVICES = {Kind.CAMERA: "/dev/video0", Kind.MICROPHONE: "/dev/snd/pcmC0D0c", Kind.APP: None}


def at(day: int, hhmm: str) -> datetime:
    """June `day` 2024, local London time, as UTC."""
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(2024, 6, day, hours, minutes, tzinfo=LONDON).astimezone(UTC)


@dataclass
class Household:
    store: SqlStore
    records: Records
    clock: ManualClock
    data_dir: Path
    serials: Iterator[int] = field(default_factory=lambda: count(1))

    def live(self) -> tuple[Session, ...]:
        """What is in use now, as the store has it (the monitor's view in the app)."""
        return tuple(self.store.open_sessions())

    def run(self, start: datetime, end: datetime | None, how: str = "stopped") -> int:
        run_id = self.store.begin_run(start, 1000 + next(self.serials), HOST)
        if end is None:
            self.store.touch_run(run_id, self.clock.now())
        else:
            self.store.end_run(run_id, end, how)
        return run_id

    def use(self, run_id: int, kind: Kind, app: AppInfo, process: str, start: datetime,
            end: datetime | None, pid: int = 4321) -> Session:
        now = self.clock.now()
        session = Session(
            serial=next(self.serials), kind=kind, pid=pid, process=process, started_at=start,
            last_seen=end or now, exe=EXES.get(process), user="sam", device=DEVICES[kind],
            app=app, host=HOST, ended_at=end, ended_by=EndReason.CLOSED if end else None)
        self.store.add_session(session, run_id)
        return session


def empty_household(tmp_path: Path, now: datetime = NOW) -> Household:
    data_dir = tmp_path / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(f"sqlite:///{data_dir / 'fw.sqlite3'}")
    clock = ManualClock(now)
    records = Records(store, clock, LONDON, lock_file=data_dir / "monitor.lock", host=HOST)
    return Household(store, records, clock, data_dir)


def family_week(tmp_path: Path, *, after_hours_call: bool = False) -> Household:
    """The week above; `after_hours_call` adds a Discord video call on Tuesday 20:15-20:55,
    after the camera hours of SCHOOL_NIGHTS, so the week has use outside the schedule."""
    house = empty_household(tmp_path)
    monday = house.run(at(3, "07:30"), at(3, "22:30"))
    house.use(monday, Kind.APP, ZOOM, "zoom", at(3, "16:55"), at(3, "17:40"), pid=2101)
    house.use(monday, Kind.CAMERA, ZOOM, "zoom", at(3, "17:00"), at(3, "17:35"), pid=2101)
    house.use(monday, Kind.MICROPHONE, ZOOM, "zoom", at(3, "17:00"), at(3, "17:35"), pid=2101)

    tuesday = house.run(at(4, "07:15"), at(4, "21:50"))
    house.use(tuesday, Kind.CAMERA, FIREFOX, "firefox", at(4, "10:00"), at(4, "10:12"), pid=3001)
    house.use(tuesday, Kind.APP, DISCORD, "Discord", at(4, "18:00"), at(4, "19:30"), pid=3105)
    house.use(tuesday, Kind.CAMERA, DISCORD, "Discord", at(4, "18:10"), at(4, "19:05"),
              pid=3105)
    house.use(tuesday, Kind.MICROPHONE, DISCORD, "Discord", at(4, "18:10"), at(4, "19:05"),
              pid=3105)
    if after_hours_call:
        house.use(tuesday, Kind.APP, DISCORD, "Discord", at(4, "20:12"), at(4, "21:00"),
                  pid=3180)
        for kind in (Kind.CAMERA, Kind.MICROPHONE):
            house.use(tuesday, kind, DISCORD, "Discord", at(4, "20:15"), at(4, "20:55"),
                      pid=3180)

    house.run(at(5, "07:00"), at(5, "08:00"))  # closed at 08:00, started again at 10:00
    wednesday = house.run(at(5, "10:00"), None)
    house.use(wednesday, Kind.CAMERA, FIREFOX, "firefox", at(5, "11:15"), at(5, "11:20"),
              pid=4012)
    house.use(wednesday, Kind.APP, ZOOM, "zoom", at(5, "16:02"), at(5, "16:50"), pid=4321)
    house.use(wednesday, Kind.CAMERA, ZOOM, "zoom", at(5, "16:05"), at(5, "16:47"), pid=4321)
    house.use(wednesday, Kind.MICROPHONE, ZOOM, "zoom", at(5, "16:05"), at(5, "16:47"),
              pid=4321)
    house.use(wednesday, Kind.APP, DISCORD, "Discord", at(5, "17:30"), None, pid=4507)
    house.use(wednesday, Kind.APP, OBS, "obs", at(5, "19:00"), None, pid=4610)
    house.use(wednesday, Kind.CAMERA, OBS, "obs", at(5, "19:02"), None, pid=4610)
    house.use(wednesday, Kind.MICROPHONE, DISCORD, "Discord", at(5, "19:03"), None, pid=4507)
    return house


# -- the family's camera schedule (the screenshots show the windows with it) --------------

SCHOOL_NIGHTS = """\
# Our camera hours: after school on school nights, longer at the weekend.
version = 1

[camera]
action = "remind"
warn_before_minutes = 10
daily_minutes = { weekdays = 120, weekend = 180 }

[camera.hours]
weekdays = ["16:00-20:00"]
fri = ["16:00-21:30"]
weekend = ["10:00-21:00"]
"""
SCHEDULE_SET_AT = datetime(2024, 6, 2, 18, 30, tzinfo=LONDON)  # the Sunday before the week


def schedule_enforcement(house: Household) -> Enforcement:
    """The monitor's own Enforcement over the store, after one check at the household's
    `now`: what the tray app reads the rules and the schedule state from."""
    enforcement = Enforcement(house.store, house.store, house.store, house.clock, LONDON, HOST)
    enforcement.refresh()
    enforcement.check(house.live())
    return enforcement
