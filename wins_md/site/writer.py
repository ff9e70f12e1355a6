"""Writing the output folder safely: refuse dangerous folders, write atomically, and only
ever replace or remove files that wins-md wrote itself (listed in a manifest)."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from wins_md.errors import WinsError
from wins_md.files import open_regular, read_regular
from wins_md.store.atomic import (
    discard,
    is_temp_name,
    remove_stale_temps,
    replace_staged,
    stage_file,
    write_atomic,
)

MANIFEST = ".wins-manifest.json"


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a build did to the output folder."""

    folder: Path
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def check_output_folder(
    out: Path, vault: Path, configured: Path, sources: Iterable[tuple[str, Path]] = ()
) -> None:
    """Refuse an output folder where writing could destroy something that is not ours.
    ``sources`` are the vault's own folders by setting name (``journal_dir``...): the
    output may be neither one of them nor inside one, even while they are empty."""
    out_real, vault_real = out.resolve(), vault.resolve()
    for key, folder in sources:
        source = folder.resolve()
        if source != vault_real and (out_real == source or source in out_real.parents):
            raise WinsError(
                f"refusing to build into {out}: it is {key} ({folder.name}) or inside it, "
                "where your notes go; set output_dir in wins.toml to another folder"
            )
    if out_real == vault_real:
        raise WinsError(f"refusing to build into the vault itself ({out}); pick another folder")
    if out_real in vault_real.parents:
        raise WinsError(f"refusing to build into {out}: it contains the vault")
    home = Path.home().resolve()
    if out_real == Path(out_real.anchor) or out_real == home or out_real in home.parents:
        raise WinsError(
            f"refusing to build into {out}: the root or home folder, or one "
            "that contains the home folder"
        )
    # Judged by the path as given too: a link in the vault may point anywhere.
    in_vault = _is_inside(out, vault) or vault_real in out_real.parents
    if in_vault and (_has_link_between(vault, out) or _has_link_between(vault_real, out)):
        raise WinsError(
            f"refusing to build into {out}: it is reached through a symlink; "
            "wins-md never follows a link out of the vault"
        )
    if in_vault and out_real != configured.resolve():
        raise WinsError(
            f"refusing to build into {out}: inside the vault, only the configured "
            "output folder (output_dir in wins.toml) may be used"
        )
    if out.exists() and not out.is_dir():
        raise WinsError(f"refusing to build into {out}: it is a file, not a folder")
    foreign = _foreign_files(out)
    if foreign:
        listed = ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else "")
        raise WinsError(
            f"refusing to build into {out}: it holds files wins-md did not write "
            f"({listed}); move them away or choose an empty folder"
        )


def _is_inside(path: Path, folder: Path) -> bool:
    """True when ``path``, as written (links not followed), lies below ``folder``."""
    return Path(os.path.abspath(folder)) in Path(os.path.abspath(path)).parents


def _has_link_between(vault: Path, out: Path) -> bool:
    """True when ``out`` or a folder between the vault and ``out`` is a symlink."""
    vault = Path(os.path.abspath(vault))
    path = Path(os.path.abspath(out))
    if vault not in path.parents:
        return False
    while path != vault:
        if path.is_symlink():
            return True
        path = path.parent
    return False


def read_manifest(out: Path) -> dict[str, str]:
    """``{path: sha256}`` of the files the last build wrote (empty when none)."""
    try:
        data = json.loads(read_regular(out / MANIFEST))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError) as error:
        raise WinsError(
            f"the manifest {out / MANIFEST} cannot be read ({error}); remove the "
            "output folder to rebuild it from scratch"
        ) from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise WinsError(
            f"the manifest {out / MANIFEST} is not one wins-md wrote; remove the "
            "output folder to rebuild it from scratch"
        )
    for path in files:
        if not _is_plain_relative(str(path)):
            raise WinsError(
                f"the manifest {out / MANIFEST} lists {str(path)!r}, which is not a "
                "file inside the output folder, so wins-md did not write it; "
                "remove the manifest or the output folder to build afresh"
            )
    return {str(path): str(digest) for path, digest in files.items()}


def _is_plain_relative(rel: str) -> bool:
    """True for a path such as ``goals/x.html``: relative, with no ``..``, ``.`` or empty
    part, so it can only name a file inside the output folder."""
    parts = rel.split("/")
    return rel != MANIFEST and "\\" not in rel and not any(p in ("", ".", "..") for p in parts)


