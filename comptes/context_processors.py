from django.conf import settings


def platform(request):
    return {
        "MFA_REQUIRED": settings.ECOGESTION_MFA_REQUIRED,
        "DEMO_MODE": getattr(settings, "ECOGESTION_DEMO", False),
    }
