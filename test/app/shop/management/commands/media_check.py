import json

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Prints which media store the settings chose as JSON; without --mode-only also stores a small file"
        " through Django's default storage (files store only) and prints its public URL and content."
    )

    def add_arguments(self, parser):
        parser.add_argument("--mode-only", action="store_true")

    def handle(self, *args, **options):
        mode = "service" if settings.CLOUDINARY_URL else "files" if settings.MEDIA_ROOT else "none"
        if options["mode_only"]:
            self.stdout.write(json.dumps({"mode": mode}))
            return
        if mode != "files":
            raise CommandError("media_check stores files only when MEDIA_ROOT is the media store")
        content = "media check\n"
        name = default_storage.save("proof/check.txt", ContentFile(content.encode()))
        self.stdout.write(
            json.dumps({"mode": mode, "url": default_storage.url(name), "content": content})
        )
