"""``wins rest``: days off that neither break nor extend a streak."""

from __future__ import annotations

import click

from wins_md.cli.options import State, echo, parse_date, today_for, today_option


@click.command("rest", context_settings={"ignore_unknown_options": True})  # RANGE may be -3
@click.argument("range_", metavar="RANGE")
@click.option("--why", default="", metavar="TEXT", help="The reason (private unless --public).")
@click.option("--public", is_flag=True, help="Let the published pages show the reason.")
@today_option
@click.pass_obj
def rest_command(state: State, range_: str, why: str, public: bool, today: str | None) -> None:
    """Rest from one day to another: days that neither break nor extend a streak.

    RANGE is FIRST..LAST (both rest days) or a single day, each a date as
    elsewhere: 2026-12-20, today, tomorrow, +3, 'last friday'. The period is added
    to the end of wins.toml as a [[rest]] table, every other line left as it was.
    The site shows its days as rest days; the reason only with --public.

    \b
    Examples:
      wins rest 2026-12-20..2027-01-03 --why holiday
      wins rest today..+2 --why "flu"
      wins rest tomorrow --why "conference" --public
    """
    from wins_md.capture.rest import add_rest
    from wins_md.config import load_config

    root = state.vault_to_write
    day = today_for(load_config(root), today)
    first_text, dots, last_text = range_.partition("..")
    first = parse_date("RANGE", first_text.strip(), day)
    last = parse_date("RANGE", last_text.strip(), day) if dots else first
    assert first is not None and last is not None
    added = add_rest(root, first, last, why, public)
    days = last.toordinal() - first.toordinal() + 1
    reason = f"; {added.why}{'' if public else ' (private)'}" if added.why else ""
    span = f"{first}" if first == last else f"{first} to {last}"
    echo(f"{added.path}: rest on {span} ({days} day{'s' * (days != 1)}{reason})")
