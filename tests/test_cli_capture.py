"""The capture commands through the CLI: init, new, add, review and goal new, their
output, exit codes and exact error messages."""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATE_FORMS, MakeVault, RunCli

TODAY = ("--today", "2026-11-22")
ENTRY = "journal/2026/2026-11-22.md"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".wins" not in p.parts
    }


def wins_json(run_cli: RunCli, root: Path) -> list[dict[str, object]]:
    result = run_cli(root, "list", "--format", "json", "--include-private")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def editor(tmp_path: Path) -> str:
    """An $EDITOR that appends a marker line to the file it is given."""
    script = tmp_path / "editor.sh"
    script.write_text('#!/bin/sh\nprintf "EDITED\\n" >> "$1"\n', "utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


# --- init -----------------------------------------------------------------------------------


def test_init_creates_a_vault_and_reports_each_file(tmp_path: Path, run_cli: RunCli) -> None:
    root = tmp_path / "notes"
    result = run_cli(None, "init", str(root), *TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"created {root}{suffix}"
        for suffix in (
            "",
            "/wins.toml",
            "/journal",
            "/reviews",
            "/goals",
            "/templates",
            "/journal/2026/2026-11-22.md",
            "/goals/notice-progress.md",
        )
    ] + [
        "",
        "Next:",
        f'  cd {root} && wins add "The first small thing you moved forward today"',
        f"  cd {root} && wins new       # open today's entry in your editor",
        f"  cd {root} && wins serve     # your progress page at http://127.0.0.1:8000",
    ]
    assert run_cli(root, "check").exit_code == 0


def test_init_next_steps_run_as_printed(tmp_path: Path, run_cli: RunCli) -> None:
    """From a default vault the steps need no cd; pasted, the first one adds a win."""
    root = tmp_path / "my wins"
    result = run_cli(None, "init", str(root), "--default", *TODAY)
    assert result.exit_code == 0, result.output
    steps = result.stdout.split("Next:\n", 1)[1].splitlines()
    assert steps[0] == '  wins add "The first small thing you moved forward today"'
    code = "import sys; from wins_md.cli.main import main; sys.argv[0] = 'wins'; main()"
    added = subprocess.run(
        [sys.executable, "-c", code, *shlex.split(steps[0])[1:], *TODAY],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert added.returncode == 0, added.stderr
    assert "The first small thing" in (root / ENTRY).read_text("utf-8")


def test_init_twice_changes_nothing(tmp_path: Path, run_cli: RunCli) -> None:
    assert run_cli(tmp_path, "init", *TODAY).exit_code == 0  # DIR defaults to --vault
    (tmp_path / ENTRY).write_bytes(b"edited\r\n")
    before = snapshot(tmp_path)
    result = run_cli(tmp_path, "init", "--with-templates", *TODAY)
    assert result.exit_code == 0
    assert snapshot(tmp_path) == {
        **before,
        **{
            f"templates/{name}": (Path(__file__).parent.parent / "templates" / name).read_bytes()
            for name in ("day.md", "goal.md", "week.md")
        },
    }
    assert f"kept    {tmp_path}/wins.toml (already there, not touched)" in result.stdout
    assert f"kept    {tmp_path}/{ENTRY} (already there, not touched)" in result.stdout


def test_init_without_dir_uses_the_current_folder(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli(None, "init", *TODAY).exit_code == 0
    assert (tmp_path / "wins.toml").is_file() and (tmp_path / ENTRY).is_file()


def test_init_on_a_file_fails(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "file").write_text("x")
    result = run_cli(None, "init", str(tmp_path / "file"))
    assert result.exit_code == 2  # Click refuses a file for a folder argument
    assert (tmp_path / "file").read_text() == "x"


# --- new ------------------------------------------------------------------------------------


def on_a_terminal(*args: str, env: dict[str, str]) -> tuple[int, str]:
    """Run ``wins`` in a real process whose stdin and stdout are a terminal (a pty)."""
    import pty

    main_fd, child_fd = pty.openpty()
    code = "import sys; from wins_md.cli.main import main; sys.argv[0] = 'wins'; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=child_fd,
        stdout=child_fd,
        stderr=child_fd,
        env={**os.environ, "NO_COLOR": "1", **env},
        cwd=Path(__file__).parent.parent,
    )
    os.close(child_fd)
    output = b""
    while True:
        try:
            chunk = os.read(main_fd, 4096)
        except OSError:  # the terminal is gone: the process has ended
            break
        if not chunk:
            break
        output += chunk
    os.close(main_fd)
    return process.wait(timeout=60), output.decode().replace("\r\n", "\n")


def test_new_creates_prints_and_opens_the_entry(make_vault: MakeVault, editor: str) -> None:
    root = make_vault({"wins.toml": ""})
    code, output = on_a_terminal(
        "--vault", str(root), "new", *TODAY, env={"EDITOR": editor, "VISUAL": ""}
    )
    assert code == 0, output
    assert output == f"{root / ENTRY}\n"
    text = (root / ENTRY).read_text("utf-8")
    assert text.startswith("---\ndate: 2026-11-22\n") and text.endswith("EDITED\n")


def test_new_opens_an_existing_entry_without_rewriting_it(
    make_vault: MakeVault, editor: str
) -> None:
    root = make_vault({"wins.toml": "", ENTRY: b"\xef\xbb\xbfmine\r\n"})
    code, output = on_a_terminal("--vault", str(root), "new", "2026-11-22", env={"VISUAL": editor})
    assert code == 0
    assert output == f"{root / ENTRY}\n(the entry exists; opened as it is)\n"
    assert (root / ENTRY).read_bytes() == b"\xef\xbb\xbfmine\r\nEDITED\n"


@pytest.mark.parametrize(
    ("args", "files"),
    [
        (("new", *TODAY), {"wins.toml": ""}),
        (("review", "2026-W47", *TODAY), {"wins.toml": ""}),
        (("goal", "new", "Learn Spanish", *TODAY), {"wins.toml": ""}),
        (("goal", "new", "land-role"), {"wins.toml": "", "goals/land-role.md": "mine\n"}),
        (("review", "2026-W47"), {"wins.toml": "", "reviews/2026-W47.md": "mine\n"}),
    ],
)
def test_with_no_terminal_no_editor_is_started(
    make_vault: MakeVault, run_cli: RunCli, editor: str, args: tuple[str, ...], files: dict
) -> None:
    root = make_vault(files)
    result = run_cli(root, *args, env={"EDITOR": editor, "VISUAL": editor})
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path.is_file() and "EDITED" not in path.read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "existing", "what"),
    [
        (("goal", "new", "land-role"), "goals/land-role.md", "goal"),
        (("review", "2026-W47"), "reviews/2026-W47.md", "review"),
    ],
)
def test_an_existing_goal_or_review_is_opened_as_it_is(
    make_vault: MakeVault, editor: str, args: tuple[str, ...], existing: str, what: str
) -> None:
    root = make_vault({"wins.toml": "", existing: "mine\n"})
    code, output = on_a_terminal("--vault", str(root), *args, env={"VISUAL": editor})
    assert code == 0, output
    assert output == f"{root / existing}\n(the {what} exists; opened as it is)\n"
    assert (root / existing).read_text() == "mine\nEDITED\n"


