"""Tests of word2vec_np.text.datasets against a local HTTP server (no test touches the internet).

A server on 127.0.0.1 serves small generated files: a zip holding a tiny
``text8`` and a small analogy file. Test registries with matching checksums
replace the real entries, so every download path runs for real: success,
reuse without network, checksum mismatch, a connection dropped mid-file,
HTTP errors, unreachable servers, disk errors and interruptions. After each
failure the cache directory must hold no file at all, temporary files included.
"""

import errno
import hashlib
import http.server
import io
import os
import random
import socket
import threading
import zipfile
from pathlib import Path

import pytest

from word2vec_np.errors import ConfigError, DownloadError
from word2vec_np.text import datasets
from word2vec_np.text.datasets import Dataset

_WORDS = "anarchism originated as a term of abuse first used against early working class radicals".split()
_rng = random.Random(0)  # a few thousand random words: the zip stays small but spans many reads
TEXT8 = " ".join(_rng.choice(_WORDS) for _ in range(4000)).encode("ascii")
QUESTIONS = b": capital-common-countries\nathens greece baghdad iraq\n: family\nboy girl brother sister\n"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


TEXT8_ZIP = _zip({"text8": TEXT8})


class LocalServer:
    """Serves ``files[path]``; a path in ``truncated`` announces its full length but sends half."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.truncated: set[str] = set()
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                data = server.files.get(self.path)
                if data is None:
                    self.send_error(404, "Not Found")
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2] if self.path in server.truncated else data)

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.01,), daemon=True)
        self.thread.start()
        self.running = True

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"

    def stop(self) -> None:
        if self.running:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.thread.join()
            self.running = False


def _closed_port_url(name: str) -> str:
    """An address on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/{name}"


@pytest.fixture
def server():
    s = LocalServer()
    s.files["/text8.zip"] = TEXT8_ZIP
    s.files["/questions-words.txt"] = QUESTIONS
    yield s
    s.stop()


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(datasets.CACHE_ENV, str(directory))
    monkeypatch.delenv(datasets.BASE_URL_ENV, raising=False)
    return directory


def _register_text8(monkeypatch, urls, *, zip_bytes=TEXT8_ZIP, member=TEXT8, sha256=None, member_sha256=None):
    entry = Dataset(
        name="text8",
        description="tiny text8 for tests",
        urls=tuple(urls),
        filename="text8.zip",
        size=len(zip_bytes),
        sha256=sha256 or _sha256(zip_bytes),
        member="text8",
        member_size=len(member),
        member_sha256=member_sha256 or _sha256(member),
    )
    monkeypatch.setitem(datasets.DATASETS, "text8", entry)
    return entry


def _register_questions(monkeypatch, urls, *, data=QUESTIONS, sha256=None):
    entry = Dataset(
        name="questions-words",
        description="tiny analogy file for tests",
        urls=tuple(urls),
        filename="questions-words.txt",
        size=len(data),
        sha256=sha256 or _sha256(data),
    )
    monkeypatch.setitem(datasets.DATASETS, "questions-words", entry)
    return entry


def _listing(directory: Path) -> list[str]:
    """Every entry of the directory, hidden temporary files included."""
    return sorted(os.listdir(directory)) if directory.exists() else []


# --- success and reuse ---------------------------------------------------------


def test_fetch_text8_downloads_unzips_then_reuses_without_network(server, cache, monkeypatch):
    _register_text8(monkeypatch, [server.url("text8.zip")])
    path = datasets.fetch("text8", quiet=True)
    assert path == cache / "text8"
    assert path.read_bytes() == TEXT8
    assert server.requests == ["/text8.zip"]
    assert _listing(cache) == ["text8"]  # the archive is gone once unzipped

    server.stop()  # a second fetch must not need the server at all
    assert datasets.fetch("text8", quiet=True) == path
    assert server.requests == ["/text8.zip"]
    assert datasets.is_cached("text8")


def test_fetch_questions_words_is_the_downloaded_file(server, cache, monkeypatch):
    _register_questions(monkeypatch, [server.url("questions-words.txt")])
    path = datasets.fetch("questions-words", quiet=True)
    assert path == cache / "questions-words.txt"
    assert path.read_bytes() == QUESTIONS
    assert datasets.fetch("questions-words", quiet=True) == path
    assert server.requests == ["/questions-words.txt"]
    assert _listing(cache) == ["questions-words.txt"]


