"""The Speedrun preset's network: the least work per digit that still reaches 99% on MNIST in one epoch.

Seed 000's ConvNet spends most of its time on a 2000 → 500 linear layer and on 24×24 maps. This net
looks at the digit with a stride-2 5×5 convolution (12×12 maps at once, a quarter of the pixels to
carry through every later layer), then one 3×3 convolution and a small hidden layer. Batch norm after
every layer is what lets it learn at a high learning rate from the first steps, so one pass over
the data is enough (docs/performance.md#speedrun measures each ingredient's share).
"""

import torch
from torch import nn

from core.models.registry import register_model


@register_model("speedrun-net", "The Speedrun preset's net: a stride-2 conv, a 3×3 conv and batch norm; "
                "99% in one epoch.", (1, 28, 28))
class SpeedrunNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, kernel_size=5, stride=2, bias=False)  # 28 -> 12; BN's shift is the bias
        self.bn1 = nn.BatchNorm2d(16)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(16, 32, kernel_size=3, bias=False)  # 12 -> 10
        self.bn2 = nn.BatchNorm2d(32)
        self.relu2 = nn.ReLU()
        self.pool = nn.MaxPool2d(2)  # 10 -> 5
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(32 * 5 * 5, 128, bias=False)  # 32 channels × 5 × 5 = 800
        self.bn3 = nn.BatchNorm1d(128)
        self.relu3 = nn.ReLU()
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: (N, 1, 28, 28)
        x = self.relu1(self.bn1(self.conv1(x)))  # (N, 16, 12, 12)
        x = self.pool(self.relu2(self.bn2(self.conv2(x))))  # (N, 32, 5, 5)
        x = self.relu3(self.bn3(self.fc1(self.flatten(x))))  # (N, 128)
        return self.fc2(x)  # (N, 10) logits
