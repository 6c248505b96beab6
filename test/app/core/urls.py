from django.contrib import admin
from django.urls import include, path

from shop import views

# The API also answers under /api/, where a client served from the same origin calls it (single-app system).
api = [
    path("healthz", views.healthz),
    path("health", views.health),
    path("csrf", views.csrf),
    path("echo", views.echo),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz),
    path("health", views.health),
    path("api/", include(api)),
]
