"""Hostile inputs (issue 11): one parametrised test per class of defect the reliability review found.

Behaviour that is about processes (signals, closed stdout, FIFOs, umask, /dev/full) runs the real
command in a subprocess; the rest goes through Typer's runner. SPEC §8 is the contract: a user
error is one line on stderr with exit 1 (data) or 2 (usage) and nothing on stdout.
"""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipath.cli import app

from .conftest import SMALL, catalog_doc, cred


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 60,
        **kw: object) -> subprocess.CompletedProcess[str]:
    """``python -m aipath ARGS`` in a subprocess (generous timeout: a hang fails, slowness not)."""
    return subprocess.run(
        [sys.executable, "-m", "aipath", *args], capture_output=True, text=True, errors="replace",
        env={**os.environ, **(env or {})}, timeout=timeout, **kw,  # type: ignore[arg-type]
    )


def assert_one_line(stdout: str, stderr: str, code: int, expected: int, *needles: str) -> None:
    """SPEC §8: the documented code, nothing on stdout, one line on stderr, no traceback."""
    assert code == expected, stderr
    assert stdout == ""
    assert "Traceback" not in stderr
    lines = [x for x in stderr.splitlines() if x.strip()]
    assert len(lines) == 1, stderr
    for needle in needles:
        assert needle in lines[0]


def write_doc(path: Path, creds: list[dict], **kw: object) -> Path:
    path.write_text(json.dumps(catalog_doc(creds, **kw)), encoding="utf-8")  # type: ignore[arg-type]
    return path


# --- option values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["plan", "--role", "nurse", "--max-cost", "nan"], "--max-cost"),
        (["plan", "--role", "nurse", "--max-cost", "inf"], "--max-cost"),
        (["plan", "--role", "nurse", "--max-cost", "-inf"], "--max-cost"),
        (["plan", "--role", "nurse", "--max-months", "nan"], "--max-months"),
        (["plan", "--role", "nurse", "--hours-per-week", "nan"], "--hours-per-week"),
        (["plan", "--role", "nurse", "--hours-per-week", "0"], "--hours-per-week"),
        (["plan", "--role", "nurse", "--stale-months", "0"], "--stale-months"),
        (["list", "--max-cost", "nan"], "--max-cost"),
        (["list", "--max-catalog-mib", "nan"], "--max-catalog-mib"),
        (["list", "--max-catalog-mib", "-1"], "--max-catalog-mib"),
        (["roles", "--max-catalog-mib", "inf"], "--max-catalog-mib"),
        (["lint", "--stale-months", "99999999999999999999999"], "--stale-months"),
    ],
)
def test_numeric_options_are_finite_and_in_range(runner: CliRunner, args: list[str],
                                                 option: str) -> None:
    """NaN, infinities and out-of-range values are usage errors naming the option (exit 2)."""
    r = runner.invoke(app, args)
    assert_one_line(r.stdout, r.stderr, r.exit_code, 2, option)


# --- output files -------------------------------------------------------------------------------


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", [["list"], ["roles"], ["lint"], ["show", "bsn"],
                                     ["export"], ["plan", "--role", "nurse"]])
