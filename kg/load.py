"""The load stage: find article files and turn them into `Article` values.

Formats: plain text and Markdown (optional YAML front matter), HTML pages (main text only), JSON (an object
or a list of objects with "text") and JSON Lines (one object a line). A problem with a whole file raises
`InputError`; a problem with one record of a JSON list or a JSONL file is reported in `LoadResult.errors`
while the file's good records load.

Encoding: UTF-8 (with or without BOM) first; UTF-16 when a UTF-16 BOM says so. Bytes that are not valid
UTF-8 are decoded as Windows-1252 (a superset of Latin-1's printable characters, the usual encoding of
legacy Western pages), and only accepted when the result has no control characters: anything else is not
text we can trust and is refused rather than guessed at. Line endings become "\\n"; `Article.text` is the
text after that, and evidence offsets point into it.
"""

from __future__ import annotations

import email.utils
import errno
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import yaml

from kg import iris
from kg.clean import DATE_LINE, PAGE_DATE, clean
from kg.errors import InputError
from kg.model import Article

if TYPE_CHECKING:  # bs4 is imported by the HTML reader only: a run of text files does not pay for it
    from bs4 import BeautifulSoup, Tag

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
METADATA_KEYS = ("title", "url", "published", "source")

_BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
}
_DROPPED_HTML = (
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "svg", "iframe",
    "figcaption", "button",
)
_HTML_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
_PUBLISHED_META = (
    "article:published_time", "datePublished", "date", "pubdate", "publishdate", "publish-date", "dc.date",
    "dc.date.issued", "parsely-pub-date", "sailthru.date",
)
_MONTH_NAMES = "january february march april may june july august september october november december".split()
_MONTHS = {name: i for i, month in enumerate(_MONTH_NAMES, 1) for name in (month, month[:3])} | {"sept": 9}
_MONTH_DAY_YEAR = re.compile(r"(?:\w+,?\s+)?([A-Za-z]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+|\s*[-/]\s*)(\d{4})\b")
_DAY_MONTH_YEAR = re.compile(r"(?:\w+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})\b")
# libyaml's safe loader when PyYAML was built with it (the wheels are): ten times faster than the Python one.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEY_VALUE_LINE = re.compile(r"(?P<key>[A-Za-z]+)\s*:\s*(?P<value>.*\S)\s*")
_TRACKING_PARAMS = re.compile(r"utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid", re.IGNORECASE)


@dataclass
class LoadResult:
    """What one file gave: its articles, and the records that could not be read (JSON lists, JSONL)."""

    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


