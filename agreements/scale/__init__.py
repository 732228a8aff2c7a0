"""Synthetic load data at regional scale (issue 7): many municipalities, frameworks, assignments and values.

Everything is made with bulk_create in batches and without history rows: this is load data for benchmarks
and query-count tests, not a record of anyone's work. It is otherwise valid: codes with their sort keys,
positions, constraints, reports whose status matches their values, periods closed except the current one.
The same seed (and end year) gives the same data.

The modules follow the tables: `partners`, `frameworks` (themes, effects, goals, effect indicators),
`agreements` (assignments and their indicators), `reports` (periods, reports, realisations); `run` makes
them in turn, sharing one `Generation`; `writing` inserts the rows.
"""

from agreements.scale.generation import default_end_year
from agreements.scale.run import AlreadyGenerated, generate_scale
from agreements.scale.sizes import SCALE_PASSWORD, SIZES, SLUG_PREFIX, Size

__all__ = [
    "SCALE_PASSWORD",
    "SIZES",
    "SLUG_PREFIX",
    "AlreadyGenerated",
    "Size",
    "default_end_year",
    "generate_scale",
]
