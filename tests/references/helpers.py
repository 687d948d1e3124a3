from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "references"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def expected_lines() -> dict[str, str]:
    """expected.txt: file name -> the exact NLM string."""
    result = {}
    for line in (FIXTURES / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, text = line.split("\t", 1)
            result[name] = text
    return result
