from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse

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
    cache.set("health", "ok", 30)
    body["redis"] = cache.get("health")
    return JsonResponse(body)
