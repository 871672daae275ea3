"""Demo organisation and one account per role. Part of ``load_demo``."""

from django.db import transaction

from .models import Organisation, Role, User

DEMO_PASSWORD = "demo-ecogestion"  # noqa: S105 - documented demo password, demo data only
DEMO_ACCOUNTS = [
    ("admin@demo.ecogestion.fr", "Alex", "Martin", Role.ADMINISTRATEUR),
    ("direction@demo.ecogestion.fr", "Dominique", "Leroy", Role.DIRECTION),
    ("facilitatrice@demo.ecogestion.fr", "Camille", "Bernard", Role.FACILITATEUR),
    ("facilitateur@demo.ecogestion.fr", "Samir", "Haddad", Role.FACILITATEUR),
    ("partenaire@demo.ecogestion.fr", "Claire", "Fontaine", Role.PARTENAIRE),
]


@transaction.atomic
def load(ctx: dict) -> None:
    org, _ = Organisation.objects.get_or_create(
        nom="Agence Parisienne du Climat", defaults={"sigle": "APC"}
    )
    ctx["organisation"] = org
    ctx["users"] = {}
    for email, first, last, role in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"first_name": first, "last_name": last, "organisation": org, "role": role},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            if role == Role.ADMINISTRATEUR:
                user.is_staff = user.is_superuser = True
            user.save()
        ctx["users"][email.split("@")[0]] = user
