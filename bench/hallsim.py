"""Hall simulator: does pooled routing cut waiting, and what does helping cost the specialists?

    .venv/bin/python bench/hallsim.py [--quick] [--seeds 10] [--hours 200] [--util 0.70,0.85,0.95]
        [--policy departmental,pooled,default,k=2,recommended] [--cv 1.0|exp]
        [--profile constant|peak]
        [--sections validate,hall,sweep]

A SimPy discrete-event run of a hall that drives the real routing (`choose_next`), numbering
(`format_number`) and ticket moves (recall, no-show, rejoin) through an injected clock; see
bench/_hallsim_model.py. Services, their thresholds and the hall rules (recall limit, rejoin
window, routing policy) come from config/hall.example.toml.

Sections:
- validate: general windows only, exponential service, no no-shows: mean and p90 wait against
  Erlang C (M/M/c), which they must match within 5%.
- hall: the seed hall of issue 8 (6 general windows, 8 min mean over the example's five general
  matters; 2 market-supervision windows, 6/h, 12 min; 1 construction window, 2.5/h, 12 min) at
  each --util (utilisation of the general windows if nobody helped), every --policy on the same
  seeded arrivals. `departmental` = specialists never help (each window only its own line);
  `pooled` = every window serves everything oldest first (the bound); `default` = the routing
  policy of config/hall.example.toml; `recommended` = the tuned policy (RECOMMENDED);
  `k=K[,short=1][,aging=A]` = help threshold K, shortest-first help, aging.
- sweep: the trade-off curve at the middle --util over help thresholds K, with and without
  shortest-first help.

Steady state (--profile constant) runs --hours per seed after a warm-up of --warmup hours;
--profile peak runs 8-hour days with a morning peak and serves everyone issued before closing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from _hallsim_erlang import erlang_c, mean_wait, wait_quantile
from _hallsim_model import Demand, HallPlan, Outcomes, RunSpec, WindowPlan, simulate
from _hallsim_stats import SERVED, Summary, WaitStats, summarise, table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.adapters.hall_file import HallConfig, load_hall  # noqa: E402
from server.domain.catalogue import WindowKind  # noqa: E402
from server.domain.hall import RoutingPolicy  # noqa: E402

EXAMPLE = ROOT / "config" / "hall.example.toml"
# Shares of the general arrivals; with the example's expected minutes the mean is 8.0.
GENERAL_MIX = {
    "social_security": 0.30,
    "medical_insurance": 0.15,
    "civil_affairs": 0.20,
    "household": 0.20,
    "elderly_card": 0.15,
}
SPECIAL = {
    "business_registration": ("market", 2, 6.0, 12.0),
    "construction_permit": ("construction", 1, 2.5, 12.0),
}
GENERAL_WINDOWS, GENERAL_MINUTES = 6, 8.0
NEVER = 10**6  # a help threshold no line reaches: the departmental baseline
RECOMMENDED = "k=2,short=1"  # the tuned policy of docs/routing.md


def seed_hall(config: HallConfig, utilisation: float, *, exponential_8: bool = False) -> HallPlan:
    """The issue's seed hall; `exponential_8` drops the specialists and gives every general
    matter the same 8-minute mean (the M/M/c validation hall)."""
    services = {s.code: s for s in config.services}
    general_per_hour = utilisation * GENERAL_WINDOWS * 60 / GENERAL_MINUTES
    demand = [
        Demand(
            services[code],
            share * general_per_hour,
            GENERAL_MINUTES if exponential_8 else services[code].expected_minutes,
        )
        for code, share in GENERAL_MIX.items()
    ]
    general = frozenset(GENERAL_MIX)
    windows = [WindowPlan(n, WindowKind.GENERAL, general) for n in range(2, 2 + GENERAL_WINDOWS)]
    if not exponential_8:
        number = 2 + GENERAL_WINDOWS
        for code, (_, count, per_hour, minutes) in SPECIAL.items():
            demand.append(Demand(services[code], per_hour, minutes))
            for _ in range(count):
                windows.append(WindowPlan(number, WindowKind.SPECIAL, frozenset({code})))
                number += 1
    return HallPlan(tuple(demand), tuple(windows))


def class_of(code: str) -> str:
    return SPECIAL[code][0] if code in SPECIAL else "general"


CLASSES = ("general", "market", "construction")


def parse_policy(text: str, base: RoutingPolicy) -> RoutingPolicy:
    """`default`, `recommended`, `departmental`, `pooled` or `k=3,short=1,aging=red`."""
    if text in ("default", "pooled"):
        return base
    if text == "recommended":
        return parse_policy(RECOMMENDED, base)
    if text == "departmental":
        return replace(base, specialist_help_min_general_waiting=NEVER)
    policy = base
    for part in text.split(","):
        key, _, value = part.partition("=")
        if key == "k":
            policy = replace(policy, specialist_help_min_general_waiting=int(value))
        elif key == "short":
            policy = replace(policy, specialist_help_shortest_first=value == "1")
        elif key == "aging":
            policy = replace(policy, aging=value)
        else:
            raise SystemExit(f"unknown policy part {part!r} in {text!r}")
    return policy


def run_variants(
    config: HallConfig, plan: HallPlan, names: Sequence[str], spec: RunSpec, seeds: int
) -> dict[str, Summary]:
    """Every variant on the same seeded arrivals and work (common random numbers)."""
    runs: dict[str, list[Outcomes]] = {n: [] for n in names}
    for seed in range(1, seeds + 1):
        for name in names:
            policy = parse_policy(name, config.hall.rules.routing)
            rules = replace(config.hall.rules, routing=policy)
            hall = plan.pooled() if name == "pooled" else plan
            runs[name].append(simulate(hall, rules, replace(spec, seed=seed)))
    return {n: summarise(n, r, class_of, CLASSES) for n, r in runs.items()}


def pooled_bound(plan: HallPlan) -> float:
    """Erlang C for every window serving everything (the mixture's mean service time)."""
    per_minute = sum(d.per_hour for d in plan.demand) / 60
    work = sum(d.per_hour * d.mean_minutes for d in plan.demand) / 60
    return mean_wait(len(plan.windows), per_minute, work / per_minute)


# -- sections


def validate(config: HallConfig, args: argparse.Namespace) -> None:
    print("\n## Validation: general windows only, exponential service, against Erlang C\n")
    rows = []
    rules = config.hall.rules
    print(
        f"{args.validate_seeds} seeds x {args.validate_hours:g} h after {args.warmup:g} h "
        f"warm-up, {GENERAL_WINDOWS} windows, 8 min mean, no no-shows, no priority tickets\n"
    )
    for rho in args.validate_util:
        plan = seed_hall(config, rho, exponential_8=True)
        spec = RunSpec(hours=args.validate_hours, warmup_hours=args.warmup, cv=None, no_show=0.0)
        waits = [
            [
                v.waited
                for v in simulate(plan, rules, replace(spec, seed=s)).visits
                if v.status in SERVED
            ]
            for s in range(1, args.validate_seeds + 1)
        ]
        stats = WaitStats.of(waits)
        waited = sum(1 for s in waits for w in s if w > 1e-9) / stats.count
        lam = rho * GENERAL_WINDOWS / GENERAL_MINUTES
        c = GENERAL_WINDOWS
        mean = mean_wait(c, lam, GENERAL_MINUTES)
        p90 = wait_quantile(c, lam, GENERAL_MINUTES, 0.9)
        rows.append(
            (
                f"{rho:.2f}",
                stats.count,
                f"{stats.mean:.3f} ± {stats.half_width:.3f}",
                f"{mean:.3f}",
                f"{100 * (stats.mean / mean - 1):+.1f}%",
                f"{stats.p90:.3f}",
                f"{p90:.3f}",
                f"{100 * (stats.p90 / p90 - 1):+.1f}%",
                f"{waited:.3f}",
                f"{erlang_c(c, lam * GENERAL_MINUTES):.3f}",
            )
        )
    print(
        table(
            (
                "rho",
                "tickets",
                "sim mean",
                "M/M/6 mean",
                "diff",
                "sim p90",
                "M/M/6 p90",
                "diff",
                "sim P(wait)",
                "C(6,a)",
            ),
            rows,
        )
    )


def run_spec(args: argparse.Namespace) -> RunSpec:
    """One simulated run as the command line asks (a peak day drains the line at closing)."""
    return RunSpec(
        hours=args.hours,
        warmup_hours=args.warmup,
        profile=args.profile,
        cv=args.cv,
        no_show=args.no_show,
        priority=args.priority,
        drain=args.profile == "peak",
    )


def hall(config: HallConfig, args: argparse.Namespace) -> dict[float, dict[str, Summary]]:
    results = {}
    for rho in args.util:
        plan = seed_hall(config, rho)
        spec = run_spec(args)
        found = run_variants(config, plan, args.policy, spec, args.seeds)
        results[rho] = found
        print(f"\n## Seed hall at general utilisation {rho:.2f}\n")
        print(
            f"All-windows bound: Erlang C M/M/9 {pooled_bound(plan):.2f} min"
            + (
                f", simulated (pooled) {found['pooled'].classes['hall'].mean:.2f} min"
                if "pooled" in found
                else ""
            )
        )
        print()
        print(summary_table(found))
        for name in args.detail:
            if name in found:
                print(f"\n### {name} at {rho:.2f}\n")
                print(detail_table(found[name]))
    return results


def summary_table(found: dict[str, Summary]) -> str:
    bound = found["pooled"].classes["hall"].mean if "pooled" in found else float("nan")
    dept = found.get("departmental")
    rows = []
    for name, s in found.items():
        c = s.classes
        row: list[object] = [name, c["hall"].mean, c["hall"].mean / bound, c["hall"].p90]
        for lab in CLASSES:
            row.append(c[lab].mean)
            if lab != "general":
                row.append(c[lab].mean / dept.classes[lab].mean if dept else float("nan"))
        row.append(_kind_util(s, CLASSES))
        rows.append(row)
    return table(
        (
            "policy",
            "hall mean",
            "x bound",
            "hall p90",
            "general",
            "market",
            "x dept",
            "construction",
            "x dept",
            "util gen/mkt/con",
        ),
        rows,
    )


def _kind_util(s: Summary, labels: Sequence[str]) -> str:
    numbers = sorted(s.utilisation)
    groups = [numbers[:GENERAL_WINDOWS], numbers[GENERAL_WINDOWS:-1], numbers[-1:]]
    return "/".join(f"{sum(s.utilisation[n] for n in g) / len(g):.2f}" for g in groups if g)


def detail_table(s: Summary) -> str:
    rows = [
        (
            lab,
            w.count,
            f"{w.mean:.2f} ± {w.half_width:.2f}",
            w.p50,
            w.p90,
            w.max,
            f"{100 * w.over_15:.1f}%",
        )
        for lab, w in s.classes.items()
    ]
    text = table(("class", "served", "mean", "p50", "p90", "max", "> 15 min"), rows)
    util = " ".join(f"{n}:{u:.2f}" for n, u in sorted(s.utilisation.items()))
    return (
        f"{text}\n\nwindow utilisation: {util}\n"
        f"arrivals {s.arrivals}, no-shows {s.no_shows}, still waiting at the end {s.left_waiting}"
    )


def sweep(config: HallConfig, args: argparse.Namespace) -> None:
    rho = args.util[len(args.util) // 2]
    names = ["departmental", "pooled"] + [
        f"k={k}" + (",short=1" if short else "") for short in args.sweep_short for k in args.sweep_k
    ]
    plan = seed_hall(config, rho)
    spec = run_spec(args)
    print(f"\n## Trade-off at general utilisation {rho:.2f}\n")
    print(summary_table(run_variants(config, plan, names, spec, args.seeds)))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="few seeds, short runs (a smoke test)")
    p.add_argument("--seeds", type=int, default=10)
    p.add_argument("--hours", type=float, default=200.0, help="hours per seed (after warm-up)")
    p.add_argument("--warmup", type=float, default=10.0)
    p.add_argument("--validate-hours", type=float, default=1000.0)
    p.add_argument("--validate-seeds", type=int, default=40)
    p.add_argument(
        "--validate-util", default="0.70,0.85", help="0.95 needs ~100x the hours for 5%%"
    )
    p.add_argument("--util", default="0.70,0.85,0.95")
    p.add_argument("--policy", default="departmental,pooled,default,k=2,recommended")
    p.add_argument("--detail", default="departmental,recommended", help="policies to detail")
    p.add_argument("--cv", default="1.0", help="lognormal CV, or 'exp'")
    p.add_argument("--profile", choices=("constant", "peak"), default="constant")
    p.add_argument("--no-show", type=float, default=0.04)
    p.add_argument("--priority", type=float, default=0.05, help="share of priority tickets")
    p.add_argument("--sweep-k", default="1,2,3,4,6")
    p.add_argument("--sweep-short", default="0,1", help="shortest-first help off/on")
    p.add_argument("--sections", default="validate,hall,sweep")
    args = p.parse_args(argv)
    if args.quick:
        args.seeds, args.hours, args.validate_hours, args.validate_seeds = 3, 40.0, 300.0, 4
    args.util = [float(u) for u in args.util.split(",")]
    args.validate_util = [float(u) for u in args.validate_util.split(",")]
    args.policy = args.policy.split(",") if "=" not in args.policy else _policies(args.policy)
    args.detail = args.detail.split(",")
    args.cv = None if args.cv == "exp" else float(args.cv)
    args.sweep_k = [int(k) for k in args.sweep_k.split(",")]
    args.sweep_short = [int(x) for x in args.sweep_short.split(",")]
    args.sections = args.sections.split(",")
    if args.profile == "peak":
        args.hours, args.warmup = 8.0, 0.0
    return args


def _policies(text: str) -> list[str]:
    """Split a policy list where a policy may itself hold commas: 'pooled,k=3,short=1,k=1'."""
    out: list[str] = []
    for part in text.split(","):
        if out and part.split("=")[0] in ("short", "aging"):
            out[-1] += "," + part
        else:
            out.append(part)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    config = load_hall(EXAMPLE, enforce_hours=False)
    r = config.hall.rules
    print(
        f"# hallsim: seeds {args.seeds}, {args.hours:g} h each (+{args.warmup:g} h warm-up), "
        f"profile {args.profile}, service cv {args.cv or 'exp'}, no-shows {args.no_show:.0%}, "
        f"priority {args.priority:.0%}, recall limit {r.recall_limit}"
    )
    print(f"# default policy (config/hall.example.toml): {r.routing}")
    started = time.perf_counter()
    if "validate" in args.sections:
        validate(config, args)
    if "hall" in args.sections:
        hall(config, args)
    if "sweep" in args.sections:
        sweep(config, args)
    print(f"\n# {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
