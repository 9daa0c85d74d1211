""""How have I been doing?": this week against last, a check-in streak, and a 30-day chart."""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass
from statistics import mean
from typing import Any, Sequence

from bot.content.wording import wording

MEASURES = ("mood", "anxiety", "sleep_hours")


@dataclass(frozen=True)
class ProgressSummary:
    this_week: dict[str, float | None]
    last_week: dict[str, float | None]
    checkins_this_week: int
    streak_days: int

    def describe(self) -> str:
        words = wording("progress")

        def fmt(value: float | None, unit: str) -> str:
            return words["no_data"] if value is None else f"{value:.1f}{unit}"

        lines = [words["week"].format(checkins=self.checkins_this_week, streak=self.streak_days,
                                      checkin_word=words["checkin_words"][self.checkins_this_week != 1],
                                      day_word=words["day_words"][self.streak_days != 1])]
        for name in MEASURES:
            unit = words["units"][name]
            lines.append(words["measure"].format(label=words["labels"][name],
                                                 this_week=fmt(self.this_week[name], unit),
                                                 last_week=fmt(self.last_week[name], unit)))
        return "\n".join(lines)


def questionnaire_lines(results: dict[str, list[dict[str, Any]]], names: dict[str, str]) -> list[str]:
    """One line per questionnaire taken: its last score, and the one before ("PHQ-9: 9 (mild) on 2 Dec; the
    time before, 14 on 18 Nov."), then the reminder that it is a self-check. Empty when none was taken."""
    words = wording("progress")

    def day(when: dt.datetime) -> str:
        return f"{when.day} {when:%b}"

    lines = []
    for key, taken in results.items():
        if not taken:
            continue
        last = taken[0]
        values = {"name": names.get(key, key), "total": last["total"], "band": last["band"],
                  "date": day(last["created_at"])}
        if len(taken) > 1:
            lines.append(words["questionnaire_before"].format(**values, previous_total=taken[1]["total"],
                                                              previous_date=day(taken[1]["created_at"])))
        else:
            lines.append(words["questionnaire"].format(**values))
    return [*lines, words["questionnaire_note"]] if lines else []


def _average(rows: Sequence[dict[str, Any]], key: str) -> float | None:
    values = [float(r[key]) for r in rows if r.get(key) is not None]
    return round(mean(values), 1) if values else None


def summarise(checkins: Sequence[dict[str, Any]], today: dt.date) -> ProgressSummary:
    """Averages for the last 7 days and the 7 before, and the run of days with a check-in."""
    this_start, last_start = today - dt.timedelta(days=6), today - dt.timedelta(days=13)
    this_week = [c for c in checkins if this_start <= c["created_at"].date() <= today]
    last_week = [c for c in checkins if last_start <= c["created_at"].date() < this_start]
    days = {c["created_at"].date() for c in checkins}
    streak, day = 0, today if today in days else today - dt.timedelta(days=1)
    while day in days:
        streak += 1
        day -= dt.timedelta(days=1)
    return ProgressSummary(
        this_week={m: _average(this_week, m) for m in MEASURES},
        last_week={m: _average(last_week, m) for m in MEASURES},
        checkins_this_week=len(this_week),
        streak_days=streak,
    )


def trend_chart_png(checkins: Sequence[dict[str, Any]], today: dt.date, days: int = 30) -> bytes:
    """A PNG line chart of mood, anxiety and sleep over the last ``days`` days."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.dates import DateFormatter

    start = today - dt.timedelta(days=days - 1)
    rows = [c for c in checkins if c["created_at"].date() >= start]
    figure, axis = plt.subplots(figsize=(6.4, 3.6), dpi=100)
    try:
        times = [c["created_at"] for c in rows]
        labels = wording("progress", "chart_labels")
        lines = (("mood", labels["mood"], "#1b6b4a"), ("anxiety", labels["anxiety"], "#b3431e"),
                 ("sleep_hours", labels["sleep_hours"], "#2d4f9e"))
        for key, label, colour in lines:
            # a step left out is a gap in its line
            axis.plot(times, [math.nan if c[key] is None else c[key] for c in rows], marker="o", label=label,
                      color=colour)
        axis.set_xlim(dt.datetime.combine(start, dt.time()), dt.datetime.combine(today, dt.time(23, 59)))
        axis.set_ylim(0, 12)
        axis.xaxis.set_major_formatter(DateFormatter("%d %b"))
        axis.set_title(wording("progress", "chart_title").format(days=days))
        axis.grid(alpha=0.3)
        axis.legend(loc="upper left", fontsize=8)
        figure.autofmt_xdate()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()
    finally:
        plt.close(figure)
