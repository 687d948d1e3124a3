from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import import_string, module_has_submodule


class Command(BaseCommand):
    help = (
        "Create the demo content (home, about, privacy, and each app's demo pages) in all "
        "three languages. Idempotent: existing content is left untouched."
    )

    def handle(self, *args, **options):
        translation.activate("zh-hans")
        seeders = [
            import_string(f"{config.name}.demo.seed")
            for config in apps.get_app_configs()
            if config.module and module_has_submodule(config.module, "demo")
        ]
        try:
            with transaction.atomic():
                for seed in seeders:
                    seed(lambda message: self.stdout.write(f"  {message}"))
        except Exception as exc:
            raise CommandError(f"seed_demo failed, nothing was saved: {exc}") from exc
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