def test_output_into_a_missing_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path,
                                                       command: list[str]) -> None:
    """Every command: exit 2, one line naming --output, no traceback."""
    r = runner.invoke(app, [*command, "-o", str(tmp_path / "missing" / "dir" / "x")])
    assert_one_line(r.stdout, r.stderr, r.exit_code, 2, "--output", "does not exist")


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("new file, umask 002", 0o664),
        ("new file, umask 077", 0o600),
        ("existing 0664 file, umask 077", 0o664),
        ("existing 0640 file, umask 000", 0o640),
    ],
)
def test_written_files_get_ordinary_modes(tmp_path: Path, case: str, expected: int) -> None:
    """A new file gets 0666 & ~umask; an existing file keeps its mode (a subprocess owns the umask)."""
    target = tmp_path / "roles.json"
    if case.startswith("existing"):
        target.write_text("old")
        target.chmod(int(case.split()[1], 8))
    mask = int(case.rsplit(" ", 1)[1], 8)
    proc = subprocess.run(
        [sys.executable, "-c",
         f"import os, sys; os.umask({mask}); sys.argv = ['aipath', 'roles', '-f', 'json', '-o', "
         f"{str(target)!r}]; from aipath.cli import main; main()"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert target.stat().st_mode & 0o777 == expected
    assert json.loads(target.read_text())["roles"]


@pytest.mark.parametrize("target", ["/dev/null", "symlink to /dev/null", "fifo", "directory",
                                    "symlink to a fifo"])
def test_output_refuses_what_is_not_a_regular_file(runner: CliRunner, tmp_path: Path,
                                                   target: str) -> None:
    """A device, a FIFO, a directory (or a link to one) is never replaced by a regular file."""
    if target == "/dev/null":
        path = Path("/dev/null")
    elif target == "fifo":
        path = _fifo(tmp_path)
    elif target == "directory":
        path = tmp_path
    else:
        path = tmp_path / "link"
        path.symlink_to("/dev/null" if target.endswith("null") else _fifo(tmp_path))
    before = os.lstat(path)
    r = runner.invoke(app, ["roles", "-o", str(path)])
    assert_one_line(r.stdout, r.stderr, r.exit_code, 2, "--output")
    after = os.lstat(path)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert not list(tmp_path.glob(".aipath-*.tmp"))


def test_output_through_a_symlink_replaces_its_file_and_keeps_the_link(runner: CliRunner,
                                                                       tmp_path: Path) -> None:
    """Like a shell's '>': the link stays a link, the file it names gets the result."""
    real = tmp_path / "real.json"
    real.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    r = runner.invoke(app, ["roles", "-f", "json", "-o", str(link)])
    assert r.exit_code == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == real.name
    assert json.loads(real.read_text())["roles"]


@pytest.mark.parametrize("via", ["same path", "symlink", "hard link"])
@pytest.mark.parametrize("which", ["catalogue", "profile", "built-in catalogue"])
def test_output_never_overwrites_the_files_being_read(runner: CliRunner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      via: str, which: str) -> None:
    """-o onto the --catalog or --profile being read is refused, however it is spelled; so is
    the shipped catalogue (an editable install would otherwise let -o rewrite it)."""
    from aipath import catalog as catalog_mod

    cat = tmp_path / "cat.yaml"
    cat.write_bytes(SMALL.read_bytes())
    prof = tmp_path / "me.yaml"
    prof.write_text("background: nurse\n")
    victim = prof if which == "profile" else cat
    catalog_args = ["--catalog", str(cat)]
    if which == "built-in catalogue":
        monkeypatch.setattr(catalog_mod, "builtin_catalog_file", lambda: cat)
        monkeypatch.setenv("AIPATH_NO_CACHE", "1")
        catalog_args = []
    out = victim
    if via == "symlink":
        out = tmp_path / "alias"
        out.symlink_to(victim)
    elif via == "hard link":
        out = tmp_path / "alias"
        os.link(victim, out)
    before = victim.read_bytes()
    r = runner.invoke(app, ["plan", *catalog_args, "--profile", str(prof), "-f", "json",
                            "-o", str(out)])
    assert_one_line(r.stdout, r.stderr, r.exit_code, 2, "--output", "being read")
    assert victim.read_bytes() == before


_SIGNAL_PROBE = """
import os, signal, sys
from aipath import _io
def fsync(fd):  # the signal arrives while the temporary file exists
    os.kill(os.getpid(), signal.{sig})
_io.os.fsync = fsync
_io.write_atomic(sys.argv[1], "x" * 5_000_000)
print("not reached")
"""


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path: Path, sig: str) -> None:
    """The process still dies of the signal (128 + signum to a shell), and leaves nothing behind."""
    import signal

    target = tmp_path / "out.json"
    proc = subprocess.run([sys.executable, "-c", _SIGNAL_PROBE.format(sig=sig), str(target)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == -getattr(signal, sig)
    assert "not reached" not in proc.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def _closed_pipe() -> int:
    read, write = os.pipe()
    os.close(read)  # every write to ``write`` now fails with EPIPE
    return write


@pytest.mark.parametrize("stdout", ["closed", "broken pipe", "/dev/full"])
@pytest.mark.parametrize("command", [["list"], ["list", "-f", "json"], ["list", "-f", "csv"],
                                     ["roles"], ["plan", "--role", "nurse"], ["--version"]])
def test_stdout_that_cannot_be_written_is_one_line_and_non_zero(stdout: str,
                                                                command: list[str]) -> None:
    """Closed stdout, EPIPE and a full disk: one line on stderr, exit 1, never 0 or a traceback."""
    if stdout == "/dev/full" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    fd = {"closed": None, "broken pipe": _closed_pipe(),
          "/dev/full": os.open("/dev/full", os.O_WRONLY)}[stdout]
    try:
        args = [sys.executable, "-m", "aipath", *command]
        if fd is None:
            # Start the child with fd 1 closed (the shell's '>&-').
            proc = subprocess.run(args, stderr=subprocess.PIPE, text=True, timeout=60,
                                  preexec_fn=lambda: os.close(1))
        else:
            proc = subprocess.run(args, stdout=fd, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        if fd is not None:
            os.close(fd)
    assert_one_line("", proc.stderr, proc.returncode, 1, "stdout")


# --- special files as input ---------------------------------------------------------------------


@pytest.mark.parametrize("source", ["/dev/zero", "fifo", "directory", "growing /proc file"])
@pytest.mark.parametrize("option", ["--catalog", "--profile"])
def test_special_files_are_refused_without_reading_them(tmp_path: Path, source: str,
                                                        option: str) -> None:
    """Reads are bounded and regular-file only: nothing hangs or reads without end (subprocess)."""
    path = {"/dev/zero": "/dev/zero", "directory": str(tmp_path),
            "growing /proc file": "/proc/self/maps"}.get(source) or str(_fifo(tmp_path))
    if source.startswith("growing") and not os.path.exists(path):
        pytest.skip("no /proc here")
    # A /proc file reports size 0 but is not empty: only a bounded read notices the cap.
    if source.startswith("growing") and option == "--profile":
        probe = ("import sys; from aipath.load import profile; "
                 "from aipath.catalog import load_catalog; profile.PROFILE_MAX_BYTES = 100; "
                 "profile.load_profile('/proc/self/maps', load_catalog())")
        proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              timeout=60)
        assert proc.returncode == 1 and "ProfileError" in proc.stderr
        assert "over the limit of 100 bytes (a profile" in proc.stderr
        return
    cap = ["--max-catalog-mib", "0.0001"] if source.startswith("growing") else []
    proc = run("plan", "--role", "nurse", option, path, *cap, timeout=60)
    assert_one_line(proc.stdout, proc.stderr, proc.returncode, 1, path)
    if source.startswith("growing"):
        assert "over the limit" in proc.stderr
    else:
        assert ("profile" if option == "--profile" else "catalogue") in proc.stderr


def test_a_cache_entry_that_is_a_fifo_is_skipped(tmp_path: Path) -> None:
    """A FIFO planted at the cache path costs a validation, never a hang."""
    cache = tmp_path / "cache"
    first = run("list", "-f", "json", env={"AIPATH_CACHE_DIR": str(cache)})
    assert first.returncode == 0, first.stderr
    (entry,) = [p for p in cache.rglob("*") if p.is_file()]
    entry.unlink()
    os.mkfifo(entry)
    again = run("list", "-f", "json", env={"AIPATH_CACHE_DIR": str(cache)}, timeout=20)
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout


# --- the cache ----------------------------------------------------------------------------------


def _deep(n: int) -> str:
    return "[" * n + "]" * n


def _tamper(entry: Path, how: str) -> None:
    head, body = entry.read_bytes().split(b"\n", 1)
    if how == "cheaper degree, same key":
        lines = body.split(b"\n")
        for i, line in enumerate(lines):
            if line.startswith(b'{"id": "msn-informatics"'):
                c = json.loads(line)
                c["cost"] = {"usd_min": 0, "usd_max": 0}
                c["name"] = "Free MSN"
                c["url"] = "https://evil.example/"
                lines[i] = json.dumps(c).encode()
        entry.write_bytes(head + b"\n" + b"\n".join(lines))
    elif how == "header not JSON":
        entry.write_bytes(b"{oops\n" + body)
    elif how == "header from older code":
        meta = json.loads(head)
        meta["code"] = "0" * 64
        entry.write_bytes(json.dumps(meta).encode() + b"\n" + body)
    else:
        damaged = {
            "credentials not a list (TypeError)": '{"credentials": 5}',
            "keys missing (KeyError)": '{"credentials": [{}]}',
            "nested beyond recursion (RecursionError)": _deep(100_000),
            "body is a list": "[]",
        }[how]
        # Even with a matching body digest, a damaged body only costs a validation.
        import hashlib

        meta = json.loads(head)
        meta["body"] = hashlib.sha256(damaged.encode()).hexdigest()
        entry.write_bytes(json.dumps(meta).encode() + b"\n" + damaged.encode())


@pytest.mark.parametrize("how", [
    "cheaper degree, same key", "header not JSON", "header from older code",
    "credentials not a list (TypeError)", "keys missing (KeyError)",
    "nested beyond recursion (RecursionError)", "body is a list",
])
def test_a_tampered_or_damaged_cache_entry_is_never_believed(cache: Path, how: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Any doubt about an entry means full validation, and the validated answer."""
    from aipath.catalog import load_catalog
    from aipath.load import catalogue

    good = load_catalog(SMALL)
    (entry,) = cache.glob("catalog-*.json")
    _tamper(entry, how)
    calls = []
    real = catalogue.validate_catalog
    monkeypatch.setattr(catalogue, "validate_catalog", lambda *a: calls.append(1) or real(*a))
    again = load_catalog(SMALL)
    assert calls == [1]
    assert again == good
    assert again.by_id["msn-informatics"].name != "Free MSN"


def test_a_record_damaged_after_its_entry_was_checked_is_one_line_and_removed(cache: Path) -> None:
    """The compiled cache reads a record when it is first used, after the entry's digest was
    checked: damage that still matches the digest (a bug, an editor) is one line on stderr,
    exit 1, no traceback; the entry is removed and the next run validates afresh."""
    import hashlib

    from aipath.catalog import load_catalog

    load_catalog(SMALL)
    (entry,) = cache.glob("catalog-*.json")
    head, body = entry.read_bytes().split(b"\n", 1)
    lines = body.split(b"\n")
    (i,) = [i for i, x in enumerate(lines) if x.startswith(b'{"id": "msn-informatics"')]
    lines[i] = b"{" + b" " * (len(lines[i]) - 2) + b"}"  # same length: the offsets still hold
    body = b"\n".join(lines)
    meta = json.loads(head)
    meta["body"] = hashlib.sha256(body).hexdigest()
    entry.write_bytes(json.dumps(meta).encode() + b"\n" + body)
    env = {"AIPATH_CACHE_DIR": str(cache), "COLUMNS": "100"}
    r = run("show", "msn-informatics", "--catalog", str(SMALL), env=env)
    assert_one_line(r.stdout, r.stderr, r.returncode, 1, str(SMALL), "damaged", "removed")
    assert not entry.exists()
    again = run("show", "msn-informatics", "--catalog", str(SMALL), env=env)
    assert again.returncode == 0 and "msn-informatics" in again.stdout, again.stderr


def test_the_cache_key_follows_the_validator_code_bytes_not_mtimes(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch
                                                                  ) -> None:
    """Touching a source file keeps the cache; changing one byte of it drops it."""
    import shutil

    import aipath
    from aipath.load import cache as mod

    copy = tmp_path / "pkg"
    shutil.copytree(Path(aipath.__file__).parent, copy, ignore=shutil.ignore_patterns("data"))
    monkeypatch.setattr(mod, "_HERE", copy)
    monkeypatch.setattr(mod, "_code_digest", None)
    first = mod._validator_digest()
    os.utime(copy / "load" / "catalogue.py", (1, 1))
    monkeypatch.setattr(mod, "_code_digest", None)
    assert mod._validator_digest() == first
    with open(copy / "load" / "catalogue.py", "a") as fh:
        fh.write("# changed\n")
    monkeypatch.setattr(mod, "_code_digest", None)
    assert mod._validator_digest() != first


@pytest.mark.parametrize("env", ["no HOME, no passwd entry", "relative XDG_CACHE_HOME",
                                 "cache folder writable by others"])
def test_the_cache_lives_only_where_it_should(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              env: str) -> None:
    """Never a folder literally named '~'; a relative XDG value is ignored; a shared folder is
    not trusted (each case still loads, by validating)."""
    import pwd

    from aipath import catalog as mod

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AIPATH_NO_CACHE", raising=False)
    monkeypatch.delenv("AIPATH_CACHE_DIR", raising=False)
    if env == "no HOME, no passwd entry":
        monkeypatch.delenv("HOME", raising=False)
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

        def no_entry(uid: int) -> None:
            raise KeyError(uid)

        monkeypatch.setattr(pwd, "getpwuid", no_entry)
        assert mod.cache_dir() is None
    elif env == "relative XDG_CACHE_HOME":
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
        assert mod.cache_dir() == tmp_path / "home" / ".cache" / "aipath"
    else:
        shared = tmp_path / "shared"
        shared.mkdir()
        shared.chmod(0o777)
        monkeypatch.setenv("AIPATH_CACHE_DIR", str(shared))
    assert mod.load_catalog(SMALL).credentials
    assert not (tmp_path / "~").exists() and not (tmp_path / "relative").exists()
    if env == "cache folder writable by others":
        assert list((tmp_path / "shared").iterdir()) == []


def test_the_cache_keeps_only_recent_entries(cache: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Old entries are pruned: at most CACHE_KEEP remain, the newest ones."""
    from aipath.catalog import load_catalog
    from aipath.load import cache as mod

    monkeypatch.setattr(mod, "CACHE_KEEP", 3)
    for i in range(6):
        path = write_doc(tmp_path / f"c{i}.json", [cred(f"c-{i}")])
        load_catalog(path)
    entries = list(cache.glob("catalog-*.json"))
    assert len(entries) == 3
    newest = load_catalog(tmp_path / "c5.json").sha256
    assert any(newest[:32] in p.name for p in entries)


# --- text from the catalogue --------------------------------------------------------------------

EVIL = "\x1b]0;pwned\x07\x1b[31mred\x00\x9b2J[/][bold]\u202e"
TAG = "[/]x"


def _evil_catalog(path: Path) -> Path:
    creds = [
        cred("base", name="=HYPERLINK(\"https://evil.example\",\"click\")", provider="+1" + EVIL,
             skills=[TAG], notes=EVIL, url="https://example.org/" + EVIL,
             evidence=[{"kind": "official", "url": "https://example.org/" + EVIL,
                        "verified_on": "2026-11-24", "note": EVIL}],
             cost={"usd": 10, "basis": EVIL, "year": 2025}),
        cred("next", name="@SUM(A1)" + EVIL, provider="-2", skills=[TAG],
             entry={"all": ["base", {"text": EVIL}]}, subtype=EVIL),
        cred("msn", name=EVIL, type="degree", level="graduate", skills=[TAG]),
    ]
    backgrounds = {"nurse": {"label": EVIL, "holds": [], "target_skills": [TAG], "note": EVIL}}
    return write_doc(path, creds, backgrounds=backgrounds)


@pytest.mark.parametrize("command", [
    ["list"], ["list", "-f", "csv"], ["list", "-f", "json"], ["roles"], ["lint"],
    ["show", "next"], ["show", "next", "-f", "mermaid"], ["show", "next", "-f", "dot"],
    ["plan", "--role", "nurse"], ["plan", "--role", "nurse", "-f", "tree"],
    ["plan", "--role", "nurse", "-f", "json"], ["plan", "--role", "nurse", "-f", "html"],
    ["export", "-f", "mermaid"],
])
def test_catalogue_text_is_data_never_terminal_or_markup_or_formula(runner: CliRunner,
                                                                    tmp_path: Path,
                                                                    command: list[str]) -> None:
    """No control character reaches the terminal, '[/]' is never parsed as markup, and a CSV
    cell that a spreadsheet would run as a formula is quoted (OWASP)."""
    path = _evil_catalog(tmp_path / "evil.json")
    r = runner.invoke(app, [*command, "--catalog", str(path), "--today", "2026-11-24"]
                      if command[0] in ("plan", "lint") else [*command, "--catalog", str(path)])
    assert r.exit_code == 0, r.stderr or repr(r.exception)
    for bad in ("\x1b", "\x00", "\x07", "\x9b", "\u202e"):
        assert bad not in r.stdout, (bad, r.stdout[:500])
    if "csv" in command:
        import csv
        import io

        rows = {row["id"]: row for row in csv.DictReader(io.StringIO(r.stdout))}
        assert rows["base"]["name"].startswith("'=HYPERLINK")
        assert rows["base"]["provider"].startswith("'+1")
        assert rows["next"]["name"].startswith("'@SUM")
        assert rows["next"]["provider"] == "'-2"
    if "json" in command:
        doc = json.loads(r.stdout)  # escaped, still the same data
        if command[0] == "list":
            assert doc["credentials"][0]["notes"] == EVIL


@pytest.mark.parametrize("bid", ["ICU Nurse", "Nurse", "icu_nurse", "[/]"])
def test_ids_that_could_never_be_selected_are_rejected_at_load(runner: CliRunner, tmp_path: Path,
                                                               small_text: str, bid: str) -> None:
    """A background id that is not kebab-case (--role could never select it) fails at load."""
    path = tmp_path / "c.yaml"
    path.write_text(small_text.replace("\n  nurse:\n", f"\n  '{bid}':\n", 1))
    r = runner.invoke(app, ["roles", "--catalog", str(path)])
    assert_one_line(r.stdout, r.stderr, r.exit_code, 1, "must be kebab-case")
    assert r.stderr.startswith(f"{path}:") and r.stderr.split(":")[1].isdigit()


@pytest.mark.parametrize("content", [
    "hunter2 is my password\n",
    "API_TOKEN: s3cr3t-value\n",
    "#!/bin/sh\nexport SECRET=s3cr3t-value\n",
    "- s3cr3t-value\n",
    "\x1b[31ms3cr3t-value: 1\n",
])
def test_errors_never_echo_what_another_file_holds(runner: CliRunner, tmp_path: Path,
                                                   content: str) -> None:
    """A file that is not a catalogue: say what was expected, not what the file says."""
    path = tmp_path / "notes.txt"
    path.write_text(content)
    r = runner.invoke(app, ["list", "--catalog", str(path)])
    assert_one_line(r.stdout, r.stderr, r.exit_code, 1)
    for secret in ("s3cr3t", "hunter2", "TOKEN", "SECRET", "\x1b"):
        assert secret not in r.stderr


# --- environment --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("command", [["plan", "--role", "nurse"], ["show", "abaim-certification"],
                                     ["show", "abaim-certification", "-f", "json"],
                                     ["show", "no-such-id"]])
def test_a_narrow_output_encoding_never_tracebacks(encoding: str, command: list[str]) -> None:
    """PYTHONIOENCODING=ascii: what cannot be encoded is escaped; JSON stays JSON."""
    proc = run(*command, env={"PYTHONIOENCODING": encoding})
    assert "Traceback" not in proc.stderr
    if "no-such-id" in command:
        assert_one_line(proc.stdout, proc.stderr, proc.returncode, 2, "no-such-id")
        return
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    if "json" in command:
        assert json.loads(proc.stdout)["credential"]["id"] == "abaim-certification"


@pytest.mark.parametrize("columns", ["0", "1", "-5", "abc", "99999999999"])
def test_nonsense_terminal_widths_fall_back_to_a_sane_one(columns: str) -> None:
    """COLUMNS=0 used to print empty tables with exit 0."""
    proc = run("roles", env={"COLUMNS": columns})
    assert proc.returncode == 0, proc.stderr
    assert "nurse" in proc.stdout and "physician" in proc.stdout
    assert max(len(line) for line in proc.stdout.splitlines()) <= 1000


# --- numbers ------------------------------------------------------------------------------------

_COST = "{usd: 49, year: 2025}"


@pytest.mark.parametrize("value", ["9" * 400, "9" * 5000, "1" + "0" * 309, "1e400", "-1e400",
                                   "2e12"])
@pytest.mark.parametrize("where", ["catalogue cost", "catalogue year", "profile constraint",
                                   "profile experience"])
def test_numbers_beyond_range_are_rejected_at_load_with_a_position(runner: CliRunner,
                                                                   tmp_path: Path, small_text: str,
                                                                   value: str, where: str) -> None:
    """Huge integers (and floats that overflow) fail at load, with file:line:col, not later."""
    cat = tmp_path / "c.yaml"
    prof = tmp_path / "me.yaml"
    prof.write_text("background: nurse\n")
    bad = prof if where.startswith("profile") else cat
    if where == "catalogue cost":
        small_text = small_text.replace(_COST, "{usd: %s, year: 2025}" % value, 1)
    elif where == "catalogue year":
        small_text = small_text.replace(_COST, "{usd: 49, year: %s}" % value, 1)
    elif where == "profile constraint":
        prof.write_text(f"background: nurse\nconstraints: {{max_cost: {value}}}\n")
    else:
        prof.write_text(f"background: nurse\nexperience: [{{field: x, years: {value}}}]\n")
    cat.write_text(small_text)
    r = runner.invoke(app, ["plan", "--catalog", str(cat), "--profile", str(prof)])
    assert_one_line(r.stdout, r.stderr, r.exit_code, 1, f"{bad}:")
    assert r.stderr.split(":")[1].isdigit() and r.stderr.split(":")[2].isdigit()
    assert "max-catalog-mib" not in r.stderr and "credentials:" not in r.stderr


@pytest.mark.parametrize(("value", "expected"), [("4.6e4", 46000), ("1e-05", 1e-05),
                                                 ("1E+3", 1000), ("2.5", 2.5)])
def test_json_and_yaml12_numbers_are_numbers_and_survive_export(runner: CliRunner, tmp_path: Path,
                                                                small_text: str, value: str,
                                                                expected: float) -> None:
    """4.6e4 and 1e-05 load as numbers; export then --catalog reads the JSON back."""
    cat = tmp_path / "c.yaml"
    cat.write_text(small_text.replace(_COST, "{usd: %s, year: 2025}" % value, 1))
    r = runner.invoke(app, ["show", "ai-course", "-f", "json", "--catalog", str(cat)])
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["credential"]["cost"]["usd_min"] == pytest.approx(expected)
    out = tmp_path / "export.json"
    assert runner.invoke(app, ["export", "--catalog", str(cat), "-o", str(out)]).exit_code == 0
    back = runner.invoke(app, ["show", "ai-course", "-f", "json", "--catalog", str(out)])
    assert back.exit_code == 0, back.stderr
    assert json.loads(back.stdout)["credential"]["cost"] == json.loads(r.stdout)["credential"]["cost"]


@pytest.mark.parametrize("command", [["show", "ai-course"], ["list", "-f", "csv"],
                                     ["show", "ai-course", "-f", "json"]])
def test_negative_zero_prints_the_same_with_and_without_the_cache(tmp_path: Path, small_text: str,
                                                                  command: list[str]) -> None:
    """A cost of -0.0 is 0: '$-0' never appears, cached or not."""
    cat = tmp_path / "c.yaml"
    cat.write_text(small_text.replace(_COST, "{usd: -0.0, year: 2025}", 1))
    cache = {"AIPATH_CACHE_DIR": str(tmp_path / "cache")}
    cold = run(*command, "--catalog", str(cat), env={"AIPATH_NO_CACHE": "1"})
    first = run(*command, "--catalog", str(cat), env=cache)
    warm = run(*command, "--catalog", str(cat), env=cache)
    assert cold.returncode == first.returncode == warm.returncode == 0, cold.stderr
    assert cold.stdout == first.stdout == warm.stdout
    # The catalogue's own path (pytest-0/...) and dates aside, no "-0" is printed.
    shown = re.sub(r"\d{4}-\d{2}-\d{2}", "", cold.stdout.replace(str(cat), "<catalogue>"))
    assert "-0" not in shown


# --- scale shapes outside the planner -----------------------------------------------------------


def _chain(n: int, refs: int = 1) -> dict:
    """n credentials, each listed before the ones it needs (the loader's worst order)."""
    creds = [cred(f"c-{i}", skills=["s"],
                  **({"entry": {"all": [f"c-{j}" for j in range(i + 1, min(n, i + 1 + refs))]}}
                     if i + 1 < n else {}))
             for i in range(n)]
    return catalog_doc(creds)


def _python_calls(fn) -> int:
    calls = 0

    def profile(frame, event, arg):  # noqa: ANN001
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return calls


@pytest.mark.parametrize("stage", ["validate", "lint"])
def test_loading_work_grows_linearly_with_reverse_ordered_credentials(stage: str) -> None:
    """Doubling a reverse-ordered chain doubles the work (counted in Python calls, not time);
    repeated fixpoint passes made it quadratic (10k: 85 s)."""
    import datetime

    from aipath.load.catalogue import validate_catalog
    from aipath.lint import lint_catalog

    def work(n: int) -> int:
        data = json.dumps(_chain(n)).encode()
        if stage == "validate":
            return _python_calls(lambda: validate_catalog(data, "chain.json", "0" * 64))
        cat = validate_catalog(data, "chain.json", "0" * 64)
        return _python_calls(lambda: lint_catalog(cat, today=datetime.date(2026, 11, 24),
                                                  stale_months=18))

    small, big = work(400), work(1600)
    assert big < 4.6 * small, (small, big)  # linear: 4x; quadratic: 16x


@pytest.mark.parametrize("seed", range(6))
def test_earnable_agrees_with_the_plain_fixpoint(seed: int) -> None:
    """The worklist closure gives exactly what repeated passes gave, on random conditions."""
    import random

    from aipath.models import All, AnyOf, Credential, NOf, Ref, Text, earnable, satisfied

    rnd = random.Random(seed)
    ids = [f"c-{i}" for i in range(40)]

    def cond(depth: int):  # noqa: ANN202
        if depth == 0 or rnd.random() < 0.3:
            return Text("x") if rnd.random() < 0.1 else Ref(rnd.choice(ids))
        items = tuple(cond(depth - 1) for _ in range(rnd.randint(1, 3)))
        kind = rnd.choice("aon")
        if kind == "a":
            return All(items)
        return AnyOf(items) if kind == "o" else NOf(rnd.randint(1, len(items)), items)

    creds = [Credential(id=i, name=i, provider="p", type="degree", level="graduate",
                        delivery="online", roles=("nurse",), skills=(), status="active",
                        evidence=(), entry=cond(3) if rnd.random() < 0.8 else None) for i in ids]
    start = set(rnd.sample(ids, 3))
    have, changed = set(start), True
    while changed:
        changed = False
        for c in creds:
            if c.id not in have and satisfied(c.entry, have.__contains__):
                have.add(c.id)
                changed = True
    assert earnable(creds, start) == have


@pytest.mark.parametrize("command", [["list", "-f", "json"], ["export", "-f", "dot"],
                                     ["export", "-f", "mermaid"]])
def test_big_catalogues_load_and_draw_within_a_generous_timeout(tmp_path: Path,
                                                                command: list[str]) -> None:
    """20k reverse-ordered credentials (4 prerequisites each) in a subprocess: linear work
    finishes in seconds; the quadratic loader (10k: 85 s) and figure writer (20k: 254 s) did not."""
    path = tmp_path / "big.json"
    path.write_text(json.dumps(_chain(20_000, refs=4)))
    proc = run(*command, "--catalog", str(path), env={"AIPATH_NO_CACHE": "1"}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    if command[0] == "export":
        assert proc.stdout.count("->" if "dot" in command else "-->") >= 4 * 19_990


@pytest.mark.parametrize("shape", ["all of 300 any-of-2", "150 of 300", "any of all-of-any"])
def test_ctdl_export_never_expands_conditions_exponentially(tmp_path: Path, shape: str) -> None:
    """Each condition is emitted once: 2^300 alternatives are neither built nor written."""
    creds = [cred(f"c-{i}") for i in range(600)]
    entry = {
        "all of 300 any-of-2": {"all": [{"any": [f"c-{2 * i}", f"c-{2 * i + 1}"]}
                                        for i in range(300)]},
        "150 of 300": {"n_of": {"n": 150, "of": [f"c-{i}" for i in range(300)]}},
        "any of all-of-any": {"any": ["c-1", {"all": [{"any": [f"c-{2 * i}", f"c-{2 * i + 1}"]}
                                                      for i in range(40)]}]},
    }[shape]
    creds.append(cred("top", entry=entry))
    path = write_doc(tmp_path / "c.json", creds)
    proc = run("export", "-f", "ctdl", "--catalog", str(path), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout) < 20 * path.stat().st_size
    top = next(n for n in json.loads(proc.stdout)["@graph"]
               if n["@id"] == "urn:aipath:credential:top")
    text = json.dumps(top["ceterms:requires"])
    import re

    for cid in set(re.findall(r"c-\d+", json.dumps(entry))):  # every reference, still there
        assert f"urn:aipath:credential:{cid}\"" in text


# --- smaller ------------------------------------------------------------------------------------


def test_lint_strict_keeps_its_report_on_stdout_and_says_so(runner: CliRunner, tmp_path: Path,
                                                            small_text: str) -> None:
    """Decided: the report is the result, so stdout with exit 1; --help documents it."""
    cat = tmp_path / "c.yaml"
    cat.write_text(small_text.replace(_COST, "{usd: 100}", 1))
    r = runner.invoke(app, ["lint", "--strict", "--today", "2026-11-24", "-f", "json",
                            "--catalog", str(cat)])
    assert r.exit_code == 1
    assert "cost-no-year" in [w["code"] for w in json.loads(r.stdout)["warnings"]]
    help_text = runner.invoke(app, ["lint", "--help"]).stdout
    assert "stdout" in help_text and "--strict" in help_text


def test_the_shipped_catalogue_is_lint_strict_clean(runner: CliRunner) -> None:
    """Every shipped credential passes lint --strict on the day its facts were last checked."""
    r = runner.invoke(app, ["lint", "--strict", "--today", "2026-12-04", "-f", "json"])
    assert r.exit_code == 0, r.stdout
    assert json.loads(r.stdout)["warnings"] == []


@pytest.mark.parametrize("how", [["--goal", "bsn"], ["--profile", "GOAL"]])
def test_a_goal_already_held_is_said_not_dropped(runner: CliRunner, tmp_path: Path,
                                                 how: list[str]) -> None:
    """The plan cannot add a goal you hold; a note on stderr says so; stdout stays JSON."""
    if how[0] == "--profile":
        prof = tmp_path / "me.yaml"
        prof.write_text("background: nurse\ngoal: bsn\n")
        how = ["--profile", str(prof)]
    r = runner.invoke(app, ["plan", "--role", "nurse", *how, "-f", "json"])
    assert r.exit_code == 0, r.stderr
    assert "goal bsn is already held" in r.stderr
    assert json.loads(r.stdout)["query"]["goal"] == "bsn"


@pytest.mark.parametrize("content", ["", "# only a comment\n", "- a list\n", "just text\n",
                                     "x" * (1024 * 1024 + 10), "API_KEY: s3cr3t\n"])
def test_profile_errors_use_profile_wording(runner: CliRunner, tmp_path: Path,
                                            content: str) -> None:
    """Not "expected 'credentials:'" nor "--max-catalog-mib": those are the catalogue's words."""
    prof = tmp_path / "me.yaml"
    prof.write_text(content)
    r = runner.invoke(app, ["plan", "--role", "nurse", "--profile", str(prof)])
    assert_one_line(r.stdout, r.stderr, r.exit_code, 1, str(prof), "profile")
    assert "credentials" not in r.stderr and "max-catalog-mib" not in r.stderr
    assert "s3cr3t" not in r.stderr  # a typo'd key is named, a value never is


@pytest.mark.parametrize("dot", ["hangs", "fails"])
def test_graphviz_that_hangs_or_fails_is_one_line(runner: CliRunner, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  dot: str) -> None:
    """SVG output runs 'dot' with a timeout; a broken dot is one line, and no file is left."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text("#!/bin/sh\n" + ("exec sleep 30\n" if dot == "hangs"
                                     else "echo 'Error: syntax error' >&2\nexit 3\n"))
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    from aipath.exports import dot as dot_export
    monkeypatch.setattr(dot_export, "DOT_TIMEOUT_S", 1)
    target = tmp_path / "plan.svg"
    r = runner.invoke(app, ["plan", "--role", "nurse", "-f", "dot", "-o", str(target)])
    assert_one_line(r.stdout, r.stderr, r.exit_code, 2, "dot")
    assert ("did not finish" in r.stderr) == (dot == "hangs")
    assert not target.exists() and not list(tmp_path.glob(".aipath-*"))


def test_cache_entries_are_private_and_still_used_under_a_loose_umask(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries are 0600 in a 0700 folder whatever the umask, so they pass the ownership check."""
    from aipath.catalog import load_catalog
    from aipath.load import catalogue

    old = os.umask(0)
    try:
        load_catalog(SMALL)
    finally:
        os.umask(old)
    (entry,) = cache.glob("catalog-*.json")
    assert entry.stat().st_mode & 0o777 == 0o600 and cache.stat().st_mode & 0o777 == 0o700
    monkeypatch.setattr(catalogue, "validate_catalog", lambda *a: pytest.fail("validated again"))
    assert load_catalog(SMALL).credentials


def test_output_to_dev_stdout_on_a_pipe_is_refused_in_one_line() -> None:
    """-o /dev/stdout names a pipe here: not a regular file, so exit 2 (not a confusing ENOENT)."""
    proc = run("roles", "-f", "json", "-o", "/dev/stdout")
    assert_one_line(proc.stdout, proc.stderr, proc.returncode, 2, "not a regular file")
