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
import time
from pathlib import Path
from typing import Any

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


def add_server(window: Any, name: str, url: str) -> str | None:
    """Models -> Servers -> Add server…, filled in and confirmed as a person does; the new server's id."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialogButtonBox

    window.show_panel("Models")
    servers = window.models_panel.servers

    def fill() -> None:
        dialog = servers.dialog
        if dialog is None:  # not open yet
            QTimer.singleShot(100, fill)
            return
        dialog.name.setText(name)
        dialog.url.setText(url)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(300, fill)
    servers.add_server()  # the dialog, modal until fill() confirms it
    return servers.selected_id()


def main() -> int:
    if not (os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM") or "--inner" in sys.argv):
        if shutil.which("xvfb-run"):
            cmd = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", sys.executable, __file__, "--inner"]
            return subprocess.call(cmd)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "scripts"))
    from tests.temp_folders import temp_folder  # removed at exit: a shot run's home holds a 250 MB model

    os.environ["FM_EXPLORER_HOME"] = temp_folder("fm-shots-")  # a first launch
    os.environ["FM_EXPLORER_LANG"] = "en"
    from screenshots import SIZE, grab, until, wait

    from desktop.factory import application, build_window, install_language
    from desktop.resources import default_model_path
    from desktop.services.remote_source import source_key

    model = default_model_path()
    if model is None:
        raise SystemExit("The bundled SmolLM2 is missing.")
    proc, url = _start_server(model, Path(temp_folder("fm-shots-server-")) / "server.log")
    try:
        application()
        install_language()
        window = build_window(autoload=True, panel="Models")  # loads the default model, as a first launch does
        window.resize(*SIZE)
        window.show()
        wait(1500)
        remote = window.remote
        server_id = add_server(window, "gpu-box", url)
        checked = server_id is not None and until(lambda: bool(remote.models(server_id)), 120)
        loaded = until(lambda: window.models.model is not None, 300)
        window.show_panel("Completion")
        panel = window.completion_panel
        panel.apply_preset(1)  # "To be or not to be"
        panel.sampling.widget("temperature").setValue(0.0)
        panel.sampling.widget("repeat_penalty").setValue(1.0)
        panel.sampling.widget("max_tokens").setValue(32)
        if server_id is not None:
            panel.compare_model.setCurrentIndex(panel.compare_model.findData(source_key(server_id, ALIAS)))
        chosen = panel.bar.compare_key() == source_key(server_id or "", ALIAS)
        panel.compare.setChecked(True)
        panel.generate()
        done = until(lambda: not panel.busy() and bool(panel.compare_output.tokens), 240)
        if panel.output.tokens:
            panel.show_token(min(3, len(panel.output.tokens) - 1))
            until(lambda: panel.token_tab.step_rid is None, 180)  # the step's sampling path, drawn
        problems = [
            why
            for ok, why in (
                (checked, "the server was not added and checked"),
                (loaded, "the default model did not load"),
                (chosen, "the server's model is not offered under Compare with"),
                (done and bool(panel.output.tokens), "Compare gave no tokens on both sides"),
            )
            if not ok
        ]
        if not problems:
            wait(400)
            OUT.parent.mkdir(parents=True, exist_ok=True)
            grab(window).save(str(OUT))
        window.close()
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    if problems:
        print(f"NOT TAKEN {OUT.name}: " + "; ".join(problems), file=sys.stderr)
        return 1
    print(OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
