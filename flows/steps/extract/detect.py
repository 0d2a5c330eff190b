"""Is this a meeting report? One decision, with the evidence for and against it in words.

A report is a meeting report when its headline or lead tells that a body held a meeting: an event
verb (召开, 举行, 闭幕, 主持…会议) with a meeting noun, in the title or the first sentence of one
of the first paragraphs that carry the news. The evidence against comes in two strengths:

- the whole report is about something else, and the decision stops there: a publication or a
  commentary (《求是》发表…, 评论员), a news digest (快讯, 要闻), a press conference or briefing
  held about a meeting, cadres watching a broadcast of one, rules promulgated after one;
- one lead sentence does not count, and the next is read: a meeting still to come (将于…召开),
  a meeting named in passing (召开的…, 据了解…), a visit or tour (调研, 会见) that is not a meeting.

`decide` returns the decision, the sentence it rests on and the reasons, so a reader (and the
review site) can follow it; each rule has a test in tests/test_detect.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flows.steps.extract import meeting
from flows.steps.segment import Span

# the whole report is about something else
PRESS = re.compile(r"(?:召开|举行|举办)[^，。]{0,40}?(?:新闻发布会|发布会|新闻通气会|通气会|吹风会|记者会|见面会)")
WATCHING = re.compile(r"收听收看|收看|收听|观看|直播")
PROMULGATION = re.compile(r"现予(?:公布|发布|印发)|予以公布|现将.{0,20}印发|现?印发给你们|自.{2,12}起施行"
                          r"|现将[^。]{0,60}(?:全文)?(?:刊发|刊登|公布|发布)如下|全文(?:刊发|刊登)如下")
# one lead sentence does not count
# 收看党的二十大开幕会盛况, 观看全国两会直播: the headline of a broadcast watched
WATCHED = re.compile(r"(?:收听收看|收看|收听|观看)[^，。]{0,30}?(?:会|开幕|闭幕|盛况|直播|[一二三四五六七八九十]大)")
# 本报评论员 as a line of its own, or the deck of a series: ——一论学习贯彻市委全会精神
COMMENTARY = re.compile(r"^(?:本报|本刊|本台)?(?:特约)?评论员|^社论|^短评|(?m:^(?:本报|本刊|本台)?(?:特约)?评论员\s*$)"
                        r"|(?m:^——[一二三四五六七八九十]?论)")
# 专访某某：…, 对话…: an interview about a meeting, not its report
INTERVIEW = re.compile(r"(?:[【\[][^】\]]{0,6}[】\]])?\s*(?:独家)?(?:专访|访谈|对话|面对面|答记者问)")
# 在省委经济工作会议上的讲话: the speech itself, published whole
SPEECH_TEXT = re.compile(r"^(?:[\u4e00-\u9fff·]{2,5}[:：]\s*)?在[^，。]{2,40}(?:会议|大会|全会|座谈会|学习会)(?:上|开幕会上|闭幕会上)的(?:重要)?讲话")
# 我县各地各部门迅速传达学习全会精神: a roundup of many units' follow-up
ROUNDUP = re.compile(r"(?:各地各部门|各[\u4e00-\u9fff]{1,5}?(?:地|部门|单位|乡镇|苏木镇|镇|街道|系统|界|党组织|县市区|区县))[^，。]{0,12}?"
                     r"(?:传达学习|学习贯彻|学习宣传|迅速|掀起|热议|落实)")
# a 宣讲团 lecturing on a plenum's spirit: 县委宣讲团…宣讲报告会在某镇举行
LECTURE = re.compile(r"宣讲(?:报告)?会")
BACKGROUND = re.compile(r"^(?:据了解|据悉|据介绍|此前|另悉|又讯)")


@dataclass(frozen=True)
class Decision:
    """Whether a report tells of a meeting, the event it rests on, and why."""

    is_meeting: bool
    event: meeting.Event | None
    reasons: tuple[str, ...]


def decide(text: str, title: str | None) -> Decision:
    """Weigh the headline and the lead; the first sentence that tells of a meeting held decides."""
    against = _title_against(text, title)
    if against:
        return Decision(False, None, (against,))
    reasons: list[str] = []
    leads = meeting.lead_sentences(text, title, limit=3, per_paragraph=1)
    for sent in [s for s in leads if s.start >= 0] + [s for s in leads if s.start < 0]:
        verdict, why = _sentence(sent)
        if why:
            reasons.append(why)
        if verdict == "stop":
            return Decision(False, None, tuple(reasons))
        if isinstance(verdict, meeting.Event):
            return Decision(True, verdict, tuple(reasons))
    return Decision(False, None, tuple(reasons) or ("no sentence of the headline or lead tells of a meeting held",))


def _title_against(text: str, title: str | None) -> str | None:
    """A reason from the headline or the first words that the report is not a meeting's."""
    if title and meeting.PUBLICATION.search(title) and not meeting.HELD.search(title):
        return f"the headline announces a publication or notice: {title}"
    if COMMENTARY.search(text[:200]):
        return "the text is a commentary"
    if text.lstrip().startswith("编者按") and PROMULGATION.search(text[:400]):
        return "an editor's note introduces a text published whole (现将…全文刊发如下)"
    if title and meeting.DIGEST_TITLE.search(title):
        return f"the headline is a news digest: {title}"
    if title and re.match(r"(?:本报|本刊)?(?:特约)?评论员|社论|短评|时评|述评", title):
        return f"the headline is a commentary's: {title}"
    if title and INTERVIEW.match(title):
        return f"the headline is an interview's: {title}"
    if title and SPEECH_TEXT.search(title):
        return f"the headline is a speech's text, not a report of the meeting: {title}"
    if title and ROUNDUP.search(title) and not meeting.HELD.search(title):
        return f"the headline rounds up how many units took up a meeting, not one meeting held: {title}"
    if title and WATCHED.search(title):
        return f"the headline tells of a broadcast watched, not a meeting held: {title}"
    return None


def _sentence(sent: Span) -> tuple[meeting.Event | str | None, str | None]:
    """(an Event, "stop" or None; the reason) for one lead sentence."""
    clause = meeting.strip_dateline(sent.text)
    held = meeting.HELD.search(clause)
    if PRESS.search(clause):
        return "stop", f"the lead tells of a press conference: {_quote(clause)}"
    if held and WATCHING.search(clause[:held.start()]):
        return "stop", f"the lead tells of a broadcast watched, not a meeting held: {_quote(clause)}"
    if held and (LECTURE.search(clause) or "宣讲团" in clause[:held.start()]):  # not 邀请…宣讲团成员作辅导
        return "stop", f"the lead tells of a lecture on a meeting's spirit, not a meeting: {_quote(clause)}"
    if PROMULGATION.search(clause):
        return "stop", f"the lead promulgates a text adopted elsewhere: {_quote(clause)}"
    if not held:
        return None, None
    if BACKGROUND.search(clause):
        return None, f"a meeting mentioned as background: {_quote(clause)}"
    if meeting.FUTURE.search(clause[: held.end()]):
        return None, f"a meeting still to come: {_quote(clause)}"
    if meeting.DIGEST.search(clause[: held.start()]):
        return None, f"a digest line: {_quote(clause)}"
    before_held = clause[: held.start()]
    if meeting.NOT_MEETING.search(before_held) and not meeting.MEETING_NOUN.search(before_held):
        return None, f"a visit, tour or publication, not a meeting: {_quote(clause)}"
    if not meeting.meeting_noun(clause):
        return None, None
    event = meeting.event_of(sent, clause, held)
    return event, f"the lead tells of a meeting held: {_quote(event.phrase)}"


def _quote(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