class FileRecords:
    """What each article file gave when it was last read (its articles' ids and content hashes), by its size
    and modification time, so that a re-ingest does not read a file that did not change.

    Kept as JSON beside the store (or, for a remote store, in the temporary directory). A file modified less
    than RACY_NS before the record was written is read again: a change within the clock's granularity could
    leave its size and time as they were. The record only spares the reading: whether an article is unchanged
    is still decided by the hash the store holds for it."""

    RACY_NS = 2_000_000_000

    def __init__(self, path: Path | None, files: dict[str, list], written_ns: int) -> None:
        self.path = path
        self._files = files  # path → [size, mtime_ns, [[article id, content hash], ...]]
        self._written_ns = written_ns
        self._seen: dict[str, list] = {}

    @classmethod
    def for_store(cls, location: Path | str | None) -> FileRecords:
        """The records of the store at `location`: a directory, or a URL; None (in memory) keeps none."""
        if location is None:
            return cls(None, {}, 0)
        if isinstance(location, str):
            digest = hashlib.sha256(location.rstrip("/").encode()).hexdigest()[:16]
            path = Path(tempfile.gettempdir()) / f"kg-files-{digest}.json"
        else:
            absolute = location.absolute()
            path = absolute.parent / f"{absolute.name}.files.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, dict(data["files"]), int(data["written_ns"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path, {}, 0)  # none yet, or unreadable: every file is read

    def articles(self, file: Path) -> list[tuple[str, str]] | None:
        """(id, content hash) of each article the file gave, if its size and time are as recorded."""
        key = str(file.absolute())
        try:
            stat = file.stat()
        except OSError:
            return None
        record = self._files.get(key)
        if record is None or [stat.st_size, stat.st_mtime_ns] != record[:2]:
            return None
        if stat.st_mtime_ns >= self._written_ns - self.RACY_NS:
            return None
        self._seen[key] = record
        return [(article_id, content_hash) for article_id, content_hash in record[2]]

    def files_of(self, article_id: str) -> list[Path]:
        """The files that gave the article `article_id` when they were last read (as recorded)."""
        return [Path(key) for key, record in self._files.items() if any(a == article_id for a, _ in record[2])]

    def note(self, file: Path, articles: Sequence[Article]) -> None:
        """Record what a file gave, read just now."""
        try:
            stat = file.stat()
        except OSError:
            return
        self._seen[str(file.absolute())] = [stat.st_size, stat.st_mtime_ns, [[a.id, a.content_hash] for a in articles]]

    def save(self) -> None:
        """Keep the records of the files seen in this run (atomically; a failure to write only costs speed)."""
        if self.path is None:
            return
        data = {"written_ns": time.time_ns(), "files": self._seen}
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            partial.write_text(json.dumps(data), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError:
            partial.unlink(missing_ok=True)


def discover(paths: Sequence[Path]) -> list[tuple[Path, Path]]:
    """(file, root) pairs for every article file under `paths`; ids and `Article.path` are relative to root.

    A file argument is its own root's child; a directory is walked recursively in sorted order, skipping
    hidden entries, files of other types and symlinked directories (so link loops cannot hang the walk). A
    broken or looping file link is listed, so that loading it reports the problem instead of hiding it.
    """
    found: list[tuple[Path, Path]] = []
    seen: set[Path] = set()

    def add(file: Path, root: Path, real: Path | None = None) -> None:
        if real is None:
            try:
                real = file.resolve()
            except RuntimeError:  # a symlink loop (Python 3.11 raises here); load_file reports it
                real = file.absolute()
        if real not in seen:
            seen.add(real)
            found.append((file, root))

    for path in paths:
        if path.is_dir():
            for directory, dirnames, filenames in os.walk(path, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                real_directory = Path(directory).resolve()  # once per directory: resolving each file is slow
                for name in sorted(filenames):
                    file = Path(directory, name)
                    supported = file.suffix.lower() in SUPPORTED_SUFFIXES
                    if not supported or name.startswith("."):
                        continue
                    if file.is_symlink():  # a link that leads nowhere (or to itself) is kept: loading names it
                        add(file, path)
                    elif file.is_file():
                        add(file, path, real_directory / name)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise InputError(
                    f"unsupported file type {path.suffix or '(none)'!r}: {path}; "
                    f"give files ending in {', '.join(SUPPORTED_SUFFIXES)}"
                )
            add(path, path.parent)
        elif path.exists() or path.is_symlink():
            raise InputError(f"not a regular file or directory: {path}; give article files or folders")
        else:
            raise InputError(f"no such file or directory: {path}")
    return found


def load_file(path: Path, root: Path, *, max_bytes: int) -> LoadResult:
    """The articles in one file. Raises InputError when the file as a whole cannot be used."""
    text = _read_text(path, max_bytes=max_bytes)
    relative = _relative_path(path, root)
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        return LoadResult([_text_article(text, relative)])
    if suffix in (".html", ".htm"):
        return LoadResult([_html_article(text, path, relative)])
    if suffix == ".json":
        return _load_json(text, path, relative)
    if suffix == ".jsonl":
        return _load_jsonl(text, path, relative)
    raise InputError(f"unsupported file type {path.suffix!r}: {path}; give {', '.join(SUPPORTED_SUFFIXES)}")


def parse_published(value: object) -> date | None:
    """A date from ISO dates/datetimes, RFC 2822, "August 1, 2024" or "1 August 2024"; None, never a guess."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    for pattern, order in ((_MONTH_DAY_YEAR, (1, 0, 2)), (_DAY_MONTH_YEAR, (0, 1, 2))):
        match = pattern.fullmatch(value) or pattern.match(value)
        if match:
            day, month, year = (match.group(i + 1) for i in order)
            try:
                return date(int(year), _MONTHS[month.lower()], int(day))
            except (KeyError, ValueError):
                return None
    return None


def normalize_url(url: str) -> str:
    """The form of a URL that identifies an article: https, lower-case host, no fragment, no tracking."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING_PARAMS.fullmatch(k)])
    path = parts.path.rstrip("/") or "/"
    scheme = "https" if parts.scheme.lower() in ("http", "https", "") else parts.scheme.lower()
    return urlunsplit((scheme, host, path, query, ""))


# --- reading bytes ---


def _read_text(path: Path, *, max_bytes: int) -> str:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path} is {size:,} bytes, over the {max_bytes:,}-byte limit; split it or raise "
                f"KG_MAX_ARTICLE_BYTES"
            )
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied; check the file's permissions") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not an article file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{path} is a symbolic link loop; remove the link or point it at a file") from None
        if exc.errno == errno.ENOENT and path.is_symlink():
            raise InputError(f"{path} is a symbolic link to a missing file; remove or fix the link") from None
        raise InputError(f"cannot read {path}: {exc.strerror or exc}; check the path") from None
    text = _decode(data, path)
    if not text.strip():
        raise InputError(f"{path} is empty (or only whitespace); remove it or add the article text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, path: Path) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{path} has a UTF-16 mark but is not UTF-16; re-save it as UTF-8") from None
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(f"{path} is {kind}, not text; give article text as .txt, .md, .html or .json")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path} contains NUL bytes: it is binary, not text; give text saved as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is None or any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text):
        raise InputError(
            f"{path} is not valid UTF-8 (bad byte at offset {utf8_error.start}) and does not look like "
            "Windows-1252 text; re-save it as UTF-8"
        )
    return text


