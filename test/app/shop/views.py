import json

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from .models import Product


def healthz(request):
    """Cheap: the process answers (and Django accepted the Host header)."""
    return JsonResponse({"status": "ok"})


def health(request):
    """Touches the database (direct and, when configured, pooled) and Redis."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
    Product.objects.get_or_create(name="health-check")
    body = {"database": "ok", "products": Product.objects.count()}
    if "pooled" in connections:
        # iterator() would open a server-side cursor; behind PgBouncer it must not (DISABLE_SERVER_SIDE_CURSORS).
        body["pooled"] = sum(1 for _ in Product.objects.using("pooled").iterator())
    if settings.REDIS_URL:
        cache.set("health", "ok", 30)
        body["redis"] = cache.get("health")
    else:
        body["redis"] = "none"
    return JsonResponse(body)


@require_GET
@ensure_csrf_cookie
def csrf(request):
    """Sets the CSRF cookie a client on this origin sends back with its token."""
    return JsonResponse({"csrf": "set"})


@require_POST
def echo(request):
    """A state-changing call behind Django's CSRF check: token, and on HTTPS a same-origin Referer."""
    return JsonResponse({"echo": json.loads(request.body or b"{}")})
