"""Demo contact base: about forty invented actors of the three neighbourhoods of the experiment,
their relations, relay people on the diffusion curve and contact histories. Part of ``load_demo``.

Organisations are plausible but invented (or generic: "école Glacière", "centre social");
people are invented, with example.org addresses and 01 00 00 00 xx phone numbers.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from quartiers.models import Quartier

from .models import Acteur, Canal, Contact, Relation

I13, BB, RP = "Ilot 13", "Bas-Belleville", "Rosa Parks"

# key, nature, type, nom, prénom, structure (key), fonction, rôle, famille, quartiers,
# relais stade ("" = not relay), consent, number of contacts
O, P = "organisation", "personne"  # noqa: E741
ACTEURS = [
    # --- Ilot 13: a private block, union of 7 copropriétés -------------------------------------
    ("union", O, "copropriete", "Union des copropriétés de l'Ilot 13", "", None, "",
     "beneficiaire_particulier", "instances_locales", [I13], "", False, 9),
    ("copro_tilleuls", O, "copropriete", "Copropriété Résidence des Tilleuls", "", None, "",
     "beneficiaire_particulier", "grand_public", [I13], "", False, 4),
    ("copro_cerisiers", O, "copropriete", "Copropriété Les Cerisiers", "", None, "",
     "beneficiaire_particulier", "grand_public", [I13], "", False, 3),
    ("copro_glaciere", O, "copropriete", "Copropriété Glacière-Corvisart", "", None, "",
     "beneficiaire_particulier", "grand_public", [I13], "", False, 2),
    ("cs_tilleuls", O, "conseil_syndical", "Conseil syndical des Tilleuls", "", None, "",
     "beneficiaire_particulier", "instances_locales", [I13], "", False, 6),
    ("cs_cerisiers", O, "conseil_syndical", "Conseil syndical des Cerisiers", "", None, "",
     "beneficiaire_particulier", "instances_locales", [I13], "", False, 3),
    ("syndic13", O, "syndic", "Cabinet Gestimmo Treize", "", None, "",
     "beneficiaire_professionnel", "support_projets", [I13], "", False, 5),
    ("be_thermia", O, "bureau_etudes", "Thermia Conseil", "", None, "",
     "partenaire", "expertise", [I13], "", False, 4),
    ("ecole", O, "ecole", "École élémentaire Glacière", "", None, "",
     "partenaire", "actions_terrain", [I13], "", False, 3),
    ("roussel", P, "conseil_syndical", "Roussel", "Martine", "cs_tilleuls",
     "Présidente du conseil syndical", "beneficiaire_particulier", "instances_locales", [I13],
     "pionnier", True, 14),
    ("keita", P, "conseil_syndical", "Keita", "Bernard", "cs_cerisiers",
     "Membre du conseil syndical", "beneficiaire_particulier", "instances_locales", [I13],
     "premier_adoptant", True, 8),
    ("lambert", P, "habitant", "Lambert", "Sophie", None, "Copropriétaire",
     "beneficiaire_particulier", "grand_public", [I13], "majorite_precoce", True, 4),
    ("legoff", P, "habitant", "Le Goff", "Yann", None, "Locataire",
     "beneficiaire_particulier", "grand_public", [I13], "", False, 2),
    ("baptiste", P, "ecole", "Baptiste", "Inès", "ecole", "Directrice",
     "partenaire", "actions_terrain", [I13], "", True, 3),
    ("perrin", P, "syndic", "Perrin", "Thomas", "syndic13", "Gestionnaire de copropriétés",
     "beneficiaire_professionnel", "support_projets", [I13], "", True, 5),
    # --- Bas-Belleville: mixed, QPV and QVA, with a local development team ---------------------
    ("edl20", O, "edl", "EDL Belleville-Amandiers", "", None, "",
     "partenaire", "soutien_terrain", [BB], "", False, 11),
    ("cs_passerelle", O, "centre_social", "Centre social La Passerelle", "", None, "",
     "partenaire", "actions_terrain", [BB], "", False, 7),
    ("bailleur", O, "bailleur_social", "Habitat Social de l'Est parisien", "", None, "",
     "beneficiaire_professionnel", "soutiens_logistiques", [BB, RP], "", False, 5),
    ("transition", O, "association", "Belleville en transition", "", None, "",
     "partenaire", "actions_terrain", [BB], "", False, 6),
    ("jardin_allais", O, "association", "Collectif du jardin Alphonse-Allais", "", None, "",
     "beneficiaire_particulier", "grand_public", [BB], "", False, 4),
    ("conseil_habitat", O, "bureau_etudes", "Atelier Conseil Habitat", "", None, "",
     "partenaire", "expertise", [BB, I13], "", False, 3),
    ("pressoir", O, "copropriete", "Copropriété du Pressoir", "", None, "",
     "beneficiaire_particulier", "grand_public", [BB], "", False, 5),
    ("boulangerie", O, "commerce", "Boulangerie des Couronnes", "", None, "",
     "beneficiaire_professionnel", "soutiens_logistiques", [BB], "", False, 2),
    ("mairie20", O, "service_ville", "Mairie du 20e · mission transition", "", None, "",
     "superviseur", "soutiens_institutionnels", [BB], "", False, 3),
    ("benali", P, "edl", "Benali", "Nadia", "edl20", "Cheffe de projet EDL",
     "partenaire", "soutien_terrain", [BB], "pionnier", True, 13),
    ("ouedraogo", P, "centre_social", "Ouedraogo", "Karim", "cs_passerelle",
     "Animateur famille", "partenaire", "actions_terrain", [BB], "premier_adoptant", True, 7),
    ("marchand", P, "habitant", "Marchand", "Lucie", None, "Habitante, copropriété du Pressoir",
     "beneficiaire_particulier", "grand_public", [BB], "majorite_precoce", True, 6),
    ("henry", P, "habitant", "Henry", "Paul", None, "Habitant",
     "beneficiaire_particulier", "grand_public", [BB], "majorite_tardive", False, 2),
    ("diallo", P, "habitant", "Diallo", "Aminata", None, "Habitante, résidence du bailleur",
     "beneficiaire_particulier", "grand_public", [BB], "retardataire", True, 1),
    ("favre", P, "elu", "Favre", "Élodie", "mairie20",
     "Adjointe chargée de la transition écologique", "superviseur",
     "soutiens_institutionnels", [BB], "", True, 2),
    ("vidal", P, "bailleur_social", "Vidal", "Jean-Marc", "bailleur", "Gardien d'immeuble",
     "beneficiaire_professionnel", "soutiens_logistiques", [BB], "", True, 3),
    ("nguyen", P, "habitant", "Nguyen", "Chloé", None, "Habitante",
     "beneficiaire_particulier", "grand_public", [BB], "", False, 1),
    # --- Rosa Parks: recent, offices, multimodal hub --------------------------------------------
    ("syndic_entrepots", O, "syndic", "Syndicat des entrepôts du boulevard", "", None, "",
     "beneficiaire_professionnel", "support_projets", [RP], "", False, 4),
    ("cs_rosa", O, "centre_social", "Centre social du Parvis", "", None, "",
     "partenaire", "actions_terrain", [RP], "", False, 3),
    ("velo", O, "association", "Vélo Flandre", "", None, "",
     "partenaire", "actions_terrain", [RP], "", False, 3),
    ("supermarche", O, "commerce", "Supermarché du Parvis", "", None, "",
     "beneficiaire_professionnel", "soutiens_logistiques", [RP], "", False, 1),
    ("regie", O, "association", "Régie de quartier Flandre", "", None, "",
     "partenaire", "soutien_terrain", [RP], "", False, 3),
    ("urbanisme", O, "service_ville", "Ville · direction de l'urbanisme", "", None, "",
     "superviseur", "soutiens_institutionnels", [RP], "", False, 2),
    ("tiers_lieu", O, "association", "Tiers-lieu La Pile verte", "", None, "",
     "partenaire", "support_projets", [RP], "", False, 2),
    ("delorme", P, "elu", "Delorme", "Marc", None, "Élu d'arrondissement, transition",
     "superviseur", "soutiens_institutionnels", [RP], "", True, 2),
    ("cohen", P, "service_ville", "Cohen", "Sarah", "urbanisme", "Responsable de quartier",
     "partenaire", "soutien_terrain", [RP], "premier_adoptant", True, 5),
    ("mensah", P, "commerce", "Mensah", "Olivier", "supermarche", "Directeur de magasin",
     "beneficiaire_professionnel", "soutiens_logistiques", [RP], "", False, 1),
    ("robin", P, "habitant", "Robin", "Hélène", None, "Habitante",
     "beneficiaire_particulier", "grand_public", [RP], "majorite_tardive", True, 3),
]  # fmt: skip

RELATIONS = [
    ("copro_tilleuls", "membre", "union"),
    ("copro_cerisiers", "membre", "union"),
    ("copro_glaciere", "membre", "union"),
    ("cs_tilleuls", "membre", "copro_tilleuls"),
    ("cs_cerisiers", "membre", "copro_cerisiers"),
    ("roussel", "relais_infos", "union"),
    ("roussel", "mobilisation", "keita"),
    ("keita", "mobilisation", "lambert"),
    ("lambert", "relais_infos", "legoff"),
    ("be_thermia", "prestation", "union"),
    ("syndic13", "partenariat", "union"),
    ("perrin", "membre", "syndic13"),
    ("ecole", "relais_infos", "lambert"),
    ("baptiste", "membre", "ecole"),
    ("conseil_habitat", "organisation_visite", "union"),
    ("edl20", "relais_infos", "cs_passerelle"),
    ("edl20", "relais_infos", "transition"),
    ("benali", "membre", "edl20"),
    ("benali", "mobilisation", "marchand"),
    ("ouedraogo", "membre", "cs_passerelle"),
    ("ouedraogo", "mobilisation", "diallo"),
    ("marchand", "relais_infos", "henry"),
    ("marchand", "relais_infos", "pressoir"),
    ("conseil_habitat", "organisation_visite", "pressoir"),
    ("bailleur", "financement", "jardin_allais"),
    ("mairie20", "financement", "transition"),
    ("favre", "partenariat", "edl20"),
    ("vidal", "membre", "bailleur"),
    ("cs_passerelle", "mobilisation", "jardin_allais"),
    ("boulangerie", "relais_infos", "nguyen"),
    ("transition", "partenariat", "cs_passerelle"),
    ("velo", "prestation", "syndic_entrepots"),
    ("syndic_entrepots", "partenariat", "tiers_lieu"),
    ("cohen", "relais_infos", "cs_rosa"),
    ("cohen", "membre", "urbanisme"),
    ("delorme", "partenariat", "urbanisme"),
    ("urbanisme", "financement", "regie"),
    ("regie", "mobilisation", "robin"),
    ("mensah", "membre", "supermarche"),
    ("cs_rosa", "relais_infos", "robin"),
]

# No "atelier" channel: those contacts come from the activities' attendance (ateliers demo),
# each linked to its activity; an invented one would have no activity to show.
CANAUX = [Canal.RENCONTRE, Canal.EMAIL, Canal.TELEPHONE, Canal.VISITE, Canal.PERMANENCE]
NOTES = [
    "Présentation de la démarche éco-gestionnaire.",
    "Point sur le diagnostic technique global mutualisé.",
    "Invitation à l'atelier participatif du mois.",
    "Relance par téléphone, intéressé·e par la balade thermique.",
    "Échange à la permanence hebdomadaire.",
    "",
]


def _slug(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(c if c.isalnum() else "-" for c in text).strip("-").replace("--", "-")


def demo_quartiers(ctx: dict) -> dict:
    """The three neighbourhoods: from the quartiers demo when it ran before (the normal case in
    ``load_demo``), else minimal rows by name so that this module also runs on its own."""
    if ctx.get("quartiers"):
        return ctx["quartiers"]
    org, users = ctx["organisation"], ctx.get("users", {})
    quartiers = {}
    for nom in (I13, BB, RP):
        quartiers[nom], _created = Quartier.objects.get_or_create(organisation=org, nom=nom)
    if "facilitatrice" in users:
        quartiers[I13].membres.add(users["facilitatrice"])
        quartiers[BB].membres.add(users["facilitatrice"])
    if "facilitateur" in users:
        quartiers[RP].membres.add(users["facilitateur"])
    if "partenaire" in users:
        quartiers[BB].membres.add(users["partenaire"])
    ctx["quartiers"] = quartiers
    return quartiers


@transaction.atomic
def load(ctx: dict) -> None:
    org = ctx["organisation"]
    users = ctx.get("users", {})
    quartiers = demo_quartiers(ctx)
    today = timezone.localdate()
    consent_date = today - datetime.timedelta(days=300)
    by_key: dict[str, Acteur] = {}
    ctx["acteurs"] = {}
    for n, row in enumerate(ACTEURS, start=1):
        (key, nature, type_acteur, nom, prenom, structure, fonction, role, famille, qnoms,
         stade, consent, _contacts) = row  # fmt: skip
        if nature == P:
            email = f"{_slug(prenom)}.{_slug(nom)}@example.org"
        else:
            email = f"contact@{_slug(nom)[:40]}.example.org"
        defaults = {
            "nature": nature,
            "type_acteur": type_acteur,
            "structure": by_key.get(structure) if structure else None,
            "fonction": fonction,
            "role_programme": role,
            "famille": famille,
            "email": email,
            "telephone": f"01 00 00 00 {n:02d}",
            "est_relais": bool(stade),
            "stade_diffusion": stade,
            "consentement_date": consent_date if nature == P and consent else None,
            "consentement_source": "Fiche signée en atelier" if nature == P and consent else "",
            "consentement_finalite": "Être informé·e des ateliers et actions du quartier"
            if nature == P and consent
            else "",
            "cree_par": users.get("facilitatrice"),
        }
        acteur, _created = Acteur.objects.update_or_create(
            organisation=org, nom=nom, prenom=prenom, defaults=defaults
        )
        acteur.quartiers.set([quartiers[q] for q in qnoms])
        by_key[key] = acteur
        ctx["acteurs"][acteur.nom_complet] = acteur

    for source, type_relation, cible in RELATIONS:
        Relation.objects.get_or_create(
            source=by_key[source], cible=by_key[cible], type_relation=type_relation
        )

    # Contact histories, keyed so that reloading updates them instead of adding more.
    for index, row in enumerate(ACTEURS):
        key, qnoms, number = row[0], row[9], row[12]
        par = users.get("facilitateur") if qnoms == [RP] else users.get("facilitatrice")
        for k in range(number):
            days = (k * 41 + index * 7) % 540 + 3
            Contact.objects.update_or_create(
                acteur=by_key[key],
                source_key=f"demo:{k}",
                defaults={
                    "date": today - datetime.timedelta(days=days),
                    "canal": CANAUX[(index + k) % len(CANAUX)],
                    "par": par,
                    "note": NOTES[(index * 3 + k) % len(NOTES)],
                },
            )
