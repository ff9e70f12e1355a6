"""``feed.xml`` stays well-formed XML whatever a win or a title holds: characters XML
1.0 cannot hold (control characters, U+FFFE, U+FFFF) are left out of the feed."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import MakeVault, RunCli
from site_support import TODAY, build, read_feed

# Every character XML 1.0 refuses that can stand in a line of a note.
NOT_XML = [chr(code) for code in range(0x20) if chr(code) not in "\t\n\r"] + ["\ufffe", "\uffff"]


def test_the_feed_of_a_vault_full_of_control_characters_parses(
    make_vault: MakeVault, run_cli: RunCli, tmp_path: Path
) -> None:
    wins = "".join(f"- [x] Win {ord(char):02x} with a{char}b\n" for char in NOT_XML)
    title = json.dumps("Bell\u0007title\ufffe")  # a YAML double-quoted string, escapes read
    vault = make_vault(
        {
            "wins.toml": 'title = "Vault\\u0007 of wins"\n',
            f"journal/{TODAY}.md": f"## Wins\n{wins}- [x] Plain win\n",
            "goals/bell.md": f"---\ntitle: {title}\n---\n",
            "journal/2026-11-21.md": "- [x] Rang the \u0007 bell [[bell]]\n",
        }
    )
    out = tmp_path / "site"
    result = build(run_cli, vault, out)
    assert result.exit_code == 0, result.output

    _, entries = read_feed((out / "feed.xml").read_bytes())  # raises when not well-formed
    content = "".join(entry.content for entry in entries)
    assert "Win 07 with ab" in content and "Plain win" in content
    assert not any(char in content for char in NOT_XML)
    assert "Vault of wins" in (out / "feed.xml").read_text("utf-8")
    # wins.json keeps every character, escaped as JSON does.
    texts = [win["text"] for win in json.loads((out / "wins.json").read_text("utf-8"))["wins"]]
    assert "Win 07 with a\u0007b" in texts
