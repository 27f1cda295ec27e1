"""The text of an input file's bytes: strict UTF-8 first, then a declared charset, then detection.

Shared by the plain-text and HTML readers; charset-normalizer is imported only when the bytes
are neither UTF-8 nor what the page declares.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from kg.errors import DecodeFailed, InputError

# Encodings charset-normalizer may choose from once strict UTF-8 failed. Left free it names
# Latin or Cyrillic code pages for GBK bytes and returns mojibake; a notice is Chinese.
_DETECTABLE = ("gb18030", "big5")
# GB18030 is a superset of GBK and GB2312, and pages labelled gb2312 often use GBK characters.
_GB_FAMILY = {"gb2312", "gbk", "gb18030"}
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


def read_bytes(path: Path) -> bytes:
    """The bytes of `path`, or an InputError saying why they cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror})") from exc


def decode(data: bytes, path: Path, *, declared: str | None = None) -> tuple[str, str]:
    """The text of `data` and the encoding it was in, judged from the bytes themselves.

    Strict UTF-8 first: GBK text almost never passes it, while UTF-8 text can pass a GB18030
    decoder as mojibake ("中文" as "涓枃"). Then a charset the page declares, then detection.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _strict(data, codec, path), codec
    candidates = ["utf-8"]
    if declared and (named := _codec(declared)):
        candidates.append(named)
    for codec in candidates:
        try:
            return _checked(data.decode(codec), path), codec
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_DETECTABLE)).best()
    detected = _codec(best.encoding) if best else None
    if detected is None:
        raise DecodeFailed(path, "the bytes are not UTF-8, GB18030/GBK or Big5 text; save the file as UTF-8")
    return _strict(data, detected, path), detected


def _codec(name: str) -> str | None:
    """Python's name for an encoding label, with the GB family read as GB18030."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return "gb18030" if codec in _GB_FAMILY else codec


def _strict(data: bytes, codec: str, path: Path) -> str:
    try:
        return _checked(data.decode(codec), path)
    except UnicodeDecodeError as exc:
        raise DecodeFailed(path, f"the bytes are not valid {codec} (at byte {exc.start})") from exc


def _checked(text: str, path: Path) -> str:
    # NUL never occurs in text; UTF-16 without a BOM or a binary file passes UTF-8 with them.
    if "\x00" in text:
        raise DecodeFailed(path, "the file holds NUL bytes: binary data or UTF-16 without a BOM")
    return text
