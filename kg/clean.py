"""The clean stage: strip web boilerplate from an article's text, keeping the way back to the original.

`clean(text)` works on whole lines: it decides which lines are article prose and which are navigation,
banners, photo credits, bylines, teasers and trailing headline lists, then rebuilds the kept lines into
text spaCy can segment well (hard wraps re-joined, one blank line between paragraphs). Every cleaned
character maps to one original character through `CleanedText.segments`: copied runs map to themselves,
and the few characters the cleaner writes (a space or newline joining lines, a space after a glued period)
map to the original newline or period they stand for. Characters inside kept prose are never replaced, so
quotes, dashes and NBSPs stay as they are.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from kg.model import CleanedText

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\s*\d{{1,2}}(?:,?\s+|\s*[-/]\s*)\d{{4}}"
         rf"|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})")
# A time with its zone: "11:27 (UTC+04:00)", "1:28 PM CET", "10:05Z".
_TIME = (r"(?:[T ,]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
         r"(?:\s*\(?(?:[A-Z]{2,4}(?:[+-]\d{1,2}(?::?\d{2})?)?|Z|[+-]\d{2}:?\d{2})\)?)?)?")

# A date a scraper wrote in front of the first line: "2024-08-01 — ", "August 1, 2024 - ", "1 Aug 2024 | ",
# and the page store's "date 2024-08-01 " (or "date 2024-08 ", to the month).
PAGE_DATE = re.compile(r"\s*date (?P<date>\d{4}-\d{2}(?:-\d{2})?)\s+")
_DATE_PREFIX = re.compile(rf"{_DATE}{_TIME}\s*[—–|-]+\s*|date \d{{4}}-\d{{2}}(?:-\d{{2}})?\s+", re.IGNORECASE)
DATE_LINE = re.compile(rf"(?:\w+,\s+)?{_DATE}{_TIME}\.?", re.IGNORECASE)  # a page's date banner
_ENDS_WITH_DATE = re.compile(rf"{_DATE}\.?$", re.IGNORECASE)
# "[1]", "[12]" after a word or punctuation; years ("[2023]") and editorial insertions ("[of the war]") stay.
_FOOTNOTE_MARK = re.compile(r"[ \t]*\[\d{1,3}\]")
# "Research Centre*", "Svetlana Gannushkina**": a mark after a name that refers to a note (a designation)
_STAR_MARK = re.compile(r"(?<=[^\W\d_])\*{1,3}(?=[\s,.;:)”\"]|$)")
_FOOTNOTE_LINE = re.compile(r"\[\d{1,3}\]\s")
# "zombies.Russian", "on Feb 24.Russian", "areas.\"More": a period between a word (or a number) and a
# capitalized one or an opening quote, with no space.
_GLUED_SENTENCE = re.compile(r"(?:(?<=[a-z]{2}[.!?])|(?<=[a-z] \d[.!?])|(?<=[a-z] \d\d[.!?])|(?<=\n\d[.!?])|(?<=\n\d\d[.!?]))(?=[\"“]?[A-Z][a-z])")
_ACUTE_APOSTROPHE = re.compile(r"(?<=[A-Za-z])´(?=[A-Za-z])")
_LIST_ITEM = re.compile(r"(?:[-*•–—]\s|\d{1,2}[.)]\s)")
# Page furniture inside a line of prose: "Advertisement googletag.cmd.push(function() { … });", an inline
# "READ ALSO: Russia Evacuates 198 Workers From Iran Nuclear Plant" (a headline: capitalised words).
_INLINE_FURNITURE = re.compile(
    r"(?:\bAdvertisement\s+)?\b[a-z]\w*(?:\.\w+)+\(function\s*\(\)\s*\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}\s*\);?"
    r"|(?P<teaser>\b(?:READ|Read|SEE|See) (?:ALSO|Also|MORE|More):)\s+(?:[A-Z0-9][\w'’,-]*\s+(?:(?:of|in|on|to|for|and|the|a|at|as|by|with|from)\s+)*)*"
    r"[A-Z0-9][\w'’,-]*(?:\s+Advertisement\b)?"
    # a page's tail run into the last paragraph, in its own title case: "Join Our Whatsapp Channel To join: …"
    r"|(?:\b[A-Z]{2,}\s+)?\b(?:Join Our \w+ Channel|Subscribe to Our Newsletter|In This Article:|More Stories)\b.*"
)
# Markdown marks, cut out of the line (the text they wrap stays): "# " headings, "> " quotes, images,
# "[text](url)" links (the brackets and the URL go), **bold**, __bold__, *italic*, _italic_.
_MD_LINE_MARK = re.compile(r"(?:#{1,6}|>)[ \t]+")
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_MD_LINK = re.compile(r"\[(?P<text>[^\]\n]+)\]\([^)\s]+(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = re.compile(
    r"(?P<mark>\*\*|__)(?=\S)(?P<text>[^\n]+?)(?<=\S)(?P=mark)"
    r"|(?<![\w*])(?P<star>\*)(?=[^\s*])(?P<stext>[^*\n]+?)(?<=[^\s*])\*(?![\w*])"
    r"|(?<![\w_])(?P<under>_)(?=[^\s_])(?P<utext>[^_\n]+?)(?<=[^\s_])_(?![\w_])"
)
_ABBREVIATION_END = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|No|Nos|Art|Arts)\.$")
_MENU_SEPARATOR = re.compile(r"\s+[|•·»/]\s+")
_INNER_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z\"“/]")
# How many kept lines at the top may hold section labels and kickers.
_TOP_LINES = 6
# A line of this many words that ends in a period is a sentence of the story, not a teaser's headline.
SENTENCE_MIN_WORDS = 6
# A box under its heading is a paragraph or two of blurb, shorter than a story.
BOX_MAX_CHARACTERS = 500
# A line of hard-wrapped text is at least this close to the article's wrap width.
_WRAP_SLACK = 15
# A text is broken mid-sentence throughout when this many (and this share) of its line breaks go on in lower
# case; then a line of this length or more that ends no sentence goes on in the next one.
_WRAPPED_LOWER_STARTS = 3
_WRAPPED_SHARE = 0.25
_WRAPPED_MIN_LENGTH = 30
_FUNCTION_WORDS = frozenset(
    "a an the of to in on at for by with from into onto over under about after before during than as and or"
    " but nor that which who whom whose when where while if because its their his her our your my this these"
    " those is are was were be been being has have had will would could should can may might must not said"
    " says told some more most less many much several nearly almost around".split()
)
_SENTENCE_END = ".!?:\"”’'»)…"

_SOCIAL = r"(?:facebook|twitter|x|telegram|whatsapp|linkedin|vk|reddit|instagram|youtube|email|copy)"
_CUT_OFF = re.compile(r"[^\W\d_](?:\.\.\.|…)$")  # a blurb cut off mid-word or after one
_TEASER_MARKER = re.compile(r"(?:read|see|also|related|more|most|latest|top|recommended|popular|trending|featured"
                            r"|editor)\b", re.IGNORECASE)


def _full(*alternatives: str) -> re.Pattern[str]:
    """A case-insensitive pattern that must match a whole (stripped) line, ignoring trailing punctuation."""
    return re.compile(rf"(?:{'|'.join(alternatives)})[\s.:!>»›→|-]*", re.IGNORECASE)


# Lines that are site furniture wherever they appear.
_NAVIGATION = _full(
    r"skip (?:to|navigation)(?: (?:the )?(?:main )?content)?",
    r"jump to (?:main )?content",
    r"(?:read|see|also read|read also)(?: more| also)?(?: (?:from|on|at|in) .{1,60})?",
    r"(?:related|more|latest|top|recommended|popular|trending|featured|editor'?s picks?)"
    r"(?: (?:stories|articles|news|content|coverage|reading|posts?|videos|topics|on this topic|for you|now))?",
    r"more (?:from|on|in|about) .{1,60}",
    r"most (?:read|popular|viewed|shared|commented)(?: .{1,30})?",
    r"you (?:may|might) (?:also )?(?:like|be interested in).{0,60}",
    r"(?:share|tweet|print|e-?mail|copy link|save|comments?|reply|listen|menu|search|home|close|back to top)"
    r"(?: this)?(?: (?:article|story|page|post))?(?: (?:on|via) \w+)?(?: \(\d+\))?",
    rf"{_SOCIAL}(?:[\s,|/·•]+{_SOCIAL})*",
    r"advertisement|advertising|sponsored(?: content)?|promoted|ad|paid content|partner content",
    r"(?:scroll|continue reading|story continues)(?: (?:down|below|to continue))?.{0,40}",
    r"\d{1,3} min(?:ute)?s? read|reading time:? .{1,20}",
    r"(?:\w+ )?newsletters?",
    # (after an agency's credit: "AFP Published 05 Dec, 2023 03:01am")
    rf"(?:(?:afp|ap|reuters|tass|efe|dpa|ani|pti|ians|xinhua|anadolu|bss|agencies)\s+)?"
    rf"(?:published|updated|last updated|posted)(?: on| at)?:?\s+(?:\w+,?\s+)?{_DATE}{_TIME}",
    r"(?:published|updated|posted) \d+ (?:minutes?|hours?|days?) ago",
    rf"(?:published|updated|posted)\s*(?:\d{{1,2}}\s*{_MONTH}(?:\s+\d{{4}})?|{_MONTH}\s*\d{{1,2}}(?:,?\s+\d{{4}})?)?",
    r"all (?:news|stories|articles)|(?:show|load) more",
    r"(?:photo|video|image) gallery|(?:showing|view(?: all)?) \d+ (?:photos|images|pictures|slides)",
    r"(?:[-*•]\s*)?list \d+ of \d+.{0,200}|end of list",  # a related-stories widget: "- list 1 of 3<headline>"
    r"[+−–↺↻⟲aA\s-]*\d{1,2}\s*(?:px|pt)[+−–↺↻⟲aA\s-]*",  # a text-size control: "+ ↺ − 16 px"
    r"(?:date|time|updated|published|posted)",  # a field's label with no value
    r"(?:publication:\s*.{1,60}?\s+)?vol(?:ume|\.)?:?\s*\d+,?\s+(?:issue|no\.?):?\s*\d+",  # "Volume: 19 Issue: 166"
    r"(?:image|photo|picture|video|audio|illustration|gallery|photos|images)",
    r"(?:terms of (?:use|service)|privacy policy|cookie policy|all rights reserved|contact us|about us)"
    r".{0,80}",
)
_UI_PREFIX = re.compile(
    r"(?:sign (?:up|in)\b|subscribe\b|log ?in\b|register\b|follow (?:us|\w+ on)|click here|tap here"
    r"|download (?:our|the) app|get (?:our|the) (?:\w+ )?(?:newsletter|app)|find out (?:more|how|why|what)\b"
    r"|learn more\b|©|\(c\)|copyright\b|read (?:more|also)\b|also read\b|see also:)",
    re.IGNORECASE,
)
_UI_ANYWHERE = re.compile(
    r"\bcookies?\b.{0,80}\b(?:use|accept|consent|policy|settings|experience)\b"
    r"|\b(?:sign up|subscribe)\b.{0,120}\b(?:inbox|newsletter|dispatch)\b"
    r"|^this (?:story|article|piece|interview|report) (?:was )?(?:first|originally)"
    r" (?:appeared|published|ran)"
    r"|\brecaptcha\b|\bprivacy policy\b.{0,40}\bterms of (?:service|use)\b"
    rf"|^follow\b.{{0,60}}\b(?:{_SOCIAL}|social media|channels?|pages?)\b.{{0,60}}\b(?:news|updates|current|latest)\b"
    r"|^this (?:audio|article|story|text|summary|translation) (?:is|was|has been) (?:created|generated|produced"
    r"|translated|made)\b.{0,40}\b(?:ai|artificial intelligence)\b",
    re.IGNORECASE,
)
# Donation and membership appeals.
_APPEAL = re.compile(
    r"\bplease support\b|\bsupport (?:our|independent|free|us|\w+'s) (?:journalism|work|reporting|newsroom)"
    r"|\b(?:recurring|monthly|one-time|regular) (?:donation|contribution)s?\b"
    r"|\b(?:recurring|one-time) payments?\b"
    r"|\bdonations? (?:starting |from |of )+(?:at |from )?[$€£]"
    r"|^(?:donate|make a donation|give now|contribute)\b"
    r"|\bbecome an? (?:member|patron|supporter|subscriber)\b"
    r"|^any amount\b|\bthanks to (?:its|our|their) readers\b|\bwe need your (?:help|support)\b"
    r"|^(?:help|support) us\b|\bsupported by readers\b|\breader-funded\b"
    r"|\bad-free\b|\b(?:disabled|removed|turned off) (?:all )?(?:the )?ads\b|\byour support\b"
    r"|^support (?:the |our )?[A-Z][\w ’'.-]{0,40}!$",
    re.IGNORECASE,
)
# Bylines and edit credits: kept out of the prose.
_BYLINE = re.compile(
    r"\(?(?:(?:story|text|words|reporting|additional reporting|written|edited|editing|translated|translation"
    r"|compiled|photos?|photographs?|video|interview|illustrations?|produced|fact-checked)"
    r"(?: and \w+)? by\b|source:|sources:|via:)",
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von))*"
_BY_AUTHOR = re.compile(rf"By\s+{_NAME}(?:,\s*{_NAME})?")  # "By Jane Smith", "By Jane Smith, Reuters"
_SOURCE = re.compile(r"sources?:\s*(?P<name>[^\n]{1,80}?)\s*\.?\s*$", re.IGNORECASE)
_CREDIT_PREFIX = re.compile(
    r"(?:(?:cover |main |top |lead )?(?:photo|photograph|image|picture|illustration|video)s?(?: credit)?"
    r"|credit)"
    r"\s*(?::|by\b|—|–|©)",
    re.IGNORECASE,
)
_FILE_PHOTO = re.compile(r"(?:file|archive|stock|representative|representational|illustrative) "
                         r"(?:photo|image|picture)(?:\s*[:(/].{0,60})?", re.IGNORECASE)
# A caption's credit run into its last word, as some pages print it: "… outside the centreImage: X/DW".
_GLUED_CREDIT = re.compile(r"(?<=[^\W\d_])(?:Image|Photo|Picture):\s*([^:]{2,80})$")
# A caption's credit in brackets after its sentence: "(REUTERS Photo)", "(AFP/File)", "(AP Photo/Name)".
_BRACKETED_PHOTO_CREDIT = re.compile(r"\([^()]{0,60}\b(?:photo|file)\b[^()]{0,60}\)", re.IGNORECASE)
_AGENCY = re.compile(
    r"\b(?:AFP|AP|EPA(?:-EFE)?|EFE|Reuters|Getty Images|Scanpix|LETA|TASS|Sputnik|RIA Novosti|Kommersant"
    r"|Shutterstock|Alamy|Anadolu(?: Agency)?|NurPhoto|SOPA Images|ZUMA(?: Wire| Press)?|Imago|dpa"
    r"|picture alliance|Xinhua|Wikimedia Commons|Unsplash|Associated Press|Pool|Handout)\b",
    re.IGNORECASE,  # "REUTERS/Alexandre Meneghini"
)
# A breadcrumb trail: "Current:Home > Finance…", "You are here: Home » News".
# The heading of a box about the site's project or the author, whose paragraph is no part of the story.
_BOX_HEADING = re.compile(r"about (?:our|this|the) (?:[\w-]+ ){0,3}(?:project|series|author|authors|reporter|"
                          r"newsletter|podcast|program|programme|coverage|investigation)[\s.:]*", re.IGNORECASE)
_BREADCRUMB = re.compile(r"(?:current\s*:\s*|you are here\s*:\s*)?home\s*[>»›]", re.IGNORECASE)
_PARENTHETICAL_ONLY = re.compile(r"\([^()]{1,40}\)")
_DOMAIN_ONLY = re.compile(r"(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}(?:/\S*)?", re.IGNORECASE)
# A teaser whose marker runs into its headline: "RelatedKremlin weighs new draft rules".
_GLUED_TEASER = re.compile(r"(?:Related|Recommended|Read more|Read also|See also|Also read)(?=[A-Z][a-z])")
# A social media post embedded in the page, as its embed code prints it: "… pic.twitter.com/Ab3x… — City News
# (@citynews24) March 3, 2024". It repeats what the story tells, under another author.
_EMBEDDED_POST = re.compile(r"\bpic\.twitter\.com/\w+|\(@\w{1,30}\)\s+[A-Z][a-z]+ \d{1,2}, \d{4}\s*$")
_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class _Line:
    line_start: int  # offset of the line's first character
    line_end: int  # offset of its newline (or the end of the text)
    start: int  # offsets of the line's text without surrounding whitespace
    end: int
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


# `clean` remembers its last results, up to this many characters of text: `kg ingest` cleans a text article
# when a pass over the files reads it (for its headline) and again to extract it, right after its second read.
RECENT_CHARACTERS = 4_000_000
_recent: OrderedDict[str, CleanedText] = OrderedDict()
_recent_characters = 0
_recent_lock = threading.Lock()  # the API cleans in its worker threads


def clean(text: str) -> CleanedText:
    """The article's prose without web boilerplate, with segments mapping each character back to `text`."""
    global _recent_characters
    with _recent_lock:
        cleaned = _recent.get(text)
        if cleaned is not None:
            _recent.move_to_end(text)
            return cleaned
    cleaned = _clean(text)
    with _recent_lock:
        if len(text) <= RECENT_CHARACTERS and text not in _recent:
            _recent[text] = cleaned
            _recent_characters += len(text)
            while _recent_characters > RECENT_CHARACTERS:
                _recent_characters -= len(_recent.popitem(last=False)[0])
    return cleaned


