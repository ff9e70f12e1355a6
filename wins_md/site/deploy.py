"""``wins publish``: the built site onto a branch of the vault's git repository, pushed
to a remote, as ``mkdocs gh-deploy`` does it, with ghp-import.

Only the files the last build wrote (those its manifest lists, each with the bytes it
wrote) are copied to a staging folder, and ghp-import commits that folder alone: no
vault file can reach the branch. The branch is replaced whole at each publish (its
history kept); the branch checked out in the vault is refused.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from wins_md.errors import WinsError
from wins_md.files import open_regular
from wins_md.site.writer import MANIFEST, read_manifest

NOJEKYLL = ".nojekyll"
"""Added to the branch, as ``mkdocs gh-deploy`` does, so GitHub Pages serves the files
as they are instead of running Jekyll over them."""


@dataclass(frozen=True, slots=True)
class Published:
    """What :func:`publish_folder` pushed."""

    files: tuple[str, ...]
    remote: str
    branch: str
    commit: str


def publish_folder(
    root: Path, folder: Path, *, remote: str, branch: str, message: str
) -> Published:
    """Commit the site the last build wrote into ``folder`` to ``branch`` of the git
    repository holding the vault ``root``, and push it to ``remote``.

    The caller has checked the folder (a folder holding files wins-md did not write is
    refused before anything is built). Raises ``WinsError`` when the vault is in no git
    repository, the remote is unknown, ``branch`` is the one checked out, a file
    changed since the build, or git refuses.
    """
    _git(root, "rev-parse", "--show-toplevel", fail="is not in a git repository; run `git init`")
    _git(
        root,
        "remote",
        "get-url",
        remote,
        fail=f"has no git remote '{remote}'; add it with `git remote add {remote} URL` "
        "or name another with --remote",
    )
    checked_out = git_output(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    if checked_out == branch:
        raise WinsError(
            f"refusing to publish to '{branch}': it is the branch checked out in the vault, "
            "whose files it would replace; name another with --branch"
        )
    files = sorted(set(read_manifest(folder)) - {MANIFEST})
    if not files:
        raise WinsError(f"{folder}: holds no site that wins-md built; run `wins build` first")
    # Someone else may have published since: build on the branch as the remote has it.
    git_output(root, "fetch", "--quiet", remote, branch)
    with tempfile.TemporaryDirectory(prefix="wins-publish-") as staging:
        _stage(folder, files, Path(staging))
        _ghp_import(root, Path(staging), remote=remote, branch=branch, message=message)
    commit = _git(root, "rev-parse", "--short", branch, fail=f"has no branch '{branch}'")
    return Published(tuple(files), remote, branch, commit)


def _stage(folder: Path, files: list[str], staging: Path) -> None:
    """Copy each file the manifest lists, checking it still holds what the build wrote."""
    digests = read_manifest(folder)
    for rel in files:
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open_regular(folder / rel) as source, open(target, "wb") as copy:
                shutil.copyfileobj(source, copy)
        except OSError as error:
            raise WinsError(f"{folder / rel}: cannot be read: {error.strerror}") from None
        with open(target, "rb") as copy:
            digest = hashlib.file_digest(copy, "sha256").hexdigest()
        if digest != digests[rel]:
            raise WinsError(
                f"{folder / rel}: changed since wins-md wrote it; run `wins build` again "
                "(only what the build wrote is published)"
            )


def _ghp_import(root: Path, staging: Path, *, remote: str, branch: str, message: str) -> None:
    """ghp-import's command line, from the Python running wins-md, in the vault: it
    commits ``staging`` to ``branch`` (with ``.nojekyll``) and pushes it to ``remote``."""
    command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--push"]
    command += ["--remote", remote, "--branch", branch, "--message", message, str(staging)]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if done.returncode != 0 or "Failed to process commit" in done.stdout:
        raise WinsError(f"publishing to '{branch}' on '{remote}' failed: {_why(done.stderr)}")


def _why(stderr: str) -> str:
    """What git or ghp-import said went wrong, without a Python traceback."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    said = [
        line.split(" error: ", 1)[-1]
        for line in lines
        if line.startswith(("error:", "fatal:", "!", "hint: Updates were rejected"))
        or " error: " in line
    ]
    return "; ".join(said or lines[-1:]) or "git gave no reason"


def git_output(root: Path, *args: str) -> str | None:
    """What ``git ARGS``, run in the vault, prints; None when it fails."""
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise WinsError("git is not installed; wins publish needs it") from None
    return done.stdout.strip() if done.returncode == 0 else None


def _git(root: Path, *args: str, fail: str) -> str:
    """:func:`git_output`; a failure raises ``WinsError`` saying that the vault ``fail``."""
    found = git_output(root, *args)
    if found is None:
        raise WinsError(f"{root}: {fail}")
    return found
