"""The models of the tutorials TorchLab grew from, written with nn layers as attributes.

Layers are modules (not F.relu calls) so forward hooks can show every one of them.
"""

import torch
from torch import nn

from core.models.registry import register_model


@register_model("convnet", "Seed 000's MNIST ConvNet: two convolutions and two linear layers.", (1, 28, 28))
class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)  # 28 -> 24
        self.relu1 = nn.ReLU()
        self.pool = nn.MaxPool2d(2)  # 24 -> 12
        self.conv2 = nn.Conv2d(10, 20, kernel_size=3)  # 12 -> 10
        self.relu2 = nn.ReLU()
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(20 * 10 * 10, 500)  # 20 channels × 10 × 10 = 2000
        self.relu3 = nn.ReLU()
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):  # x: (N, 1, 28, 28)
        x = self.pool(self.relu1(self.conv1(x)))  # (N, 10, 12, 12)
        x = self.relu2(self.conv2(x))  # (N, 20, 10, 10)
        x = self.relu3(self.fc1(self.flatten(x)))  # (N, 500)
        return torch.log_softmax(self.fc2(x), dim=1)  # (N, 10) log-probabilities


@register_model("cnn", "Seed 001's CNN: two 5×5 conv blocks (16, 32 channels) with max-pooling.", (1, 28, 28))
class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Sequential(
            nn.Conv2d(1, 16, kernel_size=5, stride=1, padding=2),  # keeps 28×28
            nn.ReLU(),
            nn.MaxPool2d(2),  # 28 -> 14
        )
        self.conv2 = nn.Sequential(
            nn.Conv2d(16, 32, kernel_size=5, stride=1, padding=2),  # keeps 14×14
            nn.ReLU(),
            nn.MaxPool2d(2),  # 14 -> 7
        )
        self.flatten = nn.Flatten()
        self.out = nn.Linear(32 * 7 * 7, 10)  # 32 channels × 7 × 7 = 1568

    def forward(self, x):  # x: (N, 1, 28, 28)
        x = self.conv2(self.conv1(x))  # (N, 32, 7, 7)
        return self.out(self.flatten(x))  # (N, 10) logits


@register_model("linear", "Seed 003's softmax regression: one Linear(784, 10), no hidden layer.", (1, 28, 28))
class LinearClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(28 * 28, 10)  # every pixel votes for every class

    def forward(self, x):  # x: (N, 1, 28, 28)
        return self.fc(self.flatten(x))  # (N, 10) logits


@register_model("cifar-net", "Seed 002's CIFAR-10 Sequential: three conv + pool blocks, two linear layers.", (3, 32, 32))
class CifarNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Conv2d(3, 32, kernel_size=5, padding=2),  # (N, 32, 32, 32)
            nn.MaxPool2d(2),  # (N, 32, 16, 16)
            nn.Conv2d(32, 32, kernel_size=5, padding=2),  # (N, 32, 16, 16)
            nn.MaxPool2d(2),  # (N, 32, 8, 8)
            nn.Conv2d(32, 64, kernel_size=5, padding=2),  # (N, 64, 8, 8)
            nn.MaxPool2d(2),  # (N, 64, 4, 4)
            nn.Flatten(),  # (N, 1024) = 64 × 4 × 4
            nn.Linear(1024, 64),
            nn.Linear(64, 10),
        )

    def forward(self, x):  # x: (N, 3, 32, 32)
        return self.model(x)  # (N, 10) logits


@register_model("convnet-rgb", "Seed 000's ConvNet for 3×32×32 colour pictures: the same four layers, wider inputs.",
                (3, 32, 32))
class ConvNetRGB(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 10, kernel_size=5)  # 3 colour channels in; 32 -> 28
        self.relu1 = nn.ReLU()
        self.pool = nn.MaxPool2d(2)  # 28 -> 14
        self.conv2 = nn.Conv2d(10, 20, kernel_size=3)  # 14 -> 12
        self.relu2 = nn.ReLU()
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(20 * 12 * 12, 500)  # 20 channels × 12 × 12 = 2880
        self.relu3 = nn.ReLU()
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):  # x: (N, 3, 32, 32)
        x = self.pool(self.relu1(self.conv1(x)))  # (N, 10, 14, 14)
        x = self.relu2(self.conv2(x))  # (N, 20, 12, 12)
        x = self.relu3(self.fc1(self.flatten(x)))  # (N, 500)
        return torch.log_softmax(self.fc2(x), dim=1)  # (N, 10) log-probabilities


from core.models import speedrun_net  # noqa: E402,F401  (the Speedrun preset's net, after the seeds)
from core.models import transfer_nets  # noqa: E402,F401  (registers the transfer models after the seeds)
