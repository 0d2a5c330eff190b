"""Three charts of a build, as SVG for the site (text kept as text, so the browser sets the Chinese)
and as PNG for slides: meetings per year by level and by type, the top themes by year, directives
by policy area over time. Drawn with matplotlib: a well-kept library that renders offline."""
from __future__ import annotations

import io
import logging
import warnings
from collections import Counter
from pathlib import Path

from flows.review.data import Build

CJK_FONTS = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "SimHei",
             "Microsoft YaHei", "PingFang SC", "DejaVu Sans"]


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    plt.rcParams.update({"font.family": "sans-serif", "font.sans-serif": CJK_FONTS, "svg.fonttype": "none", "text.parse_math": False,
                         "axes.spines.top": False, "axes.spines.right": False, "figure.dpi": 100,
                         "svg.hashsalt": "readouts"})  # the same build gives the same SVG bytes
    return plt


def _year(value) -> int | None:
    return value.year if value is not None else None


def _save(fig, name: str, png_dir: Path) -> str:
    """Write the PNG; return the SVG markup."""
    png_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a glyph missing from the PNG font is not worth a console line
        fig.savefig(png_dir / f"{name}.png", dpi=150, bbox_inches="tight", metadata={"Software": None})
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    _pyplot().close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]


def _stacked(ax, years: list[int], series: dict[str, Counter], title: str) -> None:
    bottom = [0] * len(years)
    for label, counts in sorted(series.items(), key=lambda kv: -sum(kv[1].values())):
        values = [counts.get(y, 0) for y in years]
        ax.bar([str(y) for y in years], values, bottom=bottom, label=label)
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_title(title, loc="left")
    if series:
        ax.legend(fontsize=7, frameon=False, ncol=2)
    ax.tick_params(axis="x", labelrotation=90, labelsize=7)


def meetings_per_year(build: Build, png_dir: Path) -> str:
    plt = _pyplot()
    dated = [m for m in build.meetings if m["meeting_date"] is not None]
    years = sorted({_year(m["meeting_date"]) for m in dated}) or [0]
    by_level: dict[str, Counter] = {}
    by_type: dict[str, Counter] = {}
    for m in dated:
        by_level.setdefault(m["level"] or "unknown", Counter())[_year(m["meeting_date"])] += 1
        by_type.setdefault(m["meeting_type"] or "other_meeting", Counter())[_year(m["meeting_date"])] += 1
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 3.6))
    _stacked(a, years, by_level, "Meetings per year, by level")
    _stacked(b, years, by_type, "Meetings per year, by type")
    return _save(fig, "meetings-per-year", png_dir)


def top_themes_by_year(build: Build, png_dir: Path, top: int = 20) -> str:
    plt = _pyplot()
    year_of = {m["meeting_id"]: _year(m["meeting_date"]) for m in build.meetings}
    counts: Counter = Counter()
    cells: Counter = Counter()
    for rows in build.themes.values():
        for t in rows:
            year = year_of.get(t["meeting_id"])
            if year is not None:
                counts[t["text"]] += 1
                cells[(t["text"], year)] += 1
    names = [n for n, _ in counts.most_common(top)]
    years = sorted({y for _, y in cells}) or [0]
    grid = [[cells.get((n, y), 0) for y in years] for n in names] or [[0]]
    fig, ax = plt.subplots(figsize=(max(5, 0.45 * len(years) + 3), max(2.5, 0.28 * len(names) + 1)))
    image = ax.imshow(grid, aspect="auto", cmap="Blues")
    ax.set_xticks(range(len(years)), [str(y) for y in years], rotation=90, fontsize=7)
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.set_title(f"Top {len(names)} themes by year (reports mentioning them)", loc="left")
    fig.colorbar(image, ax=ax, shrink=0.8)
    return _save(fig, "top-themes-by-year", png_dir)


def directives_by_area(build: Build, png_dir: Path) -> str:
    plt = _pyplot()
    year_of = {m["meeting_id"]: _year(m["meeting_date"]) for m in build.meetings}
    series: dict[str, Counter] = {}
    for rows in build.directives.values():
        for d in rows:
            if (year := year_of.get(d["meeting_id"])) is not None:
                series.setdefault(d["category"] or "unclassified", Counter())[year] += 1
    years = sorted({y for c in series.values() for y in c}) or [0]
    fig, ax = plt.subplots(figsize=(11, 3.6))
    for label, counts in sorted(series.items(), key=lambda kv: -sum(kv[1].values())):
        ax.plot([str(y) for y in years], [counts.get(y, 0) for y in years], marker="o", markersize=3, label=label)
    ax.set_title("Directives by policy area, per year", loc="left")
    if series:
        ax.legend(fontsize=7, frameon=False, ncol=3)
    ax.tick_params(axis="x", labelrotation=90, labelsize=7)
    return _save(fig, "directives-by-area", png_dir)


def all_charts(build: Build, png_dir: Path) -> dict[str, str]:
    """name → SVG markup; the PNGs go to png_dir."""
    return {"meetings-per-year": meetings_per_year(build, png_dir),
            "top-themes-by-year": top_themes_by_year(build, png_dir),
            "directives-by-area": directives_by_area(build, png_dir)}
