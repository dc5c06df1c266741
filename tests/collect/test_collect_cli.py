"""`regionlens collect` as users and timers run it: exit statuses, the lock, --status, and a SIGKILL mid-run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from collect_fixtures import PAGE_ONLY, article_page, paragraphs, rss
from collect_helpers import register
from collect_server import Site, serve
from sqlalchemy import func, select
from typer.testing import CliRunner

from regionlens.cli.main import app
from regionlens.collect.lock import run_lock
from regionlens.collect.run import CHUNK
from regionlens.store.project import Project, init_project, open_project
from regionlens.store.schema import collect_urls, documents

ROOT = Path(__file__).resolve().parents[2]
FAST_ARGS = ["--allow-private", "--delay", "0", "--timeout", "1", "--contact", "tests@example.org"]


def test_exit_status_tells_monitoring_about_failures(collecting: tuple[Project, Site]) -> None:
    project, _site = collecting
    result = CliRunner().invoke(app, ["collect", "-p", str(project.root), *FAST_ARGS, "--source", "Витебские вести"])
    assert result.exit_code == 0, result.output
    assert "Итоги сбора" in result.output and "в порядке" in result.output
    failing = CliRunner().invoke(app, ["collect", "-p", str(project.root), *FAST_ARGS, "--source", "Не лента"])
    assert failing.exit_code == 1 and "не удалось разобрать ленту" in failing.output


def test_unknown_source_is_a_usage_error(collecting: tuple[Project, Site]) -> None:
    project, _site = collecting
    result = CliRunner().invoke(app, ["collect", "-p", str(project.root), "--source", "Нет такого"])
    assert result.exit_code == 2 and "«Нет такого»" in result.output


def test_status_lists_sources_with_their_state(collecting: tuple[Project, Site]) -> None:
    project, _site = collecting
    CliRunner().invoke(app, ["collect", "-p", str(project.root), *FAST_ARGS, "--source", "Не лента"])
    result = CliRunner().invoke(app, ["collect", "-p", str(project.root), "--status"])
    assert result.exit_code == 0
    assert "Не лента" in result.output and "ленты не читаются" in result.output
    assert "Витебские вести" in result.output and "не запускался" in result.output


def test_a_second_run_waits_for_the_lock(collecting: tuple[Project, Site]) -> None:
    project, site = collecting
    with run_lock(project.root):
        result = CliRunner().invoke(app, ["collect", "-p", str(project.root), *FAST_ARGS])
    assert result.exit_code == 75 and "уже идёт" in result.output
    assert site.log == []


def _count(project: Project) -> tuple[int, int]:
    with project.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(documents)).scalar_one()
        urls = conn.execute(select(func.count(func.distinct(documents.c.url))).select_from(documents)).scalar_one()
    return int(n), int(urls)


def test_sigkill_mid_run_then_rerun_stores_each_article_once(tmp_path: Path) -> None:
    """The first 25 pages answer at once, the rest wait behind a gate: the run stores its first chunk of 20 and
    stalls, and is killed there — mid-run by construction, not by timing. The rerun, with the gate open,
    must store every article exactly once."""
    n, free = 60, 25
    gate = threading.Event()
    with serve(Site()) as site:
        site.page("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
        for i in range(n):
            site.page(f"/news/{i}", article_page(f"Статья номер {i}", paragraphs(f"Статья {i}")),
                      gate=gate if i >= free else None)
        feed = rss([(f"Статья {i}", site.url(f"/news/{i}"), "Описание.", "Tue, 05 Mar 2024 10:00:00 +0300")
                    for i in range(n)])
        site.page("/rss.xml", feed, "application/rss+xml")
        project = init_project(tmp_path / "proj")
        register(project, [{"name": "Газета", "country": "RU", "level": "local", "feed_url": site.url("/rss.xml")}])
        args = [sys.executable, "-m", "regionlens.cli.main", "collect", "-p", str(project.root), *FAST_ARGS,
                "--concurrency", "2", "--timeout", "90"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while _count(project)[0] < CHUNK and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        at_kill = _count(project)[0]
        gate.set()
        assert at_kill == CHUNK, at_kill  # the first chunk was acknowledged; the run was killed waiting for more
        rerun = subprocess.run(args, env=env, capture_output=True, text=True, timeout=180, check=False)
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert _count(project) == (n, n)
    reopened = open_project(project.root)
    with reopened.engine.connect() as conn:
        texts = conn.execute(select(documents.c.text)).scalars().all()
        statuses = conn.execute(select(collect_urls.c.status, func.count()).group_by(collect_urls.c.status)).all()
    assert all(PAGE_ONLY in t for t in texts)
    assert dict(statuses) == {"stored": n}


def test_code_flag_codes_the_new_publications(collecting: tuple[Project, Site], monkeypatch: pytest.MonkeyPatch) -> None:
    """`--code` runs the project's own stages (not the `code` and `reprints` commands): the CLI stays thin."""
    from regionlens.store.schema import coding_runs

    project, _site = collecting
    ran: list[str] = []
    for stage in ("code", "reprints"):
        original = getattr(Project, stage)

        def recorded(self: Project, *args: Any, _stage: str = stage, _original: Any = original, **kw: Any) -> Any:
            ran.append(_stage)
            return _original(self, *args, **kw)

        monkeypatch.setattr(Project, stage, recorded)
    result = CliRunner().invoke(app, ["collect", "-p", str(project.root), *FAST_ARGS, "--source", "Витебские вести",
                                      "--code"])
    assert result.exit_code == 0, result.output
    assert ran == ["code", "reprints"]
    assert "Закодировано публикаций: 1" in result.output and "Проверено публикаций: 1" in result.output
    with project.engine.connect() as conn:
        coded = conn.execute(select(func.count()).select_from(coding_runs)).scalar_one()
        stored = conn.execute(select(func.count()).select_from(documents)).scalar_one()
    assert stored == 1 and coded == 1
