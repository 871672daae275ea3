"""Automatic masking of names, e-mails and phone numbers in residents' free texts.

A first pass only: the facilitator reads the result and edits it by hand before quoting.
Names are found by a simple rule: capitalised words after "je m'appelle", "M.", "Mme",
"Monsieur", "Madame", and the known names of the organisation's contact base.
"""

import re
from collections.abc import Iterable

MASQUE = "[…]"
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# French numbers: 06 12 34 56 78, 06.12.34.56.78, +33 6 12 34 56 78, 0612345678.
PHONE_RE = re.compile(r"(?:(?:\+|00)33[\s.-]?|0)[1-9](?:[\s.-]?\d{2}){4}")
_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’-]+"
TITLE_RE = re.compile(
    rf"(?P<intro>\b(?:[Jj]e m['’]appelle|M\.|Mme\.?|Mlle\.?|Monsieur|Madame)\s+)"
    rf"(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})"
)


def masquer(texte: str, noms_connus: Iterable[str] = ()) -> str:
    """Return ``texte`` with e-mails, phone numbers and names replaced by "[…]"."""
    result = EMAIL_RE.sub(MASQUE, texte)
    result = PHONE_RE.sub(MASQUE, result)
    result = TITLE_RE.sub(lambda m: m.group("intro") + MASQUE, result)
    for nom in sorted(
        {n.strip() for n in noms_connus if n and len(n.strip()) >= 3}, key=len, reverse=True
    ):
        result = re.sub(rf"\b{re.escape(nom)}\b", MASQUE, result, flags=re.IGNORECASE)
    return result
