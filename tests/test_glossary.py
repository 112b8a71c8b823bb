"""The Korean translations speak the study notes' vocabulary (resources/translations/GLOSSARY.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import glossary  # noqa: E402


def test_the_glossary_has_the_notes_terms() -> None:
    rows = {english: (korean, banned) for english, korean, banned in glossary.terms()}
    assert rows["label"] == ("레이블", ["라벨"])
    assert rows["parameters"] == ("파라미터", ["매개변수"])
    assert rows["fine-tuning"] == ("파인튜닝", ["미세 조정"])
    assert rows["crawl / walk / run (autonomy levels)"][0] == "크롤 / 워크 / 런"
    assert rows["time per output token (TPOT)"][0].startswith("출력 토큰당 시간")
    for term in ("evaluation", "prompt engineering", "retrieval-augmented generation (RAG)", "human in the loop"):
        assert term in rows


def test_no_translation_uses_a_word_the_glossary_replaced() -> None:
    found = glossary.offences(glossary.TS)
    assert not found, "\n".join(f"{word}: {source[:70]!r}" for word, source, _ in found)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("기어가기를 골라요", "크롤을 골라요"),
        ("달리기로 올려요", "런으로 올려요"),
        ("걷기(walk)는 물어봐요", "워크(walk)는 물어봐요"),
        ("달리기(run)가 돼요", "런(run)이 돼요"),
        ("라벨을 써요", "레이블을 써요"),
        ("매개변수가 많아요", "파라미터가 많아요"),
        ("토큰당 시간", "출력 토큰당 시간"),
        ("출력 토큰당 시간", "출력 토큰당 시간"),
        ("고른 행의 효과를 되돌려요", "고른 행의 변경을 되돌려요"),
    ],
)
def test_fix_rewrites_a_term_with_its_particle(old: str, new: str) -> None:
    assert glossary.fix_text(old, glossary.replacements()) == new


def test_fix_works_on_a_pending_json(tmp_path: Path) -> None:
    path = tmp_path / "pending.json"
    path.write_text(json.dumps({"Ctx": {"Crawl": "기어가기", "Labels": "라벨"}}, ensure_ascii=False), encoding="utf-8")
    glossary.fix_file(path)
    assert json.loads(path.read_text(encoding="utf-8")) == {"Ctx": {"Crawl": "크롤", "Labels": "레이블"}}
    assert glossary.offences(path) == []
