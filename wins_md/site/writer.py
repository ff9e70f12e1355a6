"""Writing the output folder safely: refuse dangerous folders, write atomically, and only
ever replace or remove files that wins-md wrote itself (listed in a manifest)."""

from __future__ import annotations

import contextlib
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


def _read_inputs(out: Path) -> dict[str, str]:
    """``{path: digest of its inputs}`` the last build recorded (empty when none)."""
    try:
        data = json.loads(read_regular(out / MANIFEST))
    except (OSError, ValueError, RecursionError):
        return {}
    inputs = data.get("inputs") if isinstance(data, dict) else None
    if not isinstance(inputs, dict):
        return {}
    return {str(path): str(digest) for path, digest in inputs.items()}


def read_built(out: Path, rel: str) -> bytes | None:
    """The bytes of the file ``rel`` that the last build wrote into ``out``; None when the
    manifest does not list it or it cannot be read as a regular file."""
    if rel not in read_manifest(out):
        return None
    try:
        return read_regular(out / rel)
    except OSError:
        return None


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


def write_site(
    out: Path,
    files: Mapping[str, Callable[[], Iterator[bytes]]],
    *,
    shown: str | None = None,
    inputs: Mapping[str, str] | None = None,
    keep: bool = True,
) -> WriteReport:
    """Write ``files`` (each path's content, made in chunks when called) into ``out``
    (already checked); rewrite only what changed and remove what the previous build
    wrote and this one does not. A file whose bytes are unchanged is not touched, nor
    is its folder.

    Every changed file is made and staged in a temp file beside its target before any
    is replaced, so a file that fails to render (a template error) or to be written (a
    full disk) leaves the whole site as it was; the latter raises ``WinsError`` naming
    the file as ``shown/path`` (``shown`` is the output folder as the user knows it,
    ``out`` by default). Unchanged files wait in memory, or in a temp file when large,
    only until compared, so a big site is never held whole.

    ``inputs`` gives, for some files, a digest of what they are made from, recorded in
    the manifest. With ``keep``, such a file whose digest is the one the last build
    recorded, and whose bytes on disk are still those that build wrote, is left as it
    is without being made.
    """
    try:
        return _write_site(out, files, inputs or {}, keep)
    except _CannotWrite as failure:
        rel = failure.path.relative_to(out)
        where = str(out) if shown is None else shown
        name = where if rel == Path() else os.path.join(where, rel.as_posix())
        reason = failure.error.strerror or str(failure.error)
        raise WinsError(f"{name}: cannot be {failure.action}: {reason}") from None


class _CannotWrite(Exception):
    """Writing (or removing: ``action``) ``path``, in the output, failed with ``error``."""

    def __init__(self, path: Path, action: str, error: OSError) -> None:
        super().__init__(path, action, error)
        self.path, self.action, self.error = path, action, error


@contextlib.contextmanager
def _writing(path: Path, action: str = "written") -> Iterator[None]:
    """Tell which output file an ``OSError`` (a full disk, a read-only folder) is about.
    Rendering runs inside too, and raises ``WinsError``, never ``OSError``."""
    try:
        yield
    except OSError as error:
        raise _CannotWrite(path, action, error) from None


def _write_site(
    out: Path,
    files: Mapping[str, Callable[[], Iterator[bytes]]],
    inputs: Mapping[str, str],
    keep: bool,
) -> WriteReport:
    created = not out.is_dir()
    with _writing(out):
        out.mkdir(parents=True, exist_ok=True)
    old = read_manifest(out)
    old_inputs = _read_inputs(out) if inputs else {}
    new_inputs = {path: inputs[path] for path in sorted(files) if path in inputs}
    targets = _targets(out, files)
    new: dict[str, str] = {}
    staged: dict[str, Path] = {}
    unchanged = []
    try:
        for path, target in targets.items():
            with _writing(target):
                target.parent.mkdir(parents=True, exist_ok=True)
                if keep and _kept(
                    target, old.get(path), old_inputs.get(path), new_inputs.get(path)
                ):
                    new[path] = old[path]
                    unchanged.append(path)
                    continue
                content, new[path] = _made(target, files[path]())
                if old.get(path) == new[path] and _digest(target) == new[path]:
                    if isinstance(content, Path):
                        discard(content)
                    unchanged.append(path)
                    continue
                if not isinstance(content, Path):
                    content, _ = stage_file(target, (content,), durable=False)
                staged[path] = content
        # Listed before any is replaced, so an interrupted build never leaves unknown files.
        if not old.keys() >= files.keys():
            listed = {**old, **{path: old.get(path, "") for path in files}}
            _write_manifest(out, listed, old_inputs)
        changed = new != old or new_inputs != old_inputs
        manifest = _staged_manifest(out, new, new_inputs) if changed else None
    except BaseException:
        _abandon(out, staged.values(), targets.values(), created)
        raise
    for path, temp in staged.items():
        with _writing(targets[path]):
            replace_staged(temp, targets[path])
    removed = []
    for path in sorted(set(old) - set(new)):
        target = _safe_target(out, path)
        if target.is_file() and not target.is_symlink():
            with _writing(target, "removed"):
                target.unlink()
            removed.append(path)
        _remove_empty_parents(target.parent, out)
    if manifest is not None:  # an unchanged site leaves even its manifest untouched
        with _writing(out / MANIFEST):
            replace_staged(manifest, out / MANIFEST, durable=True)
    return WriteReport(out, tuple(staged), tuple(unchanged), tuple(removed))


def _targets(out: Path, files: Iterable[str]) -> dict[str, Path]:
    """Where each file goes, once the temp files a killed build left there are gone."""
    targets = {path: _safe_target(out, path) for path in sorted(files)}
    for folder in {target.parent for target in targets.values()}:
        if folder.is_dir():
            remove_stale_temps(folder)
    return targets


def _kept(target: Path, written: str | None, was: str | None, now: str | None) -> bool:
    """True when a file made from the same inputs as the last build's (``now`` equal to
    ``was``) still holds what that build wrote (its SHA-256, ``written``)."""
    return now is not None and now == was and written is not None and _digest(target) == written


def _abandon(out: Path, staged: Iterable[Path], targets: Iterable[Path], created: bool) -> None:
    """Undo a build that failed before replacing anything: remove its temp files and
    the folders it made for new files (and ``out`` when it made it)."""
    for temp in staged:
        discard(temp)
    for folder in sorted({target.parent for target in targets}, reverse=True):
        _remove_empty_parents(folder, out)
    if created:
        with contextlib.suppress(OSError):
            out.rmdir()


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


def _manifest_bytes(files: dict[str, str], inputs: dict[str, str]) -> bytes:
    document: dict[str, object] = {"generator": "wins-md", "files": dict(sorted(files.items()))}
    if inputs:
        document["inputs"] = dict(sorted(inputs.items()))
    return (json.dumps(document, indent=1) + "\n").encode("utf-8")


def _write_manifest(out: Path, files: dict[str, str], inputs: dict[str, str]) -> None:
    with _writing(out / MANIFEST):
        write_atomic(out / MANIFEST, _manifest_bytes(files, inputs))


def _staged_manifest(out: Path, files: dict[str, str], inputs: dict[str, str]) -> Path:
    """The manifest listing ``files``, in a temp file until the site is replaced."""
    with _writing(out / MANIFEST):
        return stage_file(out / MANIFEST, (_manifest_bytes(files, inputs),))[0]
