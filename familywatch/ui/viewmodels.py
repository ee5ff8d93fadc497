"""From a Summary to what the windows show: sentences, table rows and chart data (no Qt).

Windows only lay these out, so everything a person reads can be tested without a
screen, and the wording stays in resources/ui/strings.<lang>.toml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from familywatch.core.highlights import outside_seconds_by_day
from familywatch.core.model import Gap, Kind, Session
from familywatch.core.ports import AuditAction, AuditEntry
from familywatch.core.rules import Rules
from familywatch.core.summary import Summary
from familywatch.core.timefmt import clock_time, day_label, duration
from familywatch.monitor.catalogue_words import built_in_change_words
from familywatch.ui.chart_data import (
    ChartWords,
    DayBar,
    DayTimeline,
    Lane,
    Span,
    Tick,
    camera_hours,
)
from familywatch.ui.schedule_state import ScheduleState
from familywatch.ui.tray_state import app_name
from familywatch.ui.wording import Wording

DEVICE_KINDS = (Kind.CAMERA, Kind.MICROPHONE)


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    stretch: int | None = -1  # the column taking the spare width; None: no spare width


@dataclass(frozen=True, slots=True)
class InUseNow:
    lines: tuple[str, ...]  # "Camera: Zoom, since 19:02", or the "nothing" sentence
    apps_line: str | None  # "Apps open now: Zoom, Discord"


@dataclass(frozen=True, slots=True)
class DayView:
    heading: str
    camera_sentence: str
    microphone_sentence: str
    timeline: DayTimeline
    sessions: Table
    apps: Table
    gaps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WeekView:
    heading: str
    camera_sentence: str
    microphone_sentence: str
    bars: tuple[DayBar, ...]
    days: Table
    apps: Table
    gaps: tuple[str, ...]


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def chart_words(words: Wording) -> ChartWords:
    return ChartWords(not_recording=words("chart.not_recording"),
                      inside_schedule=words("chart.inside_schedule"),
                      outside_schedule=words("chart.outside_schedule"),
                      camera_hours=words("chart.camera_hours"),
                      no_camera_hours=words("chart.no_camera_hours"),
                      minutes_axis=words("chart.minutes_axis"),
                      hours_axis=words("chart.hours_axis"), now=words("chart.now"))


def _total_sentence(words: Wording, key: str, seconds: float) -> str:
    if seconds <= 0:
        return words(f"{key}_none")
    return words(key, time=words.duration(seconds))


def _session_end(session: Session, now: datetime) -> datetime:
    return session.ended_at or max(now, session.last_seen)


def in_use_now(open_sessions: Sequence[Session], tz: tzinfo, words: Wording) -> InUseNow:
    lines = tuple(
        words("summary.in_use_line", kind=words(f"kind.{s.kind.value}"), app=app_name(s, words),
              since=clock_time(s.started_at, tz))
        for s in sorted(open_sessions, key=lambda s: (s.kind.value, s.started_at))
        if s.kind in DEVICE_KINDS)
    apps = list(dict.fromkeys(s.app.name for s in open_sessions
                              if s.kind is Kind.APP and s.app is not None))
    return InUseNow(lines or (words("summary.in_use_none"),),
                    words("summary.apps_open_now", apps=", ".join(apps)) if apps else None)


def apps_table(summary: Summary, words: Wording) -> Table:
    return Table(
        tuple(words(f"summary.columns.{c}") for c in ("app", "category", "time", "opened")),
        tuple((a.app.name, words(f"category.{a.app.category.value}"), duration(a.seconds),
               str(a.sessions)) for a in summary.apps), stretch=0)


def gap_sentences(gaps: Sequence[Gap], tz: tzinfo, words: Wording, *, one_day: bool
                  ) -> tuple[str, ...]:
    """'FamilyWatch wasn't running from 08:00 to 10:00 — it was closed.'"""
    sentences = []
    for gap in gaps:
        key = f"summary.gap_reason.{gap.reason}"
        reason = words(key) if words.has(key) else words("summary.gap_reason.unknown")
        first_day = gap.start.astimezone(tz).date()
        last_day = (gap.end - timedelta(microseconds=1)).astimezone(tz).date()
        times = {"start": clock_time(gap.start, tz), "end": clock_time(gap.end, tz),
                 "reason": reason}
        if first_day != last_day:
            sentences.append(words("summary.gap_across_days", start_day=day_label(gap.start, tz),
                                   end_day=day_label(gap.end, tz), **times))
        elif one_day:
            sentences.append(words("summary.gap_same_day", **times))
        else:
            sentences.append(words("summary.gap_on_day", day=day_label(gap.start, tz), **times))
    return tuple(sentences)


