"""Divisions named in a report, resolved in context to province, prefecture, county and GB/T 2260 code."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MUNICIPALITIES = {"11", "12", "31", "50"}
# longest first, so 新疆维吾尔自治区 is cut before 自治区 and 自治县 before 县
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗",
             "林区", "地区", "新区", "盟", "省", "市", "区", "县", "旗")
# short names that are also everyday words and would match everywhere
_STOP = {"城区", "新区", "郊区", "市中", "中心", "和平", "开发", "经济", "人民", "长安", "新华", "城关", "东区",
         "西区", "南区", "北区", "矿区", "白云", "平安", "永安", "安全", "民主", "光明", "文明", "青山", "红旗",
         "东方", "江南", "江北", "河口", "城中", "海港", "向阳", "长城", "普陀", "前进", "工农", "建设",
         "友好", "胜利", "铁西", "铁东", "中山", "新城", "高新", "东风", "和田", "宝山", "黄山", "通州", "泰山", "大厂",
         # words of every report that are also short names: 共同富裕, 乡村振兴, 民族复兴, 大方向
         "富裕", "振兴", "复兴", "共和", "新兴", "富民", "安宁", "长寿", "吉利", "太平", "大方", "和顺", "城东",
         "城西", "城南", "城北", "河东", "河西"}


# characters after which a short place name starts a word
_BOUNDARY = set("在于赴到至和与及、，,。；：:（(“《 \n\t\u3000全我本该原驻来据报社协共") | set("省市县区州")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    kind: str  # province, prefecture, county
    former: bool = False  # a name since changed (滦县, now 滦州市): older reports still use it

    @property
    def short(self) -> str:
        for suffix in _SUFFIXES:
            if self.name.endswith(suffix) and len(self.name) - len(suffix) >= 2:
                return self.name[: -len(suffix)]
        return self.name

    @property
    def level(self) -> str:
        return {"province": "provincial", "prefecture": "prefectural", "county": "county"}[self.kind]


@dataclass(frozen=True)
class Place:
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    admin_code: str | None = None
    level: str | None = None

    @property
    def path(self) -> str:
        """The name a body carries: 上海市嘉定区, 襄阳市襄州区, 阜城县, 武汉市, 河北省."""
        if self.county:
            if self.county.endswith("区") and self.admin_code and self.admin_code[:2] not in MUNICIPALITIES:
                return (self.prefecture or "") + self.county
            if self.admin_code and self.admin_code[:2] in MUNICIPALITIES:
                return (self.province or "") + self.county
            return self.county
        return self.prefecture or self.province or ""


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Every division of the bundled data file, current names first (see data/divisions.SOURCE.md)."""
    text = resources.files("flows.steps").joinpath("data/divisions.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()[1:] if line.strip()]
    return tuple(Division(code, name, kind, status == "former") for code, name, kind, status in rows)


@lru_cache(maxsize=1)
def table() -> dict[str, Division]:
    """Code → Division: the current name of each code, and former units whose code is not reused."""
    found: dict[str, Division] = {}
    for div in divisions():
        found.setdefault(div.code, div)
    return found


@lru_cache(maxsize=1)
def _index() -> tuple[re.Pattern, dict[str, list[Division]]]:
    names: dict[str, list[Division]] = {}
    for div in divisions():
        names.setdefault(div.name, []).append(div)
        if div.short != div.name and div.short not in _STOP:
            names.setdefault(div.short, []).append(div)
    for div in divisions():  # after the others, so that 海南 stays the province's, 恩施 the city's too
        for alias in _printed(div):
            if alias not in _STOP and alias not in names:
                names[alias] = [div]
    return re.compile(_trie(names)), names


# the 55 minority nationalities, as autonomous units name them
_NATIONALITIES = ("蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
                  "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 "
                  "德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺").split()
_AUTONOMOUS = re.compile(r"^([\u4e00-\u9fff]{2,}?)(?:(?:%s)族?)+自治(州|县|旗)$"
                         % "|".join(sorted(_NATIONALITIES, key=len, reverse=True)))


def _autonomous(name: str) -> tuple[str, ...]:
    """How an autonomous unit is called in print: 恩施土家族苗族自治州 → 恩施州, 恩施; 长阳土家族自治县 → 长阳县."""
    m = _AUTONOMOUS.match(name)
    return (m.group(1) + m.group(2), m.group(1)) if m else ()


# Inner Mongolia's banners as their own papers print them: 科尔沁右翼前旗 → 科右前旗, 乌拉特前旗 → 乌前旗
_BANNERS = [(re.compile(r"^(.)[^左右]*([左右])翼([前中后])旗$"), r"\1\2\3旗"),
            (re.compile(r"^(.)[^左右前中后]+([前中后左右])旗$"), r"\1\2旗"),
            (re.compile(r"^([东西])(.)[^旗]{2,}旗$"), r"\1\2旗")]
_BANNER_NAMES = {"达尔罕茂明安联合旗": "达茂旗", "莫力达瓦达斡尔族自治旗": "莫旗", "鄂温克族自治旗": "鄂温克旗",
                 "鄂伦春自治旗": "鄂伦春旗", "陈巴尔虎旗": "陈旗"}


def _printed(div: Division) -> tuple[str, ...]:
    """Names a unit goes by in print besides its own and its short form: 恩施州, 科右前旗."""
    found = list(_autonomous(div.name))
    if div.name.endswith("旗") and div.code.startswith("15"):
        found += [p.sub(r, div.name) for p, r in _BANNERS if p.match(div.name)]
        found += [_BANNER_NAMES[div.name]] if div.name in _BANNER_NAMES else []
    return tuple(dict.fromkeys(n for n in found if n != div.name))


_PRINTED_ENDS = ("州", "旗", "县")  # a printed name with its organ's ending stands as a word: 中共科右前旗委


def _trie(words: Iterable[str]) -> str:
    """One regex for many names, their common prefixes shared (县委 and 县政府 under 县), so it
    finds what the plain alternation longest-first finds — the longest name starting at each
    place — without trying thousands of alternatives at every character."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{'|'.join(branches)})"
        return f"{body}?" if ends else body

    return pattern(root)


@lru_cache(maxsize=256)
def mentions(text: str) -> tuple[tuple[int, str, tuple[Division, ...]], ...]:
    """(offset, matched name, candidate divisions) for each division name in the text (cached: the
    same report text is scanned for the phrase, the context and the votes)."""
    pattern, names = _index()
    found = []
    for m in pattern.finditer(text):
        name, cands = m.group(), names[m.group()]
        if len(name) <= 2 or all(name != d.name for d in cands) and not name.endswith(_PRINTED_ENDS):
            # a short name must stand as a word: 在襄州见效, 来源:某县融媒; not 国土资源, 会议和县政府
            if m.start() > 0 and text[m.start() - 1] not in _BOUNDARY:
                continue
        found.append((m.start(), name, tuple(cands)))
    return tuple(found)


def _parents(div: Division) -> Place:
    t = table()
    prov = t.get(div.code[:2] + "0000")
    pref = t.get(div.code[:4] + "00") if div.kind == "county" and div.code[:2] not in MUNICIPALITIES else None
    if div.kind == "province":
        return Place(div.name, None, None, div.code, "provincial")
    if div.kind == "prefecture":
        return Place(prov.name if prov else None, div.name, None, div.code, "prefectural")
    return Place(prov.name if prov else None, pref.name if pref else None, div.name, div.code, "county")


def _support(text: str) -> Counter:
    """How strongly the text points at each province and prefecture code prefix."""
    votes: Counter = Counter()
    for _, _, cands in mentions(text):
        for div in cands:
            weight = 1.0 / len(cands)
            votes[div.code[:2]] += weight
            votes[div.code[:4]] += weight
    return votes


def _pick(cands: tuple[Division, ...] | list[Division], votes: Counter) -> Division:
    return max(cands, key=lambda d: (votes[d.code[:4]], votes[d.code[:2]], d.kind == "county", not d.former,
                                     -int(d.code)))


OUTLET_WEIGHT = 3  # a bare 市委 on 乐清网 is 乐清's, whatever superiors the text names


def resolve(phrase: str, context: str, want: str | None = None, others: frozenset[str] = frozenset(),
            outlet: str = "") -> Place | None:
    """The most specific division named in phrase (or, failing that, of kind `want` in context).

    `want` is 'district' for 区委, 'county' for 县委/旗委, 'city' for 市委 (prefecture or
    county-level city), 'prefecture' for 州委/盟委/地委, 'province' for 省委/自治区党委, 'town' for
    the county-level unit above a township.
    Ambiguous names (朝阳区) are settled by the other names in the context (北京 or 长春). Names
    in `others` are another body's (安庆市委十一届 beside a 市委十四届 that met) and not its place.
    """
    votes = _support(context) + _support(phrase) + _support(phrase)
    found = [(_pick(c, votes), name) for _, name, c in mentions(phrase)]
    if found:
        return _parents(max(found, key=lambda f: ("province", "prefecture", "county").index(f[0].kind))[0])
    if want is None:
        return None
    if want == "province":  # 我省 with 烟台、日照、临沂: the province most of the names belong to
        provinces = [(votes[code[:2]], code) for code, d in table().items() if d.kind == "province" and votes[code[:2]] > 0]
        return _parents(table()[max(provinces)[1]]) if provinces else None
    counts: Counter = Counter()
    chosen: dict[str, Division] = {}
    for weight, text in ((1, context), (OUTLET_WEIGHT - 1, outlet)):  # the outlet is in the context too
        for _, name, cands in mentions(text) if text else ():
            if name in others:
                continue
            fits = [d for d in cands if _fits(d, name, want)]
            if fits:
                div = _pick(fits, votes)
                counts[div.code] += weight * (1 + len(name) / 10)
                chosen[div.code] = div
    if not counts:
        return None
    return _parents(chosen[counts.most_common(1)[0][0]])


def _fits(div: Division, name: str, want: str) -> bool:
    if want == "province":
        return div.kind == "province"
    if want == "city":
        return div.name.endswith("市") and (div.kind == "prefecture" or div.kind == "county")
    if want == "prefecture":
        return div.kind == "prefecture"
    if want == "district":
        return div.kind == "county" and div.name.endswith("区")
    if want == "county":
        return div.kind == "county" and div.name.endswith(("县", "旗"))
    if want == "town":  # the county, district or county-level city above a township
        return div.kind == "county"
    return True


@lru_cache(maxsize=1)
def _towns() -> dict[str, tuple[str, ...]]:
    """Township name → codes of the counties that have one of that name (data/towns.tsv)."""
    text = resources.files("flows.steps").joinpath("data/towns.tsv").read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    for line in text.splitlines()[1:]:
        county, _, name = line.partition("\t")
        found.setdefault(name, []).append(county)
    return {name: tuple(codes) for name, codes in found.items()}


def town_place(town: str, context: str) -> Place | None:
    """The county of a township, when the context settles which of the towns of that name it is:
    its county named (灌阳县), else its prefecture, else its province. Never from the name alone:
    a town the table lacks (one in a development zone) would take another's place."""
    codes = [c for c in _towns().get(town, ()) if c in table()]
    if not codes:
        return None
    named = {d.code for _, _, cands in mentions(context) for d in cands}
    votes = _support(context)
    for tier in ([c for c in codes if c in named], [c for c in codes if votes[c[:4]] > 0],
                 [c for c in codes if votes[c[:2]] > 0]):
        if tier:
            return _parents(table()[tier[0]]) if len(tier) == 1 else None
    return None