def _clean(text: str) -> CleanedText:
    lines = _split_lines(text)
    keep = [bool(line.text) and not _is_boilerplate(line.text) for line in lines]
    _drop_teasers(lines, keep)
    _drop_boxes(lines, keep)
    _drop_captions(lines, keep)
    _drop_top_labels(lines, keep)
    wrap = _wrap_width(lines)
    _drop_tail(lines, keep, wrap)
    _drop_repeats(lines, keep)
    kept = [line for line, kept in zip(lines, keep) if kept]
    if kept and text.rstrip()[-1:].isalnum() and kept[-1].end == len(text.rstrip()) and kept[-1].words >= 10:
        kept[-1] = _without_cut_word(text, kept[-1])
    return _rebuild(text, kept, wrap)


def _without_cut_word(text: str, line: _Line) -> _Line:
    """The text's last line without its last word: a text whose last paragraph of prose ends in a letter was
    cut off inside a word ("… in exchange for Russ"), and a word's stump is no name. A word the text has
    written in full before ("…,” Kirill Kabanov" after "Kirill Kabanov, a member of …") is whole."""
    cut = text.rfind(" ", line.start, line.end)
    if cut <= line.start or line.text.rfind(" ") <= 0:
        return line
    last = text[cut + 1: line.end]
    if len(last) > 2 and re.search(rf"(?<!\w){re.escape(last)}(?!\w)", text[:cut]):
        return line
    return replace(line, end=cut, text=line.text[: line.text.rfind(" ")].rstrip())


