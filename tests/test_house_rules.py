"""House rules read from the source (issue #12): Vietnamese only in the strings package, no
duration or clock window restated in prose, no import cycle."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cdsbot"
VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]",
                        re.IGNORECASE)
# A number of minutes, hours, seconds, days or weeks, or a clock window ("21:00–07:00"): the
# prose fills these from the constant or the setting (strings.times), never writes them out.
DURATION = re.compile(r"\d\s*(?:phút|giờ|giây|ngày|tuần)\b|\d{1,2}:\d{2}\s*[–—-]\s*\d{1,2}:\d{2}",
                      re.IGNORECASE)
ALLOWLIST: set[str] = set()  # every module's strings are in the strings package
DURATIONS_ALLOWLIST: set[str] = set()
# Strings that look like a duration but state no constant or setting: none so far.
NOT_DURATIONS: set[tuple[str, str]] = set()


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _docstrings(tree: ast.Module) -> set[int]:
    nodes = [tree, *(n for n in ast.walk(tree)
                     if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))]
    return {id(n.body[0].value) for n in nodes
            if n.body and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)
            and isinstance(n.body[0].value.value, str)}


def _strings(path: Path) -> list[tuple[int, str]]:
    """Every str constant of a module (f-strings' literal parts included), docstrings excepted."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip]


def test_vietnamese_only_in_the_strings_package():
    found = [f"cdsbot/{_name(p)}:{line}: {text[:60]!r}" for p in _modules()
             if not _name(p).startswith("strings/") and _name(p) not in ALLOWLIST
             for line, text in _strings(p) if VIETNAMESE.search(text)]
    assert not found, "Vietnamese outside cdsbot/strings/:\n" + "\n".join(found)


def test_no_duration_or_time_window_in_prose():
    found = [f"cdsbot/{_name(p)}:{line}: {text[:60]!r}" for p in _modules()
             if _name(p) not in DURATIONS_ALLOWLIST
             for line, text in _strings(p)
             if DURATION.search(text) and (_name(p), text) not in NOT_DURATIONS]
    assert not found, ("durations written out (fill them from the constant or the setting with "
                       "strings.times):\n" + "\n".join(found))


@pytest.mark.parametrize("text", ["trong 10 phút", "(30 phút)", "7 ngày qua", "nghỉ (21:00–07:00)",
                                  "sau 2 giờ", "1 tuần"])
def test_the_duration_rule_sees_prose_durations(text):
    assert DURATION.search(text)


def _runtime_imports(module: str, path: Path, modules: set[str]) -> set[str]:
    """The cdsbot modules `module` uses at run time: every `import` outside `if TYPE_CHECKING:`
    (at module level or inside a function), and every `strings.<name>` (the strings package
    loads that submodule on first use)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    typing_only = {id(inner) for node in ast.walk(tree)
                   if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
                   for stmt in node.body for inner in ast.walk(stmt)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            for alias in node.names:  # `from cdsbot.x import y`: y if it is a module
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules else base)
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
              and node.value.id == "strings"):
            found.add(f"cdsbot.strings.{node.attr}")
    out = set()
    for name in found:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name and name != module:
            out.add(name)
    return out


def test_no_import_cycle():
    """No module depends on itself through others at run time. Counted: every import outside
    `if TYPE_CHECKING:`, lazy ones inside functions included (cli's `from cdsbot import app`),
    and `strings.<name>` (a submodule the strings package loads on first use). Not counted:
    imports under `if TYPE_CHECKING:`, which only name types for the checker (`strings.citizen`
    names `knowledge.Entry` that way), and a package's `__init__` importing its own submodules
    (not an edge back from them). So `knowledge` uses `strings.knowledge` and
    `strings.indicators`, which import nothing of the domain."""
    paths = {}
    for path in _modules():
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        paths[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {m: _runtime_imports(m, p, set(paths)) for m, p in paths.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    trail: list[str] = []
    cycles: list[list[str]] = []

    def walk(module: str) -> None:
        state[module] = 1
        trail.append(module)
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                cycles.append([*trail[trail.index(other):], other])
            elif other not in state:
                walk(other)
        trail.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            walk(module)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_cycle_rule_sees_every_kind_of_import(tmp_path):
    """`from cdsbot import x`, relative imports, imports inside functions and `strings.x`
    count; imports under TYPE_CHECKING do not."""
    (tmp_path / "a.py").write_text("from cdsbot import b\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("def f():\n    from . import a\n", encoding="utf-8")
    (tmp_path / "c.py").write_text(
        "from typing import TYPE_CHECKING\nfrom cdsbot import strings\nif TYPE_CHECKING:\n"
        "    from cdsbot.a import A\nX = strings.knowledge.BAD_ID\n", encoding="utf-8")
    modules = {"cdsbot.a", "cdsbot.b", "cdsbot.strings", "cdsbot.strings.knowledge"}
    assert _runtime_imports("cdsbot.a", tmp_path / "a.py", modules) == {"cdsbot.b"}
    assert _runtime_imports("cdsbot.b", tmp_path / "b.py", modules) == {"cdsbot.a"}
    assert _runtime_imports("cdsbot.c", tmp_path / "c.py", modules) == {
        "cdsbot.strings", "cdsbot.strings.knowledge"}


SQL = re.compile(r"\bSELECT\b.+\bFROM\b|\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|"
                 r"\bDELETE\s+FROM\b|\bCREATE\s+(?:TABLE|INDEX)\b|\bPRAGMA\s+\w+|"
                 r"\bBEGIN\s+IMMEDIATE\b|\bVACUUM\s+INTO\b", re.IGNORECASE | re.DOTALL)


def test_only_storage_speaks_sql():
    """Nothing outside cdsbot/storage/ imports sqlite3 or holds an SQL statement."""
    found = []
    for p in _modules():
        if _name(p).startswith("storage/"):
            continue
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{p}:{node.lineno}: import {n}" for n in names if n.split(".")[0]
                      in ("sqlite3", "sqlite_utils")]
        found += [f"{p}:{line}: {text[:60]!r}" for line, text in _strings(p) if SQL.search(text)]
    assert not found, "SQL outside cdsbot/storage/:\n" + "\n".join(found)


AUDITED = re.compile(r"\baudit\([^()]*?,\s*\"([a-z]+(?:\.[a-z_]+)?)\"", re.DOTALL)


def test_every_action_the_audit_log_records_has_a_vietnamese_name():
    """A staff trial: /nhatky showed "report.edited" as it is stored. Every action a core
    module writes to the audit log by name is named in Vietnamese for /nhatky."""
    from cdsbot import strings

    written = {m.group(1) for path in _modules() for m in AUDITED.finditer(
        path.read_text(encoding="utf-8"))}
    assert written, "the pattern no longer finds the audit calls"
    assert written - set(strings.office.ACTIONS) == set()
