"""Which SMS replies mean "stop": Twilio's standard opt-out words and common Swedish and English replies.

Case and width are ignored (NFKC, so a phone's fullwidth "ＳＴＯＰ" counts), and so are
punctuation and a polite word or two ("STOP tack", "Stoppa!", "unsubscribe please"). A
negation ("stoppa inte") is not an opt-out.
"""

import re
import unicodedata

# Twilio's standard opt-out keywords, and the Swedish ones customers actually write.
STOP_WORDS = frozenset(
    {
        "stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout", "revoke",
        "stopp", "stoppa", "avsluta", "sluta", "avbryt", "avregistrera", "avanmäl", "avanmäla",
    }
)  # fmt: skip
# Two-word forms of the same ("stop all", "opt out", "avsluta prenumeration" is caught by its first word).
STOP_PHRASES = frozenset({("stop", "all"), ("opt", "out")})
NEGATIONS = frozenset({"inte", "ej", "icke", "not", "dont", "don't", "never", "aldrig"})
MAX_WORDS = 5
_WORD = re.compile(r"[\w']+")


def words_of(body: str) -> list[str]:
    text = unicodedata.normalize("NFKC", body).casefold().replace("’", "'")
    return _WORD.findall(text)


def is_opt_out(body: str) -> bool:
    words = words_of(body)
    if not words or len(words) > MAX_WORDS:
        return False
    if NEGATIONS.intersection(words):
        return False
    return words[0] in STOP_WORDS or tuple(words[:2]) in STOP_PHRASES