def byline_source(text: str) -> str | None:
    """The outlet named by a "Source: X" line, e.g. "Source: Meduza" → "Meduza"; None without one."""
    for line in _split_lines(text):
        match = _SOURCE.fullmatch(line.text)
        if match:
            return match["name"].strip() or None
    return None


# --- deciding which lines are prose ---


def _split_lines(text: str) -> list[_Line]:
    lines = []
    pos = 0
    while pos <= len(text):
        newline = text.find("\n", pos)
        line_end = len(text) if newline < 0 else newline
        raw = text[pos:line_end]
        stripped = raw.strip()
        start = pos + (len(raw) - len(raw.lstrip())) if stripped else pos
        end = start + len(stripped)
        visible = "".join(text[a:b] for a, b in _without(_markup_cuts(text, start, end), start, end)).strip()
        lines.append(_Line(pos, line_end, start, end, visible))
        if newline < 0:
            break
        pos = newline + 1
    return lines


def _is_boilerplate(line: str) -> bool:
    if (page_date := PAGE_DATE.match(line)) is not None:
        line = line[page_date.end():]  # the page store's date before a line is no part of it
    bare = line[_LIST_ITEM.match(line).end():] if _LIST_ITEM.match(line) else line  # "- Published"
    return (
        not any(ch.isalnum() for ch in line)  # "* * *", "---", "•"
        or _NAVIGATION.fullmatch(bare) is not None
        or _DOMAIN_ONLY.fullmatch(line) is not None  # "kremlin.ru" under a photo
        or DATE_LINE.fullmatch(line) is not None
        or _PARENTHETICAL_ONLY.fullmatch(line) is not None  # "(Reuters)"
        or _FOOTNOTE_LINE.match(line) is not None
        or _EMBEDDED_POST.search(line) is not None
        or (len(line) < 200 and _GLUED_TEASER.match(line) is not None)
        or (len(line) < 200 and _UI_PREFIX.match(line) is not None)
        or (len(line) < 400 and _UI_ANYWHERE.search(line) is not None)
        or (len(line) < 400 and _APPEAL.search(line) is not None)
        or len({m.group(0).lower() for m in _APPEAL.finditer(line)}) >= 2  # a long appeal, reworded
        or _is_byline(line)
        or _is_credit(line)
        or _is_caption_with_credit(line)
        or _is_menu(line)
        or (len(line) < 300 and _BREADCRUMB.match(line) is not None)
    )


