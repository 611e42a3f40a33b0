"""`staged_output` (cli/common.py): an output that appears while the command writes is refused and
left untouched; an unrelated FileExistsError from the block is not mistaken for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.common import CliOutputError, staged_output


def test_an_output_that_appears_meanwhile_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    with pytest.raises(CliOutputError, match="already exists"):
        with staged_output(str(target), overwrite=False) as handle:
            handle.write(b"ours")
            target.write_bytes(b"theirs")
    assert target.read_bytes() == b"theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]  # no staging file left


def test_another_file_existing_is_not_reported_as_the_output(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"")
    with pytest.raises(FileExistsError):
        with staged_output(str(target), overwrite=False) as handle:
            handle.write(b"ours")
            elsewhere.mkdir()  # the block's own failure, about another path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere"]
