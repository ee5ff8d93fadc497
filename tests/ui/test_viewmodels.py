"""What the windows say, computed from a real SQLite store (no widgets needed)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from familywatch.core.model import Gap, Kind
from familywatch.core.ports import AuditAction, AuditEntry
from familywatch.core.summary import GAP_REASONS, day_period
from familywatch.ui.chart_data import Tick
from familywatch.ui.sources import last_days
from familywatch.ui.viewmodels import (
    day_timeline,
    day_view,
    gap_sentences,
    in_use_now,
    parent_action_sentences,
    recent_records,
    week_view,
)
from familywatch.ui.wording import Wording
from tests.ui.sample_data import LONDON, OBS, Household, at, empty_household


def test_durations_read_like_speech(words: Wording) -> None:
    assert words.duration(0) == "no time at all"
    assert words.duration(20) == "less than a minute"
    assert words.duration(60) == "1 minute"
    assert words.duration(42 * 60) == "42 minutes"
    assert words.duration(3600) == "1 hour"
    assert words.duration(3600 + 5 * 60) == "1 hour and 5 minutes"
    assert words.duration(2 * 3600 + 60) == "2 hours and 1 minute"


def test_today_in_sentences(house: Household, words: Wording) -> None:
    view = day_view(house.records.summary(house.records.day()), LONDON, words)
    assert view.heading == "Today, Wednesday 5 June"
    # Firefox 5 min + Zoom 42 min + OBS since 19:02 (42 min by 19:44).
    assert view.camera_sentence == "The camera was on for 1 hour and 29 minutes today."
    assert view.gaps == (
        "FamilyWatch wasn't running from 00:00 to 07:00 — it was closed.",
        "FamilyWatch wasn't running from 08:00 to 10:00 — it was closed.",
    )
    assert ("16:05–16:47", "Camera", "Zoom", "42 min") in view.sessions.rows
    assert ("19:02–now", "Camera", "OBS Studio", "42 min") in view.sessions.rows
    assert [row[0] for row in view.apps.rows] == ["Discord", "Zoom", "OBS Studio"]
    assert view.apps.rows[2][1] == "live streaming"


def test_a_quiet_day_says_so(empty_house: Household, words: Wording) -> None:
    view = day_view(empty_house.records.summary(empty_house.records.day()), LONDON, words)
    assert view.camera_sentence == "The camera was not used today."
    assert view.microphone_sentence == "The microphone was not used today."
    assert view.sessions.rows == () and view.apps.rows == () and view.gaps == ()


def test_forty_two_minutes(tmp_path, words: Wording) -> None:  # type: ignore[no-untyped-def]
    house = empty_household(tmp_path)
    run = house.run(at(5, "07:00"), None)
    house.use(run, Kind.CAMERA, OBS, "obs", at(5, "17:00"), at(5, "17:42"))
    view = day_view(house.records.summary(house.records.day()), LONDON, words)
    assert view.camera_sentence == "The camera was on for 42 minutes today."
    house.store.close()


def test_the_week_in_sentences_bars_and_days(house: Household, words: Wording) -> None:
    view = week_view(house.records.summary(house.records.week()), LONDON, words)
    assert view.heading == "This week, Monday 3 June to Sunday 9 June"
    assert view.camera_sentence == \
        "This week the camera was on for 3 hours and 11 minutes in total."
    assert [round(bar.inside_minutes) for bar in view.bars] == [35, 67, 89, 0, 0, 0, 0]
    assert all(bar.outside_minutes == 0 for bar in view.bars)  # until schedules are wired
    assert view.bars[0].label == "Mon" and view.bars[0].value_label == "35 min"
    assert view.days.rows[0] == ("Monday 3 Jun", "35 min", "35 min")
    assert view.days.rows[3] == ("Thursday 6 Jun", "–", "–")  # not happened yet
    assert view.gaps[-1] == \
        "On Wed 5 Jun, FamilyWatch wasn't running from 08:00 to 10:00 — it was closed."
    assert view.gaps[0] == ("FamilyWatch wasn't running from Mon 3 Jun 22:30 to Tue 4 Jun "
                            "07:15 — it was closed.")


def test_gap_reasons_in_plain_words(words: Wording) -> None:
    gaps = [Gap(at(5, "08:00"), at(5, "10:00"), reason) for reason in
            ("crashed", "monitor-stopped", "something-new")]
    assert gap_sentences(gaps, LONDON, words, one_day=True) == (
        "FamilyWatch wasn't running from 08:00 to 10:00 — it stopped unexpectedly.",
        "FamilyWatch wasn't running from 08:00 to 10:00 — it was closed.",
        "FamilyWatch wasn't running from 08:00 to 10:00 — the reason wasn't recorded.",
    )


def test_every_gap_reason_the_summary_gives_has_its_own_words(words: Wording) -> None:
    unknown = words("summary.gap_reason.unknown")
    for reason in GAP_REASONS:
        assert words.has(f"summary.gap_reason.{reason}"), reason
        assert words(f"summary.gap_reason.{reason}") != unknown
    sleep = Gap(at(5, "01:00"), at(5, "07:00"), "suspend")
    assert gap_sentences([sleep], LONDON, words, one_day=True) == (
        "FamilyWatch wasn't running from 01:00 to 07:00 — the computer was asleep.",)



def test_a_pause_and_a_deletion_are_told_as_they_happened(words: Wording) -> None:
    entries = [AuditEntry(at(5, "17:00"), AuditAction.PAUSED, "family-pc", "sam"),
               AuditEntry(at(5, "17:30"), AuditAction.RESUMED, "family-pc", "sam"),
               # the daily retention purge is audited too: no parent did it
               AuditEntry(at(5, "18:00"), AuditAction.DATA_DELETED, "family-pc", "sam",
                          {"by": "retention", "older_than_days": 180})]
    assert parent_action_sentences(entries, LONDON, words) == (
        "17:00 A parent paused FamilyWatch",
        "17:30 A parent turned FamilyWatch back on",
        "18:00 Records were deleted")


def test_a_change_to_a_built_in_app_says_what_it_means(words: Wording) -> None:
    entries = [AuditEntry(at(5, "17:00"), AuditAction.CATALOGUE_CHANGED, "family-pc", "sam",
                          {"built_in": "obs-studio", "change": "removed", "name": "OBS Studio",
                           "before": {"name": "OBS Studio", "category": "streaming",
                                      "processes": {"linux": ["obs"]}}}),
               AuditEntry(at(5, "17:05"), AuditAction.CATALOGUE_CHANGED, "family-pc", "sam",
                          {"added": "bigo-live", "name": "Bigo Live"})]
    assert parent_action_sentences(entries, LONDON, words) == (
        "17:00 A parent changed the list of apps FamilyWatch names: OBS Studio, a built-in "
        "app, is no longer recorded",
        "17:05 A parent changed the list of apps FamilyWatch names")

def test_in_use_now(house: Household, words: Wording) -> None:
    now = in_use_now(house.live(), LONDON, words)
    assert now.lines == ("Camera: OBS Studio, since 19:02", "Microphone: Discord, since 19:03")
    assert now.apps_line == "Apps open now: Discord, OBS Studio"
    assert in_use_now((), LONDON, words).lines == (
        "Nothing is using the camera or the microphone right now.",)


def test_the_timeline_places_sessions_gaps_and_now(house: Household, words: Wording) -> None:
    line = day_timeline(house.records.summary(house.records.day()), LONDON, words)
    assert line.length_minutes == 1440
    assert [t.label for t in line.ticks][:3] == ["00", "01", "02"] and len(line.ticks) == 25
    camera = line.lanes[0]
    assert camera.label == "Camera"
    zoom = next(s for s in camera.spans if s.label == "Zoom")
    assert (zoom.start, zoom.end) == (16 * 60 + 5, 16 * 60 + 47)
    assert line.now_minute == 19 * 60 + 44
    assert (line.gaps[1].start, line.gaps[1].end) == (8 * 60, 10 * 60)


@pytest.mark.parametrize(("day", "minutes", "labels"), [
    (date(2024, 3, 31), 23 * 60, ["00", "02", "03"]),  # clocks go forward: no 01 o'clock
    (date(2024, 10, 27), 25 * 60, ["00", "01", "01"]),  # clocks go back: 01 o'clock twice
])
def test_the_timeline_of_a_dst_day_has_its_real_length(tmp_path, words: Wording, day: date,
                                                       minutes: int, labels: list[str]
                                                       ) -> None:  # type: ignore[no-untyped-def]
    house = empty_household(tmp_path, now=datetime(day.year, day.month, day.day, 23, 0,
                                                   tzinfo=LONDON))
    line = day_timeline(house.records.summary(day_period(day, LONDON)), LONDON, words)
    assert line.length_minutes == minutes
    assert [tick.label for tick in line.ticks[:3]] == labels
    assert line.ticks[-1] == Tick(minutes, "24")
    house.store.close()


def test_recent_records_show_every_stored_field_newest_first(house: Household,
                                                             words: Wording) -> None:
    table = recent_records(house.records.summary(last_days(house.records, 7)), LONDON, words,
                           limit=20)
    assert table.headers == ("What", "App", "Kind of app", "Program", "Number", "Program file",
                             "User", "Device", "Through", "Started", "Last seen", "Ended",
                             "How it ended", "Computer")
    assert len(table.rows) == 15  # every session of the week so far
    assert table.rows[0] == ("Microphone", "Discord", "video chat", "Discord", "4507",
                             "/usr/share/discord/Discord", "sam", "/dev/snd/pcmC0D0c", "",
                             "Wed 5 Jun 19:03", "Wed 5 Jun 19:44", "still in use", "",
                             "family-pc")
    zoom = next(r for r in table.rows if r[0] == "Camera" and r[1] == "Zoom" and "Wed" in r[9])
    assert zoom[11:] == ("Wed 5 Jun 16:47", "the app stopped using it", "family-pc")
    assert len(recent_records(house.records.summary(last_days(house.records, 7)), LONDON,
                              words, limit=5).rows) == 5
