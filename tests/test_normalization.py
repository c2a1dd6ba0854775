"""A run's normalisation (dataset statistics, seed 003's 0.5/0.5, none, a pipeline's Normalize) is chosen
once and honoured by training, evaluation, the CLI, the run's records, the checkpoint and inference."""

import json

import pytest
import torch
from PIL import Image, ImageDraw

from core import train as cli
from core.data.datasets import DATASETS
from core.data.normalization import NormalizationError, config_stats, input_normalization, normalization_stats
from core.models import create_model
from core.models.checkpoints import load_checkpoint, save_checkpoint
from core.training.config import TrainConfig
from core.training.loop import train
from core.training.runs import RunStore
from core.vision.inference import predict, predict_naive, shipped_model
from core.vision.preprocess import preprocess

HANDED_OVER = [["RandomRotation", {"degrees": 5.0}], ["ToImage", {}], ["ToDtype", {"scale": True}],
               ["Normalize", {"mean": [0.2], "std": [0.4]}]]  # as the Transforms page hands a pipeline over
EXPECTED = {  # (mean, std) for one MNIST channel
    "dataset": ((0.1307,), (0.3081,)),
    "0.5": ((0.5,), (0.5,)),  # seed 003: transforms.Normalize((0.5,), (0.5,))
    "none": ((0.0,), (1.0,)),
    "pipeline": ((0.2,), (0.4,)),
}


def config_for(normalization: str, **settings) -> TrainConfig:
    pipeline = HANDED_OVER if normalization == "pipeline" else []
    return TrainConfig(normalization=normalization, augment_pipeline=pipeline, **settings)


@pytest.mark.parametrize("normalization", EXPECTED)
def test_each_choice_has_its_numbers(normalization):
    assert config_stats(config_for(normalization)) == EXPECTED[normalization]


def test_colour_images_get_one_value_per_channel():
    assert normalization_stats("dataset", "cifar10") == (DATASETS["cifar10"].mean, DATASETS["cifar10"].std)
    assert normalization_stats("0.5", "cifar10") == ((0.5,) * 3, (0.5,) * 3)
    assert normalization_stats("none", "cifar10") == ((0.0,) * 3, (1.0,) * 3)


def test_two_normalize_steps_fold_into_the_one_torchvision_applies():
    from torchvision.transforms import v2

    steps = [["Normalize", {"mean": [0.5, 0.4, 0.3], "std": [0.25, 0.5, 2.0]}],
             ["Normalize", {"mean": [0.1], "std": [3.0]}]]
    mean, std = normalization_stats("pipeline", "cifar10", steps)
    x = torch.rand(3, 8, 8)
    expected = v2.Normalize([0.1] * 3, [3.0] * 3)(v2.Normalize([0.5, 0.4, 0.3], [0.25, 0.5, 2.0])(x))
    ours = (x - torch.tensor(mean).view(3, 1, 1)) / torch.tensor(std).view(3, 1, 1)
    torch.testing.assert_close(ours, expected)