@pytest.mark.parametrize(
    ("date", "file"),
    [
        ("yesterday", "2026-11-21"),
        ("-2", "2026-11-20"),
        ("2026-01-05", "2026-01-05"),
        ("3 days ago", "2026-11-19"),
        ("a week ago", "2026-11-15"),
        ("2 weeks ago", "2026-11-08"),
        ("monday", "2026-11-16"),
        ("Last Monday", "2026-11-16"),
        ("sunday", "2026-11-22"),
        ("last sun", "2026-11-15"),
    ],
)
def test_new_takes_a_date(make_vault: MakeVault, run_cli: RunCli, date: str, file: str) -> None:
    root = make_vault({"wins.toml": ""})
    result = run_cli(root, "new", date, "--no-edit", *TODAY)
    assert result.exit_code == 0
    assert result.stdout == f"{root}/journal/{file[:4]}/{file}.md\n"


def test_new_refuses_a_bad_date(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault({"wins.toml": ""})
    result = run_cli(root, "new", "someday", "--no-edit")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: DATE: 'someday' is not a date; {DATE_FORMS}\n")
    assert snapshot(root) == {"wins.toml": b""}


def test_new_with_a_broken_template_reports_its_line(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault({"wins.toml": "", "templates/day.md": "# {{ date }\n"})
    result = run_cli(root, "new", "--no-edit", *TODAY)
    assert result.exit_code == 1
    assert result.stderr == "Error: templates/day.md:1: template error: unexpected '}'\n"
    assert "Traceback" not in result.output


def test_new_honours_wins_today(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault({"wins.toml": ""})
    result = run_cli(root, "new", "--no-edit", env={"WINS_TODAY": "2026-02-03"})
    assert result.stdout == f"{root}/journal/2026/2026-02-03.md\n"


# --- add ------------------------------------------------------------------------------------


def test_add_appends_a_win_with_every_field(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault(
        {
            "wins.toml": "",
            "goals/speak-up.md": "",
            "goals/novel.md": "",
            ENTRY: "---\ndate: 2026-11-22\n---\n## Wins\n- Sent it ^email\n\nEnd",
        }
    )
    result = run_cli(
        root,
        "add",
        "Got",
        "a",
        "reply",
        "--goal",
        "speak-up",
        "--goal",
        "novel",
        "--tag",
        "career",
        "--stretch",
        "4",
        "--follows",
        "email",
        *TODAY,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{root / ENTRY}\n"
    assert (root / ENTRY).read_text("utf-8") == (
        "---\ndate: 2026-11-22\n---\n## Wins\n- Sent it ^email\n"
        "- [x] Got a reply #career [[speak-up]] [[novel]] stretch:: 4 [[2026-11-22#^email]]\n"
        "\nEnd"
    )
    win = wins_json(run_cli, root)[1]
    assert (win["title"], win["tags"], win["goals"], win["fields"], win["follows"]) == (
        "Got a reply",
        ["career"],
        ["speak-up", "novel"],
        {"stretch": 4},
        ["email"],
    )


def test_add_to_another_day_creates_its_entry(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault({"wins.toml": ""})
    result = run_cli(root, "add", "--date", "yesterday", "Back-dated", *TODAY)
    assert result.exit_code == 0
    assert [w["date"] for w in wins_json(run_cli, root)] == ["2026-11-21"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("",), 2, "Error: the win's text is empty; say what you moved forward\n"),
        (("x", "--stretch", "9"), 2, None),
        (
            ("x", "--tag", "a b"),
            2,
            "Error: --tag: 'a b' is not a tag; use letters, digits, '-', "
            "'_' and '/' (not only digits)\n",
        ),
        (
            ("x", "--follows", "nothing"),
            2,
            "Error: --follows: no win has the block id '^nothing'; "
            "end a win with ' ^nothing' to give it that id\n",
        ),
        (
            ("x", "--date", "someday"),
            2,
            f"Error: --date: 'someday' is not a date; {DATE_FORMS}\n",
        ),
        (
            ("x", "--today", "never"),
            2,
            f"Error: --today: 'never' is not a date; {DATE_FORMS}\n",
        ),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(
    make_vault: MakeVault, run_cli: RunCli, args: tuple[str, ...], code: int, message: str | None
) -> None:
    root = make_vault({"wins.toml": ""})
    result = run_cli(root, "add", *args)
    assert result.exit_code == code
    if message is not None:
        assert result.stderr == message
    else:
        stretch = "Error: Invalid value for '--stretch': 9 is not in the range 1<=x<=5."
        assert stretch in result.stderr
    assert snapshot(root) == {"wins.toml": b""}


def test_add_to_a_file_it_cannot_change_safely_fails(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault({"wins.toml": "", ENTRY: b"```\nopen fence\n"})
    result = run_cli(root, "add", "x", *TODAY)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {ENTRY}: cannot add the win without changing the rest "
        "of the file (does it end inside an open code block or HTML "
        "comment?); add it by hand\n"
    )
    assert (root / ENTRY).read_bytes() == b"```\nopen fence\n"


def test_add_through_a_real_process(make_vault: MakeVault) -> None:
    root = make_vault({"wins.toml": "", ENTRY: b"## Wins\r\n- a\r\n"})
    env = {k: v for k, v in os.environ.items() if not k.startswith("WINS_")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "wins_md",
            "--vault",
            str(root),
            "add",
            "--today",
            "2026-11-22",
            "multi\nline",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, f"{root / ENTRY}\n")
    assert done.stderr == "2nd win today · 1-day streak\n"  # plain: not a terminal
    assert (root / ENTRY).read_bytes() == b"## Wins\r\n- a\r\n- [x] multi line\r\n"


OUT_OF_VAULT = "symlink leads out of the vault; wins will not write through it"
BROKEN = "broken symlink (or a loop); wins will not write through it"


@pytest.mark.parametrize(
    ("command", "link", "target", "message"),
    [
        ("add", ENTRY, "../outside.md", f"{ENTRY}: {OUT_OF_VAULT}"),
        ("add", "journal", "../elsewhere", f"{ENTRY}: {OUT_OF_VAULT}"),
        ("new", "journal", "../elsewhere", f"{ENTRY}: {OUT_OF_VAULT}"),
        ("add", ENTRY, "../missing.md", f"{ENTRY}: {BROKEN}"),
        ("new", ENTRY, "../missing.md", f"{ENTRY}: {BROKEN}"),
    ],
    ids=["entry", "folder", "new-folder", "broken", "new-broken"],
)
def test_add_and_new_never_write_through_a_link_out_of_the_vault(
    make_vault: MakeVault,
    run_cli: RunCli,
    tmp_path: Path,
    link: str,
    target: str,
    message: str,
    command: str,
) -> None:
    """The reader does not follow these links; writing through them would put the win
    where no command reads it."""
    root = make_vault({"wins.toml": ""})
    (tmp_path / "outside.md").write_text("## Wins\n", "utf-8")
    (tmp_path / "elsewhere/2026").mkdir(parents=True)
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(target.replace("..", str(tmp_path)))
    before = snapshot(tmp_path)
    args = ("x",) if command == "add" else ("--no-edit",)
    result = run_cli(root, command, *args, *TODAY)
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("through", ["file", "link"])
def test_add_refuses_a_read_only_entry(
    make_vault: MakeVault, run_cli: RunCli, through: str
) -> None:
    root = make_vault({"wins.toml": "", "notes/today.md": "## Wins\n"})
    if through == "file":
        (root / ENTRY).parent.mkdir(parents=True)
        os.replace(root / "notes/today.md", root / ENTRY)
    else:  # a link inside the vault is written through: the note it leads to decides
        (root / ENTRY).parent.mkdir(parents=True)
        (root / ENTRY).symlink_to("../../notes/today.md")
    (root / ENTRY).chmod(0o444)
    result = run_cli(root, "add", "x", *TODAY)
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {ENTRY}: is read-only; wins add will not change it (make it writable first)\n",
    )
    assert (root / ENTRY).read_text("utf-8") == "## Wins\n"
    assert stat.S_IMODE((root / ENTRY).stat().st_mode) == 0o444


def test_add_to_a_missing_vault_creates_nothing(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli(tmp_path / "nope", "add", "x")
    assert result.exit_code == 2 and "'--vault'" in result.stderr
    assert not (tmp_path / "nope").exists()


# --- review ---------------------------------------------------------------------------------

REVIEW_VAULT = {
    "wins.toml": "",
    "goals/speak-up.md": "---\ntitle: Speak up\n---\n",
    "goals/stuck.md": "---\ntitle: Stuck goal\nstarted: 2026-01-01\n---\n",
    "journal/2026/2026-11-17.md": "## Wins\n- Said no [[speak-up]]\n- Tidied the inbox\n",
}


def test_review_writes_the_current_weeks_review(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault(REVIEW_VAULT)
    before = wins_json(run_cli, root)
    result = run_cli(root, "review", *TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{root}/reviews/2026-W47.md\n"
    text = (root / "reviews/2026-W47.md").read_text("utf-8")
    assert "### Speak up ([[speak-up]])\n- Said no ([[2026-11-17]])\n" in text
    assert "## Shiny objects?\n" in text and "- Tidied the inbox ([[2026-11-17]])\n" in text
    assert "- [[stuck]] Stuck goal: no win yet\n" in text
    assert wins_json(run_cli, root) == before
    assert run_cli(root, "check").exit_code == 0


@pytest.mark.parametrize(
    ("week", "file"), [("last", "2026-W46"), ("2026-W02", "2026-W02"), ("2026-11-10", "2026-W46")]
)
def test_review_takes_a_week(make_vault: MakeVault, run_cli: RunCli, week: str, file: str) -> None:
    root = make_vault(REVIEW_VAULT)
    result = run_cli(root, "review", week, *TODAY)
    assert (result.exit_code, result.stdout) == (0, f"{root}/reviews/{file}.md\n")


def test_review_never_overwrites(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault({**REVIEW_VAULT, "reviews/2026-W47.md": "my notes"})
    result = run_cli(root, "review", "2026-W47", "--no-edit")
    assert (result.exit_code, result.stdout) == (0, f"{root}/reviews/2026-W47.md\n")
    assert result.stderr == "(the review exists; opened as it is)\n"
    assert (root / "reviews/2026-W47.md").read_text() == "my notes"


def test_review_refuses_a_bad_week(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault(REVIEW_VAULT)
    result = run_cli(root, "review", "2026-W99")
    assert result.exit_code == 2
    assert result.stderr == "Error: PERIOD: '2026-W99': 2026 has no week 99\n"
    assert not (root / "reviews").exists()


def test_review_with_a_broken_vault_template(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault({**REVIEW_VAULT, "templates/week.md": "{% for x in wins %}\n"})
    result = run_cli(root, "review", *TODAY)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: templates/week.md:1: template error: Unexpected end of template."
    )
    assert not (root / "reviews").exists()


# --- goal new -------------------------------------------------------------------------------


def test_goal_new_creates_the_goal(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault({"wins.toml": ""})
    result = run_cli(root, "goal", "new", "land-role", "--title", "Land a role", *TODAY)
    assert (result.exit_code, result.stdout) == (0, f"{root}/goals/land-role.md\n")
    stats = json.loads(run_cli(root, "stats", "--json", *TODAY).stdout)
    assert [(g["slug"], g["title"], g["status"], g["total"]) for g in stats["goals"]] == [
        ("land-role", "Land a role", "active", 3)
    ]


@pytest.mark.parametrize(
    ("name", "slug", "title"),
    [
        ("Learn Spanish", "learn-spanish", "Learn Spanish"),
        ("Land_Role", "land-role", "Land_Role"),
        ("Écrire un roman", "ecrire-un-roman", "Écrire un roman"),
        ("run-5k", "run-5k", "Run 5k"),
    ],
)
def test_goal_new_takes_a_title_or_a_slug(
    make_vault: MakeVault, run_cli: RunCli, name: str, slug: str, title: str
) -> None:
    root = make_vault({"wins.toml": ""})
    result = run_cli(root, "goal", "new", name, "--no-edit", *TODAY)
    assert (result.exit_code, result.stdout) == (0, f"{root}/goals/{slug}.md\n")
    stats = json.loads(run_cli(root, "stats", "--json", *TODAY).stdout)
    assert [(g["slug"], g["title"]) for g in stats["goals"]] == [(slug, title)]


def test_goal_new_refuses_a_name_with_nothing_for_a_slug(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault({"wins.toml": ""})
    result = run_cli(root, "goal", "new", "日本語")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: '日本語' is not a goal slug; use lower-case letters, "
        "digits and dashes, like 'land-design-role'\n"
    )
    assert not (root / "goals").exists()


def test_goal_new_never_overwrites_a_goal(make_vault: MakeVault, run_cli: RunCli) -> None:
    root = make_vault({"wins.toml": "", "goals/land-role.md": "mine"})
    result = run_cli(root, "goal", "new", "Land Role")
    assert (result.exit_code, result.stdout) == (0, f"{root}/goals/land-role.md\n")
    assert result.stderr == "(the goal exists; opened as it is)\n"
    assert (root / "goals/land-role.md").read_text() == "mine"


def test_goal_list_shows_each_goal_with_its_progress(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(
        {
            "goals/run-5k.md": "---\ntitle: Run 5k\n---\n## Milestones\n- [x] 1k\n- [ ] 5k\n",
            "goals/learn-spanish.md": "---\ntitle: Learn Spanish\nstatus: paused\n---\n",
            "journal/2026-11-20.md": "- [x] Ran 2k [[run-5k]]\n- [x] Ran 3k [[run-5k]]\n",
        }
    )
    result = run_cli(root, "goal", "list", *TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "learn-spanish ░░░░░░░░░░   0%  Learn Spanish [paused] · 0 wins",
        "run-5k        █████░░░░░  50%  Run 5k (1/2 milestones) · 2 wins, last 2026-11-20",
    ]
    listed = json.loads(run_cli(root, "goal", "list", "--json", *TODAY).stdout)
    stats = json.loads(run_cli(root, "stats", "--json", *TODAY).stdout)
    assert listed == stats["goals"]


def test_goal_list_without_goals_says_how_to_make_one(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    result = run_cli(make_vault({"wins.toml": ""}), "goal", "list")
    assert result.stdout == 'No goals yet: make one with wins goal new "Learn Spanish".\n'


def test_a_vault_goal_template_overrides_the_shipped_one(
    make_vault: MakeVault, run_cli: RunCli
) -> None:
    root = make_vault(
        {
            "wins.toml": "",
            "templates/goal.md": "---\ntitle: {{ title|yaml_str }}\n---\n"
            "# {{ slug }} since {{ today }}\n",
        }
    )
    assert run_cli(root, "goal", "new", "x", "--title", "X: y", *TODAY).exit_code == 0
    assert (root / "goals/x.md").read_text() == '---\ntitle: "X: y"\n---\n# x since 2026-11-22\n'


@pytest.mark.parametrize(
    "command", [("init",), ("new",), ("add",), ("review",), ("goal",), ("goal", "new")]
)
def test_every_capture_command_has_help_with_an_example(
    run_cli: RunCli, command: tuple[str, ...]
) -> None:
    result = run_cli(None, *command, "--help")
    assert result.exit_code == 0 and "Example" in result.stdout
