"""Convert a dataset between YAML, the coding workbook and a codings table, by suffix."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from ..errors import UsageError
from ..model import Dataset

__all__ = ["OUTPUT_SUFFIXES", "convert", "write_dataset"]

OUTPUT_SUFFIXES: Final = (".yaml", ".yml", ".xlsx", ".csv", ".parquet")


def write_dataset(
    ds: Dataset, path: str | os.PathLike[str], *, protect: tuple[str | None, ...] = ()
) -> Path:
    """Write ``ds`` to ``path`` in the format its suffix names, atomically.

    ``.yaml``/``.yml``: the whole dataset as YAML; ``.xlsx``: the coding workbook;
    ``.csv``/``.parquet``: the codings only, one row per coding (the codebook — scale,
    propositions, titles — is not in a table: keep it in a YAML file that names the
    table under ``codings:``).
    """
    from ..atomic import atomic_write, check_output_path

    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise UsageError(
            f"cannot tell the output format of {name!r}: give it one of the suffixes "
            f"{', '.join(OUTPUT_SUFFIXES)}"
        )
    check_output_path(name, protect)
    if suffix in (".yaml", ".yml"):
        from .yamlout import dump_yaml

        return atomic_write(name, dump_yaml(ds), protect=protect)
    if suffix == ".xlsx":
        from .writer import coding_workbook_bytes

        return atomic_write(name, coding_workbook_bytes(ds), protect=protect)
    from ..frame import CODING_COLUMNS

    frame = ds.to_frame()
    frame["adjudicated"] = [c.adjudicated for c in ds.codings]
    frame = frame[list(CODING_COLUMNS)]
    if suffix == ".csv":
        from ..textsafe import frame_to_csv

        # cells a spreadsheet would evaluate get a leading ' (read back off by posmatrix)
        return atomic_write(name, frame_to_csv(frame, index=False), protect=protect)
    import io

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return atomic_write(name, buffer.getvalue(), protect=protect)


def convert(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Read ``source`` (any dataset file) and write it to ``target`` by suffix; never
    over the input. Returns the path written.
    """
    from ..loading import load

    ds = load(source)
    return write_dataset(ds, target, protect=(os.fspath(source),))
