"""YAML reading and writing with exact decimals, dates kept as text and a canonical layout."""

import re
from decimal import Decimal
from typing import Any

import yaml

from agreements.exchange.errors import ExchangeError, Problem


def _without_timestamps(resolvers: dict) -> dict:
    return {
        first: [(tag, regexp) for tag, regexp in items if tag != "tag:yaml.org,2002:timestamp"]
        for first, items in resolvers.items()
    }


class ExchangeLoader(yaml.SafeLoader):
    """Floats become Decimal (money must never pass through binary floating point); dates stay text."""


ExchangeLoader.yaml_implicit_resolvers = _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    return Decimal(text)


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
    seen = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"de sleutel '{key}' staat dubbel", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


ExchangeLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
ExchangeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class ExchangeDumper(yaml.SafeDumper):
    """Block style, keys in the order given, multi-line text as literal blocks."""


ExchangeDumper.yaml_implicit_resolvers = _without_timestamps(yaml.SafeDumper.yaml_implicit_resolvers)


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value.normalize(), "f"))


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


ExchangeDumper.add_representer(Decimal, _represent_decimal)
ExchangeDumper.add_representer(str, _represent_str)

_LINE = re.compile(r"line (\d+), column (\d+)")


def load(text: str, source: str) -> Any:
    """Parse an exchange file; a syntax error says where in Dutch."""
    try:
        return yaml.load(text, Loader=ExchangeLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark else "onbekende plaats"
        problem = error.problem or "onleesbare YAML"
        raise ExchangeError(source, [Problem((), f"geen geldige YAML ({where}): {problem}")]) from error
    except (yaml.YAMLError, ArithmeticError, ValueError) as error:
        raise ExchangeError(source, [Problem((), f"geen geldige YAML: {error}")]) from error


def dump(document: Any) -> str:
    return yaml.dump(
        document,
        Dumper=ExchangeDumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
        indent=2,
        default_flow_style=False,
    )
