"""Crisis resources per country, from ``data/content/crisis_resources.yml``."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.content.loader import content_path, load_yaml
from bot.content.wording import wording

# Where the IANA tz database's zone.tab (time zone -> the country it belongs to) lies: in the tzdata package, else
# in pytz (the Rasa environment), else in the system's database.
ZONE_TABLES = (("tzdata", "zoneinfo/zone.tab"), ("pytz", "zoneinfo/zone.tab"))
SYSTEM_ZONE_TABLE = Path("/usr/share/zoneinfo/zone.tab")


@dataclass(frozen=True)
class Resource:
    id: str
    name: str
    phone: str | None
    text: str | None
    hours: str
    url: str
    serves: tuple[str, ...]
    source: str
    checked_on: dt.date
    needs_verification: bool = False
    # kinds of crisis for which this line, one for children and young people, is named first to someone who has
    # said they are a child ("im 14"): a line for young people whatever is wrong, not one for abuse only
    young_people: tuple[str, ...] = ()


# A kind that few countries have a line of its own for: where the country has none, the line for the kind it
# is part of (sexual assault: the line for abuse), before the general crisis line.
FALLS_BACK_TO: dict[str, tuple[str, ...]] = {"sexual_assault": ("abuse",)}


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...]
    emergency: str
    resources: tuple[Resource, ...]
    # States, provinces and territories: named alone ("I'm in Ontario") or after a town ("London, Ontario").
    regions: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the country is known by here: its aliases and its regions."""
        return self.aliases + self.regions

    def resource_for(self, category: str) -> Resource:
        """The first resource that serves ``category`` and has a phone number (else the kind it falls back to,
        else ``general``)."""
        for wanted in (category, *FALLS_BACK_TO.get(category, ()), "general"):
            for resource in self.resources:
                if wanted in resource.serves and resource.phone:
                    return resource
        return self.resources[0]

    def text_option_for(self, category: str) -> str:
        """A text or chat alternative for ``category``: the shown resource's own, else another's, named ("text START
        to 88788, or chat at thehotline.org (National Domestic Violence Hotline)" after RAINN's number: red team
        rt23 read it as RAINN's own)."""
        primary = self.resource_for(category)
        if primary.text:
            return primary.text
        for wanted in (category, *FALLS_BACK_TO.get(category, ()), "general"):
            for resource in self.resources:
                if resource.text and wanted in resource.serves:
                    return str(wording("crisis_lines", "other_service_text")).format(text=resource.text,
                                                                                     service=resource.name)
        return f"visit {primary.url}"


