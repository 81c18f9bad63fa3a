"""`make bench`: the app against its own stack's ceiling, on generated datasets.

For each dataset (1k, 10k, 100k events; 1M with --million) this builds a
PostgreSQL database (kept between runs while the generator is unchanged), serves
it with gunicorn (2 sync workers, Redis cache) on loopback, drives every endpoint
with wrk for a bounded time and prints requests/s, p50 and p99, and the ratio to
a "hello" view and a small-template view measured in the same run, on the same
server; the unchanged feed is also set against a file of its size sent by the
same stack, since past a few tens of KiB its bytes, not the app, set its rate.
Pages are measured as readers get them (cached under the calendar stamp, asked
with a browser's Accept-Encoding; one row without it) and built from the
database for every request ("uncached", a distinct ?nocache=N per request).
It also prints the month query's EXPLAIN, the time the full feed takes to be
built from nothing (against the time icalendar takes to write the same events,
measured in the same run), the time a feed takes to be ready again after one
event changes, the workers' peak memory while the largest feed is built and
served, and the time the VEVENTs of 10,000 events take with the direct writer
against icalendar's tree (bench/vevent_writer.py). Each target (the constants
below) is printed at the end with PASS or FAIL.

Figures drift between runs on shared machines; ratios measured in one run don't.

    make bench                                   # 1k, 10k, 100k
    make bench BENCH_ARGS="--million"            # and 1M (about 10 minutes more)
    make bench BENCH_ARGS="--sizes 1k --duration 3"
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
MONTH = "/2013/09/"
# What every browser sends; the reference views ignore it, cached pages use it.
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}
CHANGES = 10
# Every database the bench makes is named cstocal_bench_<size> and carries a comment
# starting with this; it drops only databases that do, and refuses to touch others.
MARK = "cstocal bench dataset"

# Targets, checked at the end of the run.
MONTH_TARGET = 0.5  # month page at 10k, cached, against the small template
FEED_TARGET = 0.8  # unchanged full feed, against hello (1k) and a file of its size
# Pages and the API built from the database for every request, against hello,
# at 10k and 100k events.
UNCACHED_TARGETS = {
    "month uncached": 0.18,
    "year uncached": 0.10,
    "agenda uncached": 0.10,
    "timeline uncached": 0.10,
    "event page uncached": 0.3,
    "api list, window uncached": 0.3,
}
UNCACHED_SIZES = ("10k", "100k")
# A feed ready again after one change, in-process p50, by dataset.
REBUILD_MS = {"10k": 50, "100k": 100}
# The full feed built from nothing, against what icalendar takes to write the
# same events' VEVENTs (measured in the same run), and in seconds at 100k.
COLD_FEED_TARGET = 0.1
COLD_FEED_SECONDS = {"100k": 5.0}
# Events icalendar writes to measure its time per event (spread over the table).
FLOOR_SAMPLE = 10_000
MILLION_TARGET = 1.5  # uncached month p50 at 1M against 1k
MEMORY_TARGET = 2.0  # 100k feed: worker peak RSS growth against the feed's size
PROPOSING_SECONDS = 1.0  # proposing from a 5,000-word statement, dictionary loading included
VEVENT_WRITER_TARGET = 0.1  # 10k events' VEVENTs: the direct writer against icalendar's tree


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def database_name(label: str) -> str:
    return f"cstocal_bench_{label}"


def database_url(label: str) -> str:
    return f"{POSTGRES}/{database_name(label)}"


def child_env(label: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url(label),
        "REDIS_URL": REDIS_URL,
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-" + "x" * 50),
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HSTS_SECONDS": "0",
        # One client hammering the API is the point here, not something to refuse.
        "CSTOCAL_API_RATE_ANON": "100000000/min",
        "PYTHONPATH": str(ROOT),
        "CSTOCAL_FEED_DIR": str(Path(tempfile.gettempdir()) / f"cstocal-bench-{label}-feeds"),
    }


# Parent: one child process per dataset, then the targets -------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k,100k", help="datasets: 1k,10k,100k,1m")
    parser.add_argument("--million", action="store_true", help="add the 1M-event dataset")
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per endpoint")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return Dataset(args.child, args).run()

    labels = [label.strip().lower() for label in args.sizes.split(",") if label.strip()]
    if args.million and "1m" not in labels:
        labels.append("1m")
    unknown = [label for label in labels if label not in SIZES]
    if unknown:
        parser.error(f"unknown dataset {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    missing = services_missing()
    if missing:
        parser.error("; ".join(missing))

    # Every file of the run (servers' feeds and logs, the reference files, results) in
    # one folder of its own: removed after a run that passed, kept for its logs otherwise.
    scratch = Path(tempfile.mkdtemp(prefix="cstocal-bench-"))
    os.environ["TMPDIR"] = str(scratch)
    tempfile.tempdir = None
    status = run_datasets(labels, args)
    if status == 0:
        shutil.rmtree(scratch)
    else:
        log(f"logs kept in {scratch}")
    return status


def run_datasets(labels: list[str], args) -> int:
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=child_env(labels[0]),
        check=True,
    )
    results = {}
    for label in labels:
        with tempfile.NamedTemporaryFile(suffix=".json") as output:
            command = [PYTHON, "-m", "bench.run", "--child", label, "--output", output.name]
            command += ["--duration", str(args.duration), "--connections", str(args.connections)]
            child = subprocess.run(command, cwd=ROOT, env=child_env(label), check=False)
            if child.returncode != 0:
                log(f"the {label} dataset's run failed (above); stopping")
                return child.returncode
            results[label] = json.loads(Path(output.name).read_text())
    log("\n== proposing from a statement ==")
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        command = [PYTHON, "-m", "bench.proposing", output.name]
        subprocess.run(command, cwd=ROOT, env=child_env(labels[0]), check=True)
        results["proposing"] = json.loads(Path(output.name).read_text())
    log("\n== VEVENT writer against icalendar ==")
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        command = [PYTHON, "-m", "bench.vevent_writer", output.name]
        subprocess.run(command, cwd=ROOT, env=child_env(labels[0]), check=True)
        results["vevent writer"] = json.loads(Path(output.name).read_text())
    return report_targets(results)


def services_missing() -> list[str]:
    """What the bench needs and cannot find, each with how to provide it. It installs
    and starts nothing itself."""
    import psycopg
    import redis

    missing = []
    if not shutil.which("wrk"):
        missing.append("wrk is not installed (Debian/Ubuntu: sudo apt-get install wrk)")
    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.Error as exc:
        missing.append(f"PostgreSQL is not reachable at {POSTGRES} ({exc}); set BENCH_POSTGRES")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        missing.append(f"Redis is not reachable at {REDIS_URL} ({exc}); set BENCH_REDIS_URL")
    return missing


def report_targets(results: dict) -> int:
    print("\n== Targets ==")
    checks = []

    def check(name: str, value: float, target: float, *, at_most: bool = False) -> None:
        ok = value <= target if at_most else value >= target
        sign = "<=" if at_most else ">="
        checks.append(ok)
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {value:.2f} (target {sign} {target})")

    if "10k" in results:
        rows = results["10k"]["rows"]
        check("month page at 10k, cached, x small template", rows["month"]["x_small"], MONTH_TARGET)
    for label in UNCACHED_SIZES:
        if label not in results:
            continue
        rows = results[label]["rows"]
        for name, target in UNCACHED_TARGETS.items():
            check(f"{name} at {label}, x hello", rows[name]["x_hello"], target)
    for label, milliseconds in REBUILD_MS.items():
        if label in results:
            check(
                f"{label} feed ready after one change, in-process p50 ms",
                results[label]["rebuild_ms"]["p50"],
                milliseconds,
                at_most=True,
            )
    for label, result in results.items():
        cold = result.get("cold_build") if isinstance(result, dict) else None
        if not cold:
            continue
        check(
            f"{label} full feed from nothing ({cold['seconds']:.2f} s), "
            f"x icalendar for the same events ({cold['icalendar_seconds']:.2f} s)",
            cold["seconds"] / cold["icalendar_seconds"],
            COLD_FEED_TARGET,
            at_most=True,
        )
        if label in COLD_FEED_SECONDS:
            check(
                f"{label} full feed from nothing, s",
                cold["seconds"],
                COLD_FEED_SECONDS[label],
                at_most=True,
            )
    if "1k" in results:
        row = results["1k"]["rows"]["feed unchanged"]
        check("unchanged full feed at 1k (gzip), x hello", row["x_hello"], FEED_TARGET)
    for language, timing in results.get("proposing", {}).items():
        check(
            f"proposing from a {timing['words']:,}-word statement ({language}, first), s",
            timing["cold_s"],
            PROPOSING_SECONDS,
            at_most=True,
        )
    writer = results.get("vevent writer", {}).get("10000")
    if writer:
        check(
            "10k events' VEVENTs, direct writer / icalendar",
            writer["direct_s"] / writer["icalendar_s"],
            VEVENT_WRITER_TARGET,
            at_most=True,
        )
    for label, result in results.items():
        if label in {"proposing", "vevent writer"}:
            continue
        rows = result["rows"]
        if "feed unchanged" in rows:
            feed, file = rows["feed unchanged"], rows["file of the feed's size"]
            check(
                f"unchanged full feed at {label} ({feed['kb']:.0f} KiB), "
                f"x a file of its size ({feed['x_hello']:.2f} x hello)",
                feed["rps"] / file["rps"],
                FEED_TARGET,
            )
    if "1k" in results and "1m" in results:
        ratio = results["1m"]["rows"]["month uncached"]["p50_ms"] / max(
            results["1k"]["rows"]["month uncached"]["p50_ms"], 0.001
        )
        check("uncached month p50 at 1M / at 1k", ratio, MILLION_TARGET, at_most=True)
    if "100k" in results and results["100k"].get("memory"):
        memory = results["100k"]["memory"]
        check(
            "100k feed: worker peak RSS / feed size",
            memory["peak_over_size"],
            MEMORY_TARGET,
            at_most=True,
        )
    return 0 if all(checks) else 1


# Child: one dataset, one server --------------------------------------------------


class Dataset:
    def __init__(self, label: str, args) -> None:
        self.label = label
        self.size = SIZES[label]
        self.duration = args.duration
        self.connections = args.connections
        self.output = args.output
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.result: dict = {"size": self.size, "rows": {}}

    def run(self) -> int:
        import django

        django.setup()
        log(f"\n== {self.label}: {self.size:,} events ==")
        self.prepare()
        server = self.start_server()
        try:
            self.measure(server)
        finally:
            server.terminate()
            server.wait(timeout=30)
        Path(self.output).write_text(json.dumps(self.result))
        return 0

    # The data ---------------------------------------------------------------

    def prepare(self) -> None:
        import psycopg
        from django.core.management import call_command
        from psycopg import sql

        from bench import dataset

        name = database_name(self.label)
        marker = f"{MARK} v{dataset.VERSION}, {self.size} events"
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            row = admin.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            ).fetchone()
            if row is not None and not (row[0] or "").startswith(MARK):
                raise SystemExit(
                    f"database {name} exists but was not made by the bench (its comment does "
                    f"not start with {MARK!r}), so it is left alone: drop or rename it "
                    "yourself, or point BENCH_POSTGRES at another server"
                )
            fresh = row is None or row[0] != marker
            if fresh and row is not None:
                # An older dataset of ours. Without FORCE: a session still using it
                # (a leftover server) is named, not cut off.
                try:
                    admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
                except psycopg.errors.ObjectInUse as exc:
                    raise SystemExit(
                        f"the bench's older dataset {name} is in use ({exc}); "
                        "stop what is connected to it and run again"
                    ) from exc
            if fresh:
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                # Marked at once, so a run stopped while generating left a database
                # the next run knows as its own (and rebuilds).
                admin.execute(
                    sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                        sql.Identifier(name), sql.Literal(f"{MARK}, being generated")
                    )
                )
        call_command("migrate", interactive=False, verbosity=0)
        if fresh:
            started = time.perf_counter()
            dataset.generate(self.size)
            log(f"generated in {time.perf_counter() - started:.0f} s")
            with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
                admin.execute(
                    sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                        sql.Identifier(name), sql.Literal(marker)
                    )
                )
        from django.db import connection

        with connection.cursor() as cursor:
            # As autovacuum keeps a live database: statistics and the visibility
            # map (index-only scans) current, after generating the data or after
            # the last run's changes.
            cursor.execute("VACUUM (ANALYZE) events_event")
        clear_own_cache()
        self.cold_build()

    def cold_build(self) -> None:
        """The full feed built in this process from nothing: every event's VEVENT
        written, none found in a cache. The gunicorn workers keep their files in
        another folder, so each still builds the feed itself."""
        if self.label == "1m":
            return
        from django.urls import resolve

        from events.management.commands.warmfeeds import warm_calendar_feed

        base = f"http://127.0.0.1:{self.port}"
        # As in a worker serving the feed: its address resolved (the URLconf, and
        # the views it imports, loaded) before the view starts building.
        resolve("/calendar.ics")
        started = time.perf_counter()
        feed, built = warm_calendar_feed(base)
        seconds = time.perf_counter() - started
        if not built:
            raise SystemExit("the full feed was already built: the cache was not cleared")
        size = feed.size
        floor = self.icalendar_seconds(base)
        self.result["cold_build"] = {
            "seconds": seconds,
            "mb": size / 2**20,
            "icalendar_seconds": floor,
        }
        log(
            f"  cold build of the full feed in-process: {seconds:.2f} s, {size / 2**20:.1f} MB; "
            f"icalendar for the same events: {floor:.2f} s (ratio {seconds / floor:.3f})"
        )

    def icalendar_seconds(self, base_url: str) -> float:
        """What icalendar takes to write the components of the feed's events, from
        model instances already read (the reading is not timed): its component
        tree per event, serialised, as events/domain/ical/feed.py builds it, timed
        over up to FLOOR_SAMPLE events spread over the table and scaled to all of
        them; and the VTIMEZONE of each zone the events use, which a calendar of
        them holds and which icalendar computes from the zone's rules."""
        from icalendar import Timezone

        from events.domain.ical.feed import vevent_bytes
        from events.models import Event
        from events.zones import calendar_zone

        events = Event.objects.public().dated().order_by()
        zones = {
            zone
            for zone in events.exclude(time_zone="").values_list("time_zone", flat=True).distinct()
            if calendar_zone(zone) is not None
        }
        started = time.perf_counter()
        for zone in zones:
            Timezone.from_tzid(zone).to_ical()
        zone_seconds = time.perf_counter() - started
        count = events.count()
        step = max(1, count // FLOOR_SAMPLE)
        pks = list(events.order_by("pk").values_list("pk", flat=True)[::step][:FLOOR_SAMPLE])
        sample = list(Event.objects.for_display().filter(pk__in=pks))
        started = time.perf_counter()
        for event in sample:
            vevent_bytes(event, base_url=base_url, language="en")
        per_event = (time.perf_counter() - started) / len(sample)
        log(
            f"  icalendar: {per_event * 1e6:.0f} us per event over {len(sample):,} of "
            f"{count:,}, {zone_seconds * 1000:.0f} ms for {len(zones)} VTIMEZONEs"
        )
        return per_event * count + zone_seconds

    # The server -------------------------------------------------------------

    def start_server(self) -> subprocess.Popen:
        env = {
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "2",
            # Steady state: no worker recycling in the middle of a measurement.
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_TIMEOUT": "300",
            # A worker's first build of a large feed runs beside the request
            # (feed_background.py); here the request waits for it.
            "CSTOCAL_FEED_WAIT_SECONDS": "240",
            "CSTOCAL_FEED_DIR": tempfile.mkdtemp(prefix="cstocal-bench-feeds-"),
        }
        log_file = Path(tempfile.gettempdir()) / f"cstocal-bench-{self.label}.log"
        server = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file.open("w"),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.get("/bench/hello")
                return server
            except OSError:
                time.sleep(0.2)
        server.terminate()
        raise SystemExit(f"gunicorn did not start; see {log_file}")

    def get(self, path: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
        request = urllib.request.Request(self.base + path, headers=headers or {})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def workers(self, server: subprocess.Popen) -> list[int]:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
        return [int(pid) for pid in children.split()]

    # The measurements --------------------------------------------------------

    def measure(self, server: subprocess.Popen) -> None:
        from events.enums import Kind
        from events.models import Event

        # Not an exercise: an exercise's title comes from its series, and the
        # changed-feed step looks for the title it sets.
        event = (
            Event.objects.filter(slug__startswith="bench-")
            .exclude(kind=Kind.EXERCISE)
            .order_by("pk")[:1]
            .get()
        )
        gzip = {"Accept-Encoding": "gzip"}
        if self.label == "100k":
            self.result["memory"] = self.memory(server)

        self.wrk("hello", "/bench/hello")
        self.wrk("small template", "/bench/small")
        if self.label != "1m":
            self.changed_feed(event)
        for name, path in [
            ("month", MONTH),
            ("year", "/2013/"),
            ("agenda", "/agenda/?from=2013-09-01"),
            ("timeline", "/timeline/"),
            ("event page", f"/events/{event.slug}/"),
        ]:
            self.wrk(name, path)
            if name == "month":
                self.wrk("month, no gzip", path, headers={})
            self.wrk(f"{name} uncached", path, bust=True)
        if self.label != "1m":
            # A 1M-event feed is some 800 MB: served, but not hammered here.
            _, body, headers = self.get("/calendar.ics", gzip)
            self.wrk("feed unchanged", "/calendar.ics", headers=gzip)
            self.wrk("file of the feed's size", f"/bench/file/{min(len(body), 2**30)}")
            self.wrk(
                "feed 304", "/calendar.ics", headers={**gzip, "If-None-Match": headers["ETag"]}
            )
            self.wrk("feed filtered", "/calendar.ics?kind=summit", headers=gzip)
        api = "/api/events/?start=2013-09-01&end=2013-09-30"
        self.wrk("api list, window", api)
        self.wrk("api list, window uncached", api, bust=True)
        self.explain()
        self.print_rows()

    def wrk(self, name: str, path: str, *, headers: dict | None = None, bust: bool = False):
        headers = BROWSER if headers is None else headers
        status, _, _ = self.get(path, headers)  # warm, and a request that must succeed
        if status not in (200, 304):
            raise SystemExit(f"{name}: GET {path} answered {status}")
        command = ["wrk", "-t1", f"-c{self.connections}", f"-d{self.duration}s"]
        command += ["-s", str(ROOT / "bench" / "report.lua")]
        for header, value in headers.items():
            command += ["-H", f"{header}: {value}"]
        env = {**os.environ, **({"BENCH_BUST": "1"} if bust else {})}
        output = subprocess.run(
            [*command, self.base + path], capture_output=True, text=True, env=env, check=True
        ).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        if figures["bad_status"] or figures["socket_errors"]:
            # Recorded and shown, not fatal: the other endpoints are still measured.
            log(
                f"  {name}: {figures['bad_status']} bad statuses, "
                f"{figures['socket_errors']} socket errors (timeouts: over 2 s)"
            )
        row = {
            "path": path,
            "rps": figures["requests"] / (figures["duration_us"] / 1e6),
            "p50_ms": figures["p50_us"] / 1000,
            "p99_ms": figures["p99_us"] / 1000,
            "kb": figures["bytes"] / max(figures["requests"], 1) / 1024,
            "errors": figures["bad_status"] + figures["socket_errors"],
        }
        self.result["rows"][name] = row
        log(f"  {name:<22} {row['rps']:8.0f} req/s   p50 {row['p50_ms']:7.2f} ms")

    def changed_feed(self, event) -> None:
        """How long the full feed takes to be ready again after one event changes,
        asked as calendar clients ask (gzip) and read whole: in-process (the
        view, called directly, as a third worker of the same server) and served
        (through gunicorn)."""
        import gzip

        from django.test import Client

        from events.delivery.stamp import FEED_STAMP_SECONDS

        client = Client(HTTP_HOST=f"127.0.0.1:{self.port}", HTTP_ACCEPT_ENCODING="gzip")
        self.get("/calendar.ics")
        timings: dict[str, list[float]] = {"in-process": [], "served": []}
        for number in range(CHANGES * 2):
            event.title_en = f"Changed {number} {time.time()}"
            event.save()
            if number % 2:
                # A worker may serve the version it knows for this long (feeds only).
                time.sleep(FEED_STAMP_SECONDS)
            started = time.perf_counter()
            if number % 2 == 0:
                body = client.get("/calendar.ics").getvalue()
                timings["in-process"].append((time.perf_counter() - started) * 1000)
            else:
                _, body, _ = self.get("/calendar.ics", {"Accept-Encoding": "gzip"})
                timings["served"].append((time.perf_counter() - started) * 1000)
            assert event.title_en.encode() in gzip.decompress(body)
        for name, values in timings.items():
            figures = {"p50": statistics.median(values), "max": max(values)}
            self.result["rebuild_ms" if name == "in-process" else "rebuild_served_ms"] = figures
            log(
                f"  feed after one change, {name}: p50 {figures['p50']:.1f} ms, "
                f"max {figures['max']:.1f} ms ({len(values)} changes)"
            )

    def memory(self, server: subprocess.Popen) -> dict:
        """Peak RSS of the workers while a worker builds the full feed (writing
        every event) and serves it, twice."""
        for _ in range(4):
            self.get("/bench/hello")
        before = {pid: _status_kb(pid, "VmHWM") for pid in self.workers(server)}
        _, body, _ = self.get("/calendar.ics")
        self.get("/calendar.ics")
        after = {pid: _status_kb(pid, "VmHWM") for pid in self.workers(server)}
        size_kb = len(body) / 1024
        peak = max(after.values())
        growth = max(after[pid] - before.get(pid, 0) for pid in after)
        figures = {
            "feed_mb": size_kb / 1024,
            "baseline_mb": max(before.values()) / 1024,
            "peak_mb": peak / 1024,
            "growth_mb": growth / 1024,
            "peak_over_size": peak / size_kb,
        }
        log(
            f"  memory: feed {figures['feed_mb']:.1f} MB; worker peak RSS "
            f"{figures['peak_mb']:.1f} MB (before the feed {figures['baseline_mb']:.1f} MB, "
            f"growth {figures['growth_mb']:.1f} MB); peak / feed size "
            f"{figures['peak_over_size']:.2f}"
        )
        return figures

    def explain(self) -> None:
        import datetime as dt

        from events.models import Event

        query = (
            Event.objects.public()
            .for_display()
            .overlapping(dt.date(2013, 8, 26), dt.date(2013, 10, 6))
            .chronological()
        )
        plan = query.explain(analyze=True)
        self.result["explain"] = plan
        log("  EXPLAIN ANALYZE, the month page's events query:")
        for line in plan.splitlines():
            log(f"    {line}")

    def print_rows(self) -> None:
        rows = self.result["rows"]
        hello, small = rows["hello"]["rps"], rows["small template"]["rps"]
        print(f"\n{self.label} ({self.size:,} events)")
        print(
            f"{'endpoint':<22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'KiB':>9} "
            f"{'x hello':>8} {'x small':>8} {'errors':>7}"
        )
        for name, row in rows.items():
            row["x_hello"] = row["rps"] / hello
            row["x_small"] = row["rps"] / small
            print(
                f"{name:<22} {row['rps']:8.0f} {row['p50_ms']:8.2f} {row['p99_ms']:8.2f} "
                f"{row['kb']:9.1f} {row['x_hello']:8.2f} {row['x_small']:8.2f} "
                f"{row['errors']:7d}"
            )
        for key, label in (("rebuild_ms", "in-process"), ("rebuild_served_ms", "served")):
            if key in self.result:
                figures = self.result[key]
                print(
                    f"feed ready after one change ({label}): p50 {figures['p50']:.1f} ms, "
                    f"max {figures['max']:.1f} ms"
                )
        if "cold_build" in self.result:
            cold = self.result["cold_build"]
            print(
                f"full feed built from nothing, in-process: {cold['seconds']:.2f} s "
                f"({cold['mb']:.1f} MB); icalendar for the same events "
                f"{cold['icalendar_seconds']:.2f} s; ratio "
                f"{cold['seconds'] / cold['icalendar_seconds']:.3f}"
            )
        if "memory" in self.result:
            memory = self.result["memory"]
            print(
                f"feed {memory['feed_mb']:.1f} MB: worker peak RSS {memory['peak_mb']:.1f} MB "
                f"({memory['peak_over_size']:.2f} x the feed; growth while building "
                f"{memory['growth_mb']:.1f} MB)"
            )
        print("month query plan:")
        for line in self.result["explain"].splitlines():
            print(f"  {line}")
        sys.stdout.flush()


def clear_own_cache() -> None:
    """Deletes the bench's own cache entries (bench/settings.py gives them their own
    prefix); the Redis database may hold others', which a FLUSHDB would take too."""
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(REDIS_URL)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.unlink(*keys[start : start + 1000])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
