"""Augmentations wrong for the data (issue #24): found for digits, not for photos; the damage shown on the
picture and read by the shipped model; said next to the step, at the hand-off and on the Train page."""

import pytest

from apptest_pages import open_page
from core.common.i18n import LANGUAGES, catalog
from core.data.loading import load_split
from core.lessons.sample_photos import bundled_photo, dataset_picture
from core.lessons.transform_misfits import KINDS, crop_ink_kept, damaged, misfits, picture_kind, read_digit
from core.models.checkpoints import SHIPPED, load_checkpoint
from test_transforms_page import add

DIGITS, PHOTO = KINDS["digits"], KINDS["photo"]
TO_FLOAT = [["ToImage", {}], ["ToDtype", {"scale": True}]]
IMAGENET = ["Normalize", {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}]
EVERY_MISTAKE = [["RandomResizedCrop", {"size": 28, "scale": [0.08, 1.0]}], ["RandomHorizontalFlip", {}],
                 ["RandomRotation", {"degrees": 180.0}], ["RandomVerticalFlip", {}],
                 ["ColorJitter", {"brightness": 0.4, "saturation": 0.5}], ["Grayscale", {"num_output_channels": 3}],
                 *TO_FLOAT, IMAGENET]


def digit(number: int):
    """The first MNIST test digit that is `number` (the first of all is a 7)."""
    split = load_split("mnist", train=False)
    return dataset_picture(split.images[int((split.labels == number).nonzero()[0, 0])])


def keys(found) -> list[str]:
    return [m.key.rsplit(".", 1)[1] for m in found]


def test_every_mistake_on_a_digit_is_found_at_its_step():
    found = misfits(EVERY_MISTAKE, DIGITS, digit(7))
    assert [(m.index, k) for m, k in zip(found, keys(found))] == [
        (1, "crop_digits"), (2, "hflip_digits"), (3, "turn_digits"), (4, "vflip_digits"), (5, "jitter_gray"),
        (6, "gray_three"), (9, "normalize_stats")]
    assert found[-1].params["source"] == "ImageNet" and found[-1].params["out_mean"] == "-1.55, -1.45, -1.22"


def test_the_same_steps_are_right_for_a_photo_and_usual_digit_augmentation_is_fine():
    photo_steps = [["RandomResizedCrop", {"size": 224}], ["RandomHorizontalFlip", {}],
                   ["ColorJitter", {"saturation": 0.5, "hue": 0.1}], *TO_FLOAT, IMAGENET]
    assert misfits(photo_steps, PHOTO, bundled_photo("coffee")) == []
    usual = [["RandomRotation", {"degrees": 15.0}], ["RandomCrop", {"size": 28, "padding": 2}],
             ["RandomResizedCrop", {"size": 28, "scale": [0.5, 1.0]}], *TO_FLOAT,
             ["Normalize", {"mean": [0.1307], "std": [0.3081]}]]
    assert misfits(usual, DIGITS, digit(7)) == []
    assert misfits([*TO_FLOAT, ["Normalize", {"mean": [0.5], "std": [0.5]}]], DIGITS) == [], "seed 003's 0.5 is fine"


def test_upside_down_photos_and_mnist_statistics_on_photos_are_wrong():
    assert keys(misfits([["RandomVerticalFlip", {}], ["RandomRotation", {"degrees": 120.0}]], PHOTO)) == [
        "vflip_upright", "turn_upright"]
    found = misfits([*TO_FLOAT, ["Normalize", {"mean": [0.1307], "std": [0.3081]}]], PHOTO)
    assert keys(found) == ["normalize_photo"] and found[0].params["out_mean"] == "1.15, 1.06, 0.89"
    cifar = ["Normalize", {"mean": [0.4914, 0.4822, 0.4465], "std": [0.2470, 0.2435, 0.2616]}]
    assert misfits([*TO_FLOAT, cifar], PHOTO) == [], "CIFAR-10's statistics are close to a photo's"