@dataclass(frozen=True)
class CrisisDirectory:
    default_country: str
    countries: dict[str, Country]
    # Countries the directory lists no line for, by the emergency number that is theirs for certain: "112"
    # for the EU's members (crisis_resources.yml: other_countries).
    emergency_elsewhere: dict[str, str] = field(default_factory=dict)
    unlisted_emergency: str = ""
    # Forms of countries' names that no list of names has ("w Polsce": Polish says "in Poland" so).
    inflected_names: dict[str, str] = field(default_factory=dict)
    # Territories with codes of their own whose lines are another country's (Guam, GU: the US's 911 and 988).
    served_by: dict[str, str] = field(default_factory=dict)
    # mention_patterns, made once for each set of other names (there are thousands)
    _compiled: dict[tuple[tuple[str, str], ...], list[tuple[PlacePattern, str]]] = field(
        default_factory=dict, init=False, compare=False, repr=False)

    def country(self, code: str | None) -> Country:
        """The country for an ISO code; unknown codes get the international fallback, with the emergency
        number of that country when it is known for certain ("112" in Germany), never another's."""
        code = (code or "").upper()
        code = self.served_by.get(code, code)
        listed = self.countries.get(code)
        if listed:
            return listed
        fallback = self.countries[self.default_country]
        if not code or not self.unlisted_emergency:
            return fallback
        return replace(fallback, emergency=self.emergency_elsewhere.get(code, self.unlisted_emergency))

    def shown_codes(self) -> set[str]:
        """The codes whose crisis lines can be shown: the listed countries, and the unlisted ones whose
        emergency number is known for certain (Italy: the international lines with 112)."""
        return set(self.countries) | set(self.emergency_elsewhere) | set(self.served_by)

    def find_country_mention(self, text: str, other_names: dict[str, str] | None = None) -> str | None:
        """ISO code of a country the user says they are in ("I'm in Ireland", "I live in the UK", "my country
        is Australia"). ``other_names`` (lower-case name -> code) adds countries the directory does not list
        ("I live in Germany" -> DE, which gets the international fallback, never another country's lines)."""
        return find_mention(self.mention_patterns(other_names), text)

    def place_names(self, other_names: dict[str, str] | None = None) -> dict[str, str]:
        """Every name of a place (lower case) -> its code: the directory's aliases and regions first, then
        ``other_names``."""
        own = {name: code for code, country in self.countries.items() for name in country.names}
        return {**(other_names or {}), **own}

    def mention_patterns(self, other_names: dict[str, str] | None = None) -> list[tuple[PlacePattern, str]]:
        """The patterns ``find_mention`` tries, in order: the directory's aliases, longest first, then
        ``other_names`` (other countries' names, and cities) that are not aliases. Made once and kept: there
        are thousands (each is compiled when a message first holds its place's name)."""
        key = tuple(sorted((other_names or {}).items()))
        if key not in self._compiled:
            self._compiled[key] = self._mention_patterns(other_names)
        return self._compiled[key]

    def _mention_patterns(self, other_names: dict[str, str] | None) -> list[tuple[PlacePattern, str]]:
        known = [(alias, code) for code, country in self.countries.items() for alias in country.names]
        aliases = {alias for alias, _ in known}
        others = [(name, code) for name, code in (other_names or {}).items() if name not in aliases]
        ordered = sorted(known, key=lambda pair: -len(pair[0])) + sorted(others, key=lambda pair: -len(pair[0]))
        # a town, then its region or country ("London, Ontario", "Perth in Scotland"): the region's or country's
        after_a_town = [(name, code) for code, country in self.countries.items() for name in country.names]
        # ("staying with my aunt in ireland", "visiting family in the uk right now": a few words between)
        named = PLACE_INTRO + (r"(?:(?:(?<=staying)|(?<=visiting)|(?<=living)|(?<=working)|(?<=studying))(?: with| at)?"
                               r"(?: [a-z'-]+){1,3}"
                               r"(?= in ))?"
                               # who they are said first ("im in year 9 in the uk", "im 14 and in the uk", "i'm a
                               # student in ireland", "im at uni in scotland")
                               r"(?: in (?:year|grade|form|class|yr|s|p) ?\d{1,2}| in \d{1,2}(?:st|nd|rd|th) grade"
                               r"| at (?:school|uni|university|college|work)"
                               r"| (?:\d{1,2}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)"
                               r"(?: years old| yrs old| yo)?(?: and|,)?"
                               r"| an? (?:\w+ )?(?:student|pupil|nurse|teen|teenager|kid|girl|boy|woman|man|mum|mom"
                               r"|dad)){0,2}"
                               r"(?: currently| now| right now| just| still| back| back home| home| over here)?"
                               r"(?: in| from| to| into| at| near| outside| close to| en| em| no| na| au"
                               r"| aux| nel| nella| w| i| de| à| a| al)? (?:the |la |le |el |les )?")
        return ([(PlacePattern(alias, named + re.escape(alias) + r"(?=[\s.,!?])"), code) for alias, code in ordered]
                + [(PlacePattern(region, PLACE_INTRO + r"(?: in| from| to| into| at| near| outside)? " + _TOWN
                                 + re.escape(region) + r"(?=[\s.,!?])"), code) for region, code in after_a_town])


class PlacePattern:
    """How a message says it is in one place: compiled the first time a message holds the place's name (all 2,670
    of them, long ones, took a model's load about six seconds to compile, and a message that says "i am" was
    searched with every one of them)."""

    __slots__ = ("name", "_source", "_compiled")

    def __init__(self, name: str, source: str) -> None:
        self.name = name
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    def search(self, lowered: str) -> re.Match[str] | None:
        """The first match in ``lowered`` (lower case); none without the place's name, which every match holds."""
        if self.name not in lowered:
            return None
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled.search(lowered)


