"""Compiled patterns and keyword tables for cleaning: noise lines, metadata lines, pinyin, bylines."""
from __future__ import annotations

import re

# "本篇文章1897字,读完约5分钟" headers of aggregator sites
READING_HEADER = re.compile(r"^本篇文章\s*\d+\s*字.{0,4}读完约\s*\d+\s*分钟$")
# footers and header fields that are metadata: "来源:上海热线新闻网", "标题:…", "地址:http…"
META_FIELD = re.compile(r"^(?P<key>来源|稿源|出处|标题|地址|原文地址|链接|发布时间|发布日期|刊发日期|更新时间|内容更新时间|日期)\s*[:：]\s*(?P<value>.*)$")
# one-line page headers packing several fields: "来源:某县融媒 | 作者:admin | 发布时间: 2020-03-11 | 203 次浏览"
FIELD_ROW = re.compile(r"(?:来源|作者|编辑|发布时间|发布日期|刊发日期|浏览|点击|阅读次数|字号|分享到|更新时间)\s*[:：]?")
NOISE = re.compile(
    r"^(?:当前位置|您的位置|首页|返回|打印|关闭|分享|分享到|收藏|上一篇|下一篇|推荐阅读|相关阅读|相关新闻|友情链接|"
    r"责任编辑|责编|编辑|作者|编审|审核|审稿|校对|撰稿|摄影|图片来源|记者|全媒体记者|通讯员|主办|承办|版权|网站地图)"
    r"(?:\s*[:：>|].*)?$"
)
NOISE_ANYWHERE = re.compile(
    r"ICP备|版权所有|举报电话|违法和不良信息|联系我们|放大\s*缩小|上一篇\s*下一篇|>>|未经许可.{0,20}转载|获得书面确认|标题导航|^第[A-Z]?\d+版"
    # a portal's reprint disclaimer: 新浪声明：此消息系转载自…出于传递更多信息之目的
    r"|^[\u4e00-\u9fff]{2,6}声明[:：]|传递更多信息之目的|不代表本(?:网|站|平台)(?:的)?观点"
)
# a line of an archive bot: "dropod/issues · issue #1314 · open"
# the outlet named inside a header row: 内容更新时间:2020-03-11 08:00来源:某某日报
SOURCE_IN_LINE = re.compile(r"来源\s*[:：]\s*([^\s|｜]+)")
DOTTED_ROW = re.compile(r"\S\s·\s\S.*\s·\s")
URL = re.compile(r"https?://[^\s)\]>\"'，。]+")
SOURCE_URL_LINE = re.compile(r"^>?\s*(?:source|原文|原文链接|来源链接)\s*[:：]\s*\[?(https?://[^\s\])]+)", re.I)
# pinyin glosses after characters on mirror sites: 會(huì)議, 區(qū)
PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zA-Zàáâãäāăǎèéêëēěìíîïīǐòóôõöōǒùúûüūǔǖǘǚǜńňǹḿ]{1,7}[)）]")
# bylines closing an article or a paragraph: "(首席记者 熊浩)", "（朱亚旭 李得胜）", "(撰稿人:邓亮 审稿人:何宏偉)"
BYLINE = re.compile(r"[(（](?:[^()（）。，,]{0,12}(?:记者|撰稿|审稿|编辑|责编|通讯员|文[:：]|来源[:：])[^()（）。]{0,30}|[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})+)[)）]$")
# several paragraphs flattened into one line by a scraper: breaks at runs of ideographic spaces
PARA_BREAK = re.compile(r"\u3000{2,}| {4,}|(?<=[。！？”])[ \t\u3000]+(?=[\u4e00-\u9fff“《（(])")
SENTENCE_END = "。！？!?"