def test_next_address_is_tried_when_the_first_fails(server, cache, monkeypatch):
    _register_text8(monkeypatch, [server.url("missing/text8.zip"), server.url("text8.zip")])
    assert datasets.fetch("text8", quiet=True).read_bytes() == TEXT8
    assert server.requests == ["/missing/text8.zip", "/text8.zip"]


def test_a_cached_file_of_the_wrong_size_is_downloaded_again(server, cache, monkeypatch):
    _register_questions(monkeypatch, [server.url("questions-words.txt")])
    cache.mkdir()
    (cache / "questions-words.txt").write_bytes(b"half a fi")
    assert datasets.fetch("questions-words", quiet=True).read_bytes() == QUESTIONS
    assert server.requests == ["/questions-words.txt"]


def test_an_archive_saved_by_hand_is_verified_and_unzipped_without_network(cache, monkeypatch):
    _register_text8(monkeypatch, [_closed_port_url("text8.zip")])
    cache.mkdir()
    (cache / "text8.zip").write_bytes(TEXT8_ZIP)
    assert datasets.fetch("text8", quiet=True).read_bytes() == TEXT8
    assert _listing(cache) == ["text8"]


# --- failures leave nothing behind ---------------------------------------------


def test_checksum_mismatch_raises_and_leaves_nothing(server, cache, monkeypatch):
    wrong = "0" * 64
    _register_text8(monkeypatch, [server.url("text8.zip")], sha256=wrong)
    with pytest.raises(DownloadError) as info:
        datasets.fetch("text8", quiet=True)
    message = str(info.value)
    assert wrong in message and _sha256(TEXT8_ZIP) in message  # expected and got
    assert server.url("text8.zip") in message
    assert _listing(cache) == []


def test_server_dropping_the_connection_mid_file_raises_and_leaves_nothing(server, cache, monkeypatch):
    _register_text8(monkeypatch, [server.url("text8.zip")])
    server.truncated.add("/text8.zip")
    with pytest.raises(DownloadError) as info:
        datasets.fetch("text8", quiet=True)
    message = str(info.value)
    assert server.url("text8.zip") in message
    assert f"{len(TEXT8_ZIP) // 2:,} of {len(TEXT8_ZIP):,} bytes" in message
    assert _listing(cache) == []

    server.truncated.clear()  # a retry once the server behaves succeeds
    assert datasets.fetch("text8", quiet=True).read_bytes() == TEXT8


def test_http_404_raises_naming_the_url(server, cache, monkeypatch):
    url = server.url("nowhere/questions-words.txt")
    _register_questions(monkeypatch, [url])
    with pytest.raises(DownloadError, match="404") as info:
        datasets.fetch("questions-words", quiet=True)
    assert url in str(info.value)
    assert _listing(cache) == []


def test_unreachable_server_raises_naming_the_url(cache, monkeypatch):
    url = _closed_port_url("questions-words.txt")
    _register_questions(monkeypatch, [url])
    with pytest.raises(DownloadError) as info:
        datasets.fetch("questions-words", quiet=True)
    assert url in str(info.value)
    assert "could not be reached" in str(info.value)
    assert _listing(cache) == []


def test_a_server_sending_too_much_is_cut_off(server, cache, monkeypatch):
    _register_questions(monkeypatch, [server.url("questions-words.txt")], data=QUESTIONS[:-10])
    with pytest.raises(DownloadError, match="more than the expected"):
        datasets.fetch("questions-words", quiet=True)
    assert _listing(cache) == []


def test_archive_without_the_member_is_deleted(server, cache, monkeypatch):
    other = _zip({"something-else": TEXT8})
    server.files["/text8.zip"] = other
    _register_text8(monkeypatch, [server.url("text8.zip")], zip_bytes=other)
    with pytest.raises(DownloadError, match="does not contain 'text8'"):
        datasets.fetch("text8", quiet=True)
    assert _listing(cache) == []