# A town's name before its region or country: up to three words, then a comma or "in" ("London, Ontario", "Perth in
# Scotland"), or one word ("perth scotland"); never words that say whom or what ("my sister in Ireland").
_TOWN_WORD = (r"(?!(?:about|my|his|her|their|our|your|with|for|to|a|the|and|but|on|trip|holiday|worried)\b)"
              r"[a-z][a-z.'-]*")
_TOWN = rf"(?:{_TOWN_WORD}(?: {_TOWN_WORD}){{0,2}}(?:,| in)|{_TOWN_WORD}) "


# The words that introduce where someone is ("I'm in", "I live in", "currently in", "moved from X to").
PLACE_INTRO = (r"\b(?:i am|i'm|im|we are|we're|we\u2019re|we live|i live|living|live|reside|residing|based|located"
               r"|staying|from|calling|moved"
               r"|my country is|country is|country:|here in|currently|holiday|vacation|travelling|traveling"
               r"|backpacking|visiting|studying|working|study|studies|work|works|at uni|at university|crossed|arrived"
               r"|moved(?: \w+){1,3}"
               # the lines asked for by place ("what's the number in australia", "helplines for ireland")
               r"|numbers?|numbers? for|(?:help|hot)?lines? for|(?:help|hot)?lines?|services for|services"
               # the same in the languages people may write in: "estoy en España", "ich wohne in Deutschland"
               r"|estoy|vivo|soy de|ich wohne|ich lebe|ich bin|wohne|ik woon|ik ben|ik zit|je suis|j'habite"
               r"|moro|estou|sono|abito|mieszkam|jestem|bor|jag bor|je vis|j'vis)")
_INTRODUCES_A_PLACE = re.compile(PLACE_INTRO)


# A trip not under way ("we're planning a holiday to Spain next month", "I went on holiday to France last year")
# says nothing of where the person is now; "I'm on holiday in Spain" does.
_TRAVEL = re.compile(r"\b(?:holiday|vacation|travelling|traveling|backpacking|visiting|trip)\b")
_NOT_NOW = re.compile(r"\b(?:planning|plan|planned|booked|booking|going to|gonna|will|want to|wanna|would like|hope"
                      r"|hoping|dream|next|last|ago|went|was|were|had|used to|someday|one day|maybe|thinking of"
                      r"|thinking about|looking at|saving for|in (?:january|february|march|april|may|june|july"
                      r"|august|september|october|november|december|the summer|the spring|the autumn|the winter))\b")


def _travel_not_now(match: re.Match[str], lowered: str) -> bool:
    """Whether a place named after a trip word is a trip past or to come, in the same sentence; or the home a
    traveller came from ("I'm in Paris on a trip from the US")."""
    if match.group(0).lstrip().startswith("from") and _TRAVEL.search(lowered[max(0, match.start() - 30):match.start()]):
        return True
    if not _TRAVEL.search(match.group(0)):
        return False
    start = max(lowered.rfind(mark, 0, match.start()) for mark in ".!?")
    end = min([i for i in (lowered.find(mark, match.end()) for mark in ".!?") if i >= 0] or [len(lowered)])
    return bool(_NOT_NOW.search(lowered[start + 1:end]))


# Someone else where the place is introduced ("my sister moved to London", "my mate from Leeds", "he lives in
# Spain"): not where the writer is.
_SOMEONE_ELSES_PLACE = re.compile(r"(?:\b(?:my|his|her|their|our|your)(?: [a-z'-]+){1,2}|\b(?:he|she|they|who|which))"
                                  r"(?: (?:has|have|had|just|now|recently|also|still))? $")


# Where a person comes from, when they say they live somewhere not named ("I am from Brazil, I live here two
# years"): their country of origin, not where they are now.
_LIVES_HERE = re.compile(r"\b(?:live|living|lived|moved|stay|staying|settled|been|based) "
                         r"(?:here|over here|in this country|abroad|now)\b|\bmoved (?:away|abroad|over)\b")


def _came_from(match: re.Match[str], lowered: str) -> bool:
    introduced = lowered[max(0, match.start() - 12):match.end()]
    return bool(re.search(r"\bfrom\b", introduced)) and bool(_LIVES_HERE.search(lowered[match.end():]))


