from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from comptes import views as comptes_views

admin.site.site_header = "Écogestion — administration"
# The admin's own password-only login form would bypass the two-factor step: send it to the
# allauth login (password, then TOTP) like every other page.
admin.site.login = secure_admin_login(admin.site.login)


class FaviconView(RedirectView):
    """Pages without our <link rel="icon"> (the admin, files) make browsers ask for this."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")


urlpatterns = [
    path("", comptes_views.home, name="home"),
    path("favicon.ico", FaviconView.as_view()),
    path("sante/", comptes_views.health, name="health"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("journal/", comptes_views.audit_log, name="audit_log"),
    path("rgpd/", comptes_views.registre_rgpd, name="registre_rgpd"),
    path("quartiers/", include("quartiers.urls")),
    path("acteurs/", include("acteurs.urls")),
    path("ateliers/", include("ateliers.urls")),
    path("enquetes/", include("enquetes.urls")),
    path("cartographie/", include("cartographie.urls")),
    path("indicateurs/", include("indicateurs.urls")),
]

# Uploaded files are served by Django's development server only when DEBUG is on. In
# production nothing serves MEDIA_ROOT directly: each app serves its files through a view that
# checks the user may see the object they belong to (see README, "Security & RGPD").
if settings.DEBUG:
    from django.conf.urls.static import static as media_urls

    urlpatterns += media_urls(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
