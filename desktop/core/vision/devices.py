"""Devices for the open_clip engine (torch is imported only when asked, in the vision host)."""

from __future__ import annotations

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.vision.common import DEVICES, VisionError


def device_report() -> dict[str, tuple[bool, str | Message]]:
    """For each device choice: can it run here, and why not (a translatable Message), or its name."""
    import torch

    report: dict[str, tuple[bool, str | Message]] = {"auto": (True, ""), "cpu": (True, "")}
    if torch.cuda.is_available():
        report["cuda"] = (True, torch.cuda.get_device_name(0))
    elif torch.version.cuda is None:
        report["cuda"] = (False, message(QT_TRANSLATE_NOOP("CoreVision", "this torch build has no CUDA support")))
    else:
        report["cuda"] = (False, message(QT_TRANSLATE_NOOP("CoreVision", "no NVIDIA GPU (or driver) found")))
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        report["mps"] = (True, "Apple GPU")
    else:
        report["mps"] = (False, message(QT_TRANSLATE_NOOP("CoreVision", "Apple MPS needs a Mac with Apple silicon")))
    return report


def resolve_device(choice: str) -> str:
    """ "auto" picks CUDA, then Apple MPS, then the CPU; a named device must be available here."""
    choice = (choice or "auto").lower()
    if choice not in DEVICES:
        raise VisionError(
            message(
                QT_TRANSLATE_NOOP("CoreVision", "Unknown device “{device}”: pick Auto, CPU, CUDA or MPS."),
                device=choice,
            )
        )
    report = device_report()
    if choice == "auto":
        return next((d for d in ("cuda", "mps") if report[d][0]), "cpu")
    available, why = report[choice]
    if not available:
        raise VisionError(
            message(
                QT_TRANSLATE_NOOP("CoreVision", "{device} is not available: {reason}. Pick Auto or CPU."),
                device=choice.upper(),
                reason=why,
            )
        )
    return choice


def device_name(device: str) -> str | Message:
    import torch

    if device == "cuda":
        return f"CUDA ({torch.cuda.get_device_name(0)})"
    if device == "mps":
        return "Apple GPU (MPS)"
    return cpu_name(torch.get_num_threads())


def cpu_name(threads: int) -> Message:
    """ "CPU (4 threads)", translatable."""
    if threads == 1:
        return message(QT_TRANSLATE_NOOP("CoreVision", "CPU (1 thread)"))
    return message(QT_TRANSLATE_NOOP("CoreVision", "CPU ({threads} threads)"), threads=threads)
