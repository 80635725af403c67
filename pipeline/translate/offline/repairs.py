"""The repairs of the offline translator, gathered: which apply to a language, in order, and their fingerprint.

The fingerprint of a language's repairs is derived from what is declared (`registry.py`) and the
code that declares it: a changed repair makes incremental runs translate again, with nothing to
bump by hand.
"""

from __future__ import annotations

import hashlib
import inspect
import sys
from functools import cache

from pipeline.translate.offline import english_repairs, source_repairs
from pipeline.translate.offline.registry import REPAIRS, Repair, Side

# The modules that declare repairs, in the order their repairs run.
DECLARING = (source_repairs, english_repairs)


def repairs_for(lang: str, side: Side) -> tuple[Repair, ...]:
    return tuple(r for r in REPAIRS if r.side == side and r.applies_to(lang))


@cache
def fingerprint(lang: str) -> str:
    """What a language's repairs are: their names and order, and the code that declares them."""
    declared = [(r.side, r.name, sorted(r.languages)) for r in REPAIRS if r.applies_to(lang)]
    code = "".join(inspect.getsource(sys.modules[module.__name__]) for module in DECLARING)
    return hashlib.sha256(repr((declared, code)).encode()).hexdigest()[:16]
