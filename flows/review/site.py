"""`readouts review OUT_DIR`: a static site of the build that opens from disk, with no server and
no network: an index of meetings, a page per report with each value marked in its words, the
themes by year, the rejects, and the charts. HTML comes from Jinja2 templates with autoescaping
(report texts are web text); the data the index filters ships as a script file beside it."""
from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from flows.review import charts, highlight
from flows.review.data import DATASETS, Build, NotABuild, load
from flows.steps.extract.detect import decide

HERE = Path(__file__).parent
STRONG = ("必须", "务必", "坚决", "严禁", "不得", "决不", "绝不", "一律", "禁止")
SHOULD = ("要", "需要", "应", "应当", "应该", "要求")


def modality_class(modality: str | None) -> str:
    """must (必须, 严禁 …), should (要, 应当 …) or act (a clause that opens with an action verb)."""
    if modality and modality.startswith(STRONG):
        return "must"
    return "should" if modality and modality.startswith(SHOULD) else "act"


def _env() -> Environment:
    env = Environment(loader=PackageLoader("flows.review", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["modality_class"] = modality_class
    env.filters["region"] = lambda m: " ".join(x for x in (m.get("province"), m.get("prefecture"), m.get("county")) if x)
    return env


def _script_json(value) -> str:
    """JSON that is safe inside a script file: no </script>, no line separators."""
    text = json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def page_name(report_id: str) -> str:
    return f"reports/{report_id}.html"


def _index_rows(build: Build) -> list[dict]:
    rows = []
    for m in build.meetings:
        if not m["report_ids"]:
            continue  # a meeting row always has a report; nothing to link to otherwise
        first = build.reports.get(m["report_ids"][0])
        themes = sorted({t["text"] for rid in m["report_ids"] for t in build.themes.get(rid, [])})
        rows.append({
            "date": str(m["meeting_date"] or ""), "year": m["meeting_date"].year if m["meeting_date"] else None,
            "level": m["level"], "body": m["body"], "organization": m["organization"] or "",
            "province": m["province"] or "", "region": " ".join(x for x in (m["province"], m["prefecture"], m["county"]) if x),
            "type": m["meeting_type"], "term": m["term"], "session": m["session"],
            "reports": len(m["report_ids"]), "directives": m["directive_count"],
            "title": m["title"] or (first or {}).get("title") or "", "page": page_name(m["report_ids"][0]),
            "themes": themes[:30],
        })
    return rows


def _regions(build: Build) -> list[str]:
    """Provinces and their prefectures (广东省, 广东省 河源市) for the region filter, which matches a
    meeting's region by prefix, so a province takes in its prefectures and counties."""
    found = set()
    for m in build.meetings:
        if m["province"]:
            found.add(m["province"])
            if m["prefecture"]:
                found.add(f"{m['province']} {m['prefecture']}")
    return sorted(found)


def _report_page(env: Environment, build: Build, report: dict, meeting_of: dict[str, dict], counts: dict) -> str:
    text = report["text"]
    directives = build.directives.get(report["report_id"], [])
    themes = build.themes.get(report["report_id"], [])
    runs = highlight.runs(text, [highlight.Span(d["start"], d["end"], i) for i, d in enumerate(directives)],
                          highlight.mentions(text, [t["text"] for t in themes]))
    meeting = meeting_of.get(report["report_id"])
    siblings = [build.reports[r] for r in (meeting or {}).get("report_ids", []) if r != report["report_id"] and r in build.reports]
    reasons = decide(text, report["title"]).reasons
    return env.get_template("report.html").render(
        report=report, meeting=meeting, directives=directives, themes=themes, runs=runs, siblings=siblings,
        reasons=reasons, page_name=page_name, root="../", counts=counts)


def _themes_table(build: Build, top: int = 100) -> tuple[list[int], list[dict]]:
    year_of = {m["meeting_id"]: (m["meeting_date"].year if m["meeting_date"] else None) for m in build.meetings}
    total: Counter = Counter()
    by_year: dict[str, Counter] = {}
    kind: dict[str, str] = {}
    for rows in build.themes.values():
        for t in rows:
            total[t["text"]] += 1
            kind[t["text"]] = t["kind"]
            if (year := year_of.get(t["meeting_id"])) is not None:
                by_year.setdefault(t["text"], Counter())[year] += 1
    years = sorted({y for c in by_year.values() for y in c})
    return years, [{"text": name, "kind": kind[name], "reports": n, "years": [by_year.get(name, Counter()).get(y, 0) for y in years]}
                   for name, n in total.most_common(top)]


def _check_site_folder(out_dir: Path, site: Path) -> None:
    """Refuse a site folder that is the build, lies inside a dataset, or holds Parquet files: the
    site rewrites its own reports/ folder, which must never be the reports dataset."""
    site, out = site.resolve(), out_dir.resolve()
    datasets = [out / name for name in DATASETS]
    if site == out or any(site == d or d in site.parents for d in datasets) or \
            any((site / name).is_dir() and any((site / name).rglob("*.parquet")) for name in DATASETS):
        raise NotABuild(f"{site} holds or is part of a build's datasets; write the site elsewhere "
                        f"(default: {out / 'review'})")


def build_site(out_dir: Path, site_dir: Path | None = None) -> dict:
    """Write the review site of the build in out_dir (default OUT_DIR/review); returns what it wrote."""
    out_dir = Path(out_dir)
    site = Path(site_dir) if site_dir else out_dir / "review"
    _check_site_folder(out_dir, site)
    build = load(out_dir)
    env = _env()
    if (site / "reports").is_dir():
        shutil.rmtree(site / "reports")  # pages only: _check_site_folder refused a folder holding data
    (site / "reports").mkdir(parents=True, exist_ok=True)
    (site / "data").mkdir(exist_ok=True)
    for name in ("review.css", "review.js"):
        shutil.copyfile(HERE / "static" / name, site / name)
    rows = _index_rows(build)
    (site / "data" / "meetings.js").write_text(f"window.READOUTS_MEETINGS = {_script_json(rows)};\n", encoding="utf-8")
    svgs = charts.all_charts(build, site / "charts")
    meeting_of = {rid: m for m in build.meetings for rid in m["report_ids"]}
    counts = {"meetings": len(build.meetings), "reports": len(build.reports), "rejects": len(build.rejects)}
    for report in build.reports.values():
        (site / page_name(report["report_id"])).write_text(_report_page(env, build, report, meeting_of, counts),
                                                           encoding="utf-8")
    years, themes = _themes_table(build)
    common = {"root": "", "counts": counts}
    (site / "index.html").write_text(env.get_template("index.html").render(
        **common, levels=sorted({r["level"] for r in rows if r["level"]}), types=sorted({r["type"] for r in rows if r["type"]}),
        years=sorted({r["year"] for r in rows if r["year"]}, reverse=True),
        regions=_regions(build), svgs=svgs,
        others=[r for r in build.reports.values() if not r["is_meeting_report"]]), encoding="utf-8")
    (site / "themes.html").write_text(env.get_template("themes.html").render(
        **common, years=years, themes=themes, svg=svgs["top-themes-by-year"]), encoding="utf-8")
    (site / "rejects.html").write_text(env.get_template("rejects.html").render(**common, rejects=build.rejects),
                                      encoding="utf-8")
    return {"site": str(site), "index": str(site / "index.html"), "reports": len(build.reports),
            "meetings": len(build.meetings), "charts": sorted(str(p) for p in (site / "charts").glob("*.png"))}
