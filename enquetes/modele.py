"""The ready-made evaluation questionnaire of the éco-gestionnaire experiment (report, Dec. 2023).

The report publishes 25 closed questions, each followed by a comment box, and quotes the wording
of questions 1, 2, 7, 8, 9, 13, 15–19, 21–24; the others are reconstructed from the themes it
names (appropriation, appréciation, impacts, perspectives). Questions 1 and 2 are segments.
"""

from django.utils.translation import gettext_lazy as _

OUI_NON = "oui_non"
UNIQUE = "choix_unique"
MULTIPLE = "choix_multiple"

TITRE = _("Évaluation de l'expérimentation éco-gestionnaire de quartier")
INTRODUCTION = _(
    "Cette enquête évalue l'appropriation du dispositif, ses impacts concrets, son appréciation "
    "et ses perspectives. Elle compte 25 questions fermées, chacune suivie d'un espace de "
    "commentaire libre."
)  # Whether answers are anonymous is said by the form, from the survey's own setting.

# (section, code, libellé, type, choix, options)
QUESTIONS = [
    (_("Votre profil"), "statut", _("Quel est votre statut d'affiliation ?"), MULTIPLE, [
        ("superviseur", _("Superviseur·e ou accompagnateur·trice de l'expérimentation")),
        ("charge", _("Chargé·e de l'expérimentation")),
        ("beneficiaire_particulier", _("Bénéficiaire de l'expérimentation particulier·ère")),
        ("beneficiaire_professionnel", _("Bénéficiaire de l'expérimentation professionnel·le")),
        ("partenaire", _("Partenaire de l'expérimentation")),
    ], {"segment": True}),
    (_("Votre profil"), "territoire", _("Quel est votre territoire d'affiliation ?"), MULTIPLE, [
        ("ilot_13", _("L'îlot 13")),
        ("bas_belleville", _("Le Bas-Belleville")),
        ("rosa_parks", _("Rosa Parks")),
        ("aucun", _("Aucun")),
    ], {"segment": True}),
    (_("Appropriation du dispositif"), "connaissance",
     _("Depuis quand connaissez-vous l'expérimentation ?"), UNIQUE, [
        ("lancement", _("Depuis son lancement (2021-2022)")),
        ("annee_2023", _("Depuis 2023")),
        ("enquete", _("Je la découvre avec cette enquête")),
    ], {}),
    (_("Appropriation du dispositif"), "canal",
     _("Comment avez-vous connu les éco-gestionnaires ?"), MULTIPLE, [
        ("atelier", _("Par un atelier ou un événement de quartier")),
        ("copropriete", _("Par mon syndic ou mon conseil syndical")),
        ("mairie", _("Par la mairie d'arrondissement ou l'équipe de développement local")),
        ("agence", _("Par l'Agence Parisienne du Climat")),
        ("bouche_a_oreille", _("Par le bouche-à-oreille")),
    ], {"autre": True}),
    (_("Appropriation du dispositif"), "atelier",
     _("Avez-vous participé à au moins un atelier organisé par les éco-gestionnaires ?"),
     OUI_NON, None, {}),
    (_("Appropriation du dispositif"), "porteur",
     _("Savez-vous quelle structure porte l'expérimentation ?"), OUI_NON, None, {}),
    (_("Appropriation du dispositif"), "expliquer_role",
     _("Êtes-vous en mesure d'expliquer à quelqu'un le rôle des éco-gestionnaires ?"),
     OUI_NON, None, {}),
    (_("Appropriation du dispositif"), "contacts_directs",
     _("Avez-vous eu des contacts directs avec les éco-gestionnaires ?"), UNIQUE, [
        ("non", _("Non")),
        ("une_fois", _("Oui, une fois")),
        ("plus_d_une_fois", _("Oui et plus d'une fois")),
        ("plus_de_10_fois", _("Oui et plus de 10 fois")),
    ], {}),
    (_("Appropriation du dispositif"), "lien_transition",
     _("Le lien entre le travail des éco-gestionnaires et la transition écologique des "
       "quartiers vous apparaît-il clairement ?"), OUI_NON, None, {}),
    (_("Appréciation"), "mise_en_relation",
     _("Les éco-gestionnaires vous ont-ils mis·e en relation avec d'autres acteurs du "
       "quartier ?"), OUI_NON, None, {}),
    (_("Appréciation"), "disponibilite",
     _("Les éco-gestionnaires ont-ils été disponibles lorsque vous les avez sollicités ?"),
     OUI_NON, None, {}),
    (_("Appréciation"), "attentes",
     _("L'accompagnement proposé correspondait-il à vos attentes ?"), OUI_NON, None, {}),
    (_("Appréciation"), "satisfaction",
     _("Êtes-vous satisfait·e de votre parcours avec les éco-gestionnaires ?"),
     OUI_NON, None, {}),
    (_("Appréciation"), "recommandation",
     _("Recommanderiez-vous les éco-gestionnaires à un·e voisin·e ou à un·e partenaire ?"),
     OUI_NON, None, {}),
    (_("Impacts"), "information",
     _("Les éco-gestionnaires vous ont-ils permis d'identifier les leviers de la transition "
       "écologique à l'échelle d'un quartier et de comprendre l'intérêt de l'action "
       "collective/mutualisée (information) ?"), OUI_NON, None, {}),
    (_("Impacts"), "mise_en_action",
     _("Les éco-gestionnaires vous ont-ils aidé·e intellectuellement ou matériellement à mettre "
       "en place une action en faveur de la transition écologique (mise en action) ?"),
     OUI_NON, None, {}),
    (_("Impacts"), "mise_en_capacite",
     _("Les éco-gestionnaires vous ont-ils permis d'identifier votre propre capacité de "
       "réflexions et d'actions en faveur de la transition écologique des quartiers (mise en "
       "capacité) ?"), OUI_NON, None, {}),
    (_("Impacts"), "contribution",
     _("Selon vous, les éco-gestionnaires peuvent-ils à terme contribuer significativement à la "
       "transition écologique des quartiers ?"), OUI_NON, None, {}),
    (_("Impacts"), "outils_communication",
     _("Les outils de communication des éco-gestionnaires vous semblent-ils adaptés ?"),
     OUI_NON, None, {}),
    (_("Perspectives"), "ateliers_utiles",
     _("Les ateliers participatifs vous ont-ils semblé utiles pour faire émerger des projets ?"),
     OUI_NON, None, {}),
    (_("Perspectives"), "bonne_echelle",
     _("Selon vous, les éco-gestionnaires travaillent-ils à la bonne échelle ?"),
     OUI_NON, None, {}),
    (_("Perspectives"), "payer",
     _("Vous semblerait-il acceptable de payer pour l'accompagnement d'un éco-gestionnaire ?"),
     OUI_NON, None, {}),
    (_("Perspectives"), "competence_prioritaire",
     _("Selon vous, quelle est la compétence prioritaire des éco-gestionnaires ?"), UNIQUE, [
        ("entremise", _("La compétence d'entremise et de mutualisation")),
        ("technique", _("La compétence technique (rénovation, énergie)")),
        ("animation", _("La compétence d'animation et de participation citoyenne")),
        ("conseil", _("La compétence d'information et de conseil")),
    ], {}),
    (_("Perspectives"), "objets_prioritaires",
     _("Selon vous, quels sont les objets de transition dont les éco-gestionnaires devraient "
       "s'emparer en priorité ?"), MULTIPLE, [
        ("renovation", _("La rénovation énergétique des copropriétés")),
        ("vegetalisation", _("La végétalisation des cœurs d'îlot")),
        ("espaces_echange", _("La création d'espaces d'échange")),
        ("locaux_velos", _("L'aménagement de locaux vélos")),
        ("dechets", _("La réduction des déchets et le réemploi")),
        ("espaces_publics", _("Le réaménagement des espaces publics")),
    ], {"autre": True}),
    (_("Perspectives"), "poursuite",
     _("Souhaitez-vous que l'accompagnement des éco-gestionnaires se poursuive dans votre "
       "quartier ?"), OUI_NON, None, {}),
]  # fmt: skip
