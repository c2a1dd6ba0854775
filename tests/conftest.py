"""Test-wide settings: read MNIST from ../shared (never written), cache elsewhere, never download."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "datasets"

if not os.environ.get("TORCHLAB_DATA"):
    os.environ["TORCHLAB_DATA"] = str(SHARED_DATA)
os.environ.setdefault("TORCHLAB_CACHE", str(REPO_ROOT / ".cache" / "test-data"))
os.environ["TORCHLAB_OFFLINE"] = "1"  # tests never fetch data or weights
os.environ.setdefault("TORCHLAB_RUNS", str(REPO_ROOT / ".cache" / "test-runs"))
os.environ.setdefault("TORCHLAB_SETS", str(REPO_ROOT / ".cache" / "test-sets"))
