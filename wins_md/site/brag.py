"""A brag document written out: Markdown (``brag.md``), one self-contained HTML page
in the site's style (``brag.html``, printable from a browser) or JSON. Pure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from wins_md.brag import BragDocument
from wins_md.config import Config
from wins_md.site.environment import make_environment, render_template

BragFormat = Literal["md", "html", "json"]


def render_brag(root: Path, config: Config, document: BragDocument, fmt: BragFormat) -> str:
    """The document's text in ``fmt``; the vault's ``brag.md`` or ``brag.html`` template
    overrides the shipped one."""
    if fmt == "json":
        return json.dumps(document.to_json(), ensure_ascii=False, indent=2) + "\n"
    env = make_environment(root, config)
    return render_template(env, f"brag.{fmt}", {"brag": document}, root)
