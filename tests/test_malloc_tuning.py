"""core.training.malloc_tuning: freed memory stays in the process instead of being zeroed again by the kernel.

Counted in page faults (the kernel's count, not a timing), in fresh processes: malloc's
settings are per process, and this one may have trained already."""

import platform
import subprocess
import sys

import pytest

from core.models.checkpoints import REPO_ROOT

CHURN = """
import ctypes, os, sys
libc = ctypes.CDLL(None)
libc.malloc.restype, libc.malloc.argtypes, libc.free.argtypes = ctypes.c_void_p, [ctypes.c_size_t], [ctypes.c_void_p]
if sys.argv[1] == "pinned":
    from core.training.malloc_tuning import keep_freed_memory
    assert keep_freed_memory()

def faults():
    return int(open(f"/proc/{os.getpid()}/stat").read().rsplit(")", 1)[1].split()[7])

def churn(count, size):  # what a training step does to its activations: allocate, fill, free
    blocks = [libc.malloc(size) for _ in range(count)]
    for block in blocks:
        ctypes.memset(block, 1, size)
    for block in reversed(blocks):
        libc.free(block)

churn(1, 4 << 20)  # by glibc's adaptive rule, free memory past 8 MB at the heap's top now goes back
churn(24, 1 << 20)
before = faults()
churn(24, 1 << 20)
print(faults() - before)
"""


def faults_of_a_second_round(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", CHURN, mode], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    return int(out.stdout)


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc's malloc only")
def test_memory_freed_and_asked_for_again_is_not_faulted_in_again():
    pages = (24 << 20) // 4096
    assert faults_of_a_second_round("default") > pages * 0.9  # the kernel zeroed every page again
    assert faults_of_a_second_round("pinned") < pages * 0.05


def test_other_c_libraries_are_left_alone(monkeypatch):
    from core.training import malloc_tuning
    monkeypatch.setattr(malloc_tuning.platform, "libc_ver", lambda: ("", ""))  # musl, say
    malloc_tuning.keep_freed_memory.cache_clear()
    try:
        assert malloc_tuning.keep_freed_memory() is False
    finally:
        malloc_tuning.keep_freed_memory.cache_clear()
