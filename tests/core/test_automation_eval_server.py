"""The agent on a server model: ``bench_agent.py --server`` and the Automation panel's model choice, against a real
llama_cpp.server on 127.0.0.1 serving the bundled SmolLM2 (one short run each; the full run is the benchmark's).
The panel is reached through the window as ``main()`` builds it, the server added as Models > Servers adds one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from desktop.core.automation.policy import Level
from desktop.core.automation.server_model import parse_step, step_schema
from desktop.core.automation.tools import TOOLS, tool_schemas_for
from desktop.core.automation.world import World
from desktop.core.errors import FMError
from desktop.core.remote import ServerConfig
from desktop.resources import default_model_path
from desktop.services.remote_source import source_key
from tests.core.test_remote import LlamaServer, free_port, stop_llama_server

ROOT = Path(__file__).resolve().parents[2]
SLOW = 900  # seconds: one agent step on a busy 2-core machine, the server's prompt read included


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LlamaServer]:
    """llama_cpp.server with room for the agent's prompt (4096 tokens), one per test (a test leaves no child)."""
    model = default_model_path()
    assert model is not None
    port = free_port()
    log = tmp_path / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1", "--port",
           str(port), "--n_ctx", "4096", "--n_threads", "2"]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    s = LlamaServer(proc, f"http://127.0.0.1:{port}/v1", str(model), log)  # the id llama_cpp.server lists
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(errors="replace")[-2000:]
        try:
            if httpx.get(f"{s.base_url}/models", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    yield s
    stop_llama_server(s)


def test_a_step_is_one_schema_for_any_tool(tmp_path: Path) -> None:
    world = World.fresh(tmp_path)
    try:
        schema = step_schema(dict(TOOLS), tool_schemas_for(world))
    finally:
        world.close()
    assert [b["properties"]["tool"]["const"] for b in schema["anyOf"]] == list(TOOLS)
    assert parse_step('{"tool": "finish", "args": {"summary": "x"}, "reason": "Done."}') == (
        "finish", {"summary": "x"}, "Done.",
    )  # fmt: skip
    with pytest.raises(FMError):
        parse_step("I would cancel the booking.")


@pytest.mark.timeout(SLOW)
def test_bench_evaluates_a_server_model(server: LlamaServer, tmp_path: Path) -> None:
    cmd = [sys.executable, str(ROOT / "tests/benchmarks/bench_agent.py"), "--no-speed", "--no-scripted",
           "--split", "dev", "--tasks", "T02", "--levels", "run", "--max-steps", "1",
           "--server", server.base_url, "--server-model", server.model]  # fmt: skip
    env = {**os.environ, "FM_EXPLORER_HOME": str(tmp_path)}
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=SLOW - 30, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    said = "\n".join(lines[:-1])[-3000:]  # the runs' lines, with the error of a run that ended in one
    figures = json.loads(lines[-1])["eval"]["figures"]
    label = f"server: {server.model}"
    row = figures["models"][label]["run"]
    assert row["tasks"] == 1 and row["errors"] == 0, said  # the server answered with a call the loop could take
    assert set(figures["null_agents"]) == {"do-nothing", "finish-at-once", "crash-at-once"}
    proposed = [line for line in lines if line.startswith(label)]
    assert proposed and proposed[0].split()[-1] in TOOLS, proposed


@pytest.mark.timeout(SLOW)
def test_the_automation_panel_runs_the_agent_on_a_server_model(
    qtbot: QtBot, make_window: Callable[..., Any], server: LlamaServer
) -> None:
    from desktop.ui.panels.automation import AutomationPanel

    window = make_window(start_host=False, panel="Automation")
    panel = window.panel("Automation")
    assert isinstance(panel, AutomationPanel)
    qtbot.waitUntil(lambda: len(panel.requests) >= 18, timeout=60000)
    pick = panel.header.model_pick
    assert pick.count() == 1 and pick.itemData(0) == ""  # the model loaded in Models
    with qtbot.waitSignal(window.remote.checked, timeout=300000):  # the check probes the model: slow when busy
        window.remote.add_server(ServerConfig("local llama_cpp.server", server.base_url, timeout_s=SLOW), None)
    key = source_key(window.remote.servers()[-1].id, server.model)
    qtbot.waitUntil(lambda: pick.findData(key) > 0, timeout=10000)
    assert pick.itemText(pick.findData(key)) == f"local llama_cpp.server / {server.model}"
    pick.setCurrentIndex(pick.findData(key))
    assert panel.service.model_key == key
    assert "on a server" in panel.header.model_note.text() and "no p(tool)" in panel.header.model_note.text()

    panel.service.max_steps = 1  # one step: a short run
    events: list[Any] = []
    panel.service.agentEvent.connect(events.append)
    panel.header.level.setCurrentIndex(panel.header.level.findData(Level.RUN.value))
    panel.select_request("Q02")
    panel.header.run_btn.click()
    assert panel.service.busy and not pick.isEnabled()
    qtbot.waitUntil(lambda: not panel.service.busy, timeout=(SLOW - 60) * 1000)
    result = panel.service.last_result
    assert result is not None and result.status in ("finished", "step_limit"), result
    proposed = [e.data["call"] for e in events if e.kind == "proposed"]
    assert len(proposed) == 1 and proposed[0].tool in TOOLS and proposed[0].tool_probs == []
    started = [e.data for e in events if e.kind == "started"]
    assert started[0]["model"] == f"local llama_cpp.server / {server.model}"
    # why there is no p(tool): said in the steps, where the probabilities would be
    assert "no probability for each tool" in panel.steps_view.notice.text()
