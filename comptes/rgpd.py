"""The register of processing activities (registre des traitements, RGPD art. 30), shown at
/rgpd/. Each app's personal data is one ``Traitement``; keep it in step with the models."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Traitement:
    nom: str
    finalite: str
    donnees: list[str]
    personnes: str
    base_legale: str
    conservation: str
    destinataires: str


REGISTRE = [
    Traitement(
        nom=_("Comptes des utilisateur·rices"),
        finalite=_("Donner accès à la plateforme aux équipes et partenaires, sécuriser l'accès."),
        donnees=[
            _("nom, prénom, adresse e-mail professionnelle"),
            _("organisation et rôle"),
            _("mot de passe (empreinte uniquement), secret de double authentification"),
            _("dates de connexion"),
        ],
        personnes=_("Salarié·es de la structure porteuse, partenaires invités"),
        base_legale=_(
            "Exécution d'une mission d'intérêt public / intérêt légitime de la structure"
        ),
        conservation=_("Durée de l'accès, puis suppression du compte par un administrateur"),
        destinataires=_("Administrateur·rices de l'organisation"),
    ),
    Traitement(
        nom=_("Base des acteurs et personnes-relais"),
        finalite=_(
            "Suivre les relations avec les habitant·es, associations et structures du quartier, "
            "mesurer la diffusion de la démarche."
        ),
        donnees=[
            _("nom, prénom, coordonnées (e-mail, téléphone, adresse)"),
            _("rôle dans le quartier, statut de personne-relais"),
            _("historique des contacts (date, canal, note)"),
            _("consentement : date, source, finalité"),
        ],
        personnes=_("Habitant·es, membres d'associations, professionnel·les du quartier"),
        base_legale=_(
            "Consentement pour les personnes physiques ; intérêt légitime pour les structures"
        ),
        conservation=_(
            "Tant que le consentement est valable ; les personnes sans consentement sont "
            "anonymisées automatiquement après la durée de conservation configurée"
        ),
        destinataires=_(
            "Direction et facilitateur·rices de l'organisation (jamais les partenaires)"
        ),
    ),
    Traitement(
        nom=_("Ateliers et activités de terrain"),
        finalite=_(
            "Organiser les ateliers, compter la participation, rendre compte de l'activité."
        ),
        donnees=[
            _("inscriptions et présences (nom ou pseudonyme, contact facultatif)"),
            _("photos et pièces jointes déposées par l'équipe"),
        ],
        personnes=_("Participant·es aux ateliers"),
        base_legale=_("Consentement / mission d'intérêt public"),
        conservation=_(
            "Durée du programme ; les fichiers suivent l'activité à laquelle ils sont liés"
        ),
        destinataires=_(
            "Membres de l'organisation ; fichiers servis aux seules personnes autorisées"
        ),
    ),
    Traitement(
        nom=_("Enquêtes auprès des habitant·es"),
        finalite=_("Connaître les pratiques et attentes du quartier, mesurer les évolutions."),
        donnees=[
            _("réponses au questionnaire, sans compte ni identification obligatoire"),
            _("coordonnées seulement si la personne choisit de les laisser"),
        ],
        personnes=_("Habitant·es répondant aux enquêtes"),
        base_legale=_("Consentement (participation volontaire)"),
        conservation=_(
            "Durée du programme ; les résultats publiés masquent les trop petits groupes de "
            "répondant·es"
        ),
        destinataires=_("Membres de l'organisation ; résultats agrégés dans les rapports"),
    ),
    Traitement(
        nom=_("Cartographie sensible"),
        finalite=_("Recueillir les perceptions des habitant·es sur les lieux du quartier."),
        donnees=[
            _("points et commentaires déposés sur la carte, sans compte"),
            _("aucune adresse IP conservée avec la contribution"),
        ],
        personnes=_("Habitant·es contribuant via un lien public"),
        base_legale=_("Consentement (participation volontaire)"),
        conservation=_("Durée du programme"),
        destinataires=_("Membres de l'organisation ; carte publique modérée"),
    ),
    Traitement(
        nom=_("Journal des modifications"),
        finalite=_(
            "Tracer qui a modifié, exporté ou anonymisé quelles données (sécurité, responsabilité)."
        ),
        donnees=[_("auteur·rice, date, objet et champs modifiés")],
        personnes=_("Utilisateur·rices de la plateforme"),
        base_legale=_("Obligation de sécurité (RGPD art. 32) / intérêt légitime"),
        conservation=_("Durée de vie de l'organisation sur la plateforme"),
        destinataires=_("Direction et administrateur·rices de l'organisation"),
    ),
]
