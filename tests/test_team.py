"""``wins team build``: the team page and ``team.json``, made only from what each member
published (their ``wins.json``, built here with ``wins build`` from real vaults)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from pathlib import Path

import jsonschema
import pytest
from conftest import RunCli, write_files
from site_support import read_html, unsafe_markup

TODAY = "2026-11-22"  # a Sunday; yesterday is Saturday 2026-11-21


def publish(
    run_cli: RunCli, root: Path, name: str, files: Mapping[str, str], today: str = TODAY
) -> Path:
    """Write a member's vault under ``root/vaults/NAME`` and ``wins build`` it into
    ``root/published/NAME``, the folder their published site would be."""
    vault = write_files(root / "vaults" / name, {"wins.toml": f'title = "{name}"\n', **files})
    out = root / "published" / name
    result = run_cli(vault, "build", "--out", str(out), "--today", today, "--no-cache")
    assert result.exit_code == 0, result.output
    return out


def team_build(
    run_cli: RunCli, root: Path, toml: str, *args: str, today: str = TODAY
) -> tuple[int, str, str]:
    """Write ``root/team.toml`` and run ``wins team build team.toml`` from ``root``;
    returns the exit code, stdout and stderr."""
    (root / "team.toml").write_text(toml, "utf-8")
    result = run_cli(None, "team", "build", "team.toml", "--today", today, *args)
    return result.exit_code, result.stdout, result.stderr


def team_json(root: Path, out: str = "site") -> dict[str, object]:
    data: dict[str, object] = json.loads((root / out / "team.json").read_text("utf-8"))
    return data


def page_text(root: Path, out: str = "site") -> str:
    """The team page's text as a reader sees it, whitespace run together."""
    return " ".join(read_html((root / out / "index.html").read_text("utf-8")).text.split())


def standup(data: Mapping[str, object], day: int) -> dict[str, tuple[bool, list[str]]]:
    """``{member: (shared, [titles])}`` of the stand-up of day 0 (today) or 1 (yesterday)."""
    days = data["standup"]
    assert isinstance(days, list)
    return {
        line["name"]: (line["shared"], [win["title"] for win in line["wins"]])
        for line in days[day]["members"]
    }


ANA = {
    "goals/launch.md": "---\ntitle: Launch the app\nmetric: signups\ntarget: 100\n---\n",
    "journal/2026-11-21.md": "- [x] Fixed the login bug\n- [x] Wrote release notes\n",
    "journal/2026-11-22.md": (
        "- [x] Demoed the app to the team #standup [[launch]] signups:: 30\n- [x] Tidied the desk\n"
    ),
}
BEN = {
    "goals/launch.md": "---\ntitle: Launch\nmetric: signups\ntarget: 100\n---\n",
    "goals/secret-plan.md": "---\ntitle: Leave for Globex\nprivate: true\n---\n",
    "journal/2026-11-20.md": "- [x] Interviewed at Globex [[secret-plan]] #standup\n",
    "journal/2026-11-22.md": (
        "- [x] Called 20 customers share:: team [[launch]] signups:: 20\n"
        "- [x] Negotiated the Globex offer [[secret-plan]] #standup\n"
        "- [x] Salary research #private #standup\n"
        "- [x] Answered email\n"
    ),
    "journal/2026-11-21.md": "---\nprivate: true\n---\n- [x] Therapy appointment #standup\n",
}
THREE = """title = "Launch crew"

[[member]]
name = "Ana"
path = "published/Ana"
url = "https://ana.example.org/wins/"

[[member]]
name = "Ben"
path = "published/Ben/wins.json"

[[member]]
name = "Cleo"
path = "published/Cleo"
"""


