"""Settings shaped like the seed app's: every value the program hands over is read from the environment.

Required variables fail at import with a KeyError naming them, as the seed's settings do. The parts a stack
may leave out (target `none`: cache, media; frontend `backend`: the client served by this app) hand no
variable, and the app then runs without them: see the blocks below.
"""
import os
from pathlib import Path

import django
import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default="False"):
    return os.environ.get(name, default) == "True"


def env_list(name):
    return [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]


SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# Render sets RENDER_EXTERNAL_HOSTNAME (the *.onrender.com host) at run time (render.com/docs/environment-variables),
# and its health check sends that host when the service has no custom domain (render.com/docs/health-checks):
# the program cannot name it before the service exists, so the app adds it (docs/app-contract.md).
RENDER_EXTERNAL_HOSTNAME = os.environ.get("RENDER_EXTERNAL_HOSTNAME", "")
RENDER_ORIGINS = [f"https://{RENDER_EXTERNAL_HOSTNAME}"] if RENDER_EXTERNAL_HOSTNAME else []
if RENDER_EXTERNAL_HOSTNAME and RENDER_EXTERNAL_HOSTNAME not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(RENDER_EXTERNAL_HOSTNAME)
# Absent in the single-app system: the client is served by this app, on its own origin.
FRONTEND_URL = os.environ.get("FRONTEND_URL", "")
# Media: a media service when CLOUDINARY_URL is set (the cloudinary target), otherwise files under MEDIA_ROOT served
# at MEDIA_URL (the volume target: the Docker host's media volume, which its proxy serves). The program hands one
# of the two (components/environment.ts), or neither when the stack has no media store (`webapp:media.target:
# none`): then the app has no uploads.
CLOUDINARY_URL = os.environ.get("CLOUDINARY_URL", "")
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", "")
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
GOOGLE_CLIENT_ID = os.environ.get("GOOGLE_CLIENT_ID", "")
FACEBOOK_APP_ID = os.environ.get("FACEBOOK_APP_ID", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "shop",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "core.urls"
WSGI_APPLICATION = "core.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

# DATABASE_URL is the direct host (sslmode, channel_binding pass through to libpq): persistent connections,
# migrations and server-side cursors are safe on it. DATABASE_POOLED_URL is Neon's PgBouncer in transaction
# mode: no session state, so no server-side cursors and no persistent connections there.
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=600)}
if os.environ.get("DATABASE_POOLED_URL"):
    DATABASES["pooled"] = {
        **dj_database_url.parse(os.environ["DATABASE_POOLED_URL"], conn_max_age=0),
        "DISABLE_SERVER_SIDE_CURSORS": True,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# No REDIS_URL when the stack has no cache (`webapp:cache.target: none`): a per-process memory cache, and
# /health says so instead of "ok".
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_EAGER_PROPAGATES = env_bool("CELERY_TASK_EAGER_PROPAGATES")
# Without a cache there is no broker: tasks must then run eagerly, or they would be queued nowhere.
if not CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
    CELERY_RESULT_BACKEND = os.environ["CELERY_RESULT_BACKEND"]
else:
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")
    CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "cache+memory://")

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS") + RENDER_ORIGINS
# One pattern, not a list: a regex may hold commas.
CORS_ALLOWED_ORIGIN_REGEXES = [r for r in [os.environ.get("CORS_ALLOWED_ORIGIN_REGEXES")] if r]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") + RENDER_ORIGINS
if django.VERSION < (4, 0):
    # Django 3.2 (Debian 12's) compares host names; 4.0 and later take the origins as given.
    CSRF_TRUSTED_ORIGINS = [o.split("://", 1)[-1] for o in CSRF_TRUSTED_ORIGINS]

# Render terminates TLS and forwards X-Forwarded-Proto; its health probe reaches the container directly.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^healthz?$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles"))

# The single-app system: the image holds the client's build output here (CLIENT_ROOT, like STATIC_ROOT, is the
# image's layout, not the program's); WhiteNoise serves it at / (index.html for a directory) and Django the
# API under /api/ and /healthz, on one origin. An image without a client build serves no client.
CLIENT_ROOT = os.environ.get("CLIENT_ROOT", str(BASE_DIR / "client"))
if os.path.isfile(os.path.join(CLIENT_ROOT, "index.html")):
    # Right after SecurityMiddleware (its HTTPS redirect and headers still apply), as WhiteNoise's docs place it.
    security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
    MIDDLEWARE.insert(security + 1, "whitenoise.middleware.WhiteNoiseMiddleware")
    WHITENOISE_ROOT = CLIENT_ROOT
    WHITENOISE_INDEX_FILE = True
USE_TZ = True
TIME_ZONE = "UTC"
