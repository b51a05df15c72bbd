"""Modules that apps offer to a lower layer without being imported by it (DESIGN "Layout": imports only
go down). The lower layer names the module (`home` for the home page's cards, `portfolio` for the
community's portfolio); every installed app that has one is found, in the order of INSTALLED_APPS.
They are looked for once per process: a failed import is not remembered by Python, and trying every
app's on each home page cost about 1 ms."""

import functools
import importlib

from django.apps import apps


def app_modules(name, skip=()):
    return _app_modules(name, frozenset(skip))


@functools.cache
def _app_modules(name, skip):
    modules = []
    for config in apps.get_app_configs():
        if config.name in skip:
            continue
        try:
            module = importlib.import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{name}":
                raise
            continue
        modules.append(module)
    return tuple(modules)
