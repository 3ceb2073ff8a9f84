"""One zip with everything about a case, for an ombudsman, a regulator or a court.

Inside: ``case-<id>.md`` (the timeline in Markdown), ``letters/<id>-<template>.<md|txt>`` (every
letter recorded on the case), ``evidence/<original name>`` (every evidence file) and
``manifest.json`` (each file's path, sha256 and size, the case and when and by what the bundle
was made). The zip is built in a temporary file beside the target and renamed over it, so a
failure never leaves half a bundle, and an existing file is replaced only when asked.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

from gripe import __version__
from gripe.errors import InvalidState
from gripe.facts.record import Record
from gripe.files import check_target, new_file
from gripe.model import Evidence
from gripe.render import View, due_phrase, minutes, rep_label
from gripe.store.evidence import CHUNK, stored_path

MANIFEST_FORMAT = "gripe-bundle"
MANIFEST_VERSION = 1


class LetterText(NamedTuple):
    id: int
    template: str
    format: str
    body: str


def letter_path(letter: LetterText) -> str:
    return f"letters/{letter.id}-{letter.template}.{'md' if letter.format == 'md' else 'txt'}"


def _safe_name(evidence: Evidence) -> str:
    """The original name, made safe as one path part inside a zip."""
    name = evidence.file_name.replace("/", "_").replace("\\", "_").strip()
    name = "".join(character for character in name if character.isprintable())
    return name if name.strip(".") else f"evidence-{evidence.id}"


def evidence_paths(items: list[Evidence]) -> dict[int, str]:
    """Evidence id → path in the zip. Files with the same name (in any case, as Windows and
    macOS see them) get " (2)", " (3)" before the extension; the same file attached twice under
    the same name is one file."""
    paths: dict[int, str] = {}
    taken: set[str] = set()
    seen: dict[tuple[str, str], str] = {}
    for item in items:
        name = _safe_name(item)
        if (name, item.sha256) in seen:
            paths[item.id] = seen[(name, item.sha256)]
            continue
        stem, dot, suffix = name.rpartition(".")
        if not stem:
            stem, dot, suffix = name, "", ""
        candidate, number = name, 1
        while f"evidence/{candidate}".casefold() in taken:
            number += 1
            candidate = f"{stem} ({number}){dot}{suffix}"
        path = f"evidence/{candidate}"
        taken.add(path.casefold())
        seen[(name, item.sha256)] = path
        paths[item.id] = path
    return paths


def _size(size: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def case_markdown(
    view: View,
    record: Record,
    letters: list[LetterText],
    evidence: list[Evidence],
    paths: dict[int, str],
) -> str:
    """The case file: the facts, then every call, promise, letter and piece of evidence. Its
    numbers and fates are the case's `Record`'s, as ``case show`` and the letters have them."""
    from gripe.facts import promises as promise_fates
    from gripe.render.letters import reply_words, went

    timeline, totals = record.timeline, record.totals
    case, company = timeline.case, timeline.company
    out = [f"# Case #{case.id}: {company.name}: {case.title}", ""]
    facts = [
        ("Company", company.name),
        ("Account", record.account or ""),
        ("Company contact", " · ".join(filter(None, [company.phone, company.email]))),
        ("Status", case.status.value),
        ("Escalation level", case.level.value),
        ("Opened", view.day(case.opened_at)),
        ("Closed", view.day(case.closed_at) if case.closed_at else ""),
        ("Resolution", case.resolution_note or ""),
        ("Wanted", case.desired_outcome or ""),
        ("Amount at stake", record.amount),
        ("Sum of the claims", record.claimed),
        ("Days open", str(totals.days_open)),
        ("Calls", str(totals.calls)),
        ("Time on hold", minutes(totals.hold_minutes) or "0m"),
        ("Time talking", minutes(totals.talk_minutes) or "0m"),
        ("Broken promises", str(totals.broken_promises)),
        ("Letters with no reply", str(totals.letters_unanswered)),
        ("Case file made", view.when(view.now)),
    ]
    out += [f"- **{label}:** {value}" for label, value in facts if value]
    out += ["", "## Calls", ""]
    if not timeline.calls:
        out.append("No calls logged.")
    for call in timeline.calls:
        channel = call.channel.value + (" from them" if call.direction.value == "inbound" else "")
        details = [
            channel,
            f"with {rep_label(call.rep)}" if call.rep else "",
            f"reference {call.reference}" if call.reference else "",
            f"{minutes(call.hold_minutes)} on hold" if call.hold_minutes else "",
            f"took {minutes(call.duration_minutes)}" if call.duration_minutes else "",
        ]
        out.append(f"### Call #{call.id}: {view.when(call.at)}")
        out += ["", " · ".join(part for part in details if part), "", call.summary, ""]
    out += ["## Promises", ""]
    if not timeline.promises:
        out.append("No promises recorded.")
    for promise in timeline.promises:
        who = f"by {rep_label(promise.rep)}" if promise.rep else ""
        on = f"on call #{promise.call_id}" if promise.call_id else ""
        reference = f"reference {promise.call_reference}" if promise.call_reference else ""
        made = ", ".join(part for part in (who, on, reference) if part)
        fate = promise_fates.words(promise, record.fates[promise.id], view.day, moment=view.when)
        note = f" ({promise.note})" if promise.note else ""
        out.append(
            f"- #{promise.id} {promise.text}: due {due_phrase(view, promise)}"
            f"; {fate}{note}" + (f"; promised {made}" if made else "")
        )
    if timeline.claims:
        from gripe.facts.record import claim_amount

        total = f" ({record.claimed} in all)" if record.claimed else ""
        out += ["", f"## Claims{total}", ""]
        for claim in timeline.claims:
            charged = f", charged {view.day_of(claim.on_date)}" if claim.on_date else ""
            amount = claim_amount(claim, timeline, record.currency)
            out.append(f"- #{claim.id} {amount}: {claim.what}{charged}")
    out += ["", "## Letters", ""]
    if not letters:
        out.append("No letters recorded.")
    by_id = {letter.id: letter for letter in timeline.letters}
    for letter in letters:
        kept = by_id.get(letter.id)
        how = f" {went(view, kept)}; {reply_words(view, kept)[0]}" if kept else ""
        out.append(f"- #{letter.id} {letter.template}:{how}: `{letter_path(letter)}`")
    out += ["", "## Evidence", ""]
    if not evidence:
        out.append("No evidence attached.")
    for item in evidence:
        note = f": {item.note}" if item.note else ""
        out.append(
            f"- #{item.id} {item.file_name} ({_size(item.size)}, added "
            f"{view.day(item.added_at)}){note}: `{paths[item.id]}`, sha256 {item.sha256}"
        )
    return "\n".join(out) + "\n"


def _check_stored(folder: Path, evidence: list[Evidence]) -> None:
    for item in evidence:
        if not stored_path(folder, item).is_file():
            raise InvalidState(
                f"evidence #{item.id} ({item.file_name}) is missing from {folder} "
                f"(expected the file {item.sha256}); attach it again with: "
                f"gripe attach {item.case_id} PATH"
            )


def _add_bytes(archive: zipfile.ZipFile, path: str, data: bytes, view: View) -> dict[str, Any]:
    archive.writestr(_info(path, view), data)
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def _info(path: str, view: View) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=view.local(view.now).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _add_file(
    archive: zipfile.ZipFile, path: str, source: Path, item: Evidence, view: View
) -> dict[str, Any]:
    """Copy a stored evidence file into the zip, checking its bytes against its sha256."""
    digest = hashlib.sha256()
    size = 0
    info = _info(path, view)
    info.file_size = item.size
    try:
        reader = source.open("rb")
    except OSError as error:
        raise InvalidState(
            f"cannot read evidence #{item.id} ({item.file_name}) at {source} ({error.strerror})"
        ) from None
    with reader, archive.open(info, "w", force_zip64=True) as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
    if digest.hexdigest() != item.sha256:
        raise InvalidState(
            f"evidence #{item.id} ({item.file_name}) has changed since it was attached: "
            f"{source} no longer matches its sha256; attach the original again"
        )
    return {"path": path, "sha256": item.sha256, "size": size}


def write_bundle(
    target: Path,
    view: View,
    record: Record,
    letters: list[LetterText],
    evidence: list[Evidence],
    folder: Path,
    force: bool = False,
) -> list[dict[str, Any]]:
    """Build the zip at ``target``, whole or not at all; the manifest's list of files. The
    account shows as ``record`` has it (masked unless it was made to show it whole)."""
    check_target(target, force)  # before the work, not after
    _check_stored(folder, evidence)
    paths = evidence_paths(evidence)
    timeline = record.timeline
    case_id = timeline.case.id
    markdown = case_markdown(view, record, letters, evidence, paths)
    with (
        new_file(target, force) as temporary,
        open(temporary, "w+b") as handle,
        zipfile.ZipFile(handle, "w") as archive,
    ):
        files = [_add_bytes(archive, f"case-{case_id}.md", markdown.encode(), view)]
        files += [
            _add_bytes(archive, letter_path(letter), letter.body.encode(), view)
            for letter in letters
        ]
        done: set[str] = set()
        for item in evidence:
            path = paths[item.id]
            if path not in done:
                done.add(path)
                source = stored_path(folder, item)
                files.append(_add_file(archive, path, source, item, view))
        manifest = {
            "format": MANIFEST_FORMAT,
            "format_version": MANIFEST_VERSION,
            "case_id": case_id,
            "case_uuid": timeline.case.uuid,
            "company": timeline.company.name,
            "title": timeline.case.title,
            "generated_at": view.iso(view.now),
            "gripe_version": __version__,
            "files": files,
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        archive.writestr(_info("manifest.json", view), text.encode())
    return files