def _relative_path(path: Path, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return path.name


# --- building articles ---


def _article(text: str, meta: dict[str, Any], relative: str) -> Article:
    title = _meta_str(meta.get("title"))
    url = _meta_str(meta.get("url"))
    published = parse_published(meta.get("published", meta.get("date")))
    source = _meta_str(meta.get("source"))
    identity = f"url:{normalize_url(url)}" if url else f"path:{relative}"
    fields = [text, title, url, published.isoformat() if published else None, source]
    return Article(
        id=iris.digest(identity),
        text=text,
        content_hash=hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest(),
        title=title,
        url=url,
        published=published,
        source=source,
        path=relative,
    )


def _meta_str(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = " ".join(str(value).split())
    return text or None


# --- text and Markdown ---


def _text_article(text: str, relative: str) -> Article:
    meta, body = _front_matter(text)
    if not body.strip():
        raise InputError(f"{relative} has front matter but no article text after it; add the text")
    if "title" not in meta:
        meta["title"] = _headline(body)
    page_date = PAGE_DATE.match(body)
    if "published" not in meta and "date" not in meta:
        # the page store's "date 2024-08-02 " before the text, else the page's own date banner
        meta["published"] = page_date["date"] if page_date else _date_banner(body)
    return _article(body, meta, relative)


def _date_banner(body: str) -> str | None:
    """A line of the page's head that is only a date ("Saturday, November 4, 2023", "Nov.05 - 2024 1:28 PM
    CET"): the publication date, for a page that gives no other."""
    for line in [line.strip() for line in body.split("\n") if line.strip()][:8]:
        if DATE_LINE.fullmatch(line):
            return line
    return None


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Metadata at the top of a text file, and the text after it.

    Either a YAML block between "---" lines, or leading "key: value" lines with known keys (title, url,
    published, date, source) ended by a blank line.
    """
    lines = text.split("\n")
    if lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() in ("---", "..."):
                block = "\n".join(lines[1:end])
                meta = _yaml_mapping(block)
                if meta is None:
                    meta = _key_values(lines[1:end])
                if meta is not None:
                    return meta, "\n".join(lines[end + 1 :]).lstrip("\n")
                break
        return {}, text
    header: list[str] = []
    for line in lines:
        if not line.strip():
            break
        header.append(line)
    meta = _key_values(header)
    if meta and len(header) < len(lines):
        return meta, "\n".join(lines[len(header) + 1 :]).lstrip("\n")
    return {}, text


def _yaml_mapping(block: str) -> dict[str, Any] | None:
    try:
        loaded = yaml.load(block, Loader=_YAML_LOADER)
    except yaml.YAMLError:
        return None
    if isinstance(loaded, dict):
        return {str(k).lower(): v for k, v in loaded.items()}
    return None


def _key_values(lines: list[str]) -> dict[str, Any] | None:
    meta = {}
    for line in lines:
        match = _KEY_VALUE_LINE.fullmatch(line)
        key = match["key"].lower() if match else None
        if key not in (*METADATA_KEYS, "date"):
            return None
        meta[key] = match["value"]
    return meta or None


def _headline(body: str) -> str | None:
    """The first line of the cleaned text when it reads as a headline, not as a sentence."""
    paragraphs = clean(body).text.split("\n")
    first = paragraphs[0].strip() if paragraphs else ""
    following = paragraphs[1].strip() if len(paragraphs) > 1 else ""
    if not (3 <= len(first) < 200) or len(first.split()) < 2 or first[-1] in ".,;:":
        return None
    return first if not following or len(following) > len(first) else None


# --- HTML ---


def _html_article(html: str, path: Path, relative: str) -> Article:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    meta = {
        "title": _meta_content(soup, "og:title") or _tag_text(soup.title) or _tag_text(soup.find("h1")),
        "url": _link_href(soup, "canonical") or _meta_content(soup, "og:url"),
        "published": next(filter(None, (_meta_content(soup, name) for name in _PUBLISHED_META)), None)
        or _time_datetime(soup),
        "source": _meta_content(soup, "og:site_name"),
    }
    for tag in soup.find_all(_DROPPED_HTML):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with(" ")
    container = _main_container(soup)
    blocks = [el for el in container.find_all(_HTML_BLOCKS) if not el.find(_HTML_BLOCKS)]
    paragraphs = [" ".join(el.get_text().split()) for el in blocks] or container.get_text("\n").split("\n")
    text = "\n\n".join(p for p in (" ".join(p.split()) for p in paragraphs) if p)
    if not text:
        raise InputError(f"{path} has no article text (no paragraphs outside navigation and scripts)")
    return _article(text, meta, relative)


def _main_container(soup: BeautifulSoup) -> Tag | BeautifulSoup:
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda el: len(el.get_text()))
    return soup.find("main") or soup.body or soup


def _meta_content(soup: BeautifulSoup, name: str) -> str | None:
    wanted = name.lower()
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        if isinstance(key, str) and key.lower() == wanted:
            content = tag.get("content")
            if isinstance(content, str) and content.strip():
                return content.strip()
    return None


def _link_href(soup: BeautifulSoup, rel: str) -> str | None:
    for tag in soup.find_all("link"):
        rels = tag.get("rel") or []
        href = tag.get("href")
        if rel in rels and isinstance(href, str) and href.strip():
            return href.strip()
    return None


def _time_datetime(soup: BeautifulSoup) -> str | None:
    from bs4 import Tag

    tag = soup.find("time", attrs={"datetime": True})
    return str(tag["datetime"]) if isinstance(tag, Tag) else None


def _tag_text(tag: object) -> str | None:
    from bs4 import Tag

    if not isinstance(tag, Tag):
        return None
    return " ".join(tag.get_text().split()) or None


# --- JSON and JSON Lines ---


def _load_json(text: str, path: Path, relative: str) -> LoadResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InputError(f"{path} is not valid JSON ({where}: {exc.msg}); fix the file") from None
    if isinstance(data, dict):
        return LoadResult([_record_article(data, path, relative)])
    if not isinstance(data, list):
        raise InputError(f'{path} holds neither an object nor a list of objects with "text"')
    result = LoadResult()
    for index, record in enumerate(data):
        try:
            result.articles.append(_record_article(record, path, f"{relative}#{index}"))
        except InputError as exc:
            result.errors.append(exc)
    return result


def _load_jsonl(text: str, path: Path, relative: str) -> LoadResult:
    result = LoadResult()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{relative}#{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            message = f"{path}#{number} is not valid JSON ({exc.msg}); fix or remove the line"
            result.errors.append(InputError(message))
            continue
        try:
            result.articles.append(_record_article(record, path, where))
        except InputError as exc:
            result.errors.append(exc)
    return result


def _record_article(record: object, path: Path, where: str) -> Article:
    label = f"{path}#{where.partition('#')[2]}" if "#" in where else str(path)
    if not isinstance(record, dict):
        raise InputError(f'{label} is not an object; each article must be an object with a "text" field')
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f'{label} has no "text" (a non-empty string is required); add the article text')
    meta = {key: record.get(key) for key in (*METADATA_KEYS, "date") if key in record}
    return _article(text.replace("\r\n", "\n").replace("\r", "\n"), meta, where)
