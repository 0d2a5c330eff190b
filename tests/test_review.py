"""The review site: runs that mark directives and themes, the pages it writes, escaping of web
text, and the pages as a browser shows them (Debian's chromium, headless)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import lxml.html
import pyarrow.dataset as ds
import pytest

from flows.review import highlight
from flows.review.site import build_site
from flows.steps import build as steps

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


# --- runs ---------------------------------------------------------------------------------

def test_runs_cover_the_text_and_keep_each_directive_and_theme():
    text = "会议强调，要坚持四个意识。要推进改革，落实四个意识。"
    directives = [highlight.Span(0, 13, 0), highlight.Span(13, 26, 1)]
    runs = highlight.runs(text, directives, highlight.mentions(text, ["四个意识"]))
    assert "".join(r.text for r in runs) == text
    for d in directives:
        assert "".join(r.text for r in runs if r.directive == d.index) == text[d.start:d.end]
    assert [r.opens for r in runs if r.directive is not None].count(True) == 2
    assert [r.text for r in runs if r.theme == 0] == ["四个意识", "四个意识"]


def test_a_theme_across_a_directive_boundary_is_cut_not_nested():
    text = "甲乙丙丁戊己"
    runs = highlight.runs(text, [highlight.Span(0, 3, 0)], [highlight.Span(2, 5, 0)])
    assert [(r.text, r.directive, r.theme) for r in runs] == [("甲乙", 0, None), ("丙", 0, 0), ("丁戊", None, 0),
                                                              ("己", None, None)]


def test_longer_themes_win_where_mentions_overlap():
    assert [(s.start, s.end, s.index) for s in highlight.mentions("五大发展理念", ["五大发展", "五大发展理念"])] == [(0, 6, 1)]


# --- the site -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory, raw_dir) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("review") / "out"
    steps.build_plain([str(raw_dir)], str(out))
    build_site(out)
    return out, out / "review"


def _directives(out: Path) -> dict[str, list[dict]]:
    by_report: dict[str, list[dict]] = {}
    for d in sorted(ds.dataset(str(out / "directives")).to_table().to_pylist(), key=lambda d: d["start"]):
        by_report.setdefault(d["report_id"], []).append(d)
    return by_report


def _marked(html: str) -> dict[int, tuple[int, str]]:
    """Directive index → (offset of its first run, its runs' text joined), from a report page."""
    found: dict[int, tuple[int, str]] = {}
    for el in lxml.html.fromstring(html).xpath('//*[@id="text"]//span[@data-d]'):
        d = int(el.get("data-d"))
        start, text = found.get(d, (int(el.get("data-start")), ""))
        found[d] = (start, text + el.text_content())
    return found


def test_the_site_has_an_index_a_page_per_report_themes_rejects_and_charts(site):
    out, root = site
    reports = ds.dataset(str(out / "reports")).to_table(columns=["report_id"]).to_pylist()
    assert {p.stem for p in (root / "reports").glob("*.html")} == {r["report_id"] for r in reports}
    for page in ("index.html", "themes.html", "rejects.html", "data/meetings.js", "review.js", "review.css"):
        assert (root / page).stat().st_size > 0, page
    for chart in ("meetings-per-year", "top-themes-by-year", "directives-by-area"):
        assert (root / "charts" / f"{chart}.png").read_bytes().startswith(b"\x89PNG")
        assert f'id="chart-{chart}"' in (root / "index.html").read_text(encoding="utf-8") or chart == "top-themes-by-year"
    assert "<svg" in (root / "themes.html").read_text(encoding="utf-8")


def test_every_directive_is_marked_at_its_offsets(site):
    out, root = site
    for report_id, directives in _directives(out).items():
        marked = _marked((root / "reports" / f"{report_id}.html").read_text(encoding="utf-8"))
        assert marked == {i: (d["start"], d["text"]) for i, d in enumerate(directives)}, report_id


def test_a_report_that_is_not_a_meeting_says_why(site):
    out, root = site
    others = [r for r in ds.dataset(str(out / "reports")).to_table().to_pylist() if not r["is_meeting_report"]]
    assert others, "the samples hold a report that is not a meeting's"
    page = lxml.html.fromstring((root / "reports" / f"{others[0]['report_id']}.html").read_text(encoding="utf-8"))
    assert page.xpath('//*[@id="why"]//li'), "no reasons given"


def test_review_of_a_folder_that_is_not_a_build_is_a_clear_error(tmp_path, capsys):
    from flows.cli import main

    assert main(["review", str(tmp_path)]) == 2
    assert "readouts build" in capsys.readouterr().err


HOSTILE = ("<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "</textarea><b>bold</b>")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A build of one meeting report whose title and text carry markup from the web (the text's
    as entities in the record's HTML, which the build decodes to the characters)."""
    import json

    src = tmp_path_factory.mktemp("hostile") / "raw"
    src.mkdir()
    text = ("<p>3月5日，县委召开常委会会议，研究部署春耕工作。</p><p>会议强调，要抓好春耕生产"
            "&lt;script&gt;alert('x')&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
            "&lt;/textarea&gt;&lt;b&gt;bold&lt;/b&gt;，确保粮食丰收。</p>")
    record = {"title": "县委召开常委会会议<script>alert('t')</script>", "content": text}
    (src / "a.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    out = src.parent / "out"
    steps.build_plain([str(src)], str(out))
    build_site(out)
    return out


def test_web_text_renders_as_text(hostile):
    root = hostile / "review"
    (report,) = ds.dataset(str(hostile / "reports")).to_table().to_pylist()
    assert all(h in report["text"] for h in HOSTILE), "the build kept the markup as text"
    html = (root / "reports" / f"{report['report_id']}.html").read_text(encoding="utf-8")
    page = lxml.html.fromstring(html)
    assert [s.get("src") for s in page.xpath("//script")] == ["../review.js", None]
    assert not page.xpath("//img") and not page.xpath("//textarea") and not page.xpath("//*[@id='text']//b")
    assert "<script>alert" in page.xpath('string(//*[@id="text"])')
    assert "</script>" not in (root / "data" / "meetings.js").read_text(encoding="utf-8").replace("<\\/", "")


# --- in a browser -------------------------------------------------------------------------

def _chromium(url: str, tmp_path: Path) -> tuple[str, str]:
    """The DOM after the page's scripts ran, and what the browser logged."""
    assert CHROMIUM, "the browser tests need Debian's chromium: sudo apt-get install chromium (make test does it)"
    result = subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
                             "--virtual-time-budget=5000", "--dump-dom", url],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, result.stderr


def _console(log: str) -> list[str]:
    return [line for line in log.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def test_in_a_browser_the_filters_change_the_rows_shown(site, tmp_path):
    out, root = site
    meetings = ds.dataset(str(out / "meetings")).to_table().to_pylist()
    index = (root / "index.html").as_uri()
    dom, log = _chromium(index, tmp_path)
    assert _console(log) == []
    rows = lxml.html.fromstring(dom).xpath('//table[@id="meetings"]/tbody/tr')
    assert len(rows) == len(meetings)
    level = sorted({m["level"] for m in meetings})[0]
    dom, log = _chromium(f"{index}#level={level}", tmp_path)
    shown = lxml.html.fromstring(dom).xpath('//table[@id="meetings"]/tbody/tr')
    assert len(shown) == sum(m["level"] == level for m in meetings) < len(meetings)
    assert {tr.xpath("string(td[2])") for tr in shown} == {level}
    assert _console(log) == []


def test_in_a_browser_every_directive_is_highlighted_at_its_offsets(site, tmp_path):
    out, root = site
    report_id, directives = max(_directives(out).items(), key=lambda kv: len(kv[1]))
    dom, log = _chromium((root / "reports" / f"{report_id}.html").as_uri(), tmp_path)
    assert _console(log) == []
    assert _marked(dom) == {i: (d["start"], d["text"]) for i, d in enumerate(directives)}
    page = lxml.html.fromstring(dom)
    assert len(page.xpath('//ol[@class="directives"]/li/a[@data-goto]')) == len(directives)
    assert all(page.xpath(f'//*[@id="d-{i}"]') for i in range(len(directives)))


def test_in_a_browser_web_text_stays_text(hostile, tmp_path):
    (report,) = ds.dataset(str(hostile / "reports")).to_table().to_pylist()
    dom, log = _chromium((hostile / "review" / "reports" / f"{report['report_id']}.html").as_uri(), tmp_path)
    assert _console(log) == []  # alert() never ran, no script error
    page = lxml.html.fromstring(dom)
    assert not page.xpath("//img") and not page.xpath("//textarea")
    assert "onerror=alert(1)" in page.xpath('string(//*[@id="text"])')
    dom, log = _chromium((hostile / "review" / "index.html").as_uri(), tmp_path)
    assert _console(log) == [] and "<script>alert" in lxml.html.fromstring(dom).xpath('string(//table[@id="meetings"])')


def test_in_a_browser_a_region_takes_in_its_prefectures_and_the_search_finds_places(site, tmp_path):
    out, root = site
    meetings = ds.dataset(str(out / "meetings")).to_table().to_pylist()
    province = next(m["province"] for m in meetings if m["province"])
    dom, log = _chromium(f"{(root / 'index.html').as_uri()}#region={province}", tmp_path)
    assert _console(log) == []
    shown = lxml.html.fromstring(dom).xpath('//table[@id="meetings"]/tbody/tr')
    assert len(shown) == sum(m["province"] == province for m in meetings) > 0
    dom, _ = _chromium(f"{(root / 'index.html').as_uri()}#q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E5%9C%B0%E6%96%B9", tmp_path)
    assert lxml.html.fromstring(dom).xpath('//table[@id="meetings"]/tbody/tr') == []  # 不存在的地方: nothing


def test_build_with_review_writes_the_site_and_says_where(prefect_harness, raw_dir, tmp_path, capsys):
    from flows.cli import main

    out = tmp_path / "out"
    assert main(["build", str(raw_dir), "--output", str(out), "--review", "--task-runner", "sequential"]) == 0
    said = capsys.readouterr().out
    assert f"review site → {(out / 'review' / 'index.html').resolve()}" in said
    assert (out / "review" / "index.html").is_file() and list((out / "review" / "reports").glob("*.html"))


def test_the_site_is_never_written_over_the_datasets(site, tmp_path):
    from flows.review.data import NotABuild

    out, _ = site
    for target in (out, out / "reports", out / "reports" / "sub"):
        with pytest.raises(NotABuild):
            build_site(out, target)
    assert list((out / "reports").glob("*.parquet")), "the reports dataset is intact"


def test_a_theme_with_dollar_signs_does_not_break_the_charts(tmp_path):
    from flows.review import charts
    from flows.review.data import Build

    build = Build(meetings=[{"meeting_id": "m1", "meeting_date": __import__("datetime").date(2020, 1, 2),
                             "level": "county", "meeting_type": "plenary_session"}], reports={},
                  themes={"r1": [{"text": "a$\\foo$b", "meeting_id": "m1", "kind": "document"}]},
                  directives={"r1": [{"meeting_id": "m1", "category": "$x$"}]})
    svgs = charts.all_charts(build, tmp_path)
    assert "a$\\foo$b" in svgs["top-themes-by-year"]
