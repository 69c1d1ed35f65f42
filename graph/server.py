"""The managed Neo4j: fetched with Maven, started, checked and stopped by policykg.

Used only when ``NEO4J_URI`` is unset. The Neo4j Community jars (and Neo4j Browser)
are resolved once from Maven Central into ``<cache>/neo4j-<version>/lib``; each
server lives in a state dir holding its ``conf/``, ``data/``, ``logs/`` and:

- ``server.json``: pid, ports and auth of the running server (absent when stopped);
- ``neo4j-password``: the generated password of user ``neo4j`` (mode 0600, auth on only);
- ``logs/console.log``: what the Java process printed during its latest run.

Never data: what is stored in the graph is none of this module's business.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from .config import Settings, default_cache_dir
from .errors import (
    GraphError,
    JarsUnavailable,
    PortInUse,
    PrerequisiteMissing,
    ServerExitedDuringStart,
    StaleState,
    StartTimeout,
)

__all__ = [
    "ManagedServer",
    "ServerInfo",
    "ServerStatus",
    "bolt_answers",
    "ensure_jars",
    "ensure_running",
    "find_java",
    "free_port",
    "http_answers",
    "neo4j_version",
    "read_password",
    "read_record",
]

log = logging.getLogger(__name__)

POM = Path(__file__).with_name("neo4j-pom.xml")
RECORD = "server.json"
PASSWORD = "neo4j-password"
CONSOLE_LOG = Path("logs") / "console.log"
MIN_JAVA = 17
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"

# The JVM flags Neo4j 5.26's own launcher passes on Java 17 (its default neo4j.conf's
# server.jvm.additional list plus what the bootloader adds), minus -XX:+AlwaysPreTouch:
# pre-touching would make every development server hold its whole heap from the start.
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
    "-Dfile.encoding=UTF-8",
)


# An idle server otherwise spends 10 s of its stop in Bolt's Netty quiet period and
# connection wait. Internal settings of the pinned 5.26 (integers are seconds); a Neo4j
# that no longer knows them refuses to start, naming the setting in its log.
FAST_BOLT_SHUTDOWN = {
    "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
    "internal.dbms.bolt.netty_server_shutdown_timeout": "2",
    "internal.server.bolt.connection_shutdown_wait_time": "0s",
    "internal.server.bolt.thread_pool_shutdown_wait_time": "1s",
}


# With keep-alive messages during requests (the default, STREAMING) the server asks every
# driver to give up on a connection silent for 120 s ("connection.recv_timeout_seconds"), and
# the Python driver then runs each socket read of the answer under an asyncio timeout: a task
# per read, about a quarter of the driver's CPU on a 20-row answer (2.1 against 1.6 ms a read,
# benchmarks/README.md). The managed server is on loopback, where no middlebox drops a quiet
# connection; a query's time is bounded by db.transaction.timeout either way.
BOLT_READS = {"server.bolt.connection_keep_alive_for_requests": "OFF"}


@lru_cache(maxsize=1)
def neo4j_version() -> str:
    """The Neo4j version pinned in ``graph/neo4j-pom.xml``."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    version = ET.parse(POM).getroot().findtext("m:properties/m:neo4j.version", namespaces=ns)
    if not version:
        raise GraphError(f"{POM}: no <neo4j.version> property; restore the file from git")
    return version.strip()


# --- prerequisites ---------------------------------------------------------------------


def find_java() -> Path:
    """The ``java`` to run Neo4j with ($JAVA_HOME first, then PATH); checks it is 17+."""
    java_home = os.environ.get("JAVA_HOME")
    found = None
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        found = str(Path(java_home) / "bin" / "java")
    found = found or shutil.which("java")
    if not found:
        raise PrerequisiteMissing("java", "openjdk-17-jre-headless")
    try:
        out = subprocess.run(
            [found, "-version"], capture_output=True, text=True, timeout=60, check=False
        ).stderr
    except OSError as exc:
        raise PrerequisiteMissing(
            "java", "openjdk-17-jre-headless", f"{found} does not run ({exc})"
        ) from exc
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        raise PrerequisiteMissing(
            "java", "openjdk-17-jre-headless", f"cannot read the version printed by {found}"
        )
    major = int(match[1]) if match[1] != "1" else int(match[2] or 0)
    if major < MIN_JAVA:
        raise PrerequisiteMissing(
            "java",
            "openjdk-17-jre-headless",
            f"{found} is Java {major}; Neo4j {neo4j_version()} needs Java {MIN_JAVA} or 21",
        )
    return Path(found)