def _is_caption_with_credit(line: str) -> bool:
    """A photo caption ending in its credit: "A flag flutters over Bishkek, Kyrgyzstan. EPA / TASS", "…
    attend training in the Kharkiv region. File photo"."""
    if len(line) < 300 and (glued := _GLUED_CREDIT.search(line)) is not None:
        return "/" in glued[1] or _is_credit(glued[1])  # "… outside the centreImage: A. Petrova/DW"
    last = re.search(r"[.!?]\s+([^.!?]+)$", line)
    if len(line) >= 300 or last is None:
        return False
    credit = last[1].strip()
    return "/" in credit and _is_credit(credit) or _FILE_PHOTO.fullmatch(credit) is not None or (
        _BRACKETED_PHOTO_CREDIT.fullmatch(credit) is not None and _AGENCY.search(credit) is not None)


def _is_menu(line: str) -> bool:
    """A menu bar: three or more short items between separators ("Home | News | World", "Politics · Economy")."""
    items = [item.strip() for item in _MENU_SEPARATOR.split(line)]
    return len(items) >= 3 and all(0 < len(item.split()) <= 3 and not _ends_sentence(item) for item in items)


def _is_byline(line: str) -> bool:
    if len(line) < 200 and _BYLINE.match(line):
        return True
    return len(line) < 80 and line.split()[0] == "By" and _BY_AUTHOR.fullmatch(line) is not None


