"""The speed benches run end to end on a small sample and print the lines the README quotes."""

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_train_speed_prints_seed_ours_ratio_and_peak():
    out = subprocess.run([sys.executable, "bench/train_speed.py", "--samples", "1536"], cwd=REPO,
                         capture_output=True, text=True, timeout=300, check=True).stdout
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert {"machine", "seed", "plain", "ours", "ratio", "peak"} <= set(lines)
    seed, ours = (float(re.search(r"([\d,]+) samples/s", lines[k]).group(1).replace(",", "")) for k in ("seed", "ours"))
    ratio = float(re.search(r"([\d.]+)× the seed loop", lines["ratio"]).group(1))
    assert seed > 0 and ours > 0 and abs(ratio - ours / seed) < 0.01 * ratio
    assert re.search(r"= \d+% of this machine's fp32 matmul peak \([\d,]+ GFLOP/s\)", lines["peak"])
