import json

from django.core.management.base import BaseCommand

from shop.tasks import add


class Command(BaseCommand):
    help = "Sends one task through Celery and prints its result as JSON."

    def handle(self, *args, **options):
        result = add.delay(2, 3).get(timeout=60)
        self.stdout.write(json.dumps(result))