def test_what_cannot_be_used_is_refused_in_words():
    with pytest.raises(ValueError, match="normalization"):
        TrainConfig(normalization="imagenet")
    with pytest.raises(ValueError, match="no|none"):
        TrainConfig(normalization="pipeline")  # no Normalize step to take it from
    three = [["Normalize", {"mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5]}]]
    with pytest.raises(NormalizationError) as caught:
        config_stats(TrainConfig(normalization="pipeline", augment_pipeline=three))
    assert "3 values" in str(caught.value) and "1 channel" in str(caught.value)
    assert "通道" in caught.value.render("zh")
    with pytest.raises(NormalizationError, match="above 0"):
        zero = [["Normalize", {"mean": [0.5], "std": [0]}]]
        config_stats(TrainConfig(normalization="pipeline", augment_pipeline=zero))


def test_seed_003s_transform_gives_what_our_training_feeds_its_model():
    """Seed 003 normalises with transforms.Normalize((0.5,), (0.5,)): the same numbers reach our model."""
    from torchvision import transforms

    from core.data.batches import make_batch
    from core.data.loading import load_split
    from core.data.normalization import normalized_spec

    seed003 = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])  # as seed 003 has it
    images = load_split("mnist", True).images[:16]  # (16, 1, 28, 28) uint8
    theirs = torch.stack([seed003(Image.fromarray(image[0].numpy())) for image in images])
    ours = make_batch(images, normalized_spec(TrainConfig(normalization="0.5")))
    torch.testing.assert_close(ours, theirs, rtol=0, atol=1e-6)


@pytest.mark.parametrize("normalization", EXPECTED)
def test_training_and_evaluation_feed_the_model_the_runs_normalisation(normalization):
    """Black pixels reach the model as (0 - mean) / std and white ones as (1 - mean) / std, in training
    batches and in test batches alike."""
    config = config_for(normalization, model="linear", train_subset=300, test_subset=200, batch_size=100,
                        epochs=1, device="cpu")
    model, seen = create_model("linear"), {True: [], False: []}
    hook = model.register_forward_pre_hook(lambda m, args: seen[m.training].append(args[0].detach()))
    try:
        records = list(train(config, model))
    finally:
        hook.remove()
    assert records[-1].reason == "finished"
    (mean,), (std,) = EXPECTED[normalization]
    for training in (True, False):
        x = torch.cat([batch.flatten() for batch in seen[training]])
        assert x.min().item() == pytest.approx((0 - mean) / std, abs=1e-5), training
        assert x.max().item() == pytest.approx((1 - mean) / std, abs=1e-5), training


def test_the_flag_the_records_and_the_checkpoint_carry_it_to_inference(tmp_path, capsys):
    out = tmp_path / "half.pt"
    code = cli.main(["--model", "linear", "--train-subset", "500", "--test-subset", "200", "--batch-size", "100",
                     "--epochs", "1", "--device", "cpu", "--log-every", "0", "--normalization", "0.5",
                     "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert json.loads(out.with_suffix(".json").read_text())["config"]["normalization"] == "0.5"
    run = RunStore(tmp_path / "runs").create(TrainConfig(normalization="none"), owner="me")
    assert run.read_info()["config"]["normalization"] == "none"  # a page run's config.json

    model = load_checkpoint(out).model
    assert input_normalization(model) == ((0.5,), (0.5,))
    drawing = Image.new("L", (280, 280), 0)
    ImageDraw.Draw(drawing).line([(140, 50), (140, 230)], fill=255, width=20)
    unit = preprocess(drawing).unit.unsqueeze(0)  # (1, 28, 28) in 0..1
    prediction = predict(drawing, model)
    torch.testing.assert_close(prediction.input, (unit - 0.5) / 0.5)  # -1..1, as it trained: not MNIST's
    with torch.no_grad():
        expected = torch.softmax(model(((unit - 0.5) / 0.5).unsqueeze(0)), dim=1)[0]
    assert prediction.probs == pytest.approx(expected.tolist(), abs=1e-6)
    label, confidence, seen = predict_naive(drawing, model)
    with torch.no_grad():
        naive = torch.softmax(model(((seen.unsqueeze(0) - 0.5) / 0.5).unsqueeze(0)), dim=1)[0]
    assert (label, confidence) == (int(naive.argmax()), pytest.approx(float(naive.max()), abs=1e-6))


def test_models_without_a_recorded_choice_get_their_datasets_statistics(tmp_path):
    shipped = shipped_model()
    assert input_normalization(shipped) == ((0.1307,), (0.3081,))  # its config predates the choice
    bare = tmp_path / "bare.pt"
    torch.save(create_model("linear").state_dict(), bare)  # a bare state_dict says nothing: MNIST's, as before
    assert input_normalization(load_checkpoint(bare).model) == ((0.1307,), (0.3081,))
    drawing = Image.new("L", (280, 280), 0)
    ImageDraw.Draw(drawing).ellipse((90, 60, 190, 220), outline=255, width=18)
    torch.testing.assert_close(predict(drawing, shipped).input, preprocess(drawing).tensor)
    none = tmp_path / "none.pt"
    save_checkpoint(none, create_model("linear"), "linear", {"config": TrainConfig(normalization="none").to_dict()})
    assert input_normalization(load_checkpoint(none).model) == ((0.0,), (1.0,))
