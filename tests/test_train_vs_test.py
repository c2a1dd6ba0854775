"""Training vs test pipelines (issue #24): seed 004's fixed test pipeline gives the same tensor every call,
the learner's random one does not, both end alike; the code the page shows, executed, gives the page's
draws exactly; augmenting evaluation makes a score random."""

import gzip
import re
import runpy
import shutil

import torch

from apptest_pages import open_page
from core.code.train_test_code import train_test_code
from core.data.loading import data_dir, load_split
from core.data.pipeline import SHOWCASE
from core.lessons.sample_photos import bundled_photo, dataset_picture
from core.lessons.transform_misfits import KINDS
from core.lessons.transform_train_test import draw_pair, evaluation_pipeline, repeated_scores, training_pipeline
from core.models.checkpoints import SHIPPED, load_checkpoint

IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}


def test_the_test_pipeline_is_seed_004s_for_photos_and_the_datasets_own_for_digits():
    assert evaluation_pipeline(KINDS["photo"], SHOWCASE) == [
        ["Resize", {"size": 256}], ["CenterCrop", {"size": 224}], ["ToImage", {}], ["ToDtype", {"scale": True}],
        ["Normalize", IMAGENET]]
    assert evaluation_pipeline(KINDS["digits"], []) == [
        ["ToImage", {}], ["ToDtype", {"scale": True}], ["Normalize", {"mean": [0.1307], "std": [0.3081]}]]
    half = ["Normalize", {"mean": [0.5], "std": [0.5]}]
    assert evaluation_pipeline(KINDS["digits"], [["ToImage", {}], ["ToDtype", {}], half])[-1] == half, \
        "the training pipeline's own Normalize, in both"


def test_the_training_pipeline_is_finished_only_where_it_stops_short():
    test = evaluation_pipeline(KINDS["photo"], SHOWCASE)
    steps, added = training_pipeline(SHOWCASE, test)
    assert added == 3 and [n for n, _ in steps[-3:]] == ["ToImage", "ToDtype", "Normalize"]
    whole = SHOWCASE + test[2:]
    assert training_pipeline(whole, test) == (whole, 0)
    assert training_pipeline(SHOWCASE + [["ToImage", {}]], test)[1] == 2


def test_two_draws_differ_in_training_and_match_in_test_at_the_same_shape():
    photo = bundled_photo("astronaut")
    test = evaluation_pipeline(KINDS["photo"], SHOWCASE)
    pair = draw_pair(training_pipeline(SHOWCASE, test)[0], test, photo, seed=1000)
    assert pair.test_same and not pair.train_same
    assert pair.train_shape == pair.test_shape == (3, 224, 224)
    assert torch.equal(pair.test[0], draw_pair(test, test, photo, seed=7).test[0]), "any seed: the same tensor"


def test_a_photo_crop_on_a_digit_ends_at_another_shape_than_its_test_pipeline():
    digit = dataset_picture(load_split("mnist", train=False).images[0])
    test = evaluation_pipeline(KINDS["digits"], SHOWCASE)
    pair = draw_pair(training_pipeline(SHOWCASE, test)[0], test, digit, seed=0)
    assert pair.train_shape == (1, 224, 224) and pair.test_shape == (1, 28, 28)


def test_the_code_builds_both_pipelines_and_draws_what_the_page_draws(tmp_path, monkeypatch):
    photo, seed = bundled_photo("coffee"), 1003
    test = evaluation_pipeline(KINDS["photo"], SHOWCASE)
    train, added = training_pipeline(SHOWCASE, test)
    for split in ("train", "val"):
        (tmp_path / "pictures" / split / "coffee").mkdir(parents=True)
        photo.save(tmp_path / "pictures" / split / "coffee" / "0.png")  # PNG: the same pixels ImageFolder reads
    code = train_test_code(train, added, test, None, seed)
    assert "datasets.ImageFolder(\"pictures/train\", train_transform)" in code and "v2.Resize(size=256)" in code
    monkeypatch.chdir(tmp_path)
    ran = runpy.run_path(str(_save(code, tmp_path)))
    page = draw_pair(train, test, photo, seed)
    for name, drawn in zip("abcd", page.train + page.test):
        assert torch.equal(ran[name], drawn), name


