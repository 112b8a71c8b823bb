"""The Speed tab: time to first token, time per output token, tokens/s for prompt and generation, token
counts and a per-token latency chart; live during a run (ten refreshes a second) and kept with each run.
A server run's times are measured here, so they include network time, and the tab says so."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.core.metrics import latencies
from desktop.i18n import format_number
from desktop.ui.language import on_language_change
from desktop.ui.widgets.charts import LatencyChart

FIGURES = ("ttft", "tpot", "gen_tps", "prompt_tps", "n_prompt", "n_generated")
NETWORKED = ("ttft", "tpot", "gen_tps")  # the figures a server run's network time is part of
UNKNOWN = "–"


class SpeedTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.figures: dict[str, QLabel] = {}
        self.figure_names: dict[str, QLabel] = {}
        for i, key in enumerate(FIGURES):
            name = QLabel()
            value = QLabel(UNKNOWN)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.25)
            font.setBold(True)
            value.setFont(font)
            grid.addWidget(name, i, 0)
            grid.addWidget(value, i, 1)
            self.figures[key] = value
            self.figure_names[key] = name
        layout.addLayout(grid)
        self.network_note = QLabel()
        self.network_shown = False
        self.network_note.setWordWrap(True)
        self.network_note.setVisible(False)
        layout.addWidget(self.network_note)
        self.chart = LatencyChart()
        layout.addWidget(self.chart)
        layout.addStretch(1)
        self._tokens: list[dict[str, Any]] = []
        # Labels change size as their numbers grow, and each change re-lays out the panel: at 100+ tokens a
        # second that cost ~15% of generation speed on 2 cores. Ten refreshes a second.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._refresh)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def _names(self) -> dict[str, tuple[str, str]]:
        return {
            "ttft": (
                self.tr("Time to first token"),
                self.tr("From Generate to the first token: includes reading the prompt."),
            ),
            "tpot": (
                self.tr("Time per output token"),
                self.tr("Average time between generated tokens after the first."),
            ),
            "gen_tps": (self.tr("Generation speed"), self.tr("Generated tokens per second.")),
            "prompt_tps": (
                self.tr("Prompt speed"),
                self.tr(
                    "Prompt tokens read per second. Tokens the model kept from the previous run (the same "
                    "beginning) are not read again and not counted."
                ),
            ),
            "n_prompt": (
                self.tr("Prompt tokens"),
                self.tr(
                    "How many tokens the prompt became (– when a server did not say), and how many of them the "
                    "model kept from the previous run instead of reading them again."
                ),
            ),
            "n_generated": (self.tr("Generated tokens"), self.tr("How many tokens the model produced.")),
        }

    def retranslate(self) -> None:
        self.network_note.setText(
            self.tr("A run on a server: these times are measured here, so they include network time.")
        )
        self.show_network(self.network_shown)

    def show_network(self, on: bool) -> None:
        """Label the figures of a server run: measured here, network time included."""
        self.network_shown = on
        self.network_note.setVisible(on)
        for key, (figure, tip) in self._names().items():
            if on and key in NETWORKED:
                figure = self.tr("{figure} (including network time)").format(figure=figure)
            self.figure_names[key].setText(figure)
            self.figure_names[key].setToolTip(tip)

    def start(self) -> None:
        self._timer.stop()
        self._tokens = []
        self.chart.set_values([])
        for label in self.figures.values():
            label.setText(UNKNOWN)

    def show_live(self, tokens: list[dict[str, Any]]) -> None:
        """A run's tokens so far (the list grows in place): the chart now, the figures soon."""
        first = not self._tokens
        self._tokens = tokens
        shown = len(self.chart.values_ms)
        times = [float(t["t"]) for t in tokens]
        for i in range(shown, len(times)):
            self.chart.add(1000 * (times[i] - times[i - 1] if i else times[i]))
        if first and tokens:
            self.figures["ttft"].setText(f"{times[0] * 1000:.0f} ms")
            self._refresh()
        elif not self._timer.isActive():
            self._timer.start()

    def _refresh(self) -> None:
        tokens = self._tokens
        if not tokens:
            return
        n = len(tokens)
        self.figures["n_generated"].setText(str(n))
        span = tokens[-1]["t"] - tokens[0]["t"]
        if n > 1 and span > 0:
            self.figures["gen_tps"].setText(f"{(n - 1) / span:.1f} tok/s")
            self.figures["tpot"].setText(f"{1000 * span / (n - 1):.1f} ms")

    def show_run(self, run: dict[str, Any]) -> None:
        """A finished run's own figures. A count or speed the source did not report shows "–", never 0."""
        self._timer.stop()
        self._tokens = []
        m = run.get("metrics") or {}

        def put(key: str, value: Any, fmt: str) -> None:
            self.figures[key].setText(fmt.format(value) if isinstance(value, (int, float, str)) else UNKNOWN)

        ttft, tpot = m.get("ttft_s"), m.get("tpot_s")
        put("ttft", ttft * 1000 if isinstance(ttft, (int, float)) else None, "{:.0f} ms")
        put("tpot", tpot * 1000 if isinstance(tpot, (int, float)) else None, "{:.1f} ms")
        put("gen_tps", m.get("gen_tps"), "{:.1f} tok/s")
        prompt_tps = m.get("prompt_tps")  # thousands apart, as the locale writes them: 4,572 tok/s
        put("prompt_tps", format_number(prompt_tps, 0) if isinstance(prompt_tps, (int, float)) else None, "{} tok/s")
        n_prompt = m.get("n_prompt")
        # A server that does not say how long the prompt was reports 0 (llama_cpp.server sends no usage
        # while streaming): that is "not known", not an empty prompt.
        shown: Any = n_prompt if n_prompt or not m.get("includes_network") else None
        reused = m.get("n_prompt_reused")
        if isinstance(reused, int) and reused > 0 and isinstance(n_prompt, int):
            shown = self.tr("{n} ({reused} kept from the last run)").format(n=n_prompt, reused=reused)
        put("n_prompt", shown, "{}")
        put("n_generated", m.get("n_generated"), "{}")
        self.chart.set_values([1000 * x for x in latencies([t["t"] for t in run.get("tokens", [])])])
        self.show_network(bool(m.get("includes_network")))
