"""Modules that typer and rich import at start-up but a command rarely uses, loaded when used.

typer and rich import, as they start, modules that an everyday command never uses: subprocess
and shellingham (for shell completion), shutil (for the terminal's size, asked only to lay out
help), difflib ("did you mean" after a mistyped command), gettext (the words of click's
messages), pickle (rich's Style.copy), colorsys (rich's colour blending) and ipaddress
(urllib's check of a URL's host). Loading them took about 12 ms of every command's start, a
seventh of the start-up budget (DESIGN.md). `defer_unused` puts a stand-in for each in
``sys.modules`` before the CLI is imported: the first use of the module, or of a function a
library took from it, loads the real module in place, so everything that needs it works as
before.

Only modules whose from-imports (``from difflib import get_close_matches``) are functions are
deferred: a function can be stood in for, a class (``from uuid import UUID``) cannot. Used by
the ``gripe`` console script and ``python -m gripe`` (`gripe.__main__`), in every process
alike; a library that imports gripe gets the standard modules as usual.
"""

from __future__ import annotations

import _thread
import sys
from collections.abc import Callable
from importlib.machinery import ModuleSpec, PathFinder
from types import ModuleType
from typing import Any

# Each module, and the functions typer and rich take from it as they start.
UNUSED_AT_START = {
    "subprocess": (),
    "shellingham": (),
    "shutil": ("get_terminal_size",),
    "difflib": ("get_close_matches",),
    "gettext": ("gettext", "ngettext"),
    "pickle": ("dumps", "loads"),
    "colorsys": ("rgb_to_hls",),
    "ipaddress": (),
}

_loading = _thread.allocate_lock()


class _Deferred(ModuleType):
    """A module not loaded yet: any attribute it does not have yet loads it."""

    __spec__: ModuleSpec

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            # Asked by the import system (is it a package?): no reason to load it.
            raise AttributeError(name)
        return getattr(_load(self), name)


def _load(module: ModuleType) -> ModuleType:
    with _loading:
        if type(module) is _Deferred:
            module.__class__ = ModuleType  # type: ignore[assignment]
            loader = module.__spec__.loader
            assert loader is not None
            loader.exec_module(module)  # fills the module in place, as an import would
    return module


def _stand_in(module: ModuleType, name: str) -> Callable[..., Any]:
    def function(*args: Any, **kwargs: Any) -> Any:
        return getattr(_load(module), name)(*args, **kwargs)

    function.__name__ = function.__qualname__ = name
    return function


def defer_unused() -> None:
    """Put a stand-in for each module of `UNUSED_AT_START` not imported yet."""
    for name, functions in UNUSED_AT_START.items():
        if name in sys.modules:
            continue
        spec = PathFinder.find_spec(name)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            continue  # not a plain module here (frozen, built in): imported as usual
        module = _Deferred(name)
        module.__spec__ = spec
        module.__loader__ = spec.loader
        module.__file__ = spec.origin
        module.__cached__ = spec.cached  # type: ignore[attr-defined]
        module.__package__ = spec.parent
        if spec.submodule_search_locations is not None:  # a package: its modules are found
            module.__path__ = list(spec.submodule_search_locations)
        for function in functions:
            setattr(module, function, _stand_in(module, function))
        sys.modules[name] = module
