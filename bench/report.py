"""The benchmark report (`docs/benchmarks.md`): the machine, then one table per section, figures as medians of
their repeats with their anchors and ratios, and a summary of the targets."""

from __future__ import annotations

from collections.abc import Sequence

from bench.common import Figure


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _met(figure: Figure) -> str:
    return {True: "yes", False: "**no**", None: ""}[figure.met]


def _row(figure: Figure) -> str:
    runs = ", ".join(_number(run) for run in figure.runs)
    ratio = f"{figure.ratio:.2f}×" if figure.ratio is not None else ""
    if figure.ratios:
        ratio += f" (runs {min(figure.ratios):.2f}–{max(figure.ratios):.2f})"
    cells = [
        figure.name, f"{_number(figure.value)} {figure.unit}", runs, figure.anchor or "",
        _number(figure.anchor_value), ratio, figure.target or "", _met(figure), figure.note,
    ]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def render(
    figures: Sequence[Figure], machine: dict[str, str], *, command: str, repeats: int, seconds: float,
    failures: dict[str, str],
) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{command}` on {machine['date']}, in {seconds / 60:.1f} min.",
        "",
        f"Machine: {machine['nproc']} cores ({machine['cpu']}), {machine['memory']} memory; "
        f"Python {machine['python']}; {machine['versions']}.",
        "",
        f"Each figure is the median of its runs ({repeats} repeats unless the note says otherwise); the anchor "
        "was measured in the same run, and the ratio is figure ÷ anchor (where the ratio cell gives its runs' "
        "range, each run was paired with an anchor run just before it, and the ratio is the median of the "
        "runs' own ratios). The machine is shared and noisy: compare ratios, not absolute figures, across reports.",
        "",
    ]
    targeted = [f for f in figures if f.met is not None]
    if targeted:
        met = sum(1 for f in targeted if f.met)
        lines += [f"## Targets: {met} of {len(targeted)} met", "", "| section | figure | ratio | target | met |",
                  "|---|---|---|---|---|"]
        for f in targeted:
            ratio = f"{f.ratio:.2f}×" if f.ratio is not None else ""
            lines.append(f"| {f.section} | {f.name} | {ratio} | {f.target} | {_met(f)} |")
        lines.append("")
    for name, error in failures.items():
        lines += [f"## {name}: FAILED", "", "```", error.rstrip(), "```", ""]
    sections: dict[str, list[Figure]] = {}
    for figure in figures:
        sections.setdefault(figure.section, []).append(figure)
    for section, members in sections.items():
        lines += [
            f"## {section}",
            "",
            "| figure | median | runs | anchor | anchor median | ratio | target | met | note |",
            "|---|---|---|---|---|---|---|---|---|",
            *(_row(f) for f in members),
            "",
        ]
    return "\n".join(lines)
