"""The race beside seed 001's own code: the same data bit for bit, the same first net, losses of the same size.

Seed 001 (Morvan Zhou's 306_optimizer.py) draws everything from the global generator after
torch.manual_seed(1); the race draws from a torch.Generator seeded with 1, which starts in the
same state. The seed's code below is its own, reduced to what makes numbers (no plots, and no
num_workers=2: worker processes change the speed, not the batches).
"""

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

from core.code.race_snippets import race_code
from core.lessons.optimizer_race import NOISE_STD, RaceConfig, RaceStep, make_data, noise_floor, race, seeded_net
from core.lessons.race_optimizers import NAMES

LR, BATCH_SIZE, EPOCH = 0.01, 32, 12  # seed 001's


class SeedNet(torch.nn.Module):  # seed 001's Net, as it is written there
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(1, 20)
        self.predict = torch.nn.Linear(20, 1)

    def forward(self, x):
        x = F.relu(self.hidden(x))
        return self.predict(x)


def run_seed_001():
    """Seed 001's script with torch.manual_seed(1): its data, its four nets, and each net's batch losses."""
    with torch.random.fork_rng():  # the global generator is seed 001's to use, then put back
        torch.manual_seed(1)
        x = torch.unsqueeze(torch.linspace(-1, 1, 1000), dim=1)
        y = x.pow(2) + 0.1 * torch.normal(torch.zeros(*x.size()))
        loader = DataLoader(TensorDataset(x, y), batch_size=BATCH_SIZE, shuffle=True)
        nets = [SeedNet(), SeedNet(), SeedNet(), SeedNet()]
        first_net = {k: v.clone() for k, v in nets[0].state_dict().items()}
        optimizers = [torch.optim.SGD(nets[0].parameters(), lr=LR),
                      torch.optim.SGD(nets[1].parameters(), lr=LR, momentum=0.8),
                      torch.optim.RMSprop(nets[2].parameters(), lr=LR, alpha=0.9),
                      torch.optim.Adam(nets[3].parameters(), lr=LR, betas=(0.9, 0.99))]
        loss_func = torch.nn.MSELoss()
        losses_his = [[], [], [], []]
        for _ in range(EPOCH):
            for b_x, b_y in loader:
                for net, opt, l_his in zip(nets, optimizers, losses_his):
                    loss = loss_func(net(b_x), b_y)
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                    l_his.append(loss.item())
    return x, y, first_net, dict(zip(NAMES, losses_his))


def test_the_race_defaults_are_seed_001s_settings():
    config = RaceConfig()
    assert (config.lr, config.batch_size, config.epochs, config.points, config.hidden) == (LR, BATCH_SIZE, EPOCH,
                                                                                           1000, 20)
    code = race_code(config)
    for setting in ("LR = 0.01", "BATCH_SIZE = 32", "EPOCH = 12", "shuffle=True", "0.1 * torch.normal(",
                    "momentum=0.8", "alpha=0.9", "betas=(0.9, 0.99)", "nn.MSELoss()"):
        assert setting in code


def test_the_race_is_seed_001s_data_first_net_and_loss_size():
    seed_x, seed_y, seed_net, seed_losses = run_seed_001()
    generator = torch.Generator().manual_seed(RaceConfig().seed)
    x, y = make_data(1000, generator)
    assert torch.equal(x, seed_x) and torch.equal(y, seed_y), "the same numbers from the same generator state"
    noise = y - x.pow(2)
    assert 0.008 < noise.var().item() < 0.012, "0.1·normal noise: variance ≈ 0.01"
    assert abs(noise.mean().item()) < 0.01, "normal noise is centred: no offset for the nets to learn"
    assert NOISE_STD == 0.1 and noise_floor(x, y) == torch.nn.functional.mse_loss(x.pow(2), y).item()
    ours = seeded_net(20, generator)  # drawn right after the data, as seed 001's first Net() is
    assert all(torch.equal(ours.state_dict()[k], v) for k, v in seed_net.items()), "one start = seed 001's net_SGD"

    steps = [r for r in race(RaceConfig()) if isinstance(r, RaceStep)]
    assert len(steps) == len(seed_losses["SGD"]) == 12 * 32
    for name in NAMES:  # the last epoch's mean batch loss: other starts and batch orders, the same size
        theirs = sum(seed_losses[name][-32:]) / 32
        mine = sum(s.losses[name] for s in steps[-32:]) / 32
        assert 0.5 < mine / theirs < 2, (name, mine, theirs)
