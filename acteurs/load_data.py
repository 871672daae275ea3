"""Benchmark data: 20 000 × scale invented actors with contact histories (bulk inserts).

Called by the indicateurs app's ``generate_load_data`` command. Re-running tops up to the
requested size instead of duplicating.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from quartiers.models import Quartier

from .models import Acteur, Canal, Contact, Famille, Nature, RoleProgramme, TypeActeur

PREFIX = "Charge"
BATCH = 2000


@transaction.atomic
def generate(ctx: dict, *, scale: float = 1.0) -> int:
    """Create the missing benchmark actors of ``ctx["organisation"]``; returns how many."""
    org = ctx["organisation"]
    quartiers = list((ctx.get("quartiers") or {}).values()) or list(
        Quartier.objects.filter(organisation=org)
    )
    target = max(1, int(20000 * scale))
    existing = Acteur.objects.filter(organisation=org, nom__startswith=f"{PREFIX} ").count()
    missing = target - existing
    if missing <= 0:
        return 0
    rng = random.Random(existing)  # noqa: S311 - benchmark data, not security
    today = timezone.localdate()
    par = (ctx.get("users") or {}).get("facilitatrice")
    types = [c for c, _label in TypeActeur.choices]
    familles = [c for c, _label in Famille.choices]
    roles = [c for c, _label in RoleProgramme.choices]
    created = 0
    Through = Acteur.quartiers.through
    for start in range(existing, target, BATCH):
        stop = min(start + BATCH, target)
        acteurs = []
        for i in range(start, stop):
            personne = i % 3 != 0
            acteurs.append(
                Acteur(
                    organisation=org,
                    nature=Nature.PERSONNE if personne else Nature.ORGANISATION,
                    type_acteur="habitant" if personne else rng.choice(types),
                    nom=f"{PREFIX} {i:06d}",
                    prenom="Prénom" if personne else "",
                    email=f"charge{i}@example.org",
                    telephone="01 00 00 00 00",
                    role_programme=rng.choice(roles),
                    famille=rng.choice(familles),
                    est_relais=i % 17 == 0,
                    consentement_date=today - datetime.timedelta(days=30)
                    if personne and i % 4
                    else None,
                    cree_par=par,
                )
            )
        acteurs = Acteur.objects.bulk_create(acteurs)
        if quartiers:
            Through.objects.bulk_create(
                [Through(acteur_id=a.pk, quartier_id=rng.choice(quartiers).pk) for a in acteurs]
            )
        contacts = []
        for a in acteurs:
            for k in range(rng.choice((0, 1, 1, 2, 3, 5, 12))):
                contacts.append(
                    Contact(
                        acteur=a,
                        date=today - datetime.timedelta(days=rng.randint(0, 700)),
                        canal=rng.choice(Canal.values),
                        par=par,
                        source_key=f"charge:{k}",
                    )
                )
        Contact.objects.bulk_create(contacts, batch_size=BATCH)
        created += len(acteurs)
    return created
