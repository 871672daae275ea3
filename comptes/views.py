from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .forms import AuditFilterForm, object_type_label
from .health import run_checks
from .models import AuditEntry
from .permissions import member_required
from .rgpd import REGISTRE
from .selectors import home_panels, home_quartiers


@member_required
def home(request):
    return render(
        request,
        "comptes/home.html",
        {**home_quartiers(request.user), "panels": home_panels(request.user)},
    )


@member_required
def audit_log(request):
    """The audit trail of the organisation, for Direction and administrators."""
    if not (request.user.is_direction or request.user.is_administrateur):
        raise PermissionDenied
    organisation = request.user.organisation
    form = AuditFilterForm(request.GET or None, organisation=organisation)
    entries = form.filter(
        AuditEntry.objects.filter(organisation=organisation).select_related("user")
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page:
        entry.object_type_label = object_type_label(entry.object_type)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "comptes/audit_log.html",
        {"page": page, "form": form, "querystring": query.urlencode()},
    )


def registre_rgpd(request):
    """The register of personal data processing: public, residents may read it too."""
    return render(request, "comptes/registre_rgpd.html", {"registre": REGISTRE})


@never_cache
def health(request):
    """For the load balancer: JSON, 200 when the database, the cache and a worker answer."""
    checks = run_checks()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
