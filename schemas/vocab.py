"""Closed vocabularies: meeting types, bodies, levels, policy areas, formats, reject reasons."""
from typing import Literal, get_args

MeetingType = Literal[
    "plenary_session", "standing_committee", "politburo", "politburo_standing_committee",
    "study_session", "party_congress", "congress_session", "congress_standing_committee",
    "cppcc_session", "government_executive", "government_plenary", "commission",
    "work_conference", "other_meeting",
]
Body = Literal["party", "government", "congress", "cppcc", "discipline", "other"]
Level = Literal["central", "provincial", "prefectural", "county", "township", "unknown"]
PolicyArea = Literal[
    "economy", "innovation", "industry", "urban_rural", "livelihood", "culture", "ecology",
    "governance", "safety", "party_building", "pandemic", "foreign_affairs", "other",
]
ThemeKind = Literal["slogan", "document", "numbered"]
Format = Literal["txt", "md", "html", "json", "jsonl"]
Stage = Literal["read", "decode", "parse", "validate"]
RejectReason = Literal[
    "empty", "binary", "undecodable", "too_large", "invalid_json", "no_text", "schema",
    "unreadable", "broken_link", "link_loop", "not_a_file",
]

MEETING_TYPES: tuple[str, ...] = get_args(MeetingType)
BODIES: tuple[str, ...] = get_args(Body)
LEVELS: tuple[str, ...] = get_args(Level)
POLICY_AREAS: tuple[str, ...] = get_args(PolicyArea)
