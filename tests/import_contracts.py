"""Two import-linter contract types the built-in ones lack (used by .importlinter).

- `stdlib_only`: the source packages import only the standard library, themselves and the
  first-party modules named in `allowed_modules` (the domain stays pure Python).
- `acyclic_modules`: no import cycle among the modules of the given packages, module by module
  (import-linter's `acyclic_siblings` works on packages, a coarser question).

Every import statement counts, wherever it stands: at module level, inside a function (a
deferred import still runs, it only hides the cycle from the interpreter) and under
`if TYPE_CHECKING:` (a type is a dependency too). Both honour `ignore_imports`, the allow-list:
an entry that matches no import is an error (import-linter's own check), and an
`acyclic_modules` entry whose import no longer closes a cycle is reported as stale, so the
list only shrinks.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from copy import deepcopy

from grimp import ImportGraph
from importlinter.application import contract_utils, output
from importlinter.application.contract_utils import AlertLevel
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck

Edge = tuple[str, str]


def _under(module: str, packages: Iterable[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _lines(graph: ImportGraph, importer: str, imported: str) -> str:
    details = graph.get_import_details(importer=importer, imported=imported)
    return ", ".join(f"l.{n}" for n in sorted({d["line_number"] for d in details}))


def _names(contract: Contract, option: str) -> list[str]:
    """The module names of a list option (import-linter fills the fields in per instance)."""
    return [module.name for module in getattr(contract, option) or []]


def _remove_allowed(contract: Contract, graph: ImportGraph) -> tuple[set[Edge], list[str]]:
    """Take the allow-listed imports out of the graph: (importer, imported) pairs, warnings."""
    removal = contract_utils.remove_ignored_imports_and_report(
        graph=graph,
        ignore_imports=contract.ignore_imports,  # type: ignore[attr-defined]
        unmatched_alerting=contract.unmatched_ignore_imports_alerting,  # type: ignore[attr-defined]
    )
    removed = {(i.importer.name, i.imported.name) for i in removal.removed_imports}
    return removed, list(removal.warnings)


class StdlibOnlyContract(Contract):
    """The source packages import the standard library, themselves and `allowed_modules` only."""

    type_name = "stdlib_only"

    source_modules = fields.ListField(subfield=fields.ModuleField())
    allowed_modules = fields.ListField(subfield=fields.ModuleField(), required=False)
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(AlertLevel, default=AlertLevel.ERROR)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        reference = deepcopy(graph)
        removed, warnings = _remove_allowed(self, graph)
        sources = _names(self, "source_modules")
        allowed = sources + _names(self, "allowed_modules")
        found = []
        for importer in sorted(m for m in graph.modules if _under(m, sources)):
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                top = imported.split(".")[0]
                if _under(imported, allowed) or top in sys.stdlib_module_names:
                    continue
                found.append((importer, imported, _lines(reference, importer, imported)))
        return ContractCheck(
            kept=not found,
            warnings=warnings,
            ignored_import_count=len(removed),
            metadata={"found": found},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, lines in check.metadata["found"]:
            output.print_error(f"{importer} -> {imported} ({lines})", bold=False)
            output.new_line()


class AcyclicModulesContract(Contract):
    """No module of the given packages reaches itself again through its imports."""

    type_name = "acyclic_modules"

    modules = fields.ListField(subfield=fields.ModuleField())
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(AlertLevel, default=AlertLevel.ERROR)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        reference = deepcopy(graph)
        full = _edges(graph, _names(self, "modules"))
        removed, warnings = _remove_allowed(self, graph)
        kept = {m: targets - {t for a, t in removed if a == m} for m, targets in full.items()}
        cycles = [
            [
                (a, b, _lines(reference, a, b))
                for a in sorted(group)
                for b in sorted(kept[a] & group)
            ]
            for group in strongly_connected(kept)
        ]
        stale = [
            f"{a} -> {b}" for a, b in sorted(removed) if a in full and not _reaches(full, b, a)
        ]
        return ContractCheck(
            kept=not cycles and not stale,
            warnings=warnings,
            ignored_import_count=len(removed),
            metadata={"cycles": cycles, "stale": stale},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for number, cycle in enumerate(check.metadata["cycles"], 1):
            output.print_error(f"Cycle {number}:", bold=True)
            for importer, imported, lines in cycle:
                output.indent_cursor()
                output.print_error(f"{importer} -> {imported} ({lines})", bold=False)
            output.new_line()
        for entry in check.metadata["stale"]:
            output.print_error(f"Allow-listed but no longer in a cycle: {entry}", bold=False)
            output.new_line()


def _edges(graph: ImportGraph, packages: list[str]) -> dict[str, set[str]]:
    inside = {m for m in graph.modules if _under(m, packages)}
    return {m: graph.find_modules_directly_imported_by(m) & inside for m in inside}


def _reaches(edges: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def strongly_connected(edges: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative: the groups of two or more modules that import in a ring."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(edges[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(group)
    return sorted(groups, key=min)
