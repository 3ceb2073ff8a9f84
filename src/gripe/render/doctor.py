"""``gripe doctor``: each check of the log, for people and as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from gripe.render.text import Json, visible

if TYPE_CHECKING:
    from gripe.store.doctor import Report as DoctorReport


def doctor_text(report: DoctorReport) -> Text:
    """Each check on a line, ``ok`` or ``PROBLEM``, with what is wrong, what to type and what
    was done. Not wrapped: the lines hold paths and commands to copy whole (print with
    soft_wrap; the terminal folds what is too long)."""
    out = Text()
    out.append(f"Checked {visible(str(report.path))}\n", style="bold")
    for finding in report.findings:
        if finding.ok:
            mark, style = ("fixed" if finding.repaired else "ok"), "green"
        else:
            mark, style = "PROBLEM", "bold red"
        out.append(f"{mark:<8}", style=style)
        out.append(visible(f"{finding.name}: {finding.summary}") + "\n")
        for problem in finding.problems:
            out.append(f"{'- ':>10}{visible(problem)}\n")
        for done in finding.repaired:
            out.append(f"{'done ':>10}{visible(done)}\n", style="green")
        if finding.fix and not finding.ok:
            out.append(f"{'fix: ':>10}", style="dim")
            out.append(visible(finding.fix) + "\n", style="bold")
    verdict = "All is well." if report.ok else "Something is wrong: see PROBLEM above."
    out.append(verdict, style="green" if report.ok else "bold red")
    return out


def doctor_json(report: DoctorReport) -> Json:
    return {
        "path": str(report.path),
        "ok": report.ok,
        "checks": [
            {
                "name": finding.name,
                "ok": finding.ok,
                "summary": finding.summary,
                "problems": finding.problems,
                "fix": finding.fix,
                "repaired": finding.repaired,
            }
            for finding in report.findings
        ],
    }
