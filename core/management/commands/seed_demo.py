"""Builds the demo district (idempotent) and prints the demo logins.

Each app may have a `demo.py` with `seed(context)`; they run in the order of INSTALLED_APPS, which
is the order of the layers (core, staff, contingent, ..., strict_forms). Each app's seed runs in its
own transaction: an interrupted seed keeps the layers already built, and the next run (every seed
is idempotent) goes on from the first one missing. A layer may leave steps in `context["steps"]`
((label, callable)): each runs afterwards in a transaction of its own (the large district's schools,
one by one). Each layer's cost is printed: wall time, the
command's CPU, PostgreSQL's CPU (its backend's, read from /proc when the database is local) and
the number of queries, so a slow layer shows itself even on a busy machine."""

import contextlib
import os
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import translation

from core.discovery import app_modules


def _demo_modules():
    """(app label, demo module) of the apps that have one, core excluded, in the order of the layers."""
    for module in app_modules("demo", skip={"core"}):
        yield apps.get_containing_app_config(module.__name__).label, module


def _database_cpu():
    """CPU seconds of this connection's PostgreSQL backend, or None when it is not on this machine."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Cost:
    """Wall time, own CPU, database CPU and queries of one layer of the seed."""

    def __init__(self):
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)

    @contextlib.contextmanager
    def measure(self):
        self.queries = 0
        wall, cpu, db = time.perf_counter(), time.process_time(), _database_cpu()
        with connection.execute_wrapper(self):
            yield self
        end_db = _database_cpu()
        self.wall, self.cpu = time.perf_counter() - wall, time.process_time() - cpu
        self.db = end_db - db if db is not None and end_db is not None else None

    def __str__(self):
        db = f", database CPU {self.db:.1f} s" if self.db is not None else ""
        return f"{self.wall:.1f} s (CPU {self.cpu:.1f} s{db}, {self.queries} queries)"


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
        parser.add_argument(
            "--skip",
            nargs="+",
            default=[],
            metavar="APP",
            help="Leave out these apps' demo data (e.g. --skip journal: no year of lessons and marks). "
            "The layers above take what there is.",
        )

    def handle(self, *args, **options):
        # The services notify the demo's made-up parents (example.kz): those e-mails stay in memory.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._seed(options)

    def _seed(self, options):
        translation.activate("ru")
        from core import demo as core_demo

        modules = list(_demo_modules())
        unknown = set(options["skip"]) - {label for label, _module in modules}
        if unknown:
            raise CommandError(f"No demo data to skip in: {', '.join(sorted(unknown))}")
        verbose = options["verbosity"] >= 1
        started = time.perf_counter()

        def layer(label, seed):
            cost = _Cost()
            with cost.measure(), transaction.atomic():
                result = seed()
            if verbose:
                self.stdout.write(f"  {label}: {cost}")
                self.stdout.flush()
            return result

        context = layer("core", core_demo.seed)
        if options.get("large_district"):
            context["large_district"] = (options["large_district"], options["students_per_school"])
        for label, module in modules:
            if label not in options["skip"]:
                layer(label, lambda module=module: module.seed(context))
        # steps a layer left for afterwards, each in its own transaction (the large district's schools)
        for label, step in context.get("steps", []):
            layer(label, step)
        if verbose:
            self.stdout.write(f"  all: {time.perf_counter() - started:.1f} s")
        self.stdout.write(
            self.style.SUCCESS("Demo data is ready. Open http://127.0.0.1:8000/ and log in as:")
        )
        width = max(len(login) for login in context["logins"])
        for login in context["logins"]:
            label = core_demo.login_label(login)
            self.stdout.write(f"  {login.ljust(width)}  {core_demo.DEMO_PASSWORD}   {label}")