def _foreign_files(out: Path) -> list[str]:
    """Files and links in ``out`` that the manifest does not list."""
    if not out.is_dir():
        return []
    known = set(read_manifest(out)) | {MANIFEST}
    foreign = []
    for folder, dirs, names in os.walk(out):
        base = Path(folder).relative_to(out)
        for name in sorted(names) + sorted(d for d in dirs if (Path(folder) / d).is_symlink()):
            rel = (base / name).as_posix()
            if is_temp_name(name) and name not in dirs:
                continue  # a temp file a killed build left: removed by the next write
            if rel not in known or (Path(folder) / name).is_symlink():
                foreign.append(rel)
    return sorted(foreign)


def write_site(out: Path, files: Mapping[str, Callable[[], Iterator[bytes]]]) -> WriteReport:
    """Write ``files`` (each path's content, made in chunks when called) into ``out``
    (already checked); rewrite only what changed and remove what the previous build
    wrote and this one does not. A file whose bytes are unchanged is not touched, nor
    is its folder.

    Every file is made before any is replaced, so a file that fails to render (a
    template error) leaves the whole site as it was. Changed files wait in memory, or
    in a temp file beside their target when large, so a big site is never held whole.
    """
    out.mkdir(parents=True, exist_ok=True)
    old = read_manifest(out)
    # Listed before writing, so an interrupted build never leaves unknown files behind.
    if not old.keys() >= files.keys():
        _write_manifest(out, {**old, **{path: old.get(path, "") for path in files}})
    targets = {path: _safe_target(out, path) for path in sorted(files)}
    for folder in {target.parent for target in targets.values()}:
        if folder.is_dir():
            remove_stale_temps(folder)  # what a killed build left
    new: dict[str, str] = {}
    changed: dict[str, bytes | Path] = {}
    unchanged = []
    try:
        for path, target in targets.items():
            content, new[path] = _made(target, files[path]())
            if old.get(path) == new[path] and _digest(target) == new[path]:
                if isinstance(content, Path):
                    discard(content)
                unchanged.append(path)
            else:
                changed[path] = content
    except BaseException:
        for content in changed.values():
            if isinstance(content, Path):
                discard(content)
        raise
    for path, content in changed.items():
        target = targets[path]
        if not isinstance(content, Path):
            # Not write_atomic: it clears the folder's temp files, other files' among them.
            target.parent.mkdir(parents=True, exist_ok=True)
            content, _ = stage_file(target, (content,), durable=False)
        replace_staged(content, target)
    written = list(changed)
    removed = []
    for path in sorted(set(old) - set(new)):
        target = _safe_target(out, path)
        if target.is_file() and not target.is_symlink():
            target.unlink()
            removed.append(path)
        _remove_empty_parents(target.parent, out)
    if new != old:  # an unchanged site leaves even its manifest untouched
        _write_manifest(out, new)
    return WriteReport(out, tuple(written), tuple(unchanged), tuple(removed))


SPOOL_BYTES = 1 << 20
"""Files up to this size are made in memory; larger ones are streamed to a temp file."""


def _made(target: Path, chunks: Iterator[bytes]) -> tuple[bytes | Path, str]:
    """A file's bytes, or a temp file beside ``target`` holding them when they are many
    (never the whole of a large file in memory), and their SHA-256."""
    held: list[bytes] = []
    size = 0
    for chunk in chunks:
        held.append(chunk)
        size += len(chunk)
        if size > SPOOL_BYTES:
            target.parent.mkdir(parents=True, exist_ok=True)
            return stage_file(target, itertools.chain(held, chunks), durable=False)
    data = b"".join(held)
    return data, hashlib.sha256(data).hexdigest()


def _safe_target(out: Path, rel: str) -> Path:
    target = out / rel
    if ".." in Path(rel).parts or Path(rel).is_absolute():
        raise WinsError(f"refusing to write {rel!r} outside the output folder")
    for parent in target.relative_to(out).parents:
        if (out / parent).is_symlink():
            raise WinsError(f"refusing to write through the symlink {out / parent}")
    return target


def _digest(path: Path) -> str | None:
    try:
        with open_regular(path) as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _remove_empty_parents(folder: Path, out: Path) -> None:
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _write_manifest(out: Path, files: dict[str, str]) -> None:
    document = {"generator": "wins-md", "files": dict(sorted(files.items()))}
    write_atomic(out / MANIFEST, (json.dumps(document, indent=1) + "\n").encode("utf-8"))
