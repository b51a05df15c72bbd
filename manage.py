#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not any(os.environ.get(name) for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")):
        # A bare checkout is a developer's machine: the local cluster and DEBUG. Any production
        # variable switches this off, and the settings then insist on all of them.
        os.environ.setdefault("DJANGO_DEBUG", "1")
    if not os.environ.get("DATABASE_URL"):
        from config.localdb import ensure_running

        ensure_running()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
