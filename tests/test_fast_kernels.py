"""core.training.fast_pool and fast_convnet: the engine's faster ReLU + max-pool is F.max_pool2d(F.relu(·)) bit for bit,
and seed 000's ConvNet trains to the same numbers with it as through model(x)."""

import itertools

import pytest
import torch
import torch.nn.functional as F

from core.models import create_model, get_model_info
from core.models.seeds import ConvNet
from core.training import step as step_module
from core.training.config import TrainConfig
from core.training.engine import pick_engine
from core.training.fast_convnet import fused_is_same, seed_convnet_forward, training_forward
from core.training.fast_pool import ReluMaxPool2x2, fits, relu_max_pool2x2
from core.training.loop import seeded_model, train
from core.training.records import EpochRecord, StepRecord

CPU = torch.device("cpu")
CL = torch.channels_last


def _both(y: torch.Tensor, grad: torch.Tensor):
    """(output, input gradient) of PyTorch's relu + max_pool2d and of ours, on copies of y."""
    results = []
    for pool in (lambda t: F.max_pool2d(F.relu(t), 2), ReluMaxPool2x2.apply):
        leaf = y.detach().clone().requires_grad_()
        out = pool(leaf)
        out.backward(grad)
        results.append((out, leaf.grad))
    return results


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16, torch.float32])
def test_every_tie_pattern_of_a_window_routes_the_gradient_as_pytorch_does(dtype):
    """All 5^4 windows of the values -1, 0, 1, 2, 2 (+ a hair): every tie, every all-negative window."""
    values = [-1.0, 0.0, 1.0, 2.0, 2.0078125]  # 2.0078125 = 2 + one bf16 step
    windows = torch.tensor(list(itertools.product(values, repeat=4))).view(625, 2, 2)  # (window, dy, dx)
    y = windows.permute(1, 0, 2).reshape(1, 1, 2, 1250)  # the 625 windows side by side in one 2-row strip
    y = y.repeat(2, 3, 1, 1).to(dtype).contiguous(memory_format=CL)  # (2, 3, 2, 1250)
    grad = torch.arange(1.0, 1 + 2 * 3 * 625).view(2, 3, 1, 625).to(dtype).contiguous(memory_format=CL)
    (theirs, their_grad), (ours, our_grad) = _both(y, grad)
    assert fits(y)
    assert torch.equal(ours, theirs) and ours.is_contiguous(memory_format=CL)
    assert torch.equal(our_grad, their_grad)
    assert (their_grad != 0).sum() > 0 and (their_grad == 0).sum() > 0  # some windows pass nothing (all ≤ 0)


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float32])
@pytest.mark.parametrize("channels, side", [(10, 24), (10, 28), (3, 6), (1, 8), (20, 10)])
def test_random_maps_with_many_ties_match_bit_for_bit(dtype, channels, side):
    torch.manual_seed(channels + side)
    y = (torch.randn(16, channels, side, side) * 3).round().div(2).to(dtype).contiguous(memory_format=CL)
    y[0, 0, :4, :4] = float("inf")  # infinities are ordinary maxima
    y[1, 0, :2, :2] = -0.0  # a negative zero is a zero
    grad = torch.randn(16, channels, side // 2, side // 2).to(dtype).contiguous(memory_format=CL)
    (theirs, their_grad), (ours, our_grad) = _both(y, grad)
    assert torch.equal(ours, theirs) and torch.equal(our_grad, their_grad)
    assert our_grad.is_contiguous(memory_format=CL)


def test_what_the_bit_pass_cannot_take_goes_to_pytorch():
    nchw = torch.randn(2, 10, 24, 24)
    odd = torch.randn(2, 10, 23, 24).contiguous(memory_format=CL)
    whole = torch.randn(2, 10, 24, 24, dtype=torch.float64).contiguous(memory_format=CL)
    for y in (nchw, odd, whole):
        assert not fits(y)
        assert torch.equal(relu_max_pool2x2(y), F.max_pool2d(F.relu(y), 2))


@pytest.mark.parametrize("name", ["convnet", "convnet-rgb"])
def test_the_fused_forward_and_its_gradients_are_the_models_own(name):
    engine = pick_engine("bf16", CPU)
    torch.manual_seed(0)
    model = engine.prepare_model(create_model(name))
    x = engine.layout(torch.randn(64, *get_model_info(name).input_shape))
    grads = []
    for forward in (model, lambda batch: seed_convnet_forward(model, batch)):
        model.zero_grad(set_to_none=True)
        with engine.autocast():
            out = forward(x)
        out.float().sum().backward()
        grads.append((out, [p.grad for p in model.parameters()]))
    (theirs, their_grads), (ours, our_grads) = grads
    assert torch.equal(ours, theirs)
    assert all(torch.equal(a, b) for a, b in zip(our_grads, their_grads))


def test_only_seed_000s_convnets_on_a_cpu_get_the_fused_forward():
    convnet, cnn = create_model("convnet"), create_model("cnn")
    assert training_forward(cnn, CPU) is cnn
    assert training_forward(convnet, torch.device("cuda")) is convnet
    assert training_forward(convnet, CPU) is not convnet
    rgb = create_model("convnet-rgb")
    assert training_forward(rgb, CPU) is not rgb


def test_the_fused_forward_can_be_turned_off(monkeypatch):
    convnet = create_model("convnet")
    monkeypatch.setenv("TORCHLAB_FAST_KERNELS", "0")
    assert training_forward(convnet, CPU) is convnet


def test_a_hook_or_a_non_finite_weight_takes_the_models_own_forward():
    model = create_model("convnet")
    assert fused_is_same(model)
    handle = model.pool.register_forward_hook(lambda *args: None)
    assert not fused_is_same(model)
    handle.remove()
    handle = torch.nn.modules.module.register_module_forward_hook(lambda *args: None)
    try:
        assert not fused_is_same(model)
    finally:
        handle.remove()
    with torch.no_grad():
        model.conv1.weight[0, 0, 0, 0] = float("nan")
    assert not fused_is_same(model)


def test_a_hook_on_the_pool_still_sees_every_training_step():
    config = TrainConfig(model="convnet", train_subset=600, test_subset=100, batch_size=100, epochs=1, device="cpu")
    model, seen = seeded_model(config), []
    handle = model.pool.register_forward_hook(lambda module, inputs, output: seen.append(output.shape))
    try:
        list(train(config, model))
    finally:
        handle.remove()
    assert len(seen) >= 6  # six training steps (and the evaluation's batches)


def _run(config: TrainConfig, fused: bool, monkeypatch) -> tuple[list[float], float, dict]:
    if not fused:
        monkeypatch.setattr(step_module, "training_forward", lambda model, device: model)
    model = seeded_model(config)
    records = list(train(config, model))
    monkeypatch.undo()
    losses = [r.loss for r in records if isinstance(r, StepRecord)]
    return losses, [r for r in records if isinstance(r, EpochRecord)][-1].test_acc, model.state_dict()


@pytest.mark.parametrize("precision", ["bf16", "fp32"])
def test_training_with_the_fused_pool_is_the_same_run_bit_for_bit(monkeypatch, precision):
    """MNIST's black backgrounds make tied windows everywhere: the losses, accuracy and weights stay identical."""
    config = TrainConfig(model="convnet", train_subset=2048, test_subset=500, batch_size=256, epochs=1,
                         device="cpu", precision=precision, lr=1e-3, schedule="constant")
    fused_losses, fused_acc, fused_weights = _run(config, True, monkeypatch)
    plain_losses, plain_acc, plain_weights = _run(config, False, monkeypatch)
    assert fused_losses == plain_losses and fused_acc == plain_acc
    for name, tensor in plain_weights.items():
        assert torch.equal(fused_weights[name], tensor), name


def test_a_model_trained_with_the_fused_pool_is_a_plain_convnet():
    config = TrainConfig(model="convnet", train_subset=512, test_subset=100, batch_size=256, epochs=1, device="cpu")
    model = seeded_model(config)
    list(train(config, model))
    assert type(model) is ConvNet
    assert not any(getattr(m, name) for m in model.modules() for name in ("_forward_hooks", "_forward_pre_hooks"))
    plain = ConvNet()
    plain.load_state_dict(model.state_dict())  # strict: the same names and shapes
    assert list(plain.state_dict()) == list(model.state_dict())
