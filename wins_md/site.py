"""Writing the output folder safely: refuse dangerous folders, write atomically, and only
ever replace or remove files that wins-md wrote itself (listed in a manifest)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .atomic import write_atomic
from .errors import WinsError

MANIFEST = ".wins-manifest.json"


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a build did to the output folder."""

    folder: Path
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def check_output_folder(out: Path, vault: Path, configured: Path) -> None:
    """Refuse an output folder where writing could destroy something that is not ours."""
    out_real, vault_real = out.resolve(), vault.resolve()
    if out_real == vault_real:
        raise WinsError(f"refusing to build into the vault itself ({out}); pick another folder")
    if out_real in vault_real.parents:
        raise WinsError(f"refusing to build into {out}: it contains the vault")
    if out_real in (Path(out_real.anchor), Path.home().resolve()):
        raise WinsError(f"refusing to build into {out}: the root or home folder")
    inside = vault_real in out_real.parents
    if inside and out_real != configured.resolve():
        raise WinsError(f"refusing to build into {out}: inside the vault, only the configured "
                        "output folder (output_dir in wins.toml) may be used")
    if inside and (_has_link_between(vault_real, out) or out.is_symlink()):
        raise WinsError(f"refusing to build into {out}: it is reached through a symlink")
    if out.exists() and not out.is_dir():
        raise WinsError(f"refusing to build into {out}: it is a file, not a folder")
    foreign = _foreign_files(out)
    if foreign:
        listed = ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else "")
        raise WinsError(f"refusing to build into {out}: it holds files wins-md did not write "
                        f"({listed}); move them away or choose an empty folder")


def _has_link_between(vault: Path, out: Path) -> bool:
    """True when a folder between the vault and ``out`` is a symlink."""
    path = out.absolute()
    while path.resolve() != vault and path != path.parent:
        if path.is_symlink():
            return True
        path = path.parent
    return False


def read_manifest(out: Path) -> dict[str, str]:
    """``{path: sha256}`` of the files the last build wrote (empty when none)."""
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise WinsError(f"the manifest {out / MANIFEST} cannot be read ({error}); remove the "
                        "output folder to rebuild it from scratch") from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise WinsError(f"the manifest {out / MANIFEST} is not one wins-md wrote; remove the "
                        "output folder to rebuild it from scratch")
    return {str(path): str(digest) for path, digest in files.items()}


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
            if rel not in known or (Path(folder) / name).is_symlink():
                foreign.append(rel)
    return sorted(foreign)


def write_site(out: Path, files: dict[str, bytes]) -> WriteReport:
    """Write ``files`` into ``out`` (already checked); rewrite only what changed and remove
    what the previous build wrote and this one does not."""
    out.mkdir(parents=True, exist_ok=True)
    old = read_manifest(out)
    new = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
    # Listed before writing, so an interrupted build never leaves unknown files behind.
    _write_manifest(out, {**old, **new})
    written, unchanged = [], []
    for path in sorted(files):
        target = _safe_target(out, path)
        if old.get(path) == new[path] and _digest(target) == new[path]:
            unchanged.append(path)
            continue
        write_atomic(target, files[path])
        written.append(path)
    removed = []
    for path in sorted(set(old) - set(new)):
        target = _safe_target(out, path)
        if target.is_file() and not target.is_symlink():
            target.unlink()
            removed.append(path)
        _remove_empty_parents(target.parent, out)
    _write_manifest(out, new)
    return WriteReport(out, tuple(written), tuple(unchanged), tuple(removed))


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
        return hashlib.sha256(path.read_bytes()).hexdigest()
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
