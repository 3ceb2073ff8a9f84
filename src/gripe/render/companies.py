"""Companies as people see them: the listing, a company's card, and its ways in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from gripe.model import (
    CaseSummary,
    Company,
    CompanySummary,
    PhoneNumber,
)
from gripe.plural import counted
from gripe.render.cases import cases_table
from gripe.render.data import lines_status
from gripe.render.text import View, new_table

if TYPE_CHECKING:
    pass


def phone_line(phone: PhoneNumber) -> str:
    return f"{phone.number} ({phone.note})" if phone.note else phone.number


def ways_in_rows(view: View, company: Company, phones: list[PhoneNumber]) -> list[tuple[str, str]]:
    """(label, text) for each way in: the numbers, the complaint addresses, the hours."""
    found = [("Phone", phone_line(phone)) for phone in phones]
    if company.complaints_email:
        found.append(("Complaints", company.complaints_email))
    if company.exec_email:
        found.append(("Executive office", company.exec_email))
    if company.hours:
        status = lines_status(view, company)
        found.append(("Hours", f"{company.hours} · {status.phrase}" if status else company.hours))
    return found


def company_card(
    view: View,
    summary: CompanySummary,
    open_cases: list[CaseSummary],
    phones: list[PhoneNumber],
) -> Group:
    company = summary.company
    facts = new_table("", "Value", wrap=("Value",))
    facts.show_header = False
    for label, value in (
        ("Account", company.account_number),
        *ways_in_rows(view, company, phones),
        ("Email", company.email),
        ("Address", company.postal_address),
        ("Website", company.website),
        ("Customer since", company.customer_since),
        ("Sector", company.sector.value if company.sector else None),
        ("Notes", company.notes),
    ):
        if value:
            facts.add_row(Text(label, style="bold"), value)
    last = view.relative(summary.last_contact) if summary.last_contact else "never"
    heading = Text.assemble(
        (f"{company.name}", "bold"),
        f"  company #{company.id} · {counted(summary.cases, 'case')} ({summary.open_cases} "
        f"open) · {counted(summary.calls, 'call')} · last contact {last}",
    )
    parts: list[RenderableType] = [heading, facts]
    if open_cases:
        parts.append(cases_table(view, open_cases, title="Open cases"))
    return Group(*parts)
