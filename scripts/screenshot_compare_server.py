#!/usr/bin/env python3
"""The README's picture of Compare, local against server: the bundled SmolLM2 on the local host beside
the same model served by llama-cpp-python's ``llama_cpp.server`` on 127.0.0.1, taken of the real app
(under Xvfb when there is no display). Writes resources/screenshots/compare-server.png.

    python scripts/screenshot_compare_server.py
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "screenshots" / "compare-server.png"
ALIAS = "SmolLM2-135M-Instruct"  # the name the server gives its model (else its file path)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(model: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = _free_port()
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
           "--port", str(port), "--n_ctx", "2048", "--logits_all", "true", "--model_alias", ALIAS]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"llama_cpp.server ended: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                return proc, url
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("llama_cpp.server did not start within 90 s")


def main() -> int:
    if not (os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM") or "--inner" in sys.argv):
        if shutil.which("xvfb-run"):
            cmd = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", sys.executable, __file__, "--inner"]
            return subprocess.call(cmd)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("FM_EXPLORER_HOME", tempfile.mkdtemp(prefix="fm-shots-"))
    sys.path.insert(0, str(ROOT))
    from screenshots import wait  # scripts/ is on the path when a script runs

    from desktop.core.remote import ServerConfig
    from desktop.factory import application, build_window
    from desktop.resources import default_model_path
    from desktop.services.remote_source import source_key

    model = default_model_path()
    if model is None:
        raise SystemExit("The bundled SmolLM2 is missing.")
    proc, url = _start_server(model, Path(tempfile.mkdtemp(prefix="fm-shots-server-")) / "server.log")
    try:
        application()
        window = build_window()
        window.resize(1280, 800)
        window.show()

        wait(1500)
        remote = window.remote
        panel = window.completion_panel
        remote.add_server(ServerConfig("gpu-box", url), check=False)
        config = remote.servers()[-1]
        remote.check(config.id)
        wait(60000, remote.checked)
        wait(3000)  # the window may be loading the last used model on its own
        if window.models.model is None and window.models.state != "loading":
            panel.load_default_model()
        if window.models.model is None:
            wait(60000, window.models.loaded)
        window.show_panel("Completion")
        panel.apply_preset(1)  # "To be or not to be"
        panel.sampling.temperature.setValue(0.0)
        panel.sampling.repeat_penalty.setValue(1.0)
        panel.sampling.max_tokens.setValue(32)
        panel.compare_model.setCurrentIndex(panel.compare_model.findData(source_key(config.id, ALIAS)))
        panel.compare.setChecked(True)
        panel.generate()
        for _ in range(400):
            wait(300)
            if not panel.busy():
                break
        wait(300)
        if panel.output.tokens:
            panel.show_token(min(3, len(panel.output.tokens) - 1))
        wait(300)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(OUT))
        window.close()
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
