"""scan_folder: every bad file yields one clear IngestError and the good files still come out."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bot.ingest.errors import IngestError
from bot.ingest.folder import scan_folder
from bot.items import IngestedItem

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BODY = "The transport minister said on Monday that the new rail link would open in June, two years late."

BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty file"),
    "blank.md": (b"  \n\t\n   \n", "blank file"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    "controls.txt": (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 50, "binary file"),
    "latin1.txt": (
        "Café talks\nLe ministre a déclaré mardi que les négociations reprendraient.".encode("cp1252"),
        "not UTF-8 text",
    ),
    "nested.html": (
        ("<html><body>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000 + "</body></html>").encode(),
        "no article text",
    ),
    "nested-inline.html": (("<p>" + "<b><i>" * 50_000 + "x" + "</i></b>" * 50_000 + "</p>").encode(), ""),
    "nested.json": (("[" * 100_000 + "]" * 100_000).encode(), "nested too deeply"),
    "nested-objects.json": (('{"a":' * 100_000 + "1" + "}" * 100_000).encode(), "nested too deeply"),
    "truncated.json": (b'{"title": "Rail link delayed", "text": "The transport min', "truncated"),
    "syntax.json": (b'{\n"title": "a"\n"text": "b"\n}', "invalid JSON at line 3"),
    "wrong-types.json": (
        json.dumps({"title": ["Rail"], "text": 42}).encode(),
        "field 'title' must be a string",
    ),
    "no-text.json": (json.dumps({"title": "Rail link delayed"}).encode(), "missing required field 'text'"),
    "list.json": (json.dumps([{"title": "a", "text": "b"}]).encode(), "expected a JSON object"),
    "title-only.txt": (b"Rail link delayed\n\n\n", "no article text"),
    "no-article.html": (
        b"<html><head><title>Empty</title><style>p{}</style></head><body><script>var a=1;</script></body></html>",
        "no article text",
    ),
    "heading-only.md": (b"# Rail link delayed\n", "no article text"),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "2025-02-03-rail.txt").write_text(f"Rail link delayed\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "good" / "2025-02-04-rail.md").write_text(f"# Rail link *delayed*\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "good" / "rail.json").write_text(json.dumps({"title": "Rail", "text": BODY}), encoding="utf-8")
    (tmp_path / "good" / "rail.html").write_text(
        f"<html><head><title>Rail link delayed</title></head><body><article><p>{BODY}</p><p>{BODY}</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    for name, (content, _) in BAD_FILES.items():
        (tmp_path / "bad" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "bad" / name).write_bytes(content)
    with (tmp_path / "bad" / "huge.txt").open("wb") as handle:
        handle.truncate(10_000_000)
    (tmp_path / ".hidden.txt").write_text(f"Hidden\n{BODY}", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text(f"Hidden\n{BODY}", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "UPPER.TXT").write_text(f"Upper case extension\n{BODY}", encoding="utf-8")
    return tmp_path


def test_scan_yields_good_items_and_one_error_per_bad_file(folder: Path) -> None:
    results = list(scan_folder(folder))
    items = [r for r in results if isinstance(r, IngestedItem)]
    errors = {Path(e.where).name: e for e in results if isinstance(e, IngestError)}

    assert [i.external_id for i in items if i.external_id != "bad/nested-inline.html"] == [
        "UPPER.TXT",
        "good/2025-02-03-rail.txt",
        "good/2025-02-04-rail.md",
        "good/rail.html",
        "good/rail.json",
    ]
    good = [i for i in items if i.external_id.startswith("good/")]
    assert len(good) == 4
    assert all(i.origin == "folder" and i.source_key == str(folder) for i in items)

    expected = {**{n: m for n, (_, m) in BAD_FILES.items()}, "huge.txt": "larger than the 2 MB limit"}
    expected.pop("nested-inline.html")  # may extract "x" or nothing; it must just not crash
    for name, message in expected.items():
        assert name in errors, f"{name} produced no error"
        text = str(errors[name])
        assert text.startswith(str(folder / "bad" / name) + ": ")
        assert message in text, text
        assert "\n" not in text and "Traceback" not in text
    assert set(errors) <= set(expected) | {"nested-inline.html"}


def test_scan_is_sorted_and_skips_hidden_and_other_extensions(folder: Path) -> None:
    names = [
        r.external_id if isinstance(r, IngestedItem) else Path(r.where).relative_to(folder).as_posix()
        for r in scan_folder(folder)
    ]
    assert names == sorted(names)
    assert not any(n.startswith(".") or "/." in n or n.endswith(".docx") for n in names)


def test_extension_filter(folder: Path) -> None:
    results = list(scan_folder(folder, extensions=(".md",)))
    assert {Path(r.external_id if isinstance(r, IngestedItem) else r.where).suffix for r in results} == {".md"}


def test_symlink_outside_root_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(f"Secret\n{BODY}", encoding="utf-8")
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(outside, root / "link.txt")
    (result,) = list(scan_folder(root))
    assert isinstance(result, IngestError) and "outside the folder" in str(result)


def test_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="folder not found"):
        list(scan_folder(tmp_path / "nope"))


def test_seed_folder_parses_cleanly() -> None:
    results = list(scan_folder(SEEDS))
    errors = [r for r in results if isinstance(r, IngestError)]
    assert errors == []
    items = [r for r in results if isinstance(r, IngestedItem)]
    assert {Path(i.external_id).suffix for i in items} == {".txt", ".md", ".html", ".json"}
    ours = [i for i in items if i.external_id != "2025-02-12-trump-putin-call.txt"]  # the lead's seed
    assert len(ours) >= 7
    for item in ours:
        assert item.article.published is not None and (
            item.article.published.year,
            item.article.published.month,
        ) == (
            2025,
            2,
        )
        assert 250 <= len(item.article.text.split()) <= 600, item.external_id
        for reserved in ("NATO", "Witkoff", "Smith"):
            assert reserved not in item.article.text, (reserved, item.external_id)
    html = next(i for i in items if i.external_id.endswith(".html"))
    assert "All rights reserved" not in html.article.text and "Sign in" not in html.article.text
    assert html.article.source == "Meridian Wire"


async def test_a_json_seed_with_an_escaped_nul_is_reported_and_skipped_on_every_database(
    tmp_path: Path, make_settings, database_url: str
) -> None:
    """PostgreSQL cannot store U+0000: the file is refused at parse time, the same on both databases."""
    from bot.app import App

    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a-good.txt").write_text("Rail link delayed\n" + BODY)
    (folder / "b-nul.json").write_text('{"title": "Nul", "text": "Before\\u0000after, and a full sentence here."}')
    (folder / "c-good.json").write_text(json.dumps({"title": "Port record", "text": BODY.replace("rail", "port")}))
    settings = make_settings(tmp_path, **{"sources.folders": [str(folder)], "database.url": database_url})
    app = await App.create(settings)
    try:
        first = await app.collect()
        second = await app.collect()  # the bad file is still there: reported again, never blocking
    finally:
        await app.close()
    assert first.new == 2
    assert len(first.errors) == 1 and "b-nul.json" in first.errors[0] and "NUL character" in first.errors[0]
    assert second.new == 0 and len(second.errors) == 1
