"""Vision results on the JSON-lines protocol: small on the wire (probabilities as base64 float32, thumbnails
as JPEG: a 96-pixel thumbnail is about 2 KB, and encoding and decoding it cost a quarter of what PNG's did,
which was a fifth of the host's work per picture with the bundled model), read back without torch or
onnxruntime (the app process imports this, never the engines)."""

from __future__ import annotations

import base64
import io
from dataclasses import asdict, fields, replace
from typing import Any

from desktop.core.messages import Message
from desktop.core.vision.models import ModelSpec
from desktop.core.vision.results import ModelInfo, RunSummary, VisionResult
from desktop.core.vision.training import TrainingPairs

THUMB_QUALITY = 90


def message_to_wire(text: str | Message) -> str | dict[str, Any]:
    """A translatable message as JSON (template, context, arguments; arguments that are messages too), so
    that the app translates what the host says; a plain string as it is."""
    if not isinstance(text, Message):
        return text
    args = {k: message_to_wire(v) if isinstance(v, Message) else v for k, v in text.args.items()}
    return {"template": text.template, "context": text.context, "args": args}


def message_from_wire(data: Any) -> str | Message:
    if isinstance(data, dict) and "template" in data:
        args = {k: message_from_wire(v) if isinstance(v, dict) else v for k, v in dict(data.get("args") or {}).items()}
        return Message(str(data["template"]), str(data.get("context", "")), args)
    return "" if data is None else str(data)


def spec_to_wire(spec: ModelSpec | None) -> dict[str, Any] | None:
    if spec is None:
        return None
    out = {f.name: getattr(spec, f.name) for f in fields(ModelSpec)}
    out["note"] = message_to_wire(spec.note)
    return out


def spec_from_wire(data: dict[str, Any] | None) -> ModelSpec | None:
    if not data:
        return None
    names = {f.name for f in fields(ModelSpec)}
    values: dict[str, Any] = {k: str(v) for k, v in data.items() if k in names and k != "note"}
    return ModelSpec(**values, note=message_from_wire(data.get("note", "")))


def info_to_wire(info: ModelInfo) -> dict[str, Any]:
    out = {f.name: getattr(info, f.name) for f in fields(ModelInfo)}
    out["spec"] = spec_to_wire(info.spec)
    out["note"] = message_to_wire(info.note)
    out["device_name"] = message_to_wire(info.device_name)
    return out


def info_from_wire(data: dict[str, Any]) -> ModelInfo:
    spec = spec_from_wire(data["spec"])
    assert spec is not None
    return ModelInfo(
        spec=spec,
        device=str(data["device"]),
        device_name=message_from_wire(data["device_name"]),
        parameters=int(data["parameters"]),
        image_size=int(data["image_size"]),
        context_length=int(data["context_length"]),
        load_seconds=float(data["load_seconds"]),
        engine=str(data.get("engine", "open_clip")),
        note=message_from_wire(data.get("note", "")),
    )


def result_to_wire(result: VisionResult, key: str, name: str) -> dict[str, Any]:
    import numpy as np

    out: dict[str, Any] = {"index": result.index, "key": key, "name": name}
    if result.probs is not None:
        out["probs"] = base64.b64encode(np.asarray(result.probs, dtype="<f4").tobytes()).decode("ascii")
    if result.ranked:
        out["ranked"] = [[label, round(p, 7)] for label, p in result.ranked]
    for attr in ("details", "width", "height"):
        value = getattr(result, attr)
        if value:
            out[attr] = value
    if result.error:
        out["error"] = message_to_wire(result.error)
    if result.notes:
        out["notes"] = [message_to_wire(n) for n in result.notes]
    if result.thumbnail is not None:
        buffer = io.BytesIO()
        thumb = result.thumbnail if result.thumbnail.mode == "RGB" else result.thumbnail.convert("RGB")
        thumb.save(buffer, "JPEG", quality=THUMB_QUALITY)
        out["thumb"] = base64.b64encode(buffer.getvalue()).decode("ascii")
    return out


def result_from_wire(data: dict[str, Any], labels: tuple[str, ...]) -> tuple[VisionResult, bytes | None]:
    """The result, and its thumbnail's JPEG bytes (the service turns them into a QImage)."""
    import numpy as np

    probs = None
    if "probs" in data:
        probs = np.frombuffer(base64.b64decode(data["probs"]), dtype="<f4").astype(np.float32)
    result = VisionResult(
        index=int(data["index"]),
        key=str(data["key"]),
        name=str(data["name"]),
        labels=labels,
        probs=probs,
        ranked=[(str(label), float(p)) for label, p in data.get("ranked", [])],
        error=message_from_wire(data.get("error", "")),
        details=str(data.get("details", "")),
        notes=[message_from_wire(n) for n in data.get("notes", [])],
        width=int(data.get("width", 0)),
        height=int(data.get("height", 0)),
    )
    thumb = base64.b64decode(data["thumb"]) if "thumb" in data else None
    return result, thumb


def summary_to_wire(summary: RunSummary) -> dict[str, Any]:
    return asdict(summary)


def summary_from_wire(data: dict[str, Any]) -> RunSummary:
    names = {f.name for f in fields(RunSummary)}
    return RunSummary(**{k: v for k, v in data.items() if k in names})


def pairs_to_wire(pairs: TrainingPairs) -> dict[str, Any]:
    """Training pairs with their pictures as PNG (small drawings, sent as they are)."""
    out = asdict(replace(pairs, pictures=[]))
    out["pictures"] = []
    for picture in pairs.pictures:
        buffer = io.BytesIO()
        picture.save(buffer, "PNG")
        out["pictures"].append(base64.b64encode(buffer.getvalue()).decode("ascii"))
    return out


def pairs_from_wire(data: dict[str, Any]) -> TrainingPairs:
    """The pairs, their pictures as PNG bytes (the service turns them into QImages)."""
    names = {f.name for f in fields(TrainingPairs)}
    pairs = TrainingPairs(**{k: v for k, v in data.items() if k in names and k != "pictures"}, pictures=[])
    pairs.pictures = [base64.b64decode(p) for p in data.get("pictures", [])]
    return pairs
