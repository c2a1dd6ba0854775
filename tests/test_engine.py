"""core.training.engine (bf16 autocast, channels_last), the burst reading of GPU losses, and threads' priority."""

import pytest
import torch
import torch.nn.functional as F

from core.data.datasets import get_spec
from core.models import create_model
from core.models.summary import flops_per_sample
from core.training import engine as engine_module
from core.training import loop as training
from core.training.config import TrainConfig
from core.training.engine import pick_engine
from core.training.evaluation import predict_all
from core.training.loop import seeded_model, train
from core.training.records import EndRecord, EpochRecord, StartRecord, StepRecord

CPU = torch.device("cpu")
SMALL = dict(model="convnet", train_subset=3000, test_subset=1000, batch_size=100, epochs=1, device="cpu",
             lr=1e-3, schedule="constant")


@pytest.mark.parametrize("native, expected", [(True, "bf16"), (False, "fp32")])
def test_auto_uses_bf16_only_where_the_chip_has_it(monkeypatch, native, expected):
    monkeypatch.setattr(engine_module, "native_bf16", lambda device: native)
    assert pick_engine("auto", CPU).precision == expected
    assert pick_engine("fp32", CPU).precision == "fp32"
    assert pick_engine("bf16", CPU).precision == "bf16"  # asked for: honoured, even if emulated
    with pytest.raises(ValueError, match="precision"):
        pick_engine("fp16", CPU)


def test_config_refuses_an_unknown_precision():
    with pytest.raises(ValueError, match="precision"):
        TrainConfig(precision="int8")


def test_channels_last_changes_memory_order_not_values():
    engine = pick_engine("fp32", CPU)
    torch.manual_seed(0)
    plain = create_model("convnet").eval()
    fast = engine.prepare_model(create_model("convnet")).eval()
    fast.load_state_dict(plain.state_dict())
    x = torch.randn(8, 1, 28, 28)
    assert engine.layout(x).is_contiguous(memory_format=torch.channels_last)
    assert fast.conv1.weight.is_contiguous(memory_format=torch.channels_last)
    torch.testing.assert_close(fast(engine.layout(x)), plain(x), rtol=1e-4, atol=1e-5)


def test_bf16_autocast_computes_in_bf16_and_keeps_fp32_weights():
    engine = pick_engine("bf16", CPU)
    model = engine.prepare_model(create_model("convnet"))
    with engine.autocast():
        hidden = model.fc1(torch.randn(4, 2000))
    assert hidden.dtype == torch.bfloat16
    assert all(p.dtype == torch.float32 for p in model.parameters())


def test_bf16_training_learns_as_well_as_fp32():
    """Same seed and data: the two number formats end within a point of each other on a small run."""
    accs = {}
    for precision in ("fp32", "bf16"):
        config = TrainConfig(precision=precision, **SMALL)
        records = list(train(config, seeded_model(config)))
        assert records[0].precision == precision
        accs[precision] = next(r for r in records if isinstance(r, EpochRecord)).test_acc
    assert accs["fp32"] > 0.75
    assert abs(accs["bf16"] - accs["fp32"]) < 0.01


def test_evaluation_is_fp32_whatever_the_training_format():
    model = create_model("convnet")
    images = torch.randint(0, 256, (50, 1, 28, 28), dtype=torch.uint8)
    spec = get_spec("mnist")
    plain = predict_all(model, images, spec)
    with_engine = predict_all(model, images, spec, engine=pick_engine("bf16", CPU))
    torch.testing.assert_close(with_engine, plain, rtol=1e-4, atol=1e-5)


def test_losses_read_in_bursts_give_the_same_records(monkeypatch):
    """On a GPU the loop reads losses every GPU_READ_EVERY steps; the records must not change."""
    config = TrainConfig(**SMALL)
    one_by_one = [r for r in train(config, seeded_model(config)) if isinstance(r, StepRecord)]
    monkeypatch.setattr(training, "_read_every", lambda device: 7)  # 30 steps: bursts of 7 and a rest of 2
    in_bursts = [r for r in train(config, seeded_model(config)) if isinstance(r, StepRecord)]
    assert [r.step for r in in_bursts] == list(range(1, 31))
    assert [r.loss for r in in_bursts] == pytest.approx([r.loss for r in one_by_one], rel=1e-5)


def test_a_nan_inside_a_burst_still_ends_the_run(monkeypatch):
    monkeypatch.setattr(training, "_read_every", lambda device: 7)
    config = TrainConfig(**SMALL)
    model = seeded_model(config)
    with torch.no_grad():
        model.fc2.bias.fill_(float("nan"))
    records = list(train(config, model))
    assert [type(r) for r in records] == [StartRecord, StepRecord, EndRecord], "ends at the burst's first NaN"
    assert records[1].step == 1 and records[-1].reason == "diverged"


def test_flops_per_sample_of_the_seed_convnet_by_hand():
    macs = {"conv1": 24 * 24 * 10 * 25, "conv2": 10 * 10 * 20 * 10 * 9, "fc1": 2000 * 500, "fc2": 500 * 10}
    forward = 2 * sum(macs.values())
    backward = 2 * sum(macs.values()) + 2 * (sum(macs.values()) - macs["conv1"])  # no gradient for the image
    model = create_model("convnet")
    assert flops_per_sample(model, (1, 28, 28), training=False) == forward
    assert flops_per_sample(model, (1, 28, 28)) == forward + backward
    assert all(p.grad is None for p in model.parameters())  # counted on a copy
