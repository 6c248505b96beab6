import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Creates the superuser from DJANGO_SUPERUSER_* if it does not exist yet."

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ["DJANGO_SUPERUSER_USERNAME"]
        if User.objects.filter(username=username).exists():
            self.stdout.write("exists")
            return
        User.objects.create_superuser(
            username, os.environ["DJANGO_SUPERUSER_EMAIL"], os.environ["DJANGO_SUPERUSER_PASSWORD"]
        )
        self.stdout.write("created")
