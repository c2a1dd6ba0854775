"""core.vision.explain on colour pictures: Grad-CAM's cells placed where ResNet-18's and MobileNetV3's
really look (their shortcuts and squeeze-excitation branches are not steps of the main path), the
gradient taken at the same call as the activation, and saliency reading every colour channel."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from core.models import create_model
from core.vision.explain import _unit, cam_cells, cam_layer, grad_cam, placed, saliency

TRANSFER = [("resnet18-transfer", "net.layer4.1.relu"), ("mobilenet-v3-small-transfer", "net.features.12.2")]
LAST_STAGE = {"resnet18-transfer": "net.layer4", "mobilenet-v3-small-transfer": "net.features"}  # ends in the CAM layer


@pytest.fixture(scope="module")
def nets():
    torch.manual_seed(0)
    return {name: create_model(name).eval() for name, _ in TRANSFER}


@pytest.mark.parametrize("name, layer_name", TRANSFER)
def test_the_7x7_cells_at_224_px_are_32_px_apart_from_the_corner(nets, name, layer_name):
    """Five stride-2 steps, each a window centred on 2·j (3×3 padded 1, 7×7 padded 3, 1×1 shortcut):
    cell i is centred on pixel 32·i. The shortcut's 1×1 conv runs beside the main path, not after it."""
    layer = cam_layer(nets[name], torch.zeros(3, 224, 224))
    assert (layer.name, layer.start, layer.jump) == (layer_name, (0.0, 0.0), (32.0, 32.0))


@pytest.mark.parametrize("name, layer_name", TRANSFER)
def test_a_cell_is_placed_where_its_gradient_is_centred(nets, name, layer_name):
    """torch as the oracle: the centre cell (3, 3)'s gradient on the input is centred near pixel 96
    (its receptive field's centre), not 112 (stretching 7 cells over 224 px) nor off the picture."""
    net, x = nets[name], torch.randn(4, 3, 224, 224, generator=torch.Generator().manual_seed(1), requires_grad=True)
    seen = {}
    module = dict(net.named_modules())[LAST_STAGE[name]]
    handle = module.register_forward_hook(lambda _m, _i, out: seen.setdefault("out", out))
    try:
        net(x)
    finally:
        handle.remove()
    (grad,) = torch.autograd.grad(seen["out"][:, :, 3, 3].sum(), x)
    weight = grad.abs().sum(dim=(0, 1))  # (224, 224)
    pixels = torch.arange(224.0)
    centre = [float((weight.sum(dim=1 - axis) * pixels).sum() / weight.sum()) for axis in (0, 1)]
    hot = torch.zeros(7, 7)
    hot[3, 3] = 1.0
    peak = divmod(int(placed(hot, cam_layer(net, x[0].detach()), (224, 224)).argmax()), 224)
    assert peak == (96, 96)
    assert all(abs(c - 96) < 8 for c in centre), centre


def test_grad_cam_reads_the_gradient_of_the_call_it_reads_the_activation_of(nets):
    """ResNet's blocks run one ReLU module twice; Grad-CAM must pair the block's output with the gradient
    into that output (as a hook on layer4 sees them), not with the earlier call's gradient."""
    net = nets["resnet18-transfer"]
    x = torch.randn(3, 224, 224, generator=torch.Generator().manual_seed(2))
    seen = {}

    def keep(_module, _inputs, out):
        seen["out"] = out
        out.register_hook(lambda grad: seen.setdefault("grad", grad))

    handle = net.net.layer4.register_forward_hook(keep)
    try:
        net(x.unsqueeze(0))[0, 1].backward()
    finally:
        handle.remove()
    weights = seen["grad"].mean(dim=(2, 3), keepdim=True)  # (1, 512, 1, 1)
    by_hand = torch.relu((weights * seen["out"].detach()).sum(dim=1))[0]  # (7, 7)
    cells, layer = cam_cells(net, x, 1)
    assert (layer.name, layer.call) == ("net.layer4.1.relu", 1) and by_hand.max() > 0
    assert torch.allclose(cells, by_hand, atol=1e-6)
    assert torch.allclose(grad_cam(net, x, 1), _unit(placed(by_hand, layer, (224, 224))), atol=1e-5)
    assert not any(m._forward_hooks for m in net.modules()), "no hook left behind"


class PoolsInItsForward(nn.Module):
    """A 2×2 pool written as plain code between two convolutions: no module shows the stride."""

    def __init__(self):
        super().__init__()
        self.conv1, self.conv2, self.relu = nn.Conv2d(3, 4, 3, padding=1), nn.Conv2d(4, 4, 3, padding=1), nn.ReLU()

    def forward(self, x):  # x: (N, 3, 32, 32)
        x = F.max_pool2d(self.conv1(x), 2)  # (N, 4, 16, 16)
        return self.relu(self.conv2(x)).flatten(1).sum(dim=1, keepdim=True).repeat(1, 2)  # (N, 2)


class AddsItsInput(nn.Module):
    """A residual block written `x + f(x)`: the sum is made by plain code at the input's own size."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 4, 3, padding=1)

    def forward(self, x):
        return x + self.conv(x)


def test_a_step_no_module_shows_leaves_the_cells_stretched_but_a_same_sized_sum_keeps_them():
    """Where the way from the input to the layer is not known, the cells tile the picture evenly
    (placed()'s documented fallback) instead of being placed by a wrong stride."""
    pooled = cam_layer(PoolsInItsForward().eval(), torch.zeros(3, 32, 32))
    assert (pooled.name, pooled.start, pooled.jump) == ("relu", None, None)
    hot = torch.zeros(16, 16)
    hot[7, 7] = 1.0
    stretched = placed(hot, pooled, (32, 32))
    assert stretched[14, 14] == stretched[15, 15] == stretched.max(), "cell 7 of 16 is centred on pixels 14-15"
    residual = nn.Sequential(nn.Conv2d(3, 4, 5, padding=2), nn.MaxPool2d(2), AddsItsInput(), nn.ReLU(),
                             nn.Flatten(), nn.Linear(4 * 16 * 16, 2)).eval()
    layer = cam_layer(residual, torch.zeros(3, 32, 32))
    assert (layer.name, layer.start, layer.jump) == ("3", (0.5, 0.5), (2.0, 2.0))


def blue_only_net() -> nn.Module:
    """Its score is a weighted sum of the blue channel alone: red and green could be anything."""
    net = nn.Sequential(nn.Conv2d(3, 1, 1, bias=False), nn.Flatten(), nn.Linear(16, 2))
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor([0.0, 0.0, 1.0]).view(1, 3, 1, 1))
        net[2].weight.copy_(torch.linspace(-1, 1, 32).view(2, 16))
    return net.eval()


def test_saliency_takes_the_largest_gradient_over_the_colour_channels():
    """Simonyan et al. 2014 (and captum's Saliency): max over channels of |∂score/∂pixel|."""
    net, x = blue_only_net(), torch.rand(3, 4, 4)
    pixels = x.clone().unsqueeze(0).requires_grad_(True)
    net(pixels)[0, 0].backward()
    expected = _unit(pixels.grad[0].abs().amax(dim=0))  # (4, 4): the blue channel's gradient here
    found = saliency(net, x, 0)
    assert found.shape == (4, 4) and found.max() == 1.0
    assert torch.allclose(found, expected)