def _is_credit(line: str) -> bool:
    """A photo credit: "Photo: X", "Name Surname / Agency / Agency", "AFP via Getty Images"."""
    if len(line) < 150 and _CREDIT_PREFIX.match(line):
        return True
    if len(line) > 100 or line[-1] in ".!?":
        return False
    parts = re.split(r"\s*(?:[/|,]|\bvia\b)\s*", line)
    if not all(_is_name_part(part) for part in parts):
        return False
    # An agency makes it a credit; without one only "Name / Name / Name" does ("RFE/RL" is no credit).
    return any(_AGENCY.fullmatch(part) for part in parts) or (len(parts) >= 3 and "/" in line)


def _is_name_part(part: str) -> bool:
    words = part.split()
    return 0 < len(words) <= 4 and all(word[0].isupper() or not word[0].isalpha() for word in words)


def _ends_sentence(line: str) -> bool:
    return line[-1] in _SENTENCE_END


def _is_title_case(text: str, share: float = 0.5) -> bool:
    """At least `share` of the words longer than three letters are capitalised."""
    long_words = [word for word in text.split() if len(word) > 3 and word[0].isalpha()]
    return bool(long_words) and sum(word[0].isupper() for word in long_words) >= share * len(long_words)


def is_heading(text: str) -> bool:
    """A heading rather than a sentence: up to twelve words, every word but the small ones capitalised, no
    sentence punctuation at the end ("Two Men at War", "Raids in Moscow")."""
    words = text.split()
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS and w[0].isalpha()]
    return 2 <= len(words) <= 12 and bool(content) and all(w[0].isupper() for w in content) \
        and not _ends_sentence(text)


def _is_headline_like(line: _Line) -> bool:
    """Short, title case, no sentence punctuation at the end: "Exiled Band Plays Its First Concert"."""
    return _is_title_case(line.text) and len(line.text) < 150 and line.words >= 2 and not _ends_sentence(line.text)


