"""Chinese word segmentation for the search index and for queries, with rjieba.

Chinese has no spaces, so the database's own tokenizer (SQLite FTS5, PostgreSQL's parser)
would see 生活垃圾焚烧发电厂 as one word. Text is therefore cut into words here, before it
reaches the index, and queries are cut the same way.

- Runs of Han characters are cut by jieba's precise mode without its HMM guesser, so a given
  string always cuts the same way; the user dictionary in `sector_words` keeps the sector's
  terms whole.
- After the words of a run, the index also receives every other dictionary word inside it
  (jieba's full mode) and every character. A query word therefore matches any text that
  contains it, however jieba cut that text: 焚烧 and 发电厂 both find 生活垃圾焚烧发电厂.
- Everything else (Latin words, numbers, e-mail addresses) is left to the database's
  tokenizer, which then sees the same strings in documents and queries.

The segmenter is rjieba (jieba-rs, maintained, a wheel with its dictionary built in) rather
than jieba 0.42 (2020, unmaintained): same dictionary and algorithm, the same cuts on the
sector corpus of tests/site/search_corpus.py, a third of the loading time and no cache file.
docs/search-segmentation.md has the comparison.
"""

import re
import threading
import unicodedata
from collections import Counter
from itertools import chain
from types import ModuleType

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Fullwidth and CJK punctuation (，。、《》〔〕…): PostgreSQL's parser in a C locale counts
# any non-ASCII character as a letter and would glue it to the neighbouring word.
NON_ASCII_NON_WORD = re.compile(r"[^\x00-\x7f\w]+")
# Characters with a meaning in SQLite FTS5 or PostgreSQL tsquery syntax even inside a term.
QUERY_SYNTAX = re.compile(r'["\\]+')
WORD_CHAR = re.compile(r"\w")

# Single-character function words dropped from queries (unless nothing else is left).
QUERY_STOP_WORDS = frozenset("的了和与及或之等是在对于以并")
MAX_QUERY_TERMS = 12

_lock = threading.Lock()
_tokenizer: ModuleType | None = None


def get_tokenizer() -> ModuleType:
    """rjieba with the sector's words, loaded on first use (about half a second, once).

    Its module-level tokenizer is used: importing rjieba builds it anyway, and nothing else
    in the process segments Chinese.
    """
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _load_tokenizer()
    return _tokenizer


def _load_tokenizer() -> ModuleType:
    import rjieba

    from .sector_words import SECTOR_WORDS

    for word in SECTOR_WORDS:
        rjieba.add_word(word, None, None)  # no frequency: just enough to keep it whole
    return rjieba


def normalize(text: str) -> str:
    """Fold fullwidth forms (ＡＢＣ１２３) and turn CJK punctuation into spaces."""
    return NON_ASCII_NON_WORD.sub(" ", unicodedata.normalize("NFKC", text))


def cut(run: str) -> list[str]:
    """The words of a run of Han characters, in order (precise mode, no HMM)."""
    return get_tokenizer().cut(run, False)


def _hidden_tokens(run: str, words: list[str]) -> list[str]:
    """Dictionary words and characters of `run` that are not already among its `words`."""
    remaining = Counter(words)
    hidden = []
    full_mode = (word for word in get_tokenizer().cut_all(run) if len(word) > 1)
    for token in chain(full_mode, run):
        if remaining[token]:
            remaining[token] -= 1
        else:
            hidden.append(token)
    return hidden


def index_text(text: str) -> str:
    """Text as it goes into the search index: words separated by spaces."""
    if not text:
        return ""
    text = normalize(text)
    if not HAN_RUN.search(text):
        return text
    parts: list[str] = []
    hidden: list[str] = []
    position = 0
    for match in HAN_RUN.finditer(text):
        words = cut(match.group())
        parts.append(text[position : match.start()])
        parts.append(" ".join(words))
        hidden.extend(_hidden_tokens(match.group(), words))
        position = match.end()
    parts.append(text[position:])
    return " ".join(chain(parts, hidden))


def query_terms(text: str) -> list[str]:
    """The terms of a query, in order and without repeats: Han words and other words."""
    terms: list[str] = []
    for chunk in QUERY_SYNTAX.sub(" ", normalize(text)).split():
        position = 0
        for match in HAN_RUN.finditer(chunk):
            terms.append(chunk[position : match.start()])
            terms.extend(cut(match.group()))
            position = match.end()
        terms.append(chunk[position:])
    terms = list(dict.fromkeys(term for term in terms if WORD_CHAR.search(term)))
    meaningful = [term for term in terms if term not in QUERY_STOP_WORDS]
    return (meaningful or terms)[:MAX_QUERY_TERMS]