# Where the person is not, or was ("I'm not in the UK", "I used to live in Australia", "i was living in spain"):
# said just before the words that introduce the place, or between them and its name.
_NOT_OR_NO_LONGER_BEFORE = re.compile(r"\b(?:not|never|no longer|used to|don't|dont|do not|didn't|didnt|was|were)"
                                      r"(?: \w+)?\s*$")
_NOT_BETWEEN = re.compile(r"\b(?:not|never|no longer|n't|nt)\b")


def _not_there_now(match: re.Match[str], name: str, lowered: str) -> bool:
    """Whether the place is named as where the person is not, or no longer is (red team rt27: "I used to live in
    Australia. I want to kill myself tonight" got Australia's lines, "I'm not in the UK" the UK's)."""
    return bool(_NOT_OR_NO_LONGER_BEFORE.search(lowered[max(0, match.start() - 20):match.start() + 1])
                or _NOT_BETWEEN.search(match.group(0)[:-len(name)]))


def find_mention(patterns: list[tuple[PlacePattern, str]], text: str) -> str | None:
    """The code of the place ``text`` names last ("I'm from Ireland but live in London" is GB: where they are
    now), among ``patterns`` (CrisisDirectory.mention_patterns); at one place, the first pattern's."""
    lowered = " " + re.sub(r"\s+", " ", text.lower()).replace("\u2019", "'") + " "
    if not _INTRODUCES_A_PLACE.search(lowered):
        return None  # most messages name no place: the hundreds of patterns are not tried
    found = [(match.end(), -order, code) for order, (pattern, code) in enumerate(patterns)
             for match in [pattern.search(lowered)] if match and not _travel_not_now(match, lowered)
             and not _came_from(match, lowered) and not _not_there_now(match, pattern.name, lowered)
             and not _SOMEONE_ELSES_PLACE.search(lowered[max(0, match.start() - 40):match.start()])]
    return max(found)[2] if found else None


def name_alone(names: dict[str, str], text: str, single: bool = True) -> str | None:
    """The code of a place when the message is only its name ("texas", "in Ontario.", "Dublin!"; not with
    ``single`` false: many towns' names are words too), or a place and then its country ("cork ireland",
    "scotland, uk", "bc canada")."""
    cleaned = re.sub(r"^(?:in|at|from|the)\s+", "", re.sub(r"\s+", " ", text.lower()).strip(" .,!?\"'"))
    if cleaned in names:
        return names[cleaned] if single else None
    parts = [part for part in re.split(r"[\s,]+", cleaned) if part]
    for size in (2, 1):
        last, before = " ".join(parts[-size:]), " ".join(parts[:-size])
        if len(parts) > size and last in names and before in names and names[before] == names[last]:
            return names[last]
    return None


def _resource(raw: dict[str, Any]) -> Resource:
    checked = raw["checked_on"]
    if isinstance(checked, str):
        checked = dt.date.fromisoformat(checked)
    return Resource(
        id=raw["id"],
        name=raw["name"],
        phone=raw.get("phone"),
        text=raw.get("text"),
        hours=str(raw.get("hours", "")),
        url=raw["url"],
        serves=tuple(raw.get("serves", [])),
        source=raw["source"],
        checked_on=checked,
        needs_verification=bool(raw.get("needs_verification", False)),
        young_people=tuple(raw.get("young_people", [])),
    )


def parse_directory(raw: dict[str, Any]) -> CrisisDirectory:
    countries = {
        code: Country(
            code=code,
            name=data["name"],
            aliases=tuple(str(a).lower() for a in data.get("aliases", [])),
            emergency=str(data["emergency"]),
            resources=tuple(_resource(r) for r in data["resources"]),
            regions=tuple(str(r).lower() for r in data.get("regions", [])),
        )
        for code, data in raw["countries"].items()
    }
    other = raw.get("other_countries", {})
    emergency_elsewhere = {str(code).upper(): str(number) for number, codes in other.get("emergency", {}).items()
                           for code in codes}
    return CrisisDirectory(default_country=raw["default_country"], countries=countries,
                           emergency_elsewhere=emergency_elsewhere,
                           unlisted_emergency=str(other.get("unlisted_emergency", "")),
                           inflected_names={str(name).lower(): str(code).upper()
                                            for name, code in other.get("inflected_names", {}).items()},
                           served_by={str(code).upper(): str(country).upper() for country, codes
                                      in other.get("served_by", {}).items() for code in codes})