def _is_link_line(line: _Line) -> bool:
    """A line of a list of links to other stories, in sentence case: short, one line, no closing period
    ("Mudslides block roads in two districts", "Is Russia on the verge of collapse?!"), or a line in another
    script than the article's ("Авторизуйтесь, пожалуйста")."""
    text = line.text
    letters = _LETTER.findall(text)
    if letters and len(_LATIN.findall(text)) < len(letters) / 2:
        return True
    return (
        not _LIST_ITEM.match(text) and 2 <= line.words and len(text) < 160 and text[-1] not in ".:;,”\"'"
    )


def _is_question_link(unit: list[int], lines: list[_Line]) -> bool:
    """A one-line question or exclamation short enough to be a link to another story ("Why does X need Y?")."""
    return len(unit) == 1 and lines[unit[0]].text[-1] in "?!" and _is_link_line(lines[unit[0]])


def _next_line(lines: list[_Line], index: int, step: int) -> int | None:
    """The index of the nearest non-blank line before (step -1) or after (step 1) `index`."""
    index += step
    while 0 <= index < len(lines):
        if lines[index].text:
            return index
        index += step
    return None


def _drop_teasers(lines: list[_Line], keep: list[bool]) -> None:
    """The line a "READ MORE" / "Related" marker introduces is a teaser for another story."""
    for i, line in enumerate(lines):
        if not (line.text and _NAVIGATION.fullmatch(line.text) and _TEASER_MARKER.match(line.text)):
            continue
        teaser = _next_line(lines, i, 1)
        if teaser is not None and _is_teaser(lines[teaser].text):
            keep[teaser] = False
            blurb = _next_line(lines, teaser, 1)  # its blurb, cut off: "She also visited the recently libe..."
            if blurb is not None and len(lines[blurb].text) < 300 and _CUT_OFF.search(lines[blurb].text):
                keep[blurb] = False
        # "Read also" over a list of links: every item of the list, up to the first line that is not one
        while teaser is not None and _LIST_ITEM.match(lines[teaser].text) and len(lines[teaser].text) < 300:
            keep[teaser] = False
            after = teaser + 1
            teaser = after if after < len(lines) and lines[after].text else None


def _is_teaser(line: str) -> bool:
    """A headline, or a one-line blurb too short to be a paragraph of the article itself (a headline ends
    in no period: '"It is a case of smuggling," the officer added.' is the story's own paragraph)."""
    if line.endswith(".") and len(line.split()) >= SENTENCE_MIN_WORDS:
        return False
    return not _LIST_ITEM.match(line) and (len(line) < 120 or (len(line) < 300 and not _ends_sentence(line)))


def _drop_boxes(lines: list[_Line], keep: list[bool]) -> None:
    """An "About Our Special Project" box: the heading and the paragraph under it."""
    for i, line in enumerate(lines):
        if not (line.text and _BOX_HEADING.fullmatch(line.text)):
            continue
        keep[i] = False
        body = _next_line(lines, i, 1)
        while body is not None and len(lines[body].text) < BOX_MAX_CHARACTERS:
            keep[body] = False
            after = body + 1  # the rest of the box's paragraph, up to its blank line
            body = after if after < len(lines) and lines[after].text else None


def _drop_captions(lines: list[_Line], keep: list[bool]) -> None:
    """A caption next to a photo credit: "A man walks by a billboard. Moscow, Russia. June 8, 2023." """
    for i, line in enumerate(lines):
        if not (line.text and (_is_credit(line.text) or _is_caption_with_credit(line.text))):
            continue
        for step in (-1, 1):
            j = _next_line(lines, i, step)
            if j is None or len(lines[j].text) >= 300:
                continue
            adjacent = abs(j - i) == 1
            paragraph_of_two = adjacent and _paragraph_size(lines, min(i, j)) == 2
            if _ENDS_WITH_DATE.search(lines[j].text) or paragraph_of_two:
                keep[j] = False
                # A page's image alt text repeats its caption on the line before: that copy goes too.
                while (k := _next_line(lines, j, step)) is not None and lines[k].text == lines[j].text:
                    keep[k] = False
                    j = k


def _paragraph_size(lines: list[_Line], index: int) -> int:
    start = index
    while start > 0 and lines[start - 1].text:
        start -= 1
    end = index
    while end + 1 < len(lines) and lines[end + 1].text:
        end += 1
    return end - start + 1


def _drop_top_labels(lines: list[_Line], keep: list[bool]) -> None:
    """Section labels above the headline ("stories", "World"): one- or two-word lines before any real line;
    and kickers in capitals among the first lines ("CRACKDOWN" under a headline)."""
    started = False
    kept = 0
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        kept += 1
        if kept > _TOP_LINES:
            return
        kicker = line.words <= 3 and line.text.isupper() and line.text[-1].isalpha()
        if kicker or (not started and line.words < 3 and not _ends_sentence(line.text)):
            keep[i] = False
        started = started or line.words >= 3


