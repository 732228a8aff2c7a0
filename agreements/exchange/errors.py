from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def format_path(parts: Iterable[str | int]) -> str:
    """["beleidskader", "effecten", 3, "uren"] -> "beleidskader.effecten[3].uren"."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(document)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an exchange file: where (a path into the document) and what."""

    path: tuple[str | int, ...]
    message: str

    def __str__(self) -> str:
        return f"{format_path(self.path)}: {self.message}"


class ExchangeError(Exception):
    """An exchange file that cannot be imported; nothing has been written."""

    def __init__(self, source: str, problems: Sequence[Problem]):
        self.source = source
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(f"{self.source}: {problem}" for problem in self.problems)
