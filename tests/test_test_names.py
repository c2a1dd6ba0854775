"""pytest imports test modules by their base name (rootdir import mode): two test files with one name,
one in tests/ and one in tests/browser/, stop the whole suite at collection, in CI only where both run."""

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_two_test_modules_share_a_name():
    names = Counter(path.name for path in TESTS.rglob("test_*.py"))
    assert not [name for name, count in names.items() if count > 1]
