"""The layering of docs/architecture.md, checked on every import of the source tree.

Scellé's rooms and the only arrows allowed between them::

    scelle ──► cli ──┐
       └─────► ui ───┴─► app ──► storage ──► crypto
                              └────────────► crypto
    relay ──► crypto

Every `.py` file of these packages is parsed (not imported) and every import statement is
checked, at module level and inside functions, relative imports resolved. Third-party and
standard-library imports are free, except Qt (PySide6), which belongs to `ui` alone. On top of
the arrows, no two modules may import each other (directly or through others), and no two
folders of a package may either (ui/exchange ↔ ui/contacts): a circle means neither side can be
understood, tested or moved without the other.

What counts as an arrow between modules: `import a.b` and `from a.b import name` point to
`a.b`; `from a import b` points to the submodule `a.b` when there is one, otherwise to `a` (its
`__init__`, which defines or re-exports `name`). So a package whose `__init__` re-exports its
submodules may have submodules that import their siblings (`from crypto.age import b64`): every
submodule depends on its package being loaded anyway, that is no circle. A submodule that takes
a name its package's `__init__` re-exports (`from crypto.age import Stanza` inside crypto/age/)
is one: it should import from the sibling that defines the name.

The checker is written here, small and self-contained; the tests at the end run it on tiny
trees to show that it does catch each kind of fault.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: package -> the other packages it may import (every package may import itself).
ALLOWED: dict[str, frozenset[str]] = {
    "scelle": frozenset({"cli", "ui"}),
    "ui": frozenset({"app"}),
    "cli": frozenset({"app"}),
    "app": frozenset({"storage", "crypto"}),
    "storage": frozenset({"crypto"}),
    "crypto": frozenset(),
    "relay": frozenset({"crypto"}),
}
PACKAGES = tuple(ALLOWED)

#: Third-party top-level modules reserved to one package.
RESERVED_THIRD_PARTY: dict[str, frozenset[str]] = {
    "PySide6": frozenset({"ui"}),
    "shiboken6": frozenset({"ui"}),
}

_HOW_TO_FIX_ARROW = (
    "The allowed arrows are scelle → cli, ui; ui → app; cli → app; app → storage, crypto; "
    "storage → crypto; relay → crypto (see docs/architecture.md). A face (cli, ui) that needs "
    "something from crypto or storage gets it through an app module: an error type or a value "
    "type is re-exported there (app/errors.py, app/identities.py…), real work becomes an app use "
    "case the face calls. app never imports a face: move the shared code into app instead."
)
_HOW_TO_FIX_MODULE_CYCLE = (
    "Break the circle: a submodule imports from the sibling module that defines the name, not "
    "from its package's __init__; a piece both sides need moves into its own module that "
    "imports neither."
)
_HOW_TO_FIX_FOLDER_CYCLE = (
    "Two folders import each other. Move what both use (shared widgets, message helpers) into "
    "one common place that imports neither (e.g. ui/common/), or move the module into the folder "
    "that owns its subject."
)


@dataclass(frozen=True)
class Module:
    name: str  # dotted: "ui.exchange.explain"; a package's __init__ is the package's name
    path: Path
    is_package: bool

    @property
    def folder(self) -> str:
        """The dotted folder holding the module's file (a package's __init__: the package)."""
        return self.name if self.is_package else self.name.rpartition(".")[0]


@dataclass(frozen=True)
class Import:
    importer: Module
    line: int
    target: str  # the absolute dotted name imported, as far as the source says
    internal: str | None  # the module of the tree it resolves to; None if third-party/stdlib

    def where(self, root: Path) -> str:
        return f"{self.importer.path.relative_to(root)}:{self.line}"


def find_modules(root: Path, packages: Iterable[str]) -> dict[str, Module]:
    modules: dict[str, Module] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            name = ".".join(parts)
            modules[name] = Module(name, path, is_package)
    return modules


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    # Level 1 is the package holding the module (the package itself for an __init__).
    base = module.folder.split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _resolve(name: str, modules: Mapping[str, Module]) -> str | None:
    """The longest known module that `name` names or lies in (`a.b.C` -> `a.b`)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: Module, modules: Mapping[str, Module]) -> Iterator[Import]:
    tree = ast.parse(module.path.read_text(encoding="utf-8"), filename=str(module.path))
    for node in ast.walk(tree):  # walks function bodies too: a lazy import is still an arrow
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, node.lineno, alias.name, _resolve(alias.name, modules))
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node)
            for alias in node.names:
                # `from pkg import sub` depends on pkg.sub alone when sub is a module; otherwise
                # on pkg (its __init__, which defines or re-exports the name).
                full = f"{base}.{alias.name}"
                target = full if full in modules else base
                yield Import(module, node.lineno, target, _resolve(target, modules))