def _drop_tail(lines: list[_Line], keep: list[bool], wrap: int | None) -> None:
    """Drop what follows the article: banners, bylines, sign-up boxes, lists of other stories' headlines.

    The tail is the longest run of logical lines (hard wraps joined) at the end that are not article prose;
    it is cut back to start at a dropped line or at a run of three or more headline-like lines, so a short
    closing sentence of the article itself survives.
    """
    units = _logical_lines(lines, wrap)
    tail_start = len(units)
    while tail_start > 0 and (not _is_prose(units[tail_start - 1], lines, keep)
                              or _is_question_link(units[tail_start - 1], lines)):
        tail_start -= 1
    tail = units[tail_start:]
    headline_runs = [0] * (len(tail) + 1)  # length of the run of headline-like lines starting at each unit
    for k in reversed(range(len(tail))):
        single = len(tail[k]) == 1 and (_is_headline_like(lines[tail[k][0]]) or _is_link_line(lines[tail[k][0]]))
        headline_runs[k] = headline_runs[k + 1] + 1 if single else 0
    for k, unit in enumerate(tail):
        if not all(keep[i] for i in unit) or headline_runs[k] >= 3:
            for dropped in tail[k:]:
                for i in dropped:
                    keep[i] = False
            return


def _logical_lines(lines: list[_Line], wrap: int | None) -> list[list[int]]:
    """Indices of the non-blank lines, grouped so that hard-wrapped lines form one group."""
    units: list[list[int]] = []
    for i, line in enumerate(lines):
        if not line.text:
            continue
        previous = lines[i - 1].text if i else ""
        if units and units[-1][-1] == i - 1 and (
            _is_hyphen_break(previous, line.text) or _continues(previous, line.text, wrap)
        ):
            units[-1].append(i)
        else:
            units.append([i])
    return units


def _is_prose(unit: list[int], lines: list[_Line], keep: list[bool]) -> bool:
    """A kept sentence long enough to be the article's own, or a long (possibly truncated) paragraph."""
    if not all(keep[i] for i in unit):
        return False
    text = " ".join(lines[i].text for i in unit)
    complete = _ends_sentence(text) and (len(text) >= 80 or len(text.split()) >= 10)
    return complete or len(text) >= 150


def _drop_repeats(lines: list[_Line], keep: list[bool]) -> None:
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        normalized = " ".join(line.text.split()).casefold()
        if len(normalized) >= 20 and normalized in seen:
            keep[i] = False
        seen.add(normalized)


# --- rebuilding the kept lines ---


class _Builder:
    """Cleaned text plus segments; a written character maps to the original character it stands for."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.parts: list[str] = []
        self.segments: list[list[int]] = []  # [clean_start, original_start, length, is_exact_copy]
        self.length = 0

    def copy(self, start: int, end: int) -> None:
        if end > start:
            self._add(self.original[start:end], start)

    def write(self, char: str, at: int) -> None:
        self._add(char, at)

    def _add(self, chunk: str, orig: int) -> None:
        exact = self.original[orig : orig + len(chunk)] == chunk
        last = self.segments[-1] if self.segments else None
        if exact and last and last[3] and last[0] + last[2] == self.length and last[1] + last[2] == orig:
            last[2] += len(chunk)
        else:
            self.segments.append([self.length, orig, len(chunk), exact])
        self.parts.append(chunk)
        self.length += len(chunk)

    def take_back(self) -> None:
        """Remove the last character written (the hyphen of "recruit-" when "ment" follows)."""
        last = self.segments[-1]
        last[2] -= 1
        if last[2] == 0:
            self.segments.pop()
        self.parts[-1] = self.parts[-1][:-1]
        self.length -= 1

    def result(self) -> CleanedText:
        return CleanedText("".join(self.parts), tuple((c, o, n) for c, o, n, _ in self.segments))


def _line_pieces(text: str, line: _Line, *, first: bool) -> list[tuple[int, int]]:
    """The original ranges of a kept line's text: footnote marks (and a scraper's date prefix) cut out."""
    start = line.start
    if first:
        prefix = _DATE_PREFIX.match(text, start, line.end)
        if prefix and prefix.end() < line.end:
            start = prefix.end()
    cuts = _markup_cuts(text, start, line.end)
    cuts += [(mark.start(), mark.end()) for mark in _FOOTNOTE_MARK.finditer(text, start, line.end)]
    emphasis = [(m.start(), m.end()) for m in _MD_EMPHASIS.finditer(text, start, line.end)]
    cuts += [(mark.start(), mark.end()) for mark in _STAR_MARK.finditer(text, start, line.end)
             if not any(a <= mark.start() < b for a, b in emphasis)]
    return _without(cuts, start, line.end)


def _markup_cuts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Ranges of Markdown marks inside text[start:end] (see `_MD_*`)."""
    cuts = []
    head = _MD_LINE_MARK.match(text, start, end)
    if head:
        cuts.append((head.start(), head.end()))
    for image in _MD_IMAGE.finditer(text, start, end):
        cuts.append((image.start(), image.end()))
    for link in _MD_LINK.finditer(text, start, end):
        cuts += [(link.start(), link.start("text")), (link.end("text"), link.end())]
    for emphasis in _MD_EMPHASIS.finditer(text, start, end):
        group = next(g for g in ("text", "stext", "utext") if emphasis.group(g) is not None)
        cuts += [(emphasis.start(), emphasis.start(group)), (emphasis.end(group), emphasis.end())]
    # Furniture a scraper ran into the prose: ad slots and their scripts, "READ ALSO: <a headline>".
    for furniture in _INLINE_FURNITURE.finditer(text, start, end):
        cut_end = furniture.end()
        if furniture.group("teaser") and re.match(r"\s+[a-z]", text[cut_end:end]):
            # "… At Kazan Market The ministry did not say": the last capitalised word starts the next sentence
            cut_end = text.rfind(" ", furniture.start(), cut_end)
        cuts.append((furniture.start(), cut_end))
    return cuts


