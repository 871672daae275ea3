"""A known answer set over factories.STANDARD, and the figures it must give."""

import datetime as dt

from django.utils import timezone

from .factories import answer

DAY = timezone.make_aware(dt.datetime(2023, 11, 20, 10, 0))

ANSWERS = [
    {"statut": "habitant", "satisfait": "oui", "objets": ["renovation", "vegetalisation"], "note": 5, "age": 30},
    {"statut": "habitant", "satisfait": "oui", "objets": ["renovation"], "note": 4, "age": 40,
     "satisfait_commentaire": "Très utile pour la copropriété"},
    {"statut": "habitant", "satisfait": "non", "objets": ["velos", "autre"], "objets_autre": "Compost", "note": 2},
    {"statut": "partenaire", "satisfait": "oui", "objets": ["renovation", "velos"], "note": 4, "age": 50},
    {"statut": "partenaire", "objets": ["vegetalisation"], "note": 3},
    {"statut": "partenaire", "satisfait": "non"},
    {"statut": "habitant", "satisfait": "oui", "objets": ["renovation"], "note": 5,
     "idee": "Je m'appelle Paul Durand, écrivez-moi à paul.durand@example.org ou au 06 12 34 56 78"},
]  # fmt: skip


def feed(enquete):
    """Respondent i answers on day i (20, 21, … 26 November 2023)."""
    return [
        answer(enquete, values, when=DAY + dt.timedelta(days=i)) for i, values in enumerate(ANSWERS)
    ]