def all_imports(root: Path, packages: Iterable[str] = PACKAGES) -> list[Import]:
    modules = find_modules(root, packages)
    return [imp for module in modules.values() for imp in imports_of(module, modules)]


def _top(name: str) -> str:
    return name.partition(".")[0]


def arrow_violations(imports: Iterable[Import], root: Path) -> list[str]:
    found: set[str] = set()  # `from m import a, b` is one arrow, said once
    for imp in imports:
        source = _top(imp.importer.name)
        if imp.internal is not None:
            target = _top(imp.internal)
            if target != source and target not in ALLOWED[source]:
                found.add(f"{imp.where(root)}: {source} → {target} (import {imp.target})")
            continue
        owners = RESERVED_THIRD_PARTY.get(_top(imp.target))
        if owners is not None and source not in owners:
            found.add(f"{imp.where(root)}: {source} → {_top(imp.target)} "
                         f"(import {imp.target}; only {', '.join(sorted(owners))} may use it)")
    return sorted(found)


def _cycles(edges: Mapping[str, Mapping[str, Import]]) -> list[list[str]]:
    """The strongly connected components of more than one node, each sorted (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in edges.get(node, {}):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for node in sorted(edges):
            if node not in index:
                visit(node)
    finally:
        sys.setrecursionlimit(limit)
    return sorted(components)


def _describe(components: list[list[str]], edges: Mapping[str, Mapping[str, Import]],
              root: Path) -> list[str]:
    described = []
    for component in components:
        members = set(component)
        arrows = [f"    {a} → {b}  ({edges[a][b].where(root)})"
                  for a in component for b in sorted(edges[a]) if b in members]
        described.append(" ↔ ".join(component) + "\n" + "\n".join(arrows))
    return described


def module_cycles(imports: Iterable[Import], root: Path) -> list[str]:
    edges: dict[str, dict[str, Import]] = {}
    for imp in imports:
        if imp.internal is not None and imp.internal != imp.importer.name:
            edges.setdefault(imp.importer.name, {}).setdefault(imp.internal, imp)
    return _describe(_cycles(edges), edges, root)


def folder_cycles(imports: Iterable[Import], modules: Mapping[str, Module],
                  root: Path) -> list[str]:
    """Circles between folders. A folder may use its own sub-folders and its sub-folders may use
    it (ui/main_window.py opens ui/relay/, ui/relay/ uses ui/workers.py): that is nesting, not a
    circle. Any other pair of folders must not use each other."""
    edges: dict[str, dict[str, Import]] = {}
    for imp in imports:
        if imp.internal is None:
            continue
        source, target = imp.importer.folder, modules[imp.internal].folder
        if source == target or target.startswith(source + "."):
            continue
        edges.setdefault(source, {}).setdefault(target, imp)
    return _describe(_cycles(edges), edges, root)


def _fail(title: str, found: list[str], advice: str) -> None:
    if found:
        pytest.fail(f"{title} ({len(found)}):\n" + "\n".join(found) + f"\n\n{advice}",
                    pytrace=False)


# ---------------------------------------------------------------------------------------------
# The source tree


@pytest.fixture(scope="module")
def tree() -> tuple[dict[str, Module], list[Import]]:
    modules = find_modules(ROOT, PACKAGES)
    return modules, [imp for m in modules.values() for imp in imports_of(m, modules)]


def test_every_package_is_scanned(tree: tuple[dict[str, Module], list[Import]]) -> None:
    modules, imports = tree
    # An empty scan would pass every check below: make sure each room was actually read.
    assert {_top(name) for name in modules} == set(PACKAGES)
    assert len(imports) > 500


def test_imports_follow_the_layering(tree: tuple[dict[str, Module], list[Import]]) -> None:
    _fail("Imports against the layering", arrow_violations(tree[1], ROOT), _HOW_TO_FIX_ARROW)


def test_app_never_imports_a_face(tree: tuple[dict[str, Module], list[Import]]) -> None:
    # Said on its own because it is the arrow that matters most: the rules live in app, and a
    # rule that reaches into a face is a rule the other face does not get.
    found = {f"{imp.where(ROOT)}: app → {_top(imp.internal)} (import {imp.target})"
             for imp in tree[1]
             if _top(imp.importer.name) == "app" and imp.internal is not None
             and _top(imp.internal) in {"cli", "ui", "scelle"}}
    _fail("app imports a face", sorted(found),
          "app is the core both faces share: it may not know either. Move the code the face and "
          "app share into app, and have the face call it.")


def test_no_import_cycle_between_modules(tree: tuple[dict[str, Module], list[Import]]) -> None:
    _fail("Import circles between modules", module_cycles(tree[1], ROOT),
          _HOW_TO_FIX_MODULE_CYCLE)


def test_no_import_cycle_between_folders(tree: tuple[dict[str, Module], list[Import]]) -> None:
    modules, imports = tree
    _fail("Import circles between folders", folder_cycles(imports, modules, ROOT),
          _HOW_TO_FIX_FOLDER_CYCLE)


# ---------------------------------------------------------------------------------------------
# The checker itself, on small trees: each kind of fault is caught, and nothing else is.


def _write(root: Path, files: Mapping[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _scan(root: Path) -> tuple[dict[str, Module], list[Import]]:
    modules = find_modules(root, PACKAGES)
    return modules, [imp for m in modules.values() for imp in imports_of(m, modules)]


def test_checker_accepts_allowed_arrows(tmp_path: Path) -> None:
    _write(tmp_path, {
        "scelle/__main__.py": "from cli.main import main\nfrom ui import run\n",
        "cli/main.py": "import argparse\nfrom app.things import thing\n",
        "ui/__init__.py": "from PySide6.QtCore import Qt\n\ndef run():\n    import app\n",
        "app/__init__.py": "", "app/things.py": "from storage.db import db\nimport crypto\n",
        "storage/db.py": "from crypto.keys import key\n",
        "crypto/__init__.py": "", "crypto/keys.py": "from .errors import E\n", "crypto/errors.py": "",
        "relay/server.py": "from crypto import keys\n",
    })
    modules, imports = _scan(tmp_path)
    assert arrow_violations(imports, tmp_path) == []
    assert module_cycles(imports, tmp_path) == []
    assert folder_cycles(imports, modules, tmp_path) == []


def test_checker_names_file_line_and_arrow(tmp_path: Path) -> None:
    _write(tmp_path, {
        "ui/__init__.py": "", "ui/pane.py": "import os\n\ndef f():\n    from crypto.errors import E\n",
        "cli/main.py": "from storage import db\n",
        "app/__init__.py": "", "app/core.py": "from ..ui import pane\n",
        "app/qt.py": "import PySide6.QtCore\n",
        "storage/__init__.py": "", "storage/db.py": "",
        "crypto/__init__.py": "", "crypto/errors.py": "from app import core\n",
        "relay/server.py": "import storage\n",
    })
    _modules, imports = _scan(tmp_path)
    assert arrow_violations(imports, tmp_path) == [
        "app/core.py:1: app → ui (import ui.pane)",
        "app/qt.py:1: app → PySide6 (import PySide6.QtCore; only ui may use it)",
        "cli/main.py:1: cli → storage (import storage.db)",
        "crypto/errors.py:1: crypto → app (import app.core)",
        "relay/server.py:1: relay → storage (import storage)",
        "ui/pane.py:4: ui → crypto (import crypto.errors)",
    ]


def test_checker_finds_module_cycles_through_package_init(tmp_path: Path) -> None:
    _write(tmp_path, {
        "crypto/__init__.py": "",
        "crypto/age/__init__.py": "from crypto.age.keys import Key\nfrom .reader import read\n",
        "crypto/age/b64.py": "",
        # Importing a sibling module by `from package import module` is no circle...
        "crypto/age/keys.py": "from crypto.age import b64\n\nclass Key: ...\n",
        # ...importing a name re-exported by the package's __init__ is one.
        "crypto/age/reader.py": "from crypto.age import Key\n",
    })
    _modules, imports = _scan(tmp_path)
    assert module_cycles(imports, tmp_path) == [
        "crypto.age ↔ crypto.age.reader\n"
        "    crypto.age → crypto.age.reader  (crypto/age/__init__.py:2)\n"
        "    crypto.age.reader → crypto.age  (crypto/age/reader.py:1)"
    ]


def test_checker_finds_folder_cycles_but_allows_nesting(tmp_path: Path) -> None:
    _write(tmp_path, {
        "ui/__init__.py": "", "ui/workers.py": "", "ui/main_window.py": "import ui.relay.panel\n",
        "ui/relay/__init__.py": "", "ui/relay/panel.py": "from ui.workers import x\n",
        "ui/contacts/__init__.py": "", "ui/contacts/card.py": "from ui.exchange.explain import e\n",
        "ui/exchange/__init__.py": "", "ui/exchange/explain.py": "",
        "ui/exchange/seal.py": "from ..contacts import card\n",
    })
    modules, imports = _scan(tmp_path)
    assert module_cycles(imports, tmp_path) == []
    assert folder_cycles(imports, modules, tmp_path) == [
        "ui.contacts ↔ ui.exchange\n"
        "    ui.contacts → ui.exchange  (ui/contacts/card.py:1)\n"
        "    ui.exchange → ui.contacts  (ui/exchange/seal.py:1)"
    ]
