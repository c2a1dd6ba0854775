"""Try a model trained on your own pictures: its checkpoint loads with its own head, and a picture
read by core.vision.picture_predict gets exactly the probabilities training's evaluation gave it."""

from dataclasses import replace

import numpy as np
import pytest
import torch
from PIL import Image

from core.data.normalization import input_normalization
from core.data.shape_pictures import CLASSES
from core.models import create_model
from core.models.checkpoints import load_checkpoint, save_checkpoint
from core.training.evaluation import predict_all
from core.training.run_data import run_data
from core.vision.picture_predict import (PictureModelError, checkpoint_input, classify, picture_input, run_config,
                                         validation_mistakes)

from folder_checkpoint import shapes_checkpoint  # noqa: F401  (fixture)
from shape_folder import PER_CLASS, own_cache, shapes  # noqa: F401  (fixtures)


def test_a_folder_checkpoint_loads_with_a_head_for_its_classes(shapes_checkpoint):
    loaded = load_checkpoint(shapes_checkpoint)
    assert loaded.classes == list(CLASSES) and loaded.input_shape == (3, 32, 32)
    assert loaded.model(torch.zeros(2, 3, 32, 32)).shape == (2, 3)
    mean, std = loaded.meta["input_stats"]
    assert input_normalization(loaded.model) == (tuple(mean), tuple(std)), "fed as it was trained"


def test_a_validation_picture_reads_as_training_scored_it(shapes_checkpoint, shapes):
    """Every file goes through the page's path; the validation ones must meet the very pixels and
    probabilities that training's evaluation (run_data + predict_all) had."""
    loaded = load_checkpoint(shapes_checkpoint)
    data = run_data(run_config(loaded.meta))
    scored = predict_all(loaded.model, data.test.images, data.spec).exp()  # (9, 3)
    met = set()
    for path in sorted(shapes.rglob("*.png")):
        made = checkpoint_input(loaded, path)
        same = [i for i, image in enumerate(data.test.images)
                if np.array_equal(image.permute(1, 2, 0).numpy(), made.picture)]
        if not same:
            continue  # a training picture
        row = same[0]
        met.add(row)
        read = dict(classify(loaded.model, made, loaded.classes))
        assert CLASSES[int(data.test.labels[row])] == path.parent.name
        np.testing.assert_allclose([read[c] for c in CLASSES], scored[row].tolist(), atol=1e-5)
    assert met == set(range(len(data.test.images))) == set(range(3 * round(PER_CLASS * 0.2)))


def test_classify_ranks_every_class(shapes_checkpoint):
    loaded = load_checkpoint(shapes_checkpoint)
    photo = Image.new("RGB", (640, 480), (30, 120, 200))  # not square: the centre square is kept
    made = checkpoint_input(loaded, photo)
    assert made.tensor.shape == (3, 32, 32) and made.picture.shape == (32, 32, 3)
    ranked = classify(loaded.model, made, loaded.classes)
    assert sorted(c for c, _ in ranked) == list(CLASSES) and abs(sum(p for _, p in ranked) - 1) < 1e-5
    assert [p for _, p in ranked] == sorted((p for _, p in ranked), reverse=True)
    assert classify(loaded.model, made.tensor, loaded.classes) == ranked
    with pytest.raises(ValueError):
        classify(loaded.model, made, ["cat", "dog"])


def test_the_picture_keeps_its_middle_and_its_colours():
    stats = ((0.0, 0.0, 0.0), (1.0, 1.0, 1.0))
    photo = Image.new("RGB", (300, 100), (0, 0, 255))
    photo.paste((255, 0, 0), (100, 0, 200, 100))  # the middle third is red: the centre square
    made = picture_input(photo, 32, stats)
    assert (made.picture == [255, 0, 0]).all()
    torch.testing.assert_close(made.tensor[:, 0, 0], torch.tensor([1.0, 0.0, 0.0]))


def test_validation_mistakes_are_the_pictures_it_gets_wrong(shapes_checkpoint):
    loaded = load_checkpoint(shapes_checkpoint)
    data = run_data(run_config(loaded.meta))
    predicted = predict_all(loaded.model, data.test.images, data.spec).argmax(1)
    mistakes = validation_mistakes(loaded)
    assert len(mistakes) == int((predicted != data.test.labels).sum())
    assert all(m.true != m.predicted and m.picture.shape == (32, 32, 3) for m in mistakes)
    assert [m.confidence for m in mistakes] == sorted((m.confidence for m in mistakes), reverse=True)


def test_validation_mistakes_need_a_run_on_the_same_folder(shapes_checkpoint, tmp_path):
    loaded = load_checkpoint(shapes_checkpoint)
    with pytest.raises(PictureModelError, match="classes have changed"):
        validation_mistakes(replace(loaded, meta={**loaded.meta, "classes": ["ball", "box", "tent"]}))
    save_checkpoint(tmp_path / "digits.pt", create_model("convnet"), "convnet", {"config": {"dataset": "mnist"}})
    with pytest.raises(PictureModelError, match="not trained on a folder"):
        validation_mistakes(load_checkpoint(tmp_path / "digits.pt"))