def test_member_checksum_mismatch_is_deleted(server, cache, monkeypatch):
    _register_text8(monkeypatch, [server.url("text8.zip")], member_sha256="f" * 64)
    with pytest.raises(DownloadError, match="failed its checksum") as info:
        datasets.fetch("text8", quiet=True)
    assert "f" * 64 in str(info.value) and _sha256(TEXT8) in str(info.value)
    assert _listing(cache) == []


def test_a_file_that_is_not_a_zip_is_deleted(server, cache, monkeypatch):
    junk = b"<html>this is not a zip archive</html>"
    server.files["/text8.zip"] = junk
    _register_text8(monkeypatch, [server.url("text8.zip")], zip_bytes=junk)
    with pytest.raises(DownloadError, match="not a valid zip"):
        datasets.fetch("text8", quiet=True)
    assert _listing(cache) == []


def test_disk_write_error_raises_and_leaves_nothing(server, cache, monkeypatch):
    _register_questions(monkeypatch, [server.url("questions-words.txt")])

    def full_disk(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(DownloadError, match="No space left on device") as info:
        datasets.fetch("questions-words", quiet=True)
    assert datasets.CACHE_ENV in str(info.value)
    assert _listing(cache) == []


def test_cache_dir_that_cannot_be_created_raises(server, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(datasets.CACHE_ENV, str(blocker / "cache"))
    _register_questions(monkeypatch, [server.url("questions-words.txt")])
    with pytest.raises(DownloadError, match="cannot create the cache directory"):
        datasets.fetch("questions-words", quiet=True)
    assert server.requests == []


def test_interrupted_download_leaves_nothing(server, cache, monkeypatch):
    _register_text8(monkeypatch, [server.url("text8.zip")])
    monkeypatch.setattr(datasets, "_CHUNK", 256)

    class InterruptingBar:
        def __init__(self, **kwargs) -> None:
            self.calls = 0

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            pass

        def update(self, n: int) -> None:
            self.calls += 1
            if self.calls == 2:
                raise KeyboardInterrupt

    monkeypatch.setattr(datasets, "tqdm", InterruptingBar)
    with pytest.raises(KeyboardInterrupt):
        datasets.fetch("text8", quiet=False)
    assert _listing(cache) == []


# --- progress ----------------------------------------------------------------------


def test_progress_bar_on_stderr_unless_quiet(server, cache, monkeypatch, capsys):
    _register_questions(monkeypatch, [server.url("questions-words.txt")])
    datasets.fetch("questions-words")
    captured = capsys.readouterr()
    assert "questions-words.txt" in captured.err
    assert captured.out == ""


def test_plain_progress_line_without_tqdm(server, cache, monkeypatch, capsys):
    _register_text8(monkeypatch, [server.url("text8.zip")])
    monkeypatch.setattr(datasets, "tqdm", None)
    datasets.fetch("text8")
    err = capsys.readouterr().err
    assert "text8.zip: 100%" in err and "unzip text8: 100%" in err


def test_quiet_prints_nothing(server, cache, monkeypatch, capsys):
    _register_text8(monkeypatch, [server.url("text8.zip")])
    datasets.fetch("text8", quiet=True)
    assert capsys.readouterr() == ("", "")


# --- configuration ---------------------------------------------------------------


def test_cache_dir_env_var_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv(datasets.CACHE_ENV, str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert datasets.cache_dir() == tmp_path / "mine"


def test_cache_dir_follows_xdg_then_home(tmp_path, monkeypatch):
    monkeypatch.delenv(datasets.CACHE_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert datasets.cache_dir() == tmp_path / "xdg" / "word2vec_np"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert datasets.cache_dir() == tmp_path / "home" / ".cache" / "word2vec_np"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert datasets.cache_dir() == tmp_path / "home" / ".cache" / "word2vec_np"


def test_fetch_writes_into_the_env_var_cache(server, tmp_path, monkeypatch):
    target = tmp_path / "elsewhere" / "nested"
    monkeypatch.setenv(datasets.CACHE_ENV, str(target))
    _register_questions(monkeypatch, [server.url("questions-words.txt")])
    assert datasets.fetch("questions-words", quiet=True) == target / "questions-words.txt"
    assert _listing(target) == ["questions-words.txt"]


def test_base_url_env_var_replaces_the_addresses(server, cache, monkeypatch):
    _register_text8(monkeypatch, [_closed_port_url("text8.zip")])
    monkeypatch.setenv(datasets.BASE_URL_ENV, server.base + "/")
    assert datasets.fetch("text8", quiet=True).read_bytes() == TEXT8
    assert server.requests == ["/text8.zip"]


def test_base_url_argument_replaces_the_addresses(server, cache, monkeypatch):
    server.files["/mirror/questions-words.txt"] = QUESTIONS
    _register_questions(monkeypatch, [_closed_port_url("questions-words.txt")])
    path = datasets.fetch("questions-words", quiet=True, base_url=server.url("mirror"))
    assert path.read_bytes() == QUESTIONS
    assert server.requests == ["/mirror/questions-words.txt"]


def test_unknown_dataset_is_a_config_error(cache):
    with pytest.raises(ConfigError, match="unknown dataset 'text9'.*text8"):
        datasets.fetch("text9")


def test_real_registry_entries_are_complete(cache):
    text8 = datasets.DATASETS["text8"]
    assert (text8.size, text8.member, text8.member_size) == (31_344_016, "text8", 100_000_000)
    questions = datasets.DATASETS["questions-words"]
    assert (questions.size, questions.member) == (603_955, None)
    for entry in datasets.DATASETS.values():
        for digest in (entry.sha256, entry.member_sha256 or "0" * 64):
            assert len(digest) == 64 and set(digest) <= set("0123456789abcdef")
        assert entry.urls and all(url.startswith(("https://", "http://")) for url in entry.urls)
    assert datasets.dataset_path("text8") == cache / "text8"
    assert datasets.dataset_path("questions-words") == cache / "questions-words.txt"
    assert not datasets.is_cached("text8")


# --- resolve_corpus --------------------------------------------------------------


def test_resolve_corpus_fetches_a_dataset_name(server, cache, monkeypatch, tmp_path):
    _register_text8(monkeypatch, [server.url("text8.zip")])
    monkeypatch.chdir(tmp_path)
    assert datasets.resolve_corpus("text8", quiet=True) == cache / "text8"


def test_resolve_corpus_prefers_an_existing_local_file(server, cache, monkeypatch, tmp_path):
    _register_text8(monkeypatch, [server.url("text8.zip")])
    monkeypatch.chdir(tmp_path)
    Path("text8").write_text("my own text8\n")
    assert datasets.resolve_corpus("text8") == Path("text8")
    assert datasets.resolve_corpus(tmp_path / "corpus.txt") == tmp_path / "corpus.txt"
    assert datasets.resolve_corpus("not-a-dataset.txt") == Path("not-a-dataset.txt")
    assert server.requests == []


@pytest.mark.parametrize("name", ["questions-words", "text8"])
def test_a_junk_cached_file_of_the_right_size_is_downloaded_again(server, cache, monkeypatch, name):
    """A cached file was trusted by its size alone."""
    if name == "text8":
        _register_text8(monkeypatch, [server.url("text8.zip")])
        good, ready = TEXT8, cache / "text8"
    else:
        _register_questions(monkeypatch, [server.url("questions-words.txt")])
        good, ready = QUESTIONS, cache / "questions-words.txt"
    cache.mkdir()
    ready.write_bytes(b"x" * len(good))
    assert not datasets.is_cached(name)
    assert datasets.fetch(name, quiet=True).read_bytes() == good
    assert len(server.requests) == 1 and datasets.is_cached(name)


def test_a_cached_file_is_hashed_once_until_its_size_or_mtime_changes(server, cache, monkeypatch):
    _register_questions(monkeypatch, [server.url("questions-words.txt")])
    path = datasets.fetch("questions-words", quiet=True)
    hashed = []
    real = datasets._sha256_of
    monkeypatch.setattr(datasets, "_sha256_of", lambda p: hashed.append(p) or real(p))
    for _ in range(3):
        assert datasets.fetch("questions-words", quiet=True) == path
    assert len(hashed) == 1  # remembered by (path, size, mtime)
    stamp = path.stat()
    path.write_bytes(b"y" * len(QUESTIONS))  # same size, new content
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 10**9))
    assert datasets.fetch("questions-words", quiet=True).read_bytes() == QUESTIONS  # checked again: downloaded
    assert len(hashed) == 2 and server.requests == ["/questions-words.txt"] * 2