def day_timeline(summary: Summary, tz: tzinfo, words: Wording, rules: Rules | None = None
                 ) -> DayTimeline:
    period, now = summary.period, summary.now

    def minute(at: datetime) -> float:
        at = min(max(at, period.start), period.end)
        return (at - period.start).total_seconds() / 60

    length = minute(period.end)
    ticks, at = [], period.start
    while at < period.end:  # real hours, labelled in local time (DST days too)
        ticks.append(Tick(minute(at), f"{at.astimezone(tz):%H}"))
        at += timedelta(hours=1)
    ticks.append(Tick(length, "24"))
    lanes = []
    for kind, label in ((Kind.CAMERA, words("kind.camera")),
                        (Kind.MICROPHONE, words("kind.microphone")),
                        (Kind.APP, words("chart.apps_lane"))):
        spans = tuple(Span(minute(line.session.started_at), minute(_session_end(line.session, now)),
                           app_name(line.session, words))
                      for line in summary.sessions if line.session.kind is kind)
        lanes.append(Lane(label, spans))
    is_today = period.start <= now < period.end
    return DayTimeline(length, tuple(ticks), tuple(lanes),
                       tuple(Span(minute(g.start), minute(g.end)) for g in summary.gaps),
                       now_minute=minute(now) if is_today else None,
                       future_from=minute(now) if is_today else None,
                       camera_hours=camera_hours(period, rules))


def day_view(summary: Summary, tz: tzinfo, words: Wording, rules: Rules | None = None
             ) -> DayView:
    day = summary.period.start.astimezone(tz).date()
    is_today = summary.period.start <= summary.now < summary.period.end
    heading = words("summary.today_heading", date=long_date(day)) if is_today else \
        words("summary.day_heading", date=long_date(day))
    rows = []
    for line in summary.sessions:
        s = line.session
        if s.kind not in DEVICE_KINDS:
            continue
        end = clock_time(s.ended_at, tz) if s.ended_at else words("summary.now")
        rows.append((f"{clock_time(s.started_at, tz)}–{end}", words(f"kind.{s.kind.value}"),
                     app_name(s, words), duration(line.seconds)))
    sessions = Table(tuple(words(f"summary.columns.{c}") for c in
                           ("when", "what", "app", "duration")), tuple(rows), stretch=2)
    return DayView(
        heading=heading,
        camera_sentence=_total_sentence(words, "summary.camera_day",
                                        summary.totals.camera_seconds),
        microphone_sentence=_total_sentence(words, "summary.microphone_day",
                                            summary.totals.microphone_seconds),
        timeline=day_timeline(summary, tz, words, rules),
        sessions=sessions,
        apps=apps_table(summary, words),
        gaps=gap_sentences(summary.gaps, tz, words, one_day=True),
    )


