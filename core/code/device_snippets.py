"""The Devices page's scripts: what is here, .to(device), a timed matmul, and DDP with torchrun.

Tests run each one; the DDP script runs under `torchrun --standalone --nproc_per_node=2` on CPU.
"""

from __future__ import annotations

import difflib

from core.common.i18n import translate


def _c(lang: str, key: str) -> str:
    return translate(lang, f"devices_page.code_{key}")


def machine_code(lang: str = "en") -> str:
    return f'''import os

import torch

print("CPU threads:", torch.get_num_threads(), "of", os.cpu_count(), "cores")
print("CPU vector instructions:", torch.backends.cpu.get_cpu_capability())
print("CUDA available:", torch.cuda.is_available())
for i in range(torch.cuda.device_count()):
    props = torch.cuda.get_device_properties(i)
    free, total = torch.cuda.mem_get_info(i)  # {_c(lang, "mem_get_info")}
    print(f"cuda:{{i}}", props.name, f"{{total / 2**30:.1f}} GiB,", f"{{free / 2**30:.1f}} GiB free,",
          f"capability {{props.major}}.{{props.minor}}")
print("MPS available:", torch.backends.mps.is_available())
'''


def move_code(device: str, lang: str = "en") -> str:
    return f'''import torch
from torch import nn

device = torch.device("{device}")
x = torch.ones(2, 3)
print("tensor before:", x.device)
x = x.to(device)  # {_c(lang, "tensor_copy")}
print("tensor after:", x.device)

model = nn.Linear(3, 2)
print("model before:", next(model.parameters()).device)
model.to(device)  # {_c(lang, "model_in_place")}
print("model after:", next(model.parameters()).device)
print("output on:", model(x).device)  # {_c(lang, "same_device")}
'''


def matmul_code(device: str, n: int, lang: str = "en") -> str:
    return f'''import time

import torch

device = torch.device("{device}")
n = {n}
a = torch.randn(n, n, device=device)
b = torch.randn(n, n, device=device)


def sync():  # {_c(lang, "sync")}
    if device.type == "cuda":
        torch.cuda.synchronize()


a @ b  # {_c(lang, "warmup")}
sync()
reps = 5
start = time.perf_counter()
for _ in range(reps):
    a @ b
sync()
seconds = (time.perf_counter() - start) / reps
print(f"{{device}}: {{seconds * 1e3:.2f}} ms per matmul, {{2 * n**3 / seconds / 1e9:.1f}} GFLOP/s")
'''


_SINGLE = '''import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def main():
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(0)
    data = TensorDataset(torch.randn(512, 20), torch.randint(0, 2, (512,)))  # {features}
    loader = DataLoader(data, batch_size=32, shuffle=True)
    model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 2)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(2):
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
        print(f"epoch {{epoch}} loss {{loss.item():.4f}}")
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
'''

_DDP = '''import os

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler


def main():
    local_rank = int(os.environ["LOCAL_RANK"])  # {local_rank}
    if torch.cuda.is_available():
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    else:
        device = torch.device("cpu")
    dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")  # {init}
    rank, world = dist.get_rank(), dist.get_world_size()
    torch.manual_seed(0)
    data = TensorDataset(torch.randn(512, 20), torch.randint(0, 2, (512,)))  # {features}
    sampler = DistributedSampler(data, shuffle=True)  # {sampler}
    loader = DataLoader(data, batch_size=32, sampler=sampler)
    model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 2)).to(device)
    model = DDP(model, device_ids=[local_rank] if device.type == "cuda" else None)  # {wrap}
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(2):
        sampler.set_epoch(epoch)  # {set_epoch}
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()  # {backward}
            optimizer.step()
        print(f"rank {{rank}}/{{world}} epoch {{epoch}} loss {{loss.item():.4f}} ({{len(sampler)}} samples)")
    if rank == 0:
        torch.save(model.module.state_dict(), "model.pt")  # {save}
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
'''


def single_process_script(lang: str = "en") -> str:
    """The plain one-process training script the DDP version starts from."""
    return _SINGLE.format(features=_c(lang, "ddp_features"))


def ddp_script(lang: str = "en") -> str:
    """The same script for DistributedDataParallel: one process per GPU (or per CPU slot, with gloo)."""
    keys = ("features", "local_rank", "init", "sampler", "wrap", "set_epoch", "backward", "save")
    return _DDP.format(**{k: _c(lang, f"ddp_{k}") for k in keys})


def ddp_diff(lang: str = "en") -> str:
    """A unified diff from the one-process script to the DDP one: the lines that change."""
    lines = difflib.unified_diff(single_process_script(lang).splitlines(), ddp_script(lang).splitlines(),
                                 "train_one.py", "train_ddp.py", lineterm="", n=1)
    return "\n".join(lines)


def torchrun_commands(nproc: int) -> dict[str, str]:
    """How to launch: the DDP script here, TorchLab's trainer on one machine, and on two.

    With c10d rendezvous both machines run the very same command: torchrun numbers the
    nodes itself (it ignores --node-rank), and --rdzv-id keeps two jobs on one host apart.
    """
    return {
        "script": f"torchrun --standalone --nproc_per_node={nproc} train_ddp.py",
        "single_node": f"torchrun --nproc_per_node={nproc} -m core.train --epochs 1",
        "two_nodes": (f"torchrun --nnodes 2 --nproc_per_node={nproc} \\\n"
                      "    --rdzv-backend c10d --rdzv-endpoint HOST:29500 --rdzv-id mnist-1 \\\n"
                      "    -m core.train --epochs 1"),  # one command, continued over lines for reading
    }
