"""The one Arabic-aware text normaliser used by every search and stored ``search_text``.

Folds text the way Arabic readers type it: diacritics (harakat), hamza marks and tatweel
removed; أ إ آ ٱ → ا; ة → ه; ى → ي; ؤ → و; ئ → ي; Eastern-Arabic and Persian digits →
Western; NFKC (presentation forms, full-width letters); Latin accents removed; bidi
control characters (U+200E/F, U+061C, U+202A–E, U+2066–9) removed; casefold;
punctuation to spaces.
"""

import re
import unicodedata

TATWEEL = "\u0640"
_LETTERS = str.maketrans({
    "\u0671": "\u0627",  # ٱ alef wasla → ا
    "\u0629": "\u0647",  # ة taa marbuta → ه
    "\u0649": "\u064a",  # ى alef maqsura → ي
    "\u06cc": "\u064a",  # ی Persian yeh → ي
    "\u06a9": "\u0643",  # ک Persian kaf → ك
    TATWEEL: None,
    # Bidi controls (marks, embeddings, overrides, isolates) that a paste or an editor
    # leaves inside a word: invisible, so neither stored text nor a query keeps them.
    **dict.fromkeys(["\u200e", "\u200f", "\u061c", *map(chr, range(0x202A, 0x202F)),
                     *map(chr, range(0x2066, 0x206A))]),
    **{chr(0x0660 + d): str(d) for d in range(10)},  # ٠-٩
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # ۰-۹
})
_NON_WORD = re.compile(r"[^\w]+")


def normalize(text):
    """Fold ``text`` for matching; the same function serves stored text and queries."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    # Decomposing splits أ إ آ ؤ ئ into a base letter and a combining hamza or madda,
    # and Latin é into e + accent; dropping every combining mark removes those and the
    # harakat (fatha, damma, kasra, shadda, sukun, tanwin, superscript alef) at once.
    text = "".join(ch for ch in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(ch))
    text = text.translate(_LETTERS).casefold()
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())


def terms(query):
    """The distinct normalised terms of a query, in order."""
    return list(dict.fromkeys(normalize(query).split()))
