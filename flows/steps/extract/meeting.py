"""The meeting a report is about: its event sentence, type, convening body, level, term and session."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flows.steps.extract.numerals import NUMERAL, to_int
from flows.steps.segment import Span, paragraphs, sentences

N = rf"(?:\d{{1,3}}|[{NUMERAL}]{{1,4}})"
# what makes a sentence say a meeting took place: 召开, 举行, 开幕, 闭幕; 进行第十一次集体学习;
# 主持召开; 参加…民主生活会 (a leader joins a provincial standing committee's meeting)
# not 关于召开… (an announcement) and not 日前召开的省委全会 (a meeting mentioned in passing)
HELD = re.compile(r"(?<!关于)(?:召开|举行|开幕|闭幕|闭会)(?!的)|(?:进行|开展)[^，。]{0,12}?(?:集体学习|集中学习)"
                  r"|主持[^，。]{0,24}?集体学习"
                  r"|参加.{0,40}(?:民主生活会|会议)"
                  # 县委书记主持县委常委会会议，传达… (no 召开)
                  r"|主持(?:[^，。]{0,24}?)(?:常委会|常务会议|全体会议|全会|会议)(?!精神|上|时)"
                  # 4月12日，市委常委会会议传达学习… / 省政府常务会议研究部署…
                  r"|(?:常委会|常务会议|全体会议|全会|会议)(?:[^，。]{0,4}?)(?:传达|研究|审议|听取|部署|讨论)")
# a digest of the day's news: 今日最重大的新闻，是…主持…会议; 经济: 国务院常务会议研究…；…
DIGEST = re.compile(r"新闻|头条|要闻|速览|一周|回顾|^[\u4e00-\u9fff/]{2,6}[:：]")
DIGEST_TITLE = re.compile(r"头条|要闻|速览|早报|晚报|一周|盘点|综述|回眸|简讯|快讯|早知道|早班车|速递|一览|简报")
FUTURE = re.compile(r"(?:将于|定于|将在|拟于|决定.{0,20})(?:[^。，,]{0,30})?(?:召开|举行|开幕|闭幕)")
MEETING_NOUN = re.compile(r"全体会议|中全会|全会|全委(?:（扩大）|\(扩大\)|扩大)?会|常委(?:（扩大）|\(扩大\)|扩大)?会|常务会议|会议|党(?:工)?委会|集体学习|集中学习|学习(?:（扩大）|\(扩大\)|扩大)?会|民主生活会|大会|调度会|座谈会")
# a meeting noun that names an office or a room, not a meeting: 人大常委会主任, 常委会委员, 会议室
OFFICE = re.compile(r"主任|副主任|委员(?!会)|秘书长|党组|组成人员|办公|机关|室|中心|大厦|厅")


def meeting_noun(text: str, pos: int = 0) -> re.Match | None:
    """The first meeting noun at or after pos that names a meeting."""
    for m in MEETING_NOUN.finditer(text, pos):
        if not OFFICE.match(text, m.end()):
            return m
    return None


# a lead that reports on something else: a visit, a tour, a publication, a data release
NOT_MEETING = re.compile(r"调研|考察|视察|看望|慰问|会见|会晤|出版|发表.{0,10}文章|宣讲|发布.{0,10}(?:数据|公报|报告)|通报.{0,6}数据")

PUBLICATION = re.compile(r"《求是》|杂志发表|发表.{0,12}(?:文章|署名)|出版发行|刊发.{0,10}文章|评论员|社论|短评|时评|公告$|通知$")
# (meeting_type, pattern) in priority order: the first that matches the event phrase wins
TYPES: list[tuple[str, re.Pattern]] = [
    ("politburo_standing_committee", re.compile(r"政治局常(?:务委员|委)会")),
    ("study_session", re.compile(r"集体学习|中心组.{0,12}学习|学习(?:（扩大）|\(扩大\))?会(?!议)")),
    ("politburo", re.compile(r"政治局(?:.{0,12}召开会议|会议)|中央政治局.{0,10}召开")),
    # a 党组's meeting, not its body's session: 政协党组（扩大）会议, 人大常委会党组召开会议
    ("other_meeting", re.compile(r"党组(?:（扩大）|\(扩大\))?(?:会议|会(?!议))(?!暨)"
                                 r"|党组(?:召开|举行)(?:了)?(?:（扩大）|\(扩大\)|扩大)?(?:会议|会(?!议))")),
    ("congress_standing_committee", re.compile(r"人大常委会|人民代表大会常务委员会")),
    ("cppcc_session", re.compile(r"政协|政治协商会议")),
    ("congress_session", re.compile(r"人民代表大会|人大.{0,8}次会议|人代会")),
    ("government_plenary", re.compile(r"(?:政府|国务院).{0,10}全体(?:（扩大）|\(扩大\))?会议")),
    ("government_executive", re.compile(r"常务会议")),
    ("standing_committee", re.compile(r"常委(?:（扩大）|\(扩大\)|扩大)?会|常委会议|常务委员会|常委班子")),
    ("commission", re.compile(r"领导小组.{0,12}会议|(?:深化改革|财经|网络安全和信息化|网信|外事工作|国家安全|规划建设|审计|依法治)[^。，]{0,8}委员会.{0,12}会议")),
    ("plenary_session", re.compile(r"全体(?:（扩大）|\(扩大\))?会议|中全会|全会|全委(?:（扩大）|\(扩大\)|扩大)?会")),
    ("party_congress", re.compile(r"代表大会|党代会")),
    ("work_conference", re.compile(r"工作会议|动员大会|推进会|部署会|电视电话会")),
]

TERM = re.compile(rf"(?<![新本上下每换])第?({N})届")
# what a meeting studies is not its name: 学习贯彻省委全会精神
STUDIED_PART = re.compile(r"(?:传达|学习|贯彻|落实|学习贯彻|深入学习)[^，。]{0,40}?精神")
SESSION = re.compile(rf"第?({N})次(?=[^，。,]{{0,10}}?(?:会议|全会|全体会议|常委会|集体学习|集中学习|学习|主席会议|常务会议|全委|代表大会|党代会))|({N})中全会")


@dataclass
class Event:
    """The sentence that says the meeting took place, and what it names."""

    sentence: Span
    phrase: str           # the meeting's name: from the sentence start through the meeting noun
    clause: str           # the whole sentence without its dateline: who convened, where
    meeting_type: str
    term: int | None
    session: int | None


_DATELINE = re.compile(r"^[（(][^（）()]{2,20}?(?:报道|讯|电)[）)]\s*"  # (星岛日报报道)
                       r"|^[^，。：:]{0,30}?(?:消息|讯)\s*(?:[（(][^）)]{0,20}[）)])?\s*[:：]?\s*"
                       r"|^[^，。：:]{0,20}?\d{1,2}日电\s*")


def strip_dateline(text: str) -> str:
    """央视网消息（新闻联播）：, 某台消息(新闻联播)：, 本报讯(记者某某), 新华社北京3月8日电 — gone."""
    return _DATELINE.sub("", text, count=1)


def lead_sentences(text: str, title: str | None, limit: int = 4, per_paragraph: int = 3) -> list[Span]:
    """The title and the first sentences of the first paragraphs that carry the news."""
    out = [Span(-1, -1, title)] if title else []
    used = 0
    for para in paragraphs(text):
        if len(para.text) < 12 or (len(para.text) < 30 and para.text.endswith(("：", ":"))):
            continue
        if not re.search(r"[。！？]", para.text) and len(para.text) < 100 or re.fullmatch(r"[（(][^（）()]*[）)]", para.text):
            continue  # a headline, a deck line or （…通过）
        out.extend(sentences(para)[:per_paragraph])
        used += 1
        if used >= limit:
            break
    return out


def find_event(text: str, title: str | None) -> Event | None:
    """The event a meeting report rests on; None when detect.decide finds the report is not one."""
    from flows.steps.extract.detect import decide

    return decide(text, title).event


def event_of(sent: Span, clause: str, held: re.Match) -> Event:
    """The meeting a lead sentence tells of: its name, type, term and session."""
    phrase = _phrase(clause, held)
    named = STUDIED_PART.sub("", phrase)
    mtype = next((t for t, p in TYPES if p.search(named)), "other_meeting")
    term, session = term_session(phrase)
    return Event(sent, phrase, clause, mtype, term, session)


_VENUE = re.compile(r"(?:[（(]扩大[)）])?(?:在[^，。,]{1,20})?")


def start_of_subject(clause: str, held: re.Match) -> int | None:
    """Where the meeting named as the verb's subject starts (…，省六届人大常委会第六次会议在海口闭会),
    when a later clause names it so and nothing after the verb names another."""
    start = max(clause.rfind(c, 0, held.start()) for c in "，,；;") + 1
    after = re.split(r"[，,。；;]", clause[held.end():], maxsplit=1)[0]  # 召开第二十二次会议: named after the verb
    if start == 0 or meeting_noun(after):
        return None
    for m in MEETING_NOUN.finditer(clause, start, held.start()):
        if not OFFICE.match(clause, m.end()) and _VENUE.fullmatch(clause, m.end(), held.start()):
            return start
    return None


def _phrase(clause: str, held: re.Match | None = None) -> str:
    """The meeting's name: the subject of the verb when the meeting is named just before it
    (…第六次会议在海口闭会); after 主持召开 when a person convenes it; else from the clause start,
    through the meeting noun and up to the next comma."""
    if held is not None and (start := start_of_subject(clause, held)) is not None:
        subject = re.sub(r"^在[^，。]{1,30}?(?:举行|召开)的", "", clause[start:held.start()])  # 在京举行的…会议闭幕会上
        return subject.split("在")[0]
    host = re.search(r"主持召开|主持|参加", clause)
    first_noun = meeting_noun(clause)
    if host and host.start() < first_noun.start() and meeting_noun(clause, host.end()):
        clause = clause[host.end():]
    noun = meeting_noun(clause)
    cut = re.search(r"[，,；。]", clause[noun.end():])
    return clause[: noun.end() + (cut.start() if cut else len(clause))]


def term_session(phrase: str) -> tuple[int | None, int | None]:
    """届 and 次 (or 中全会) ordinals of the meeting named in the phrase."""
    phrase = STUDIED_PART.sub("", phrase)
    term_m = TERM.search(phrase)
    tail = phrase[term_m.end():] if term_m else phrase
    direct = re.search(rf"^[^，。]{{0,16}}?({N})次", tail) if term_m else None  # 九届十五次全会, 五届104次
    sess_m = SESSION.search(tail)
    session = None
    if sess_m:
        session = to_int(sess_m.group(1) or sess_m.group(2))
    elif direct:
        session = to_int(direct.group(1))
    term = to_int(term_m.group(1)) if term_m else None
    if term is None and sess_m and sess_m.group(1) and re.match(r"(?:全国)?(?:党代会|代表大会|党员代表大会)", tail[sess_m.end():]):
        # 第十五次党代会: the congress's own number stands for its 届; 第十五次代表大会第三次会议: and its session
        again = re.match(rf"(?:全国)?(?:党代会|代表大会|党员代表大会)第({N})次会议", tail[sess_m.end():])
        return session, to_int(again.group(1)) if again else None
    return term, session
