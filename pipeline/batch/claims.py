"""What two sentences must share to report one fact, and what makes one deny the other.

A sentence reports a claim when it shares the claim's anchors (its names and numbers) and none of
the claim's numbers or dates is missing from it: cosine alone cannot tell "500 soldiers" from
"400 soldiers", nor a Monday from a Tuesday. Of a sentence of several clauses, the clause nearest
the claim is what reports or denies it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.batch.timeline import DATE_WORD
from pipeline.summarize.cite import content_words, numbers, proper_names
from pipeline.text import fold

# A figure: an amount or a share ("751 million", "10.5 billion", "3 %"), which two sentences
# rarely share by chance, where ages, hours, durations and years are shared by many.
_FIGURE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:million|billion|milliard|thousand|trillion|%|per ?cent|euros?|dollars?)",
                     re.IGNORECASE)
# A denial is about the same parties as the claim: two names in common (the two countries of a deal).
DISPUTE_NAMES = 2


CLAUSES = re.compile(r"\s*[:;]\s+")


def nearest_clause(text: str, words: set[str]) -> str:
    """Of a sentence's clauses (split at a colon or semicolon), the one that shares most words
    with a claim: what reports the claim or denies it, so that a "not" in another clause ("does
    not want to go back empty-handed: he could ask Putin for technology") is neither."""
    clauses = CLAUSES.split(text)
    return max(clauses, key=lambda clause: len(content_words(clause) & words)) if len(clauses) > 1 else text


def denies(other: Facts, claim: Facts, claim_words: set[str]) -> bool:
    """Whether `other` negates what the affirmative `claim` says: it is about the same parties
    (names in common), and what follows its negation shares a word with the claim ("North
    Korea does not provide arms" against "Russia gets arms from North Korea"), so a "not"
    elsewhere in it ("does not want to go back empty-handed") is no denial. The shared word is
    not one of the names, which every sentence about the parties has."""
    return (not claim.negated and bool(other.denied & claim_words - claim.names)
            and len(claim.names & other.names) >= DISPUTE_NAMES)


# Words by which a sentence negates or denies what it reports.
_NEGATION = re.compile(r"\b(?:not|no|never|nothing|nobody|none|neither|nor|deny|denies|denied|denying|denial|"
                       r"refute[sd]?|reject(?:s|ed)?|dismiss(?:es|ed)?|false(?:ly)?)\b|n't\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.!?]")


def denied_words(text: str) -> frozenset[str]:
    words: set[str] = set()
    for negation in _NEGATION.finditer(text):
        end = _CLAUSE_END.search(text, negation.end())
        words |= content_words(text[negation.end():end.start() if end else len(text)])
    return frozenset(words)


@dataclass(frozen=True)
class Facts:
    """What two sentences must share to report one fact."""

    names: frozenset[str]  # folded
    numbers: frozenset[str]
    dates: frozenset[str]  # weekdays and months
    denied: frozenset[str]  # content words of what follows a negation, up to the clause's end
    figures: frozenset[str] = frozenset()  # its amounts and shares, as digit strings

    @property
    def anchors(self) -> frozenset[str]:
        """Names and numbers: what another sentence must share to be about the same thing."""
        return self.names | self.numbers


    @property
    def negated(self) -> bool:
        return bool(self.denied)

    @property
    def says_who_and_when(self) -> bool:
        return bool(self.names and self.dates)

    @classmethod
    def of(cls, text: str) -> Facts:
        return cls(frozenset(fold(n) for n in proper_names(text)), frozenset(numbers(text)),
                   frozenset(d.casefold() for d in DATE_WORD.findall(text)), denied_words(text),
                   frozenset(numbers(" ".join(_FIGURE.findall(text)))))

    def same_as(self, other: Facts) -> bool:
        """Two claims are one when their numbers and dates agree both ways and both assert, or
        both deny."""
        return self.agrees(other) and other.agrees(self) and self.negated == other.negated

    def contradicts(self, other: Facts) -> bool:
        """The same claim (as close as one) with other numbers on the same day: "500 soldiers"
        and "400 soldiers" cannot both be right."""
        return (self.negated == other.negated and self.dates == other.dates and bool(self.numbers)
                and bool(other.numbers) and not self.numbers <= other.numbers and not other.numbers <= self.numbers)

    def agrees(self, other: Facts) -> bool:
        """No number and no date of this claim missing from the other sentence: "500 soldiers"
        is not reported by "400 soldiers", nor a Monday statement by a Tuesday one."""
        return self.numbers <= other.numbers and (not other.dates or self.dates <= other.dates)