def test_a_turn_given_as_a_range_is_judged_by_its_furthest_end():
    assert misfits([["RandomRotation", {"degrees": [-15.0, 15.0]}]], DIGITS) == []
    found = misfits([["RandomRotation", {"degrees": [-10.0, 170.0]}]], DIGITS)
    assert found[0].params["degrees"] == "170" and found[0].damage[1] == 170.0


def test_the_kind_follows_the_dataset():
    assert picture_kind("mnist") is DIGITS and picture_kind(None) is PHOTO and picture_kind("folder:x") is PHOTO
    assert picture_kind("fashion-mnist").mirrors and not DIGITS.mirrors


@pytest.mark.parametrize("key", sorted({m.key for m in misfits(EVERY_MISTAKE, DIGITS, digit(7))} | {
    "transforms.misfit.vflip_upright", "transforms.misfit.turn_upright", "transforms.misfit.normalize_photo",
    "transforms.misfit.gray_gray"}))
def test_every_warning_is_said_in_both_languages(key):
    assert all(catalog(lang)[key] for lang in LANGUAGES)


def test_the_damage_is_what_the_shipped_model_misreads():
    model = load_checkpoint(SHIPPED).model
    seven, six = digit(7), digit(6)
    assert read_digit(seven, model)[0] == 7 and read_digit(six, model)[0] == 6
    flip = misfits([["RandomHorizontalFlip", {}]], DIGITS)[0]
    assert read_digit(damaged(seven, flip), model)[0] != 7, "a mirrored 7 is no 7 to the model"
    turn = misfits([["RandomRotation", {"degrees": 180.0}]], DIGITS)[0]
    assert read_digit(damaged(six, turn), model)[0] == 9, "a 6 turned by 180° is a 9"


def test_the_worst_crop_is_measured_with_torchvisions_own_boxes():
    kept, (top, left, height, width) = crop_ink_kept(digit(7), (0.08, 1.0), (3 / 4, 4 / 3))
    assert len(kept) == 200 and min(kept) < 0.1 < 0.9 < max(kept)
    crop = misfits([["RandomResizedCrop", {"size": 28, "scale": [0.08, 1.0]}]], DIGITS, digit(7))[0]
    assert crop.damage == ("crop", top, left, height, width) and damaged(digit(7), crop).size == (28, 28)


def test_a_flip_on_a_digit_is_shown_in_its_step_and_said_at_the_hand_off():
    at = open_page("pages/transforms.py")
    at.segmented_control(key="tf.source").set_value("dataset").run()
    said = [w.value for w in at.warning]
    assert sum("mirrored 2, 3, 4, 5, 7" in w for w in said) == 2, "in the step and at the hand-off"
    readings = [c.value for c in at.caption if "shipped model reads" in c.value]
    assert readings[:2] == ["the shipped model reads **7** (100%)", "the shipped model reads **5** (99%)"]
    assert not at.exception


def test_a_photo_step_wrong_for_digits_offers_a_digit_and_chinese_says_it():
    at = open_page("pages/transforms.py", lang="zh")
    add(at, "RandomRotation")
    degrees = [s.key for s in at.slider if s.key.endswith(".degrees")][0]
    at.slider(key=degrees).set_value(60.0).run()  # fine for a photo (up to ±90°), not for a digit
    assert "tf.see_digit.2" in [b.key for b in at.button], "the flip too"
    at.button(key="tf.see_digit.4").click().run()
    assert at.segmented_control(key="tf.source").value == "dataset" and at.number_input(key="tf.index").value == 11
    at.slider(key=degrees).set_value(180.0).run()
    said = " ".join(w.value for w in at.warning)
    assert "转 180° 后 6 就是 9" in said and "镜像后的 2、3、4、5、7、9" in said
    assert any("读作 **9**" in c.value for c in at.caption), "the shipped model reads the turned 6 as a 9"
    at.button(key="tf.to_train").click().run()
    said = " ".join(w.value for w in at.warning)
    assert at.success and "训练页面用 MNIST 训练" in said, "handed over, with the warning"
    at.switch_page("pages/train.py").run()
    note = " ".join(i.value for i in at.info)
    assert "不适合 MNIST：第 2 步 RandomHorizontalFlip" in note and "第 4 步 RandomRotation" in note
    assert not at.exception
