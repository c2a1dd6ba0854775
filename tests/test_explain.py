"""core.vision.explain's Grad-CAM: torch-cam's choice of layer, and its coarse map laid where its cells look."""

import torch
import torch.nn.functional as F
from torch import nn

from core.models import create_model
from core.vision.explain import cam_layer, grad_cam, placed
from core.vision.inference import shipped_model


def test_the_layer_is_torch_cams_and_its_cells_geometry_is_the_receptive_fields():
    """torch-cam (locate_candidate_layer) reads the last layer whose output still has a place: the ConvNet's
    relu2, 20×10×10. Its cell i is centred on input pixel 2i + 4.5: conv1 (5×5) centres on j + 2,
    the 2×2 pool on 2p + 0.5 of those, conv2 (3×3) on i + 1 of the pooled ones."""
    layer = cam_layer(shipped_model(), torch.zeros(1, 28, 28))
    assert (layer.name, layer.start, layer.jump) == ("relu2", (4.5, 4.5), (2.0, 2.0))
    seed_001 = cam_layer(create_model("cnn").eval(), torch.zeros(1, 28, 28))  # 5×5 convs padded by 2, two 2×2 pools
    assert (seed_001.start, seed_001.jump) == ((1.5, 1.5), (4.0, 4.0))
    assert cam_layer(create_model("linear").eval(), torch.zeros(1, 28, 28)) is None


def blob_net() -> nn.Module:
    """A net whose every channel lights up where the ink is, and whose score grows with it: its
    Grad-CAM must peak on the ink."""
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(1, 1, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(1, 1, 3), nn.ReLU(),
                        nn.Flatten(), nn.Linear(100, 2))  # 28 -> 24 -> 12 -> 10, as the ConvNet
    with torch.no_grad():
        net[0].weight.fill_(1 / 25), net[0].bias.zero_()
        net[3].weight.fill_(1 / 9), net[3].bias.zero_()
        net[6].weight.fill_(1.0), net[6].bias.zero_()
    return net.eval()


def test_the_map_lands_on_the_ink_not_stretched_towards_the_corners():
    x = torch.zeros(1, 28, 28)
    x[0, 5:8, 19:22] = 1.0  # a blob centred on pixel (6, 20)
    heat = grad_cam(blob_net(), x, 0)
    row, col = divmod(int(heat.argmax()), 28)
    assert abs(row - 6) <= 1 and abs(col - 20) <= 1, (row, col)
    raw = torch.zeros(10, 10)
    raw[1, 8] = 1.0  # the cell centred on pixel (2·1 + 4.5, 2·8 + 4.5) = (6.5, 20.5)
    layer = cam_layer(blob_net(), x)
    stretched = F.interpolate(raw[None, None], size=(28, 28), mode="bilinear", align_corners=False)[0, 0]
    assert divmod(int(placed(raw, layer, (28, 28)).argmax()), 28) in {(6, 20), (6, 21), (7, 20), (7, 21)}
    assert divmod(int(stretched.argmax()), 28)[0] <= 4, "plain resizing puts that cell 2-3 px nearer the edge"
