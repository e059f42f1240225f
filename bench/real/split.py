"""Deal the pool of real questions into dev.yaml (tuning allowed) and heldout.yaml (never tuned).

Rule, fixed so the split can be rebuilt and checked:

* a *group* is one question copied from a page plus the chatty variants written from it
  (`of_id`), so a variant always lands in the same file as its original;
* the 44 questions of ../shared/eval/real-questions-dev.yaml (origin `shared-dev`) and their
  variants all go to dev;
* the other groups are stratified by (family, kind) of the original. Strata are taken in sorted
  order, each stratum is shuffled with `random.Random(SEED)`, and groups are dealt in that order
  so that the running share of groups in dev stays at or just above DEV_SHARE.

Run from the repository root: `python bench/real/split.py`. It rewrites both files and prints
the counts that README.md reports.
"""

from __future__ import annotations

import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

SEED = 20261129
DEV_SHARE = 0.55
HERE = Path(__file__).resolve().parent
FIELDS = ("id", "q", "kind", "url", "about", "answerable", "aspect", "facts", "family", "origin",
          "of", "of_id")
HEADERS = {
    "dev.yaml": "Real questions, DEV split: tuning on these is allowed.",
    "heldout.yaml": "Real questions, HELD-OUT split: never tune on these; report them apart.",
}


def load_pool(path: Path) -> list[dict[str, Any]]:
    """Return the annotated pool as a list of mappings."""
    with path.open(encoding="utf-8") as fh:
        items = yaml.safe_load(fh)
    if not isinstance(items, list):
        raise ValueError(f"{path}: expected a YAML list")
    return items


def split(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Split the pool into (dev, heldout) by the rule in the module docstring."""
    variants: dict[str, list[dict[str, Any]]] = defaultdict(list)
    originals: list[dict[str, Any]] = []
    for item in items:
        if item["kind"] == "V":
            variants[item["of_id"]].append(item)
        else:
            originals.append(item)
    known = {item["id"] for item in originals}
    orphans = sorted(set(variants) - known)
    if orphans:
        raise ValueError(f"variants point at unknown ids: {orphans}")

    dev_ids: set[str] = set()
    strata: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in originals:
        if item["origin"] == "shared-dev":
            dev_ids.add(item["id"])
        else:
            strata[(item["family"], item["kind"])].append(item["id"])
    rng = random.Random(SEED)
    seen = in_dev = 0
    for key in sorted(strata):
        ids = sorted(strata[key])
        rng.shuffle(ids)
        for gid in ids:
            seen += 1
            if in_dev < DEV_SHARE * seen:
                in_dev += 1
                dev_ids.add(gid)

    dev: list[dict[str, Any]] = []
    heldout: list[dict[str, Any]] = []
    for item in originals:
        target = dev if item["id"] in dev_ids else heldout
        target.append(item)
        target.extend(variants.get(item["id"], []))
    return dev, heldout


def ordered(item: dict[str, Any]) -> dict[str, Any]:
    """Return the item with its keys in the documented order (absent keys left out)."""
    return {key: item[key] for key in FIELDS if key in item}


def write(path: Path, items: list[dict[str, Any]]) -> None:
    """Write one split file with a short header."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f"# {HEADERS[path.name]} Built by split.py from pool.yaml; see README.md.\n")
        yaml.safe_dump([ordered(i) for i in items], fh, allow_unicode=True, sort_keys=False,
                       width=1000, default_flow_style=None)


def table(name: str, items: list[dict[str, Any]]) -> str:
    """Markdown table of counts per family (rows) and kind / answerability (columns)."""
    kinds = ("R", "F", "S", "V", "OOS")
    answers = ("yes", "no", "oos")
    by_family: dict[str, Counter[str]] = defaultdict(Counter)
    for item in items:
        by_family[item["family"]][item["kind"]] += 1
        by_family[item["family"]][item["answerable"]] += 1
    head = f"| {name} | " + " | ".join(kinds) + " | total | " + " | ".join(
        f"answerable {a}" for a in answers) + " |"
    lines = [head, "|" + "---|" * (len(kinds) + len(answers) + 2)]
    total: Counter[str] = Counter()
    for family in sorted(by_family):
        counts = by_family[family]
        total.update(counts)
        row = [str(counts[k]) for k in kinds] + [str(sum(counts[k] for k in kinds))]
        row += [str(counts[a]) for a in answers]
        lines.append(f"| {family} | " + " | ".join(row) + " |")
    row = [str(total[k]) for k in kinds] + [str(sum(total[k] for k in kinds))]
    row += [str(total[a]) for a in answers]
    lines.append("| **all** | " + " | ".join(row) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Rebuild dev.yaml and heldout.yaml from pool.yaml and print the count tables."""
    pool = Path(argv[1]) if len(argv) > 1 else HERE / "pool.yaml"
    dev, heldout = split(load_pool(pool))
    write(HERE / "dev.yaml", dev)
    write(HERE / "heldout.yaml", heldout)
    print(table("dev", dev))
    print()
    print(table("heldout", heldout))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