@pytest.fixture
def three(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Ana and Ben published with ``wins build``; Cleo's site was never built."""
    monkeypatch.chdir(tmp_path)
    publish(run_cli, tmp_path, "Ana", ANA)
    publish(run_cli, tmp_path, "Ben", BEN)
    return tmp_path


def test_a_broken_member_is_reported_and_the_rest_is_built(three: Path, run_cli: RunCli) -> None:
    code, out, err = team_build(run_cli, three, THREE, "--out", "site")
    assert code == 1
    assert err == (
        'team.toml:14: member "Cleo": published/Cleo: not found; '
        "'path' names their published site's folder or its wins.json\n"
    )
    assert out.startswith("Built site: 2 written, 0 unchanged, 0 removed.")
    data = team_json(three)
    assert [(m["name"], m["readable"]) for m in data["members"]] == [  # type: ignore[index, union-attr]
        ("Ana", True),
        ("Ben", True),
        ("Cleo", False),
    ]
    page = (three / "site" / "index.html").read_text("utf-8")
    assert "Demoed the app to the team" in page and "Called 20 customers" in page
    assert "Cleo" in page and "could not be read" in page


def test_the_shared_win_else_the_newest_is_the_stand_up(three: Path, run_cli: RunCli) -> None:
    team_build(run_cli, three, THREE)
    data = team_json(three)
    assert standup(data, 0) == {
        "Ana": (True, ["Demoed the app to the team"]),  # #standup, though not the newest
        "Ben": (True, ["Called 20 customers"]),  # share:: team
        "Cleo": (False, []),
    }
    assert standup(data, 1) == {
        "Ana": (False, ["Wrote release notes"]),  # nothing shared: the newest of the day
        "Ben": (False, []),  # his only win that day is in a private note
        "Cleo": (False, []),
    }
    text = page_text(three)
    today, yesterday = text.split("Yesterday", 1)
    assert "Ana: Demoed the app to the team" in today and "Ben: Called 20 customers" in today
    assert "Cleo: could not be read" in today and "Cleo: could not be read" in yesterday
    assert "Ana: Wrote release notes" in yesterday and "Ben: nothing" in yesterday


def test_a_private_goal_never_reaches_the_team_page(three: Path, run_cli: RunCli) -> None:
    published = (three / "published" / "Ben" / "wins.json").read_text("utf-8")
    assert "Globex" not in published and "secret-plan" not in published  # wins build saw to it
    team_build(run_cli, three, THREE)
    for name in ("index.html", "team.json"):
        built = (three / "site" / name).read_text("utf-8")
        for secret in ("Globex", "secret-plan", "Salary", "Therapy", "Leave for"):
            assert secret not in built, (name, secret)


def test_members_can_be_read_from_a_git_branch(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gh-pages branch that ``wins publish`` pushes, read with ``git show``."""
    monkeypatch.chdir(tmp_path)
    for key in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{key}_NAME", "Ana")
        monkeypatch.setenv(f"GIT_{key}_EMAIL", "ana@example.org")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")

    def git(cwd: Path, *args: str) -> None:
        subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True)

    remote = tmp_path / "ana-remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    vault = write_files(tmp_path / "ana", {"wins.toml": 'title = "Ana"\n', **ANA})
    (vault / ".gitignore").write_text("site/\n.wins/\n")
    git(vault, "init", "--quiet", "--initial-branch", "main")
    git(vault, "add", ".")
    git(vault, "commit", "--quiet", "-m", "vault")
    git(vault, "remote", "add", "origin", str(remote))
    result = run_cli(vault, "publish", "--today", TODAY)
    assert result.exit_code == 0, result.output
    toml = (
        '[[member]]\nname = "Ana"\ngit = "ana-remote.git"\n\n'
        '[[member]]\nname = "Ben"\ngit = "ana-remote.git"\nbranch = "pages"\n\n'
        '[[member]]\nname = "Cleo"\ngit = "nowhere"\n'
    )
    code, _, err = team_build(run_cli, tmp_path, toml)
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(
        'team.toml:7: member "Ben": ana-remote.git pages:wins.json: git cannot read it: '
    )
    assert lines[1] == 'team.toml:12: member "Cleo": nowhere: not a git repository'
    assert len(lines) == 2
    assert standup(team_json(tmp_path), 0)["Ana"] == (True, ["Demoed the app to the team"])


def days_file(days: list[str]) -> str:
    return "".join(f"- [x] Worked ✅ 2026-11-{day}\n" for day in days)


def test_the_team_streak_counts_the_days_everyone_shared(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # Everyone has a win on 10-14, 16 and 18-21; today (22) not yet.
    a = [*["10", "11", "12", "13", "14"], *["16", "17", "18", "19", "20", "21", "22"]]
    b = [*["10", "11", "12", "13", "14"], "15", "16", *["18", "19", "20", "21"]]
    publish(run_cli, tmp_path, "A", {"notes/log.md": "---\ndate: 2026-11-01\n---\n" + days_file(a)})
    publish(run_cli, tmp_path, "B", {"notes/log.md": "---\ndate: 2026-11-01\n---\n" + days_file(b)})
    members = '[[member]]\nname = "A"\npath = "published/A"\n'
    members += '[[member]]\nname = "B"\npath = "published/B"\n'
    code, _, err = team_build(run_cli, tmp_path, members)
    assert (code, err) == (0, "")
    assert team_json(tmp_path)["streak"] == {"current": 4, "longest": 5}
    # A rest day neither breaks nor extends it: 2026-11-10 and 17 are Tuesdays.
    code, _, err = team_build(run_cli, tmp_path, 'rest_days = ["tue"]\n' + members)
    assert (code, err) == (0, "")
    assert team_json(tmp_path)["streak"] == {"current": 5, "longest": 5}
    assert "5 days" in page_text(tmp_path)


def goal(title: str, metric: str | None = None, target: int = 0, steps: str = "") -> str:
    head = f"---\ntitle: {title}\n" + (f"metric: {metric}\ntarget: {target}\n" if metric else "")
    return head + "---\n## Milestones\n" + steps


def test_shared_goals_combine_their_progress(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    two_of_four = "- [x] a\n- [x] b\n- [ ] c\n- [ ] d\n"
    publish(
        run_cli,
        tmp_path,
        "A",
        {
            "goals/run-5k.md": goal("Run 5k", "km", 50),
            "goals/read.md": goal(
                "Read twelve books", steps="- [x] a\n- [ ] b\n- [ ] c\n- [ ] d\n"
            ),
            "goals/solo.md": goal("Only mine"),
            "journal/2026-11-20.md": "- [x] Ran [[run-5k]] km:: 10\n",
        },
    )
    publish(
        run_cli,
        tmp_path,
        "B",
        {
            "goals/run-5k.md": goal("Run a 5k", "km", 30),
            "goals/spanish.md": goal("Spanish", "words", 100),
            "journal/2026-11-21.md": (
                "- [x] Ran [[run-5k]] km:: 20\n- [x] Words [[spanish]] words:: 50\n"
            ),
        },
    )
    publish(
        run_cli,
        tmp_path,
        "C",
        {
            "goals/read.md": goal("Read 12 books", steps="- [x] a\n- [x] b\n- [x] c\n- [ ] d\n"),
            "goals/spanish.md": goal("Spanish", steps=two_of_four.replace("[x] b", "[ ] b")),
        },
    )
    toml = "".join(f'[[member]]\nname = "{n}"\npath = "published/{n}"\n' for n in "ABC")
    assert team_build(run_cli, tmp_path, toml)[:1] == (0,)
    shared = {goal["slug"]: goal for goal in team_json(tmp_path)["shared_goals"]}  # type: ignore[union-attr]
    assert sorted(shared) == ["read", "run-5k", "spanish"]  # "solo" is A's alone
    run = shared["run-5k"]
    assert (run["measure"], run["metric"], run["value"], run["target"]) == ("metric", "km", 30, 80)
    assert run["progress"] == 0.375  # 10 + 20 km of 50 + 30
    assert [(m["name"], m["progress"]) for m in run["members"]] == [("A", 0.2), ("B", 0.6667)]
    read = shared["read"]
    assert (read["measure"], read["done"], read["total"], read["progress"]) == (
        "milestones",
        4,
        8,
        0.5,
    )
    assert read["title"] == "Read twelve books"  # the first member's title
    spanish = shared["spanish"]  # words for one, milestones for the other: the mean
    assert (spanish["measure"], spanish["progress"]) == ("mean", 0.375)
    text = page_text(tmp_path)
    assert "Run 5k" in text and "38% done" in text and "30 of 80 km" in text


def test_each_members_week(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    log = days_file(["14", "15", "15", "18", "22", "22", "22"])
    publish(run_cli, tmp_path, "A", {"notes/log.md": "---\ndate: 2026-11-01\n---\n" + log})
    team_build(run_cli, tmp_path, '[[member]]\nname = "A"\npath = "published/A"\n')
    data = team_json(tmp_path)
    assert data["week"] == [f"2026-11-{day}" for day in range(16, 23)]
    assert data["members"][0]["week"] == [0, 0, 1, 0, 0, 0, 3]  # type: ignore[index]
    assert data["members"][0]["wins"] == 7  # type: ignore[index]
    # --today decides the week; wins after it wait for their day
    team_build(
        run_cli, tmp_path, '[[member]]\nname = "A"\npath = "published/A"\n', today="2026-11-18"
    )
    data = team_json(tmp_path)
    assert data["members"][0]["week"] == [0, 0, 1, 2, 0, 0, 1]  # type: ignore[index]
    assert data["members"][0]["wins"] == 4  # type: ignore[index]


def test_team_json_follows_its_schema(three: Path, run_cli: RunCli) -> None:
    from wins_md.resources import team_schema_path

    team_build(run_cli, three, THREE)
    schema = json.loads(team_schema_path().read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(team_json(three), schema)
    assert team_json(three)["version"] == 1


def test_the_shape_of_each_members_file_is_checked(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    good = publish(run_cli, tmp_path, "A", ANA)
    document = json.loads((good / "wins.json").read_text("utf-8"))
    bad = json.loads(json.dumps(document))
    del bad["wins"][0]["title"]
    bad["wins"][1]["date"] = "22/11/2026"
    bad["wins"][2]["tags"] = "standup"
    bad["wins"][3]["private"] = True
    bad["goals"][0]["progress"] = "30%"
    write_files(tmp_path, {"bad/wins.json": json.dumps(bad), "broken/wins.json": "{not json"})
    write_files(tmp_path, {"old/wins.json": json.dumps({**document, "version": 2})})
    toml = "".join(
        f'[[member]]\nname = "{name}"\npath = "{name}"\n' for name in ("bad", "broken", "old")
    )
    code, _, err = team_build(run_cli, tmp_path, toml)
    assert code == 1
    assert err.splitlines() == [
        "team.toml:3: member \"bad\": bad/wins.json: wins[0]: 'title' is missing; "
        "the win is left out",
        "team.toml:3: member \"bad\": bad/wins.json: wins[1]: 'date': expected a date like "
        "2026-11-22, got '22/11/2026'; the win is left out",
        "team.toml:3: member \"bad\": bad/wins.json: wins[2]: 'tags': expected a list of "
        "text, got 'standup'; the win is left out",
        'team.toml:3: member "bad": bad/wins.json: wins[3]: marked private; the win is left out',
        "team.toml:3: member \"bad\": bad/wins.json: goals[0]: 'progress': expected a number "
        "from 0 to 1, got '30%'; the goal is left out",
        'team.toml:6: member "broken": broken/wins.json: not valid JSON: Expecting property '
        "name enclosed in double quotes (line 1, column 2)",
        'team.toml:9: member "old": old/wins.json: version 2 is not one this wins-md reads '
        "(it reads version 1); update wins-md",
    ]
    lines = standup(team_json(tmp_path), 0)
    assert lines["bad"] == (False, [])  # its wins of today were the broken ones
    assert lines["broken"] == lines["old"] == (False, [])


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('title = "x"\n[[member]\n', "team.toml:2: "),
        ("[[member]]\npath = 'a'\n", "team.toml:1: member 1: 'name' is missing"),
        (
            '[[member]]\nname = "A"\npath = "a"\ngit = "b"\n',
            "team.toml:1: member \"A\": give either 'path' or 'git', not both",
        ),
        (
            '[[member]]\nname = "A"\ngit = "a"\nbranch = "--upload-pack=x"\n',
            "team.toml:4: member \"A\": 'branch': '--upload-pack=x' is not a branch name",
        ),
        (
            '[[member]]\nname = "A"\npath = "a"\nurl = "javascript:alert(1)"\n',
            "team.toml:4: member \"A\": 'url': expected a web address like "
            "'https://ana.example.org/wins/'",
        ),
        ('titel = "x"\n', "team.toml:1: unknown key 'titel' is ignored (did you mean 'title'?)"),
        ('title = "x"\n', "team.toml:1: no members: add a [[member]] table"),
        ('rest_days = ["someday"]\n', "team.toml:1: key 'rest_days': expected one of mon, tue"),
        (
            'title = "x"\ntimezone = "Mars/Olympus"\n',
            "team.toml:2: key 'timezone': unknown timezone 'Mars/Olympus'; use a name like "
            "'Europe/Paris'",
        ),
        ('day_start = "13:00"\n', "team.toml:1: key 'day_start': expected a time from"),
    ],
)
def test_mistakes_in_team_toml_point_at_their_line(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = team_build(run_cli, tmp_path, toml)
    assert code == 1
    assert message in err, err
    assert "Traceback" not in err


def test_the_team_s_today_is_on_its_own_clocks(three: Path, run_cli: RunCli) -> None:
    """A scheduled build runs in UTC on a CI machine: ``timezone`` and ``day_start`` in
    team.toml say when the team's day turns, as they do in wins.toml."""
    cases = [
        # 10:30 UTC is 00:30 the next day in Kiritimati (UTC+14)
        ('timezone = "Pacific/Kiritimati"\n', "2026-11-21T10:30:00Z", None, "2026-11-22"),
        ('timezone = "Pacific/Kiritimati"\n', "2026-11-22T10:30:00Z", "yesterday", "2026-11-22"),
        # 04:00 in Tokyo: before the team's day starts at 05:00, still the day before
        ('timezone = "Asia/Tokyo"\nday_start = "05:00"\n', "2026-11-22T19:00:00Z", None,
         "2026-11-22"),
    ]  # fmt: skip
    for settings, now, given, today in cases:
        (three / "team.toml").write_text(settings + THREE, "utf-8")
        args = ["team", "build", "team.toml", *(["--today", given] if given else [])]
        result = run_cli(None, *args, env={"WINS_NOW": now})
        assert "unknown key" not in result.stderr
        data = team_json(three)
        assert (data["today"], data["updated"]) == (today, today), settings


def test_the_output_folder_is_never_the_team_folder_or_a_members(
    three: Path, run_cli: RunCli
) -> None:
    (three / "team.toml").write_text(THREE, "utf-8")
    for out, why in (
        (".", "the folder of team.toml"),
        ("..", "the folder of team.toml"),
        ("published/Ana", 'the folder of member "Ana"'),
        ("published", 'the folder of member "Ana"'),
    ):
        before = sorted(p.as_posix() for p in three.rglob("*"))
        code, _, err = team_build(run_cli, three, THREE, "--out", out)
        assert code == 1 and why in err, err
        assert sorted(p.as_posix() for p in three.rglob("*")) == before


def test_what_members_write_is_text_on_the_page(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    publish(
        run_cli,
        tmp_path,
        "X",
        {
            "journal/2026-11-22.md": (
                "- [x] <script>alert(1)</script> [x](javascript:alert(1)) #standup\n"
                "- [x] [docs](https://example.org/a?b=1&c=2) #standup\n"
            ),
            "goals/g.md": "---\ntitle: '<img src=x onerror=alert(1)>'\n---\n",
        },
    )
    publish(run_cli, tmp_path, "Y", {"goals/g.md": "---\ntitle: Other\n---\n"})
    toml = '[[member]]\nname = "<b>X</b>"\npath = "published/X"\n'
    toml += '[[member]]\nname = "Y"\npath = "published/Y"\n'
    team_build(run_cli, tmp_path, toml)
    page = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "<script>" not in page and "<b>X" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;X&lt;/b&gt;" in page
    assert unsafe_markup(page) == []
    hrefs = [element.attrs.get("href") for element in read_html(page).elements]
    assert "https://example.org/a?b=1&c=2" in hrefs
    raw = (tmp_path / "site" / "team.json").read_text("utf-8")
    assert "<" not in raw and ">" not in raw  # escaped, as in wins.json


def test_the_example_team_is_what_wins_build_publishes(run_cli: RunCli, tmp_path: Path) -> None:
    """``examples/team/published/NAME/wins.json`` are the sites of the member vaults
    beside them, built with ``wins build``: building them again gives the same bytes."""
    team = Path(__file__).parent.parent / "examples" / "team"
    names = sorted(path.name for path in (team / "members").iterdir())
    assert len(names) == 3
    for name in names:
        out = tmp_path / name
        vault = team / "members" / name
        result = run_cli(vault, "build", "--out", str(out), "--today", TODAY, "--no-cache")
        assert result.exit_code == 0, result.output
        committed = (team / "published" / name / "wins.json").read_bytes()
        assert (out / "wins.json").read_bytes() == committed, name
    result = run_cli(
        None,
        "team",
        "build",
        str(team / "team.toml"),
        "--out",
        str(tmp_path / "site"),
        "--today",
        TODAY,
    )
    assert (result.exit_code, result.stderr) == (0, "")
    # Ben's private goal, his #private win and Cleo's private note stay out.
    for name in ("index.html", "team.json"):
        built = (tmp_path / "site" / name).read_text("utf-8")
        for secret in ("Globex", "new-job", "dentist", "sister"):
            assert secret not in built, (name, secret)
