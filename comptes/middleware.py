from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation


class RequireMfaMiddleware:
    """Direction and administrator accounts must activate TOTP before anything else.

    Turned off with ECOGESTION_MFA_REQUIRED=0 (the demo does it, and says so).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.ECOGESTION_MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and user.needs_mfa
            and not self._allowed_path(request.path)
            and not _has_totp(user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _allowed_path(path: str) -> bool:
        allowed = (
            reverse("account_logout"),
            "/accounts/",
            "/static/",
            "/sante/",
            "/i18n/",
            "/favicon.ico",
        )
        return path.startswith(allowed)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class FrenchFirstLocaleMiddleware(LocaleMiddleware):
    """French unless the user chose another language (language cookie set by set_language).

    Browsers' Accept-Language is ignored on purpose: staff and residents of a French programme
    get the French interface even on an English-configured phone.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
