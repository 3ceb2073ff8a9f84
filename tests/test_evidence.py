"""`gripe attach` and `gripe bundle`: evidence kept by content, and the zip for an ombudsman."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gripe import __version__
from gripe.cli import app


@pytest.fixture
def case(gripe):
    """Case #1 with ACME: two calls with reps and references, a promise kept and one pending."""
    gripe.ok(
        "log", "ACME", "Internet down since Sunday", "--rep", "Dana", "--rep-id", "4471",
        "--ref", "ACM-88123", "--hold", "45m", "--at", "yesterday 9am",
        "--promise", "Service restored", "--by", "8pm tomorrow",
    )  # fmt: skip
    gripe.ok(
        "log", "ACME", "Engineer never came", "--rep", "Priya", "--ref", "ACM-90411",
        "--promise", "Credit of £10", "--by", "friday",
    )  # fmt: skip
    gripe.ok("promise", "kept", "2")
    return gripe


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def evidence_rows(gripe):
    return gripe.rows(
        "SELECT case_id, file_name, sha256, size, added_at, note FROM evidence ORDER BY id"
    )


def open_bundle(path: Path) -> tuple[dict, dict[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(members["manifest.json"]), members


# ---- attach -------------------------------------------------------------------------------------


def test_attach_keeps_a_private_copy_under_its_sha256(case, tmp_path: Path):
    data = b"Receipt: router returned, tracking RM123456789GB\n"
    original = write(tmp_path / "docs" / "receipt.txt", data)
    result = case.ok("attach", "1", str(original), "--note", "Proof of return")
    digest = hashlib.sha256(data).hexdigest()
    folder = tmp_path / "evidence"  # beside the database
    kept = folder / digest
    assert kept.read_bytes() == data
    assert mode(kept) == 0o600
    assert mode(folder) == 0o700
    assert evidence_rows(case) == [
        (1, "receipt.txt", digest, len(data), "2026-07-28T13:00:00Z", "Proof of return")
    ]
    assert "evidence #1" in result.stderr
    assert result.stdout == ""
    assert sorted(path.name for path in folder.iterdir()) == [digest]  # no temporary left
    original.unlink()
    assert kept.read_bytes() == data


def test_the_same_content_twice_is_stored_once_but_recorded_twice(case, tmp_path: Path):
    data = b"%PDF-1.4 a bill\n"
    case.ok("attach", "1", str(write(tmp_path / "a" / "bill.pdf", data)))
    case.ok("attach", "1", str(write(tmp_path / "b" / "bill-copy.pdf", data)), "--note", "again")
    assert os.listdir(tmp_path / "evidence") == [hashlib.sha256(data).hexdigest()]
    assert [row[1] for row in evidence_rows(case)] == ["bill.pdf", "bill-copy.pdf"]


def test_attach_refuses_bad_paths_and_writes_nothing(case, tmp_path: Path):
    before = case.dump()
    missing = case("attach", "1", str(tmp_path / "nope.pdf"))
    assert missing.exit_code == 2
    assert "no file" in missing.stderr
    folder = case("attach", "1", str(tmp_path))
    assert folder.exit_code == 2
    assert "folder" in folder.stderr
    assert case("attach", "1", "/dev/null").exit_code == 2  # not a regular file
    assert case("attach", "one", str(write(tmp_path / "x.txt", b"x"))).exit_code == 2
    assert case("attach", "9", str(tmp_path / "x.txt")).exit_code == 1  # no such case
    assert case.dump() == before
    assert not (tmp_path / "evidence").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_attach_refuses_an_unreadable_file(case, tmp_path: Path):
    secret = write(tmp_path / "secret.txt", b"x")
    secret.chmod(0)
    result = case("attach", "1", str(secret))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


def test_attach_without_db_uses_the_data_directory(tmp_path: Path):
    runner = CliRunner()
    assert runner.invoke(app, ["case", "open", "ACME", "Outage"]).exit_code == 0
    original = write(tmp_path / "photo.jpg", b"\xff\xd8\xff photo")
    assert runner.invoke(app, ["attach", "1", str(original)]).exit_code == 0
    folder = tmp_path / "xdg-data" / "gripe" / "evidence"
    assert (folder / hashlib.sha256(original.read_bytes()).hexdigest()).is_file()
    assert mode(folder) == 0o700


# ---- bundle -------------------------------------------------------------------------------------


def test_bundle_holds_the_case_file_letters_evidence_and_a_true_manifest(case, tmp_path: Path):
    photo = write(tmp_path / "photo.jpg", b"\xff\xd8\xff" + bytes(range(256)) * 40)
    receipt = write(tmp_path / "receipt.txt", b"paid 45.00")
    case.ok("attach", "1", str(photo), "--note", "The engineer's no-show card")
    case.ok("attach", "1", str(receipt))
    case.ok("letter", "1", "--record")
    case.ok("letter", "1", "--record", "--format", "md", "--template", "complaint")
    target = tmp_path / "out" / "case-1.zip"
    target.parent.mkdir()
    result = case.ok("bundle", "1", "-o", str(target))
    assert "2 letters, 2 evidence files" in " ".join(result.stderr.split())

    manifest, members = open_bundle(target)
    letters = case.rows("SELECT id, template, body FROM letters ORDER BY id")
    assert sorted(members) == sorted(
        [
            "case-1.md",
            f"letters/1-{letters[0][1]}.txt",
            "letters/2-complaint.md",
            "evidence/photo.jpg",
            "evidence/receipt.txt",
            "manifest.json",
        ]
    )
    assert [entry["path"] for entry in manifest["files"]] == [
        name for name in members if name != "manifest.json"
    ]
    for entry in manifest["files"]:
        data = members[entry["path"]]
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)
    assert members["evidence/photo.jpg"] == photo.read_bytes()
    assert members[f"letters/1-{letters[0][1]}.txt"].decode() == letters[0][2]
    assert members["letters/2-complaint.md"].decode() == letters[1][2]
    assert manifest["case_id"] == 1
    assert manifest["company"] == "ACME"
    assert manifest["generated_at"] == "2026-07-28T14:00:00+01:00"
    assert manifest["gripe_version"] == __version__

    markdown = members["case-1.md"].decode()
    assert markdown.startswith("# Case #1: ACME")
    for expected in (
        "Internet down since Sunday",
        "Engineer never came",
        "ACM-88123",
        "ACM-90411",
        "Dana (ID 4471)",
        "Priya",
        "45m on hold",
        "Service restored",
        "Credit of £10",
        "kept",
        "The engineer's no-show card",
        "evidence/receipt.txt",
        hashlib.sha256(b"paid 45.00").hexdigest(),
        f"letters/1-{letters[0][1]}.txt",
    ):
        assert expected in markdown, expected
    assert [path.name for path in target.parent.iterdir()] == ["case-1.zip"]


def test_bundle_works_after_the_original_is_deleted(case, tmp_path: Path):
    original = write(tmp_path / "screenshot.png", b"\x89PNG chat transcript")
    case.ok("attach", "1", str(original))
    original.unlink()
    target = tmp_path / "case.zip"
    case.ok("bundle", "1", "-o", str(target))
    assert open_bundle(target)[1]["evidence/screenshot.png"] == b"\x89PNG chat transcript"


def test_files_with_the_same_name_are_told_apart(case, tmp_path: Path):
    case.ok("attach", "1", str(write(tmp_path / "a" / "photo.jpg", b"first")))
    case.ok("attach", "1", str(write(tmp_path / "b" / "Photo.JPG", b"second")))
    case.ok("attach", "1", str(write(tmp_path / "c" / "photo.jpg", b"third")))
    case.ok("attach", "1", str(write(tmp_path / "d" / "photo.jpg", b"first")))  # again
    target = tmp_path / "case.zip"
    case.ok("bundle", "1", "-o", str(target))
    members = open_bundle(target)[1]
    evidence = {name: data for name, data in members.items() if name.startswith("evidence/")}
    assert evidence == {
        "evidence/photo.jpg": b"first",
        "evidence/Photo (2).JPG": b"second",
        "evidence/photo (3).jpg": b"third",
    }


def test_bundle_never_overwrites_without_force(case, tmp_path: Path):
    target = tmp_path / "case.zip"
    target.write_bytes(b"keep me")
    refused = case("bundle", "1", "-o", str(target))
    assert refused.exit_code == 1
    assert "--force" in refused.stderr
    assert target.read_bytes() == b"keep me"
    case.ok("bundle", "1", "-o", str(target), "--force")
    assert "case-1.md" in open_bundle(target)[1]
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []


def test_bundle_names_an_evidence_file_missing_from_the_data_directory(case, tmp_path: Path):
    case.ok("attach", "1", str(write(tmp_path / "bill.pdf", b"the bill")))
    (tmp_path / "evidence" / hashlib.sha256(b"the bill").hexdigest()).unlink()
    target = tmp_path / "case.zip"
    result = case("bundle", "1", "-o", str(target))
    assert result.exit_code == 1
    assert "bill.pdf" in result.stderr
    assert "missing" in result.stderr
    assert not target.exists()
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".case")] == []


