"""wins.toml: defaults, bad values reported at their line, unknown keys warned about."""

from __future__ import annotations

from wins_md.config import Config, describe_keys, load_config


def test_defaults_without_a_file(tmp_path) -> None:
    config = load_config(tmp_path)
    assert config == Config()
    assert config.problems == ()
    assert (config.journal_dir, config.output_dir, config.stalled_days) == ("journal", "site", 14)


def test_values_are_read_and_typed(make_vault) -> None:
    vault = make_vault(
        {
            "wins.toml": (
                'title = "Road to the job"\njournal_dir = "Daily/"\nprivate_tags = ["#secret"]\n'
                'rest_days = ["Saturday", "sun"]\nweek_start = "sun"\ntimezone = "Europe/Paris"\n'
                'stalled_days = 7\nwin_headings = ["Wins", "Erfolge"]\n'
            )
        }
    )
    config = load_config(vault)
    assert config.problems == ()
    assert config.title == "Road to the job"
    assert config.journal_dir == "Daily"
    assert config.private_tags == ("secret",)
    assert config.rest_days == ("sat", "sun") and config.rest_weekdays == {5, 6}
    assert config.first_weekday == 6
    assert (config.timezone, config.stalled_days) == ("Europe/Paris", 7)
    assert config.win_headings == ("Wins", "Erfolge")


def test_bad_values_keep_the_default_and_name_the_line(make_vault) -> None:
    vault = make_vault(
        {
            "wins.toml": (
                'title = "ok"\nstalled_days = "two weeks"\nrest_days = ["caturday"]\n'
                'timezone = "Mars/Olympus"\noutput_dir = "../outside"\nstaled_days = 3\n'
                "max_file_mb = 0\n"
            )
        }
    )
    config = load_config(vault)
    assert [str(p) for p in config.problems] == [
        "wins.toml:2: key 'stalled_days': expected a whole number of 1 or more",
        "wins.toml:3: key 'rest_days': expected one of mon, tue, wed, thu, fri, sat, sun",
        "wins.toml:4: key 'timezone': unknown timezone 'Mars/Olympus'; use a name like "
        "'Europe/Paris'",
        "wins.toml:5: key 'output_dir': expected a folder inside the vault",
        "wins.toml:6: unknown key 'staled_days' is ignored (did you mean 'stalled_days'?)",
        "wins.toml:7: key 'max_file_mb': expected a number greater than 0",
    ]
    assert (config.stalled_days, config.output_dir, config.title) == (14, "site", "ok")


def test_broken_toml_is_reported_and_defaults_used(make_vault, run_cli) -> None:
    vault = make_vault(
        {
            "wins.toml": 'title = "x"\njournal_dir = \n',
            "journal/2026-11-22.md": "- [x] Still read\n",
        }
    )
    result = run_cli(vault, "check")
    assert result.exit_code == 1
    assert result.stdout.startswith("wins.toml:2: ")
    assert result.stdout.rstrip().endswith("; defaults are used")
    listed = run_cli(vault, "list")
    assert "Still read" in listed.stdout


def test_config_problems_come_first_in_check(make_vault, run_cli) -> None:
    vault = make_vault({"wins.toml": "colour = true\n", "a/2026-11-22.md": "- [x] goal:: nope\n"})
    lines = run_cli(vault, "check").stdout.splitlines()
    assert lines[0] == "wins.toml:1: unknown key 'colour' is ignored"
    assert lines[1].startswith("a/2026-11-22.md:1: unknown goal 'nope'")


def test_every_key_is_documented_in_the_readme() -> None:
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    for key, _default in describe_keys():
        assert f"`{key}`" in readme, f"config key {key} is not in the README"