def test_the_mnist_code_prints_the_pages_shapes_and_sameness(tmp_path, monkeypatch, capsys):
    raw = tmp_path / "data" / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for gz in (data_dir() / "MNIST" / "raw").glob("*.gz"):  # torchvision reads only the unpacked files
        with gzip.open(gz) as fin, open(raw / gz.stem, "wb") as fout:
            shutil.copyfileobj(fin, fout)
    steps = [["RandomRotation", {"degrees": 15.0}], ["RandomCrop", {"size": 28, "padding": 2}]]
    test = evaluation_pipeline(KINDS["digits"], steps)
    train, added = training_pipeline(steps, test)
    code = train_test_code(train, added, test, "mnist", 5, lang="zh")
    assert "datasets.MNIST(\"data\", train=False, download=True, transform=test_transform)" in code
    monkeypatch.chdir(tmp_path)
    ran = runpy.run_path(str(_save(code, tmp_path)))
    first = dataset_picture(load_split("mnist", train=True).images[0])  # what datasets.MNIST hands train_transform
    page = draw_pair(train, test, first, 5)
    out = capsys.readouterr().out
    assert f"train: {list(page.train_shape)} same both times: {page.train_same}" in out
    assert f"test:  {list(page.test_shape)} same both times: True" in out
    assert torch.equal(ran["a"], page.train[0])
    first_test = dataset_picture(load_split("mnist", train=False).images[0])
    assert torch.equal(ran["c"], draw_pair(test, test, first_test, 5).test[0])


def _save(code: str, folder):
    path = folder / "pair.py"
    path.write_text(code)
    return path


def test_augmenting_evaluation_makes_the_score_random():
    split = load_split("mnist", train=False)
    model = load_checkpoint(SHIPPED).model
    images, labels = split.images[:150], split.labels[:150]
    augmented, fixed = repeated_scores([["RandomRotation", {"degrees": 40.0}]], images, labels, model)
    assert len(set(augmented)) > 1, augmented
    assert len(set(fixed)) == 1 and fixed[0] > max(augmented)
    still, _ = repeated_scores([["Resize", {"size": 28}]], images, labels, model)
    assert len(set(still)) == 1, "no random step: no randomness in the score either"


def test_the_page_shows_both_pipelines_and_its_code_prints_what_it_shows(tmp_path, monkeypatch, capsys):
    at = open_page("pages/transforms.py")
    said = " ".join(m.value for m in at.markdown)
    assert "**Different on every call**" in said and "**The same on every call**" in said
    assert any("Both end at [3, 224, 224]" in s.value for s in at.success)
    assert not any("test_transform = v2.Compose" in c.value for c in at.code), "built once its expander opens"
    at.session_state["tf.pair.code"] = True
    at.run()
    code = next(c.value for c in at.code if "test_transform = v2.Compose" in c.value)
    assert "v2.Resize(size=256),\n    v2.CenterCrop(size=224)," in code and "torch.manual_seed(1000)" in code
    for split in ("train", "val"):
        (tmp_path / "pictures" / split / "astronaut").mkdir(parents=True)
        bundled_photo("astronaut").save(tmp_path / "pictures" / split / "astronaut" / "0.png")
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(_save(code, tmp_path)))
    out = capsys.readouterr().out
    assert "train: [3, 224, 224] same both times: False" in out and "test:  [3, 224, 224] same both times: True" in out


def test_on_a_digit_the_sizes_disagree_and_the_score_is_random_only_through_augmentation():
    at = open_page("pages/transforms.py")
    at.segmented_control(key="tf.source").set_value("dataset").run()
    assert any("Training ends at [1, 224, 224] but test at [1, 28, 28]" in w.value for w in at.warning)
    at.button(key="tf.pair.score").click().run()
    lines = next(m.value for m in at.markdown if "Through the training pipeline" in m.value).split("\n")
    train, test = ([float(v) for v in re.findall(r"([\d.]+)%", line)] for line in lines)
    assert len(train) == len(test) == 3 and len(set(test)) == 1 and len(set(train)) > 1 and max(train) < test[0]
    assert not at.exception
