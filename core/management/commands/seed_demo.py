"""Builds the demo district (idempotent) and prints the demo logins.

Each app may have a `demo.py` with `seed(context)`; they run in the order of INSTALLED_APPS, which
is the order of the layers (core, staff, contingent, ..., strict_forms)."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation


class Command(BaseCommand):
    help = "Create the demo district with two schools, staff and roles; print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--large-district",
            nargs="?",
            const=50,
            type=int,
            metavar="SCHOOLS",
            help="Also build a large district (default 50 schools) for measuring the reports.",
        )
        parser.add_argument(
            "--students-per-school", type=int, default=800, help="Students per school of the large district."
        )

    def handle(self, *args, **options):
        translation.activate("ru")
        from core import demo as core_demo

        with transaction.atomic():
            context = core_demo.seed()
            if options.get("large_district"):
                context["large_district"] = (options["large_district"], options["students_per_school"])
            for config in apps.get_app_configs():
                if config.name == "core":
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed(context)
        self.stdout.write(
            self.style.SUCCESS("Demo data is ready. Open http://127.0.0.1:8000/ and log in as:")
        )
        width = max(len(login) for login, _ in context["logins"])
        for login, description in context["logins"]:
            self.stdout.write(f"  {login.ljust(width)}  {core_demo.DEMO_PASSWORD}   {description}")