def _without(cuts: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The ranges of [start, end) left after removing `cuts` (which may overlap)."""
    pieces = []
    for cut_start, cut_end in sorted(cuts):
        if cut_start > start:
            pieces.append((start, min(cut_start, end)))
        start = max(start, cut_end)
    pieces.append((start, end))
    return [(a, b) for a, b in pieces if b > a]


def _piece_text(text: str, pieces: list[tuple[int, int]]) -> str:
    return "".join(text[a:b] for a, b in pieces)


def _rebuild(text: str, kept: list[_Line], wrap: int | None) -> CleanedText:
    out = _Builder(text)
    previous: _Line | None = None
    previous_text = ""
    for line in kept:
        pieces = _line_pieces(text, line, first=previous is None)
        line_text = _piece_text(text, pieces)
        if not line_text.strip():
            continue
        if previous is not None:
            if line.line_start != previous.line_end + 1:  # blank or dropped lines between: a paragraph break
                out.write("\n", previous.line_end)
                out.write("\n", line.line_start - 1)
            elif _is_hyphen_break(previous_text, line_text):
                out.take_back()
            elif _continues(previous_text, line_text, wrap):
                out.write(" ", previous.line_end)
            else:
                out.write("\n", previous.line_end)
        for a, b in pieces:
            _copy_separating_sentences(out, text, a, b)
        previous, previous_text = line, line_text
    return out.result()


def _copy_separating_sentences(out: _Builder, text: str, start: int, end: int) -> None:
    for glue in _GLUED_SENTENCE.finditer(text, start, end):
        _copy_with_apostrophes(out, text, start, glue.start())
        out.write(" ", glue.start() - 1)  # stands for the period it follows
        start = glue.start()
    _copy_with_apostrophes(out, text, start, end)


def _copy_with_apostrophes(out: _Builder, text: str, start: int, end: int) -> None:
    """Copy text, writing an acute accent used as an apostrophe ("Bangladesh´s") as one, so the tokenizer
    reads the possessive; it stands for the accent in the original."""
    for mark in _ACUTE_APOSTROPHE.finditer(text, start, end):
        out.copy(start, mark.start())
        out.write("’", mark.start())
        start = mark.end()
    out.copy(start, end)


def _is_hyphen_break(previous: str, line: str) -> bool:
    return len(previous) >= 2 and previous[-1] == "-" and previous[-2].islower() and line[0].islower()


def _wrap_width(lines: list[_Line]) -> int | None:
    """The length from which a line not ending a sentence was cut by a hard wrap, or None when lines are
    paragraphs. Wire copy wrapped at ~70 characters: several lines reach within `_WRAP_SLACK` of the longest,
    which is short. Text broken at odd places (a page's <br>s): many lines go on in lower case."""
    texts = [line.text for line in lines if line.text]
    if len(texts) < 3:
        return None
    lower_starts = sum(1 for before, after in zip(texts, texts[1:])
                       if after[0].islower() and not _ends_sentence(before))
    if lower_starts >= _WRAPPED_LOWER_STARTS and lower_starts >= _WRAPPED_SHARE * (len(texts) - 1):
        return _WRAPPED_MIN_LENGTH
    width = max(len(text) for text in texts)
    if width > 110:
        return None
    return width - _WRAP_SLACK if sum(len(text) >= width - _WRAP_SLACK for text in texts) >= 3 else None


def _continues(previous: str, line: str, wrap: int | None = None) -> bool:
    """Whether `line` continues the sentence `previous` was cut off in (a hard wrap)."""
    if _ABBREVIATION_END.search(previous) and line[:1].isdigit():
        return True  # "a press release on Oct.\n19.": the period is the abbreviation's
    if _ends_sentence(previous) or _LIST_ITEM.match(line):
        return False
    if line[0].islower() or line[0] in ",;)":
        return True
    # A line filled to the wrap width was cut by the wrapper, even before a name ("said on Monday\nIvan
    # Petrov"); a title-case line that long is a headline, unless a sentence ends inside it (a wire dateline:
    # "MOSCOW, November 5. /TASS/. Russian President Vladimir Putin has signed").
    if wrap is not None and len(previous) >= wrap and (
        not _is_title_case(previous, 0.7) or previous[0].islower() or _INNER_SENTENCE_END.search(previous)
    ):
        return True
    # A headline never ends in a function word, so one ending the line means the sentence goes on.
    return previous[-1] in ",;–—(" or previous.split()[-1] in _FUNCTION_WORDS
