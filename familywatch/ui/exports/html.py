"""The weekly review as one self-contained HTML page.

Inline CSS, inline SVG, system fonts: no URL, <link> or script, so the file opens the
same offline, in a mail attachment or printed, and never calls anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from html import escape

from familywatch.core.prompts import PromptBook
from familywatch.core.rules import Rules
from familywatch.core.summary import Summary
from familywatch.core.timefmt import duration
from familywatch.ui.exports.svg import week_bars_svg
from familywatch.ui.review.data import Item, prompt_book, week_bars
from familywatch.ui.viewmodels import long_date

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: #212121; background: #fff; max-width: 52em; margin: 2em auto; padding: 0 1em;
       line-height: 1.45; font-size: 12pt; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { font-size: 1.25em; margin-top: 1.6em; }
.intro { color: #424242; } .total { font-size: 1.1em; font-weight: 600; }
.item { border-left: 4px solid #1565C0; padding: .4em .9em; margin: .9em 0;
        background: #F5F8FC; page-break-inside: avoid; }
.item.good { border-color: #2E7D32; background: #F3F9F3; }
.item h3 { margin: .1em 0 .3em; font-size: 1.05em; }
.step { font-size: .85em; color: #555; } .question { font-style: italic; }
table { border-collapse: collapse; margin: .5em 0; } td, th { padding: .25em .8em;
        border-bottom: 1px solid #ddd; text-align: left; }
footer { margin-top: 2em; font-size: .85em; color: #555; }
svg { max-width: 100%; height: auto; }
"""


def _item(item: Item, book: PromptBook) -> str:
    highlight, prompt = item
    parts = [f"<h3>{escape(prompt.title)}</h3>", f"<p>{escape(prompt.observation)}</p>",
             f'<p class="question"><strong>{escape(book.text("review", "question_label"))}'
             f"</strong> {escape(prompt.question)}</p>"]
    for label, text in (("parent_question_label", prompt.parent_question),
                        ("child_tip_label", prompt.child_tip),
                        ("parent_tip_label", prompt.parent_tip)):
        if text:
            heading = book.text("review", label).format(child=book.text("review", "child"))
            parts.append(f"<p><strong>{escape(heading)}</strong> {escape(text)}</p>")
    step = book.text("review", "talk_step").format(step=prompt.talk_label)
    parts.append(f'<p class="step">{escape(step)}</p>')
    good = " good" if highlight.good_news else ""
    return f'<section class="item{good}">{"".join(parts)}</section>'


def render_html(summary: Summary, items: Sequence[Item], tz: tzinfo, *,
                book: PromptBook | None = None, rules: Rules | None = None) -> str:
    """The week's totals, chart, highlights with prompts, days, apps - one HTML string."""
    book = book or prompt_book()
    text = book.text
    days = summary.period.days()
    heading = text("review", "heading").format(first=long_date(days[0]), last=long_date(days[-1]))
    camera = summary.totals.camera_seconds
    total = (text("review", "camera_total").format(time=duration(camera)) if camera > 0
             else text("review", "camera_none"))
    talk = [i for i in items if not i[0].good_news]
    good = [i for i in items if i[0].good_news]
    body = [f"<h1>{escape(heading)}</h1>", f'<p class="total">{escape(total)}</p>']
    if not summary.sessions:
        body.append(f'<p class="intro">{escape(text("review", "nothing"))}</p>')
    else:
        body.append(f'<p class="intro">{escape(text("review", "intro"))}</p>')
    body.append(f"<h2>{escape(text('review', 'chart_title'))}</h2>")
    bars = week_bars(summary, rules)
    body.append(f'<figure role="img" aria-label="{escape(text("review", "chart_title"))}">'
                f"{week_bars_svg(bars, text('review', 'chart_title'))}</figure>")
    for key, group in (("talk_heading", talk), ("good_news_heading", good)):
        if group:
            body.append(f"<h2>{escape(text('review', key))}</h2>")
            body.extend(_item(item, book) for item in group)
    body.append(f"<h2>{escape(text('review', 'days_heading'))}</h2><table><tr>"
                + "".join(f"<th>{escape(text('review', c))}</th>" for c in
                          ("column_day", "column_camera", "column_microphone")) + "</tr>")
    for day in summary.days:
        body.append(f"<tr><td>{day.day:%A} {day.day.day} {day.day:%b}</td>"
                    f"<td>{duration(day.totals.camera_seconds)}</td>"
                    f"<td>{duration(day.totals.microphone_seconds)}</td></tr>")
    body.append("</table>")
    if summary.apps:
        body.append(f"<h2>{escape(text('review', 'apps_heading'))}</h2><table><tr>"
                    f"<th>{escape(text('review', 'column_app'))}</th>"
                    f"<th>{escape(text('review', 'column_time'))}</th></tr>")
        body.extend(f"<tr><td>{escape(a.app.name)}</td><td>{duration(a.seconds)}</td></tr>"
                    for a in summary.apps)
        body.append("</table>")
    body.append(f"<footer>{escape(text('review', 'footer'))}</footer>")
    title = escape(text("review", "window_title") + " — " + summary.period.label)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title><style>{CSS}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