def ensure_jars(cache_dir: Path) -> Path:
    """The directory of Neo4j jars, resolved with Maven on first use and reused after.

    Maven copies into a temporary directory that is renamed into place only when
    complete, so an interrupted download never leaves a half-filled ``lib``.
    """
    version = neo4j_version()
    home = Path(cache_dir) / f"neo4j-{version}"
    lib = home / "lib"
    marker = lib / f"neo4j-{version}.jar"
    if marker.is_file():
        return lib
    mvn = shutil.which("mvn")
    if not mvn:
        raise PrerequisiteMissing("mvn", "maven", f"not found on PATH (needed once to fetch Neo4j {version} into {home})")
    home.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".lib-", dir=home))
    log.info("Fetching Neo4j %s with Maven into %s (once, about 140 MB)", version, lib)
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [
                mvn, "-q", "-B", "-f", str(POM),
                "dependency:copy-dependencies",
                f"-DoutputDirectory={tmp}",
                "-DincludeScope=runtime",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0 or not (tmp / marker.name).is_file():
            output = _last_lines(proc.stdout + proc.stderr, 15)
            raise JarsUnavailable(
                f"mvn could not fetch Neo4j {version} (exit {proc.returncode}, pom {POM}); "
                f"check access to Maven Central (proxy: ~/.m2/settings.xml), then retry\n{output}"
            )
        try:
            tmp.rename(lib)
        except OSError:
            if not marker.is_file():  # not simply another process that finished first
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("Fetched %d jars in %.0f s", len(list(lib.glob("*.jar"))), time.monotonic() - started)
    return lib


def free_port(host: str = "127.0.0.1") -> int:
    """A loopback port nobody listens on right now (for throw-away servers)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a listening socket could be opened on ``host:port`` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Neo4j's listeners set SO_REUSEADDR too, so a port in TIME_WAIT counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def bolt_answers(port: int, host: str = "127.0.0.1", timeout: float = 1.0) -> bool:
    """Whether a Bolt server completes the version handshake on ``host:port``.

    Needs no credentials: the handshake precedes authentication.
    """
    # Magic preamble, then four proposals: 5.0-5.8 (range 8 below 5.8) and 4.4.
    hello = b"\x60\x60\xb0\x17" + struct.pack(">IIII", 0x00080805, 0x00000404, 0, 0)
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(hello)
            reply = b""
            while len(reply) < 4:
                chunk = sock.recv(4 - len(reply))
                if not chunk:
                    return False
                reply += chunk
    except OSError:
        return False
    return reply != b"\x00\x00\x00\x00"


# Loopback only: a proxy from the environment (http_proxy) must not be asked.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_answers(port: int, host: str = "127.0.0.1", timeout: float = 1.0) -> bool:
    """Whether Neo4j's HTTP connector serves its discovery document on ``host:port``."""
    try:
        with _DIRECT.open(f"http://{host}:{port}/", timeout=timeout) as response:
            return bool(response.status == 200)
    except (OSError, ValueError):
        return False


# --- state files -----------------------------------------------------------------------


@dataclass(frozen=True)
class ServerInfo:
    """What ``server.json`` records about a running managed server."""

    pid: int
    bolt_port: int
    http_port: int
    auth: bool
    version: str
    state_dir: str
    started_at: str

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"

    @property
    def password_file(self) -> Path | None:
        return Path(self.state_dir) / PASSWORD if self.auth else None


def read_record(state_dir: Path) -> ServerInfo | None:
    """The server recorded in ``<state_dir>/server.json``, or None (absent or unreadable)."""
    path = Path(state_dir) / RECORD
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ServerInfo(**{k: data[k] for k in ServerInfo.__dataclass_fields__})
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("Ignoring unreadable %s (%s)", path, exc)
        return None


def read_password(state_dir: Path) -> str | None:
    """The generated password of user ``neo4j``, if this state dir has one."""
    try:
        return (Path(state_dir) / PASSWORD).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, readable by its owner only."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _last_lines(text: str, lines: int) -> str:
    return "\n".join(text.splitlines()[-lines:])


# --- processes -------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie child counts as dead and is reaped)."""
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def _cmdline(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return raw.decode(errors="replace").split("\0")


def _terminate(pid: int, grace: float) -> None:
    """SIGTERM, wait up to ``grace`` seconds, then SIGKILL."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while _pid_alive(pid):
        if time.monotonic() > deadline:
            log.warning("Neo4j (pid %d) ignored SIGTERM for %.0f s; killing it", pid, grace)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            kill_deadline = time.monotonic() + 10
            while _pid_alive(pid) and time.monotonic() < kill_deadline:
                time.sleep(0.1)
            return
        time.sleep(0.1)


@dataclass(frozen=True)
class ServerStatus:
    """What ``policykg neo4j status`` reports."""

    state_dir: str
    running: bool
    answering: bool
    info: ServerInfo | None
    log_file: str

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "state_dir": self.state_dir,
            "running": self.running,
            "answering": self.answering,
            "log_file": self.log_file,
        }
        if self.info:
            out |= asdict(self.info) | {"uri": self.info.uri, "browser": self.info.browser_url}
            if self.info.password_file:
                out["password_file"] = str(self.info.password_file)
        return out


class ManagedServer:
    """A Neo4j Community server run from the cached jars in its own state dir."""

    def __init__(
        self,
        state_dir: Path,
        bolt_port: int = 7687,
        http_port: int = 7474,
        auth: bool = True,
        *,
        cache_dir: Path | None = None,
        heap: str = "512m",
        pagecache: str = "256m",
        start_timeout: float = 120.0,
        stop_timeout: float = 60.0,
        transaction_timeout: float = 30.0,
        transaction_memory: str = "256m",
        extra_conf: Mapping[str, str] | None = None,
    ):
        self.state_dir = Path(state_dir).resolve()
        self.bolt_port = bolt_port
        self.http_port = http_port
        self.auth = auth
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.heap = heap
        self.pagecache = pagecache
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self.transaction_timeout = transaction_timeout
        self.transaction_memory = transaction_memory
        self.extra_conf = dict(extra_conf or {})
        self._proc: subprocess.Popen[bytes] | None = None

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: object) -> ManagedServer:
        options: dict[str, object] = {
            "bolt_port": settings.bolt_port,
            "http_port": settings.http_port,
            "auth": settings.auth,
            "cache_dir": settings.cache_dir,
            "heap": settings.heap,
            "pagecache": settings.pagecache,
            "start_timeout": settings.start_timeout,
            "transaction_timeout": settings.query_timeout,
            "transaction_memory": settings.transaction_memory,
        } | overrides
        return cls(settings.state_dir, **options)  # type: ignore[arg-type]

    # paths

    @property
    def record_file(self) -> Path:
        return self.state_dir / RECORD

    @property
    def password_file(self) -> Path:
        return self.state_dir / PASSWORD

    @property
    def log_file(self) -> Path:
        return self.state_dir / CONSOLE_LOG

    @property
    def conf_dir(self) -> Path:
        return self.state_dir / "conf"

    # public API

    def start(self) -> ServerInfo:
        """Start the server, or return the one already running from this state dir."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        # The state dir holds the password file, the auth store and the graph: its owner's only.
        os.chmod(self.state_dir, 0o700)
        with self._lock():
            running = self._running()
            if running:
                if (running.bolt_port, running.http_port) != (self.bolt_port, self.http_port):
                    log.warning(
                        "Neo4j already runs from %s on ports %d/%d (asked for %d/%d); "
                        "stop it first to change ports",
                        self.state_dir, running.bolt_port, running.http_port,
                        self.bolt_port, self.http_port,
                    )
                return running
            java = find_java()
            lib = ensure_jars(self.cache_dir)
            self._check_ports()
            self._write_conf()
            if self.auth:
                self._ensure_password(java, lib)
            return self._spawn(java, lib)

    def import_store(self, arguments: list[str], database: str = "neo4j") -> subprocess.CompletedProcess[str]:
        """Run ``neo4j-admin database import full ARGUMENTS DATABASE`` on this state dir's store
        (the server stopped), with the server's configuration; the finished process."""
        if self._running() is not None:
            raise StaleState(f"the server of {self.state_dir} is running; it must be stopped for an import")
        java = find_java()
        lib = ensure_jars(self.cache_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.state_dir, 0o700)
        self._write_conf()
        if self.auth:
            self._ensure_password(java, lib)
        return subprocess.run(
            # the database first: the last --nodes/--relationships option would take it for a file
            [str(java), f"-Xmx{self.heap}", "-cp", f"{lib}/*", ADMIN_TOOL, "database", "import", "full",
             database, *arguments],
            env=self._child_env(), cwd=self.state_dir, capture_output=True, text=True, check=False,
        )

    def stop(self) -> ServerInfo | None:
        """Stop the recorded server; returns what was stopped, or None if nothing ran."""
        with self._lock():
            info = read_record(self.state_dir)
            if info is None:
                return None
            if self._ours(info.pid):
                _terminate(info.pid, self.stop_timeout)
            else:
                log.info("Neo4j (pid %d) had already exited; removing %s", info.pid, self.record_file)
                info = None
            self.record_file.unlink(missing_ok=True)
            if self._proc is not None:
                with contextlib.suppress(ChildProcessError):
                    self._proc.wait(timeout=5)
                self._proc = None
            return info

    def status(self) -> ServerStatus:
        info = read_record(self.state_dir)
        running = bool(info and self._ours(info.pid))
        return ServerStatus(
            state_dir=str(self.state_dir),
            running=running,
            answering=bool(running and info and bolt_answers(info.bolt_port)),
            info=info if running else None,
            log_file=str(self.log_file),
        )

    def log_tail(self, lines: int = 30) -> str:
        """The last ``lines`` lines the Java process printed (empty if it never ran)."""
        try:
            with self.log_file.open("rb") as fh:
                fh.seek(0, os.SEEK_END)
                fh.seek(max(0, fh.tell() - 256 * 1024))
                text = fh.read().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return ""
        return _last_lines(text, lines)

    # steps

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """One start or stop at a time per state dir, across processes."""
        with open(self.state_dir / ".lock", "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _ours(self, pid: int) -> bool:
        """Whether ``pid`` is alive and is a Neo4j started from this state dir."""
        if not _pid_alive(pid):
            return False
        args = _cmdline(pid)
        return args is None or f"--home-dir={self.state_dir}" in args  # no /proc: trust the pid

    def _running(self) -> ServerInfo | None:
        """The recorded server if it is alive and answers; cleans up a stale record."""
        info = read_record(self.state_dir)
        if info is None:
            if self.record_file.exists():
                self.record_file.unlink()
            return None
        if not self._ours(info.pid):
            log.info(
                "Removing stale %s: the Neo4j it records (pid %d) is no longer running",
                self.record_file, info.pid,
            )
            self.record_file.unlink(missing_ok=True)
            return None
        deadline = time.monotonic() + self.start_timeout
        while not bolt_answers(info.bolt_port):
            if not self._ours(info.pid):
                self.record_file.unlink(missing_ok=True)
                return None
            if time.monotonic() > deadline:
                raise StartTimeout(
                    f"Neo4j (pid {info.pid}, state dir {self.state_dir}) is running but does not "
                    f"answer on {info.uri}; run `policykg neo4j stop`, then start again",
                    self.log_tail(),
                )
            time.sleep(0.2)
        return info

    def _check_ports(self) -> None:
        if self.bolt_port == self.http_port:
            raise PortInUse(self.http_port, "HTTP, same as Bolt", "POLICYKG_HTTP_PORT")
        for port, connector, variable in (
            (self.bolt_port, "Bolt", "POLICYKG_BOLT_PORT"),
            (self.http_port, "HTTP", "POLICYKG_HTTP_PORT"),
        ):
            if not port_free(port):
                raise PortInUse(port, connector, variable)

    def _write_conf(self) -> None:
        state = self.state_dir
        conf = {
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{self.bolt_port}",
            "server.bolt.advertised_address": f"127.0.0.1:{self.bolt_port}",
            "server.http.enabled": "true",
            "server.http.listen_address": f"127.0.0.1:{self.http_port}",
            "server.http.advertised_address": f"127.0.0.1:{self.http_port}",
            "server.https.enabled": "false",
            "server.directories.data": str(state / "data"),
            "server.directories.logs": str(state / "logs"),
            "server.directories.run": str(state / "run"),
            "server.memory.heap.initial_size": self.heap,
            "server.memory.heap.max_size": self.heap,
            "server.memory.pagecache.size": self.pagecache,
            "dbms.security.auth_enabled": "true" if self.auth else "false",
            "dbms.usage_report.enabled": "false",
            # The server ends a transaction past its time or memory itself: the driver's
            # timeout alone marked queries Terminated that went on using the CPU for minutes.
            "db.transaction.timeout": f"{max(self.transaction_timeout, 1.0):.0f}s",
            "db.memory.transaction.max": self.transaction_memory,
            **BOLT_READS,
        } | FAST_BOLT_SHUTDOWN | self.extra_conf
        self.conf_dir.mkdir(parents=True, exist_ok=True)
        (state / "logs").mkdir(exist_ok=True)
        lines = ["# Written by policykg on every start; edits are lost.", ""]
        lines += [f"{key}={value}" for key, value in conf.items()]
        (self.conf_dir / "neo4j.conf").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def _ensure_password(self, java: Path, lib: Path) -> None:
        """Give user ``neo4j`` a generated password before the first start."""
        if self.password_file.exists():
            return
        if (self.state_dir / "data" / "databases" / "system").exists():
            raise StaleState(
                f"{self.password_file} is missing but the database in {self.state_dir / 'data'} "
                f"already exists, so its password cannot be set again; restore the file, or "
                f"delete {self.state_dir / 'data'} (the graph is rebuilt by loading the documents)"
            )
        password = secrets.token_urlsafe(24)
        _write_private(self.password_file, password + "\n")
        # The password is an argument for a moment: the admin tool takes it no other way.
        proc = subprocess.run(
            [str(java), "-cp", f"{lib}/*", ADMIN_TOOL, "dbms", "set-initial-password", password],
            env=self._child_env(),
            cwd=self.state_dir,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            self.password_file.unlink(missing_ok=True)
            raise ServerExitedDuringStart(
                f"neo4j-admin could not set the initial password in {self.state_dir} "
                f"(exit {proc.returncode}); fix the problem below, then start again",
                _last_lines(proc.stdout + proc.stderr, 30),
            )
        self._protect_auth_files()
        log.info("Generated the password of user neo4j in %s", self.password_file)

    def _protect_auth_files(self) -> None:
        """Make the server's auth store (``data/dbms/auth*``) readable by its owner only."""
        for path in (self.state_dir / "data" / "dbms").glob("auth*"):
            if path.is_file():
                os.chmod(path, 0o600)

    def _child_env(self) -> dict[str, str]:
        # Our NEO4J_* settings mean nothing to the server; its NEO4J_HOME/CONF are ours.
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
        env["NEO4J_HOME"] = str(self.state_dir)
        env["NEO4J_CONF"] = str(self.conf_dir)
        return env

    def _spawn(self, java: Path, lib: Path) -> ServerInfo:
        if self.log_file.exists():
            self.log_file.replace(self.log_file.with_suffix(".log.1"))
        command = [
            str(java),
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            *JVM_OPTIONS,
            "-cp",
            f"{lib}/*",
            ENTRY_POINT,
            f"--home-dir={self.state_dir}",
            f"--config-dir={self.conf_dir}",
            "--console-mode",
        ]
        started = time.monotonic()
        with self.log_file.open("wb") as out:
            self._proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.state_dir,
                env=self._child_env(),
                start_new_session=True,  # survives the CLI that started it, and its Ctrl-C
            )
        proc = self._proc
        log.info("Starting Neo4j %s (pid %d) from %s", neo4j_version(), proc.pid, self.state_dir)
        deadline = started + self.start_timeout
        # Bolt opens first, HTTP (and the Browser) about a second later: wait for both.
        while not (bolt_answers(self.bolt_port) and http_answers(self.http_port)):
            code = proc.poll()
            if code is not None:
                self._proc = None
                raise ServerExitedDuringStart(
                    f"Neo4j exited with code {code} while starting from {self.state_dir}; "
                    f"fix the problem shown below (full log: {self.log_file}), then start again",
                    self.log_tail(30),
                )
            if time.monotonic() > deadline:
                _terminate(proc.pid, self.stop_timeout)
                self._proc = None
                raise StartTimeout(
                    f"Neo4j did not answer on ports {self.bolt_port} (Bolt) and {self.http_port} (HTTP) within "
                    f"{self.start_timeout:.0f} s and was stopped (full log: {self.log_file}); "
                    f"on a slow machine raise POLICYKG_NEO4J_START_TIMEOUT",
                    self.log_tail(30),
                )
            time.sleep(0.2)
        info = ServerInfo(
            pid=proc.pid,
            bolt_port=self.bolt_port,
            http_port=self.http_port,
            auth=self.auth,
            version=neo4j_version(),
            state_dir=str(self.state_dir),
            started_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        _write_private(self.record_file, json.dumps(asdict(info), indent=2) + "\n")
        self._protect_auth_files()
        log.info("Neo4j answers on %s and %s after %.1f s", info.uri, info.browser_url, time.monotonic() - started)
        return info


def ensure_running(settings: Settings) -> ServerInfo | None:
    """Start (or reuse) the managed server; None when ``NEO4J_URI`` names another one."""
    if not settings.managed:
        return None
    return ManagedServer.from_settings(settings).start()
