"""Front matter that the fast path of :mod:`wins_md.parse.loaders` does not take, read
by PyYAML: a safe loader that keeps what was written, and each top-level key's line."""

from __future__ import annotations

import re
from typing import ClassVar

import yaml

from wins_md.model import YamlWord
from wins_md.parse.loaders import (
    PARAMS,
    UNREADABLE,
    UNTIL_FIXED,
    YES_NO_WORDS,
    KeyLines,
    Loaded,
    accept_loaded,
)

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_MERGE = "tag:yaml.org,2002:merge"

# YAML 1.1 turns plain text into values nobody meant: ``country: NO`` into false,
# ``time: 10:00`` into 600 (base 60), ``zip: 0170`` into 120 (octal). The loader keeps
# these as the text written; yes/no/on/off become a YamlWord, which the publishing flags
# still read as YAML 1.1 does (``private: no``). PyYAML's other implicit types stay.
_YAML_WORD = "tag:wins-md,2026:yes-no-word"
_YES_NO = re.compile(f"^(?:{'|'.join(YES_NO_WORDS)})$")
_RETYPED = {
    "tag:yaml.org,2002:bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    # PyYAML's own patterns, less the octal and base 60 forms
    "tag:yaml.org,2002:int": re.compile(
        r"^(?:[-+]?0b[0-1_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"
    ),
    "tag:yaml.org,2002:float": re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?"
        r"|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
}


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML that keeps what was written: the words and numbers above stay text, and
    a date that is not a real date stays a string (so it can be reported at its key
    instead of failing the whole front matter)."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, _RETYPED.get(tag, pattern)) for tag, pattern in resolvers]
        for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


def _yes_no_word(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    text = loader.construct_scalar(node)  # type: ignore[arg-type]
    return YamlWord(text) if _YES_NO.match(text) else text  # an explicit tag on other text


_Loader.add_implicit_resolver(_YAML_WORD, _YES_NO, list("yYnNoO"))
_Loader.add_constructor(_YAML_WORD, _yes_no_word)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


def load_full(source: str, first_line: int) -> Loaded:
    """``load_yaml`` without the fast path: PyYAML reads ``source``."""
    try:
        loaded, keys = _load_yaml_nodes(source, first_line)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        return Loaded(
            error=(
                line,
                f"front matter is not valid YAML: {error.problem or error}; {UNTIL_FIXED}",
            )
        )
    except yaml.YAMLError as error:
        return Loaded(error=(first_line, f"front matter is not valid YAML: {error}"))
    except (ValueError, RecursionError):
        return Loaded(error=(first_line, UNREADABLE))
    return accept_loaded(loaded, keys, first_line)


def _load_yaml_nodes(source: str, first_line: int) -> tuple[object, KeyLines]:
    """PyYAML's reading of ``source``, and its top-level keys taken from the node graph
    (where a repeated key is still visible)."""
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        keys = _yaml_keys(node, first_line)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and str(key.value).lower() == PARAMS:
                    keys += [
                        (f"{key.value}.{name}", line)
                        for name, line in _yaml_keys(value, first_line)
                    ]
        return loader.construct_document(node), keys
    finally:
        loader.dispose()


def _yaml_keys(root: yaml.Node, first_line: int) -> KeyLines:
    """The scalar keys of the top-level mapping and of the mappings it merges in
    (``<<: *anchor``), which set top-level keys too."""
    keys: KeyLines = []
    seen: set[int] = set()
    pending = [root]
    while pending:
        mapping = pending.pop(0)
        if not isinstance(mapping, yaml.MappingNode) or id(mapping) in seen:
            continue
        seen.add(id(mapping))
        for key, value in mapping.value:
            if key.tag == _YAML_MERGE:
                pending.extend(value.value if isinstance(value, yaml.SequenceNode) else [value])
            elif isinstance(key, yaml.ScalarNode):
                keys.append((key.value, first_line + key.start_mark.line))
    return keys