@lru_cache(maxsize=4)
def load_directory(path: Path | None = None) -> CrisisDirectory:
    return parse_directory(load_yaml(path or content_path("crisis_resources.yml")))


@lru_cache(maxsize=1)
def zone_countries() -> dict[str, str]:
    """Every time zone the tz database's zone.tab places in one country, -> its ISO code ("Europe/Dublin" -> "IE")."""
    from importlib import resources

    for package, name in ZONE_TABLES:
        try:
            text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
        except (ModuleNotFoundError, FileNotFoundError, OSError):
            continue
        break
    else:
        text = SYSTEM_ZONE_TABLE.read_text(encoding="utf-8") if SYSTEM_ZONE_TABLE.is_file() else ""
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[2].strip(): row[0].strip().upper() for row in rows if len(row) >= 3}


def country_of_timezone(zone: Any) -> str | None:
    """The country an IANA time zone belongs to ("Europe/Berlin" -> "DE"), from the tz database's zone.tab;
    None for a zone it does not place in one country ("UTC", "Etc/GMT+1") or anything that is not a zone."""
    if not isinstance(zone, str) or len(zone) > 64:
        return None
    return zone_countries().get(zone.strip())


def single_zone_of(country: Any) -> str | None:
    """The one time zone of a country that has one ("GB" -> "Europe/London", "IN" -> "Asia/Kolkata"); None for a
    country of several zones (US, AU), one the tz database does not place, or anything that is not a code."""
    if not isinstance(country, str) or not re.fullmatch(r"[A-Za-z]{2}", country.strip()):
        return None
    zones = [zone for zone, code in zone_countries().items() if code == country.strip().upper()]
    return zones[0] if len(zones) == 1 else None


# Three-letter codes a page may give for the listed countries (data-country="GBR").
ALPHA3 = {"GBR": "GB", "USA": "US", "IRL": "IE", "CAN": "CA", "AUS": "AU", "NZL": "NZ", "IND": "IN", "FRA": "FR",
          "ESP": "ES", "DEU": "DE", "NLD": "NL", "BRA": "BR", "MEX": "MX", "ZAF": "ZA", "JPN": "JP"}


def country_code_of(given: Any) -> str | None:
    """The ISO code a page's country setting means: a two-letter code as given, a listed country's three-letter code
    ("GBR") or one of its names ("United Kingdom"); None for anything else (then the time zone decides)."""
    if not isinstance(given, str):
        return None
    value = "".join(ch for ch in given if unicodedata.category(ch) != "Cf").strip()  # "GB\u200b" is GB
    if not 0 < len(value) <= 64:
        return None
    if len(value) == 2 and value.isascii() and value.isalpha():
        return next((c.code for c in load_directory().countries.values() if value.lower() in c.aliases),
                    value.upper())  # "UK" is GB
    if value.upper() in ALPHA3:
        return ALPHA3[value.upper()]
    lowered = value.lower()
    return next((c.code for c in load_directory().countries.values()
                 if c.code != "XX" and (lowered == c.name.lower() or lowered in c.aliases)), None)


def country_of_languages(header: Any) -> str | None:
    """The first region an Accept-Language header names, by the browser's order of preference ("en-GB,en;q=0.9"
    -> "GB"), when the directory can show its lines; None when it names none ("en", "*") or is not a header."""
    if not isinstance(header, str) or len(header) > 512:
        return None
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, weight = part.strip().partition(";")
        subtags = tag.strip().replace("_", "-").split("-")
        try:
            quality = float(weight.strip().removeprefix("q=")) if weight.strip().startswith("q=") else 1.0
        except ValueError:
            continue
        region = next((s for s in subtags[1:] if len(s) == 2 and s.isalpha()), None)
        if region and quality > 0:
            ranked.append((-quality, position, region.upper()))
    shown = load_directory().shown_codes()
    return next((region for _, _, region in sorted(ranked) if region in shown), None)
