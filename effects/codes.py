"""Natural ordering of codes such as "1.1", "1.10", "4.3" or "1.a"."""

import re

_PART = re.compile(r"(\d+)")


def natural_sort_key(code: str) -> str:
    """A string that sorts like people read codes: 1.2 before 1.10, 2 before 10.

    Every run of digits is zero-padded so that a plain ORDER BY on the stored key is natural.
    """
    return _PART.sub(lambda match: match.group(1).zfill(6), code.strip().lower())