def test_bundle_refuses_a_stored_file_that_changed(case, tmp_path: Path):
    case.ok("attach", "1", str(write(tmp_path / "bill.pdf", b"the bill")))
    kept = tmp_path / "evidence" / hashlib.sha256(b"the bill").hexdigest()
    kept.write_bytes(b"the bill, edited")
    target = tmp_path / "case.zip"
    result = case("bundle", "1", "-o", str(target))
    assert result.exit_code == 1
    assert "changed" in result.stderr
    assert not target.exists()
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".case")] == []


def test_bundle_refuses_bad_paths_and_cases(case, tmp_path: Path):
    assert case("bundle", "1", "-o", str(tmp_path / "missing" / "case.zip")).exit_code == 2
    assert case("bundle", "1", "-o", str(tmp_path)).exit_code == 2
    assert case("bundle", "1").exit_code == 2  # -o is required
    assert case("bundle", "x", "-o", str(tmp_path / "case.zip")).exit_code == 2
    assert case("bundle", "7", "-o", str(tmp_path / "case.zip")).exit_code == 1
    assert not (tmp_path / "case.zip").exists()


def test_a_case_with_nothing_yet_still_bundles(gripe, tmp_path: Path):
    gripe.ok("case", "open", "ACME", "Wrong bill")
    target = tmp_path / "case.zip"
    gripe.ok("bundle", "1", "-o", str(target))
    manifest, members = open_bundle(target)
    assert sorted(members) == ["case-1.md", "manifest.json"]
    assert "No calls logged." in members["case-1.md"].decode()
    assert [entry["path"] for entry in manifest["files"]] == ["case-1.md"]
