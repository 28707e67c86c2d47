"""Markdown from the repository's data files, made safe to publish.

`plan.md` and the texts of `campaign.yaml` are written by whoever can commit, not by the
tool: on the site they are text and never markup or script. `clean_markdown` drops raw HTML
from Markdown source but for a few attribute-free inline tags; the `SafeLinks` extension,
on every page, keeps only harmless link and image addresses in what Markdown generates.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

KEPT_TAGS = frozenset({"br", "sup", "sub"})
# Raw HTML whose content is no text for a reader: dropped with its content.
_DROPPED = re.compile(r"<(script|style|iframe|object|embed|template|noscript|textarea|title|xmp|svg|math|select)\b"
                      r".*?(?:</\1\s*>|\Z)", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
_ATTR_LIST = re.compile(r"\{:[^{}\n]*\}")  # attr_list syntax: attributes (onclick=…) on an element
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_OPENS_MARKUP = re.compile(r"<(?=[A-Za-z/!?])")  # what Python-Markdown could take for raw HTML


def clean_markdown(text: str) -> str:
    """Markdown with no raw HTML left that a browser could run; the Markdown itself is kept.

    Tags are removed even inside code spans: a plan is prose, and one rule is easier to trust.
    """
    text = _ATTR_LIST.sub("", _DROPPED.sub("", _COMMENT.sub("", _CONTROL.sub("", text))))
    out: list[str] = []
    at = 0
    for m in _TAG.finditer(text):
        out.append(_OPENS_MARKUP.sub("&lt;", text[at:m.start()]))
        name = m.group(2).lower()
        if name in KEPT_TAGS:
            out.append("<br>" if name == "br" else f"<{m.group(1)}{name}>")
        at = m.end()
    out.append(_OPENS_MARKUP.sub("&lt;", text[at:]))  # a '<' left that could open markup: shown as text
    return "".join(out)


SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_ESCAPED = re.compile("\x02(\\d+)\x03")  # Python-Markdown's placeholder for a backslash-escaped character
_URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "background", "cite", "data")


def safe_url(value: str, *, outside: bool) -> bool:
    """Whether a browser may follow `value`: a relative address, or (if `outside`) http(s), mail, phone.

    Decoded as the browser would (entities; tabs, newlines and controls removed) first, so
    `jav&#x61;script:` or `java\\tscript:` are seen for what they are.
    """
    plain = html.unescape(_ESCAPED.sub(lambda m: chr(int(m.group(1))), value))
    plain = re.sub(r"[\x00-\x20\x7f]+", "", plain).lower()
    scheme = _SCHEME.match(plain)
    if scheme:
        return outside and scheme.group(1) in SAFE_SCHEMES
    return outside or not plain.startswith(("//", "\\\\", "/\\", "\\/"))


class _SafeLinks(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for el in root.iter():
            for key in [k for k in el.attrib if k.lower().startswith("on")]:
                del el.attrib[key]
            if el.tag == "img" and not safe_url(el.get("src", ""), outside=False):
                # An image from elsewhere would load at view time (no network) or run (data:, javascript:).
                alt = el.get("alt", "")
                el.tag, el.text = "span", alt
                el.attrib.clear()
            for key in _URL_ATTRIBUTES:
                if key in el.attrib and not safe_url(el.attrib[key], outside=True):
                    del el.attrib[key]
            if el.tag == "a" and "href" not in el.attrib:
                el.tag = "span"
                el.attrib.pop("title", None)


class SafeLinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # After inline links (20) and attr_list (8); before the table of contents (5) copies
        # headings and MkDocs checks relative links (0).
        md.treeprocessors.register(_SafeLinks(md), "thidua_safe_links", 7)


def makeExtension(**kwargs: object) -> SafeLinksExtension:  # noqa: N802 - Python-Markdown's entry point
    return SafeLinksExtension(**kwargs)
