"""Every entry under a RAW_PATH is read or reported: links that dangle or loop, pipes, devices, folders that cannot be listed."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from flows.steps import read


def _problems(root: Path) -> dict[str, str | None]:
    return {f.rel: f.problem for f in read.discover([root]).found}


def test_regular_files_carry_size_and_mtime(tmp_path):
    (tmp_path / "a.txt").write_text("会议")
    (found,) = read.discover([tmp_path]).found
    assert found.problem is None and found.size == len("会议".encode()) and found.mtime_ns > 0


def test_hidden_entries_are_skipped_and_counted(tmp_path):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / ".DS_Store").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("x")
    result = read.discover([tmp_path])
    assert [f.rel for f in result.found] == ["b.txt"] and result.hidden == 2


def test_a_dangling_link_is_a_broken_link(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    found = read.discover([tmp_path]).found[0]
    assert found.problem == "broken_link" and "nowhere.txt" in found.message


def test_a_link_to_itself_is_a_link_loop(tmp_path):
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    assert _problems(tmp_path) == {"self.txt": "link_loop"}


def test_a_link_to_a_folder_above_is_a_loop_and_not_followed(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    assert _problems(tmp_path) == {"sub/a.txt": None, "sub/up": "link_loop"}


def test_a_linked_folder_elsewhere_is_walked(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.txt").write_text("x")
    (root := tmp_path / "root").mkdir()
    (root / "linked").symlink_to(elsewhere)
    assert _problems(root) == {"linked/a.txt": None}


def test_pipes_sockets_and_devices_are_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "null.txt").symlink_to("/dev/null")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.txt"))
    try:
        assert _problems(tmp_path) == {"null.txt": "not_a_file", "pipe.txt": "not_a_file", "sock.txt": "not_a_file"}
        items = read.read_file(tmp_path, tmp_path / "pipe.txt")  # must not block on the pipe
        assert items[0].data is None and items[0].error == "not_a_file"
    finally:
        server.close()


def test_a_folder_that_cannot_be_listed_is_unreadable(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "ok.txt").write_text("x")
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(read.os, "scandir", scandir)
    found = {f.rel: f for f in read.discover([tmp_path]).found}
    assert found["ok.txt"].problem is None
    assert found["locked"].problem == "unreadable" and "Permission denied" in found["locked"].message


def test_a_file_that_cannot_be_opened_is_unreadable(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("x")
    monkeypatch.setattr(read.os, "open", lambda *a, **k: (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    (item,) = read.read_file(tmp_path, tmp_path / "a.txt")
    assert item.error == "unreadable" and "Permission denied" in item.message


def test_a_raw_path_that_is_a_dangling_link_is_reported(tmp_path):
    (tmp_path / "link").symlink_to(tmp_path / "missing")
    (found,) = read.discover([tmp_path / "link"]).found
    assert found.problem == "broken_link"


@pytest.mark.parametrize("size, reason", [(5, None), (50, "too_large")])
def test_the_size_limit_is_checked_before_reading(tmp_path, monkeypatch, size, reason):
    monkeypatch.setattr(read, "MAX_BYTES", 10)
    (tmp_path / "a.txt").write_text("x" * size)
    (item,) = read.read_file(tmp_path, tmp_path / "a.txt")
    assert item.error == reason
