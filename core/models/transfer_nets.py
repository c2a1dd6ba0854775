"""torchvision's ResNet-18 and MobileNetV3-Small as registry models for transfer learning (#23).

Each wraps the torchvision network unchanged as `self.net`, so ImageNet's published weights
load into it by torchvision's own names, and swaps its last Linear for a new head of 10 classes
(core.models.heads.with_classes refits it to a folder's classes). core.models.transfer builds
one for a run: pretrained weights or not, the backbone frozen or fine-tuned.

torchvision is imported inside __init__: importing it costs ~1.5 s, and most pages never need it.
"""

from torch import nn

from core.models.registry import register_model


@register_model("resnet18-transfer", "torchvision's ResNet-18 at 3×224×224 with a new head: transfer learning.",
                (3, 224, 224))
class ResNet18Transfer(nn.Module):
    def __init__(self):
        super().__init__()
        from torchvision import models

        self.net = models.resnet18(weights=None)  # ImageNet's weights load into this, by torchvision's names
        self.net.fc = nn.Linear(self.net.fc.in_features, 10)  # the new head: 512 features -> your classes

    def forward(self, x):  # x: (N, 3, 224, 224)
        return self.net(x)  # (N, 10) logits


@register_model("mobilenet-v3-small-transfer",
                "torchvision's MobileNetV3-Small at 3×224×224 with a new head: transfer learning, light.",
                (3, 224, 224))
class MobileNetV3SmallTransfer(nn.Module):
    def __init__(self):
        super().__init__()
        from torchvision import models

        self.net = models.mobilenet_v3_small(weights=None)  # 2.5 M parameters, ~30× fewer FLOPs than ResNet-18
        last = self.net.classifier[3]  # Linear(1024, 1000): ImageNet's classes
        self.net.classifier[3] = nn.Linear(last.in_features, 10)  # the new head: 1024 features -> your classes

    def forward(self, x):  # x: (N, 3, 224, 224)
        return self.net(x)  # (N, 10) logits