def week_view(summary: Summary, tz: tzinfo, words: Wording, rules: Rules | None = None
              ) -> WeekView:
    days = summary.days
    outside = outside_seconds_by_day(summary, rules)

    def bar(camera: float, day: date) -> DayBar:
        out = min(camera, max(0.0, outside.get(day, 0.0)))
        return DayBar(f"{day:%a}", (camera - out) / 60, out / 60,
                      value_label=duration(camera) if camera > 0 else "")

    bars = tuple(bar(d.totals.camera_seconds, d.day) for d in days)
    today = summary.now.astimezone(tz).date()

    def minutes(seconds: float, day: date) -> str:
        return duration(seconds) if day <= today else words("summary.not_yet")

    day_rows = Table(
        tuple(words(f"summary.columns.{c}") for c in ("day", "camera", "microphone")),
        tuple((f"{d.day:%A} {d.day.day} {d.day:%b}", minutes(d.totals.camera_seconds, d.day),
               minutes(d.totals.microphone_seconds, d.day)) for d in days), stretch=None)
    first, last = (days[0].day, days[-1].day) if days else (None, None)
    return WeekView(
        heading=words("summary.week_heading", first=long_date(first) if first else "",
                      last=long_date(last) if last else ""),
        camera_sentence=_total_sentence(words, "summary.camera_week",
                                        summary.totals.camera_seconds),
        microphone_sentence=_total_sentence(words, "summary.microphone_week",
                                            summary.totals.microphone_seconds),
        bars=bars,
        days=day_rows,
        apps=apps_table(summary, words),
        gaps=gap_sentences(summary.gaps, tz, words, one_day=False),
    )


def recent_records(summary: Summary, tz: tzinfo, words: Wording, limit: int = 20) -> Table:
    """The newest stored sessions, newest first, every stored field in words."""
    columns = ("kind", "app", "category", "process", "pid", "exe", "user", "device", "via",
               "start", "last_seen", "end", "how", "computer")
    newest = sorted(summary.sessions, key=lambda line: line.session.started_at,
                    reverse=True)[:limit]

    def moment(at: datetime) -> str:
        return f"{day_label(at, tz)} {clock_time(at, tz)}"

    rows = []
    for line in newest:
        s = line.session
        ended = moment(s.ended_at) if s.ended_at else words("what_recorded.still_open")
        how = words(f"what_recorded.ended_by.{s.ended_by.value}") if s.ended_by else ""
        rows.append((words(f"kind.{s.kind.value}"), s.app.name if s.app else "",
                     words(f"category.{s.app.category.value}") if s.app else "", s.process,
                     "" if s.pid is None else str(s.pid), s.exe or "", s.user or "",
                     s.device or "", s.via or "", moment(s.started_at), moment(s.last_seen),
                     ended, how, s.host or ""))
    return Table(tuple(words(f"what_recorded.columns.{c}") for c in columns), tuple(rows),
                 stretch=None)


def schedule_sentences(state: ScheduleState | None, words: Wording) -> tuple[str, ...]:
    """The schedule now, in words: paused, outside the camera hours, or time left."""
    if state is None or not state.known:
        return ()
    if state.paused:
        return (words("summary.schedule_paused"),)
    if state.outside_schedule:
        return (words("summary.schedule_outside"),)
    if state.time_left_seconds is not None:
        return (words("summary.schedule_time_left",
                      time=words.duration(state.time_left_seconds)),)
    return (words("summary.schedule_fine"),)


def parent_action_sentences(audit: Sequence[AuditEntry], tz: tzinfo, words: Wording
                            ) -> tuple[str, ...]:
    """'19:05 A parent changed the schedule', oldest first."""
    sentences = []
    for entry in sorted(audit, key=lambda e: e.at):
        key = f"summary.parent_action.{entry.action.value}"
        what = words(key) if words.has(key) else words("summary.parent_action.other")
        built_in = built_in_change_words(entry.detail)  # what a child most needs to know
        if built_in is not None and entry.action is AuditAction.CATALOGUE_CHANGED:
            what = words("summary.parent_action.catalogue-built-in", change=built_in)
        sentences.append(words("summary.parent_action_line", time=clock_time(entry.at, tz),
                               what=what))
    return tuple(sentences)
