"""Progress summary and trend chart."""

from __future__ import annotations

import datetime as dt

from bot.core.progress import questionnaire_lines, summarise, trend_chart_png

TODAY = dt.date(2026, 11, 25)


def _checkin(days_ago: int, mood: float, anxiety: float | None, sleep: float | None) -> dict:
    return {"created_at": dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(9)),
            "mood": mood, "anxiety": anxiety, "sleep_hours": sleep}


def test_this_week_against_last_week_and_streak() -> None:
    rows = [_checkin(10, 2, 8, 5), _checkin(8, 4, 6, 6), _checkin(2, 6, 4, 7), _checkin(1, 7, 3, 8),
            _checkin(0, 8, 2, 8)]
    summary = summarise(rows, TODAY)
    assert summary.this_week == {"mood": 7.0, "anxiety": 3.0, "sleep_hours": 7.7}
    assert summary.last_week == {"mood": 3.0, "anxiety": 7.0, "sleep_hours": 5.5}
    assert summary.checkins_this_week == 3 and summary.streak_days == 3
    assert "Mood: 7.0/10 this week, 3.0/10 last week." in summary.describe()


def test_streak_counts_from_yesterday_when_today_is_missing() -> None:
    assert summarise([_checkin(1, 5, 5, 7), _checkin(2, 5, 5, 7)], TODAY).streak_days == 2
    assert summarise([_checkin(3, 5, 5, 7)], TODAY).streak_days == 0


def test_empty_week_says_no_data() -> None:
    assert "no data" in summarise([_checkin(20, 5, 5, 7)], TODAY).describe()


def test_chart_is_a_png() -> None:
    png = trend_chart_png([_checkin(d, 5 + d % 3, 4, 7) for d in range(12)], TODAY)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000


def test_steps_left_out_are_gaps_not_zeros() -> None:
    rows = [_checkin(2, 6, None, 7), _checkin(1, 4, 6, None), _checkin(0, 5, None, None)]
    summary = summarise(rows, TODAY)
    assert summary.this_week == {"mood": 5.0, "anxiety": 6.0, "sleep_hours": 7.0}
    assert trend_chart_png(rows, TODAY).startswith(b"\x89PNG")


def test_questionnaire_results_show_the_last_score_and_the_one_before() -> None:
    results = {"phq9": [{"total": 9, "band": "mild", "created_at": dt.datetime(2026, 12, 2, 10)},
                        {"total": 14, "band": "moderate", "created_at": dt.datetime(2026, 11, 18, 9)}],
               "gad7": [{"total": 4, "band": "minimal", "created_at": dt.datetime(2026, 12, 1, 8)}]}
    lines = questionnaire_lines(results, {"phq9": "PHQ-9", "gad7": "GAD-7"})
    assert lines[0].startswith("PHQ-9: 9 (mild) on 2 Dec") and "14 on 18 Nov" in lines[0]
    assert lines[1].startswith("GAD-7: 4 (minimal) on 1 Dec") and "time before" not in lines[1]
    assert "not a diagnosis" in lines[-1]
    assert questionnaire_lines({}, {}) == []
