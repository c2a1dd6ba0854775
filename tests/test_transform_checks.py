"""Pipelines checked against torchvision's own behaviour (issue #21): both forms of size, translate
as (horizontal, vertical), the empty pipeline, crops larger than the picture, 1-channel Normalize,
order mistakes, what Train can run, and uploads shrunk with their size said."""

import io

import pytest
import torch
from PIL import Image
from torchvision.transforms import v2

from core.data.pipeline import PipelineError, build, order_problems, run_seeded, to_code
from core.lessons.transform_checks import normalize_problems, training_failure
from core.lessons.transform_pictures import fit_upload

IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
TO_FLOAT = [["ToImage", {}], ["ToDtype", {"scale": True}]]


def coffee_sized() -> Image.Image:
    return Image.new("RGB", (512, 341), (90, 60, 30))  # the bundled coffee photo's size once fitted


def digit() -> Image.Image:
    return Image.new("L", (28, 28), 0)


def from_code(steps):
    space = {}
    exec(to_code(steps), space)
    return space["transform"]


def test_resize_takes_height_and_width_as_torchvision_does():
    steps = [["Resize", {"size": [100, 200]}]]
    assert build(steps)(coffee_sized()).size == (200, 100)  # PIL size is (width, height)
    assert "v2.Resize(size=(100, 200))" in to_code(steps)
    assert repr(from_code(steps)) == repr(build(steps))


def test_translate_is_two_independent_fractions():
    steps = [["RandomAffine", {"degrees": 0.0, "translate": [0.2, 0.0]}]]
    assert "translate=(0.2, 0.0)" in to_code(steps)
    assert build(steps).transforms[0].translate == v2.RandomAffine(0.0, translate=(0.2, 0.0)).translate


def test_an_empty_pipeline_is_the_identity():
    image = coffee_sized()
    assert run_seeded([], image, seed=0)[0] is image
    assert isinstance(build([]), v2.Identity) and isinstance(from_code([]), v2.Identity)


def test_a_crop_larger_than_the_picture_names_sizes_and_the_padding_that_fits():
    with pytest.raises(PipelineError) as error:
        run_seeded([["RandomCrop", {"size": 512}]], coffee_sized(), seed=0)
    message = error.value.message
    assert message.key == "errors.pipeline_crop_too_big"
    assert message.params.items() >= {"index": 1, "crop_h": 512, "crop_w": 512, "height": 341, "width": 512,
                                      "padding": 86}.items()
    assert run_seeded([["RandomCrop", {"size": 512, "padding": 86}]], coffee_sized(), seed=0)[0].size == (512, 512)
    assert run_seeded([["RandomCrop", {"size": 512, "pad_if_needed": True}]], coffee_sized(),
                      seed=0)[0].size == (512, 512)


def test_a_failure_names_the_step_as_the_page_numbers_it():
    steps = TO_FLOAT + [["RandomCrop", {"size": 28, "padding": 40, "padding_mode": "reflect"}]]
    with pytest.raises(PipelineError) as error:
        run_seeded(steps, digit(), seed=0)
    assert error.value.message.params["index"] == 3 and "RandomCrop" in error.value.render("en")


def test_imagenet_normalize_on_one_channel_is_a_problem_in_words():
    steps = TO_FLOAT + [["Normalize", IMAGENET]]
    assert run_seeded(steps, digit(), seed=0)[0].shape == (3, 28, 28), "torch broadcasts 1 channel into 3"
    assert normalize_problems(steps, digit()) == [("transforms.normalize_broadcast", {"index": 3, "count": 3})]
    assert normalize_problems(steps, coffee_sized()) == []
    assert normalize_problems(TO_FLOAT + [["Normalize", {"mean": [0.5], "std": [0.5]}]], digit()) == []


def test_order_mistakes_are_found():
    assert order_problems([["ToDtype", {"scale": True}], ["ToImage", {}]]) == [
        ("transforms.order_todtype", {"index": 1})]
    steps = TO_FLOAT + [["Normalize", IMAGENET], ["ColorJitter", {"brightness": 0.4}]]
    assert order_problems(steps) == [("transforms.order_colour_after_normalize", {"index": 4, "step": "ColorJitter"})]
    assert order_problems(TO_FLOAT + [["Normalize", IMAGENET]]) == []


def test_training_failure_is_checked_on_the_datasets_kind_of_image():
    reflect = [["ToImage", {}], ["RandomCrop", {"size": 200, "padding": 40, "padding_mode": "reflect"}]]
    failure = training_failure(reflect, "mnist")
    assert isinstance(failure, PipelineError) and failure.message.params["index"] == 2
    assert training_failure([["RandomCrop", {"size": 200, "padding": 4}]], "mnist") is None
    assert training_failure([], "mnist") is None


def test_a_normalize_that_does_not_fit_the_training_images_is_a_training_failure():
    failure = training_failure(TO_FLOAT + [["Normalize", IMAGENET]], "mnist")
    assert failure.message.key == "errors.pipeline_train_channels" and failure.message.params["index"] == 3
    assert training_failure(TO_FLOAT + [["Normalize", IMAGENET]], "cifar10") is None
    assert training_failure(TO_FLOAT + [["Normalize", {"mean": [0.5], "std": [0.5]}]], "mnist") is None


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (1, 2, 3)).save(out, "PNG")
    return out.getvalue()


def test_an_upload_is_shrunk_and_says_from_what():
    fitted = fit_upload(png(1024, 768))
    assert fitted.image.size == (512, 384) and fitted.original == (1024, 768) and fitted.shrunk
    assert not fit_upload(png(300, 200)).shrunk


def test_advice_the_page_cannot_follow_is_not_given():
    with pytest.raises(PipelineError) as error:  # 512 on 224: padding 144, beyond the slider's 128
        run_seeded([["RandomCrop", {"size": 512}]], Image.new("RGB", (224, 224)), seed=0)
    assert error.value.message.key == "errors.pipeline_crop_too_big_far"
    with pytest.raises(PipelineError) as error:  # a 31-wide kernel mirrors 15 pixels past an 8-pixel edge
        run_seeded(TO_FLOAT + [["GaussianBlur", {"kernel_size": 31}]], Image.new("RGB", (8, 8)), seed=0)
    assert error.value.message.key == "errors.pipeline_blur_too_big" and error.value.message.params["limit"] == 15
    assert run_seeded(TO_FLOAT + [["GaussianBlur", {"kernel_size": 15}]], Image.new("RGB", (8, 8)), seed=0)
