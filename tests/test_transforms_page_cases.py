"""The Transforms page true to torchvision and to itself (issue #21): every form an argument can take,
no traceback for any pipeline, errors in words next to the pictures, a hand-off Train can run, and
controls that survive a visit to another page."""

import io

from PIL import Image

from apptest_pages import open_page
from test_transforms_page import add, code_of


def key_ending(at, kind: str, end: str) -> str:
    return [w.key for w in getattr(at, kind) if w.key and w.key.endswith(end)][-1]


def texts(elements) -> str:
    return " ".join(e.value for e in elements)


def coffee_with_a_512_crop(at):
    """The bundled coffee photo (512×341) and a RandomCrop(512) alone: taller than the picture."""
    at.pills(key="tf.photo").set_value("coffee").run()
    for _ in range(3):
        at.button(key="tf.remove.0").click().run()
    add(at, "RandomCrop")
    at.slider(key=key_ending(at, "slider", ".size")).set_value(512).run()
    assert not at.exception


def test_resize_takes_one_number_or_height_and_width():
    at = open_page("pages/transforms.py")
    add(at, "Resize")
    assert "v2.Resize(size=224)" in code_of(at)
    at.segmented_control(key=key_ending(at, "segmented_control", ".size.form")).set_value("hw").run()
    at.slider(key=key_ending(at, "slider", ".size.h")).set_value(100).run()
    at.slider(key=key_ending(at, "slider", ".size.w")).set_value(200).run()
    assert "v2.Resize(size=(100, 200))" in code_of(at) and not at.exception


def test_a_crop_larger_than_the_picture_is_said_in_words_and_pad_if_needed_fixes_it():
    at = open_page("pages/transforms.py")
    coffee_with_a_512_crop(at)
    said = texts(at.error)
    assert "512" in said and "341" in said and "pad_if_needed" in said and "86" in said, said
    assert at.image, "the Before picture stays"
    at.toggle(key=key_ending(at, "toggle", ".pad_if_needed")).set_value(True).run()
    assert not at.error and "v2.RandomCrop(size=512, pad_if_needed=True)" in code_of(at)


def test_padding_is_enough_to_fit_a_512_crop_on_the_coffee_photo():
    at = open_page("pages/transforms.py")
    coffee_with_a_512_crop(at)
    at.slider(key=key_ending(at, "slider", ".padding")).set_value(86).run()
    assert not at.error and "v2.RandomCrop(size=512, padding=86)" in code_of(at)


def test_an_empty_pipeline_is_the_picture_unchanged_not_a_traceback():
    at = open_page("pages/transforms.py")
    for _ in range(3):
        at.button(key="tf.remove.0").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "transform = v2.Identity()" in code_of(at)
    assert len(at.image) == 2 + 4, "before and after, and two draws of each pipeline under Training vs test"
    assert "add" in texts(at.info).lower()
    assert at.button(key="tf.to_train").disabled


def test_a_failing_pipeline_keeps_the_before_picture_and_refuses_the_hand_off():
    at = open_page("pages/transforms.py")
    coffee_with_a_512_crop(at)
    assert len(at.image) == 1 and at.error
    assert at.button(key="tf.to_train").disabled
    assert not at.success and "Train" in texts(at.warning), "the reason the button is off"


def test_a_pipeline_that_fails_only_on_digits_is_not_handed_to_train():
    at = open_page("pages/transforms.py")
    add(at, "RandomCrop")
    at.slider(key=key_ending(at, "slider", ".padding")).set_value(40).run()
    at.segmented_control(key=key_ending(at, "segmented_control", ".padding_mode")).set_value("reflect").run()
    assert not at.error, "on the 512-px photo it runs"
    assert at.button(key="tf.to_train").disabled
    assert "MNIST" in texts(at.warning) and "28" in texts(at.warning)


def test_translate_is_horizontal_and_vertical_not_a_range():
    at = open_page("pages/transforms.py")
    add(at, "RandomAffine")
    at.slider(key=key_ending(at, "slider", ".translate.x")).set_value(0.2).run()
    assert "translate=(0.2, 0.0)" in code_of(at) and not at.error and not at.exception


def test_imagenet_normalize_on_one_channel_is_explained():
    at = open_page("pages/transforms.py")
    for name in ("Grayscale", "ToImage", "ToDtype", "Normalize"):
        add(at, name)
    at.segmented_control(key=key_ending(at, "segmented_control", ".preset")).set_value("imagenet").run()
    said = texts(at.warning)
    assert "1 channel" in said and "3" in said, said


def test_todtype_before_toimage_is_explained():
    at = open_page("pages/transforms.py")
    for name in ("ToDtype", "ToImage"):
        add(at, name)
    assert "ToDtype" in texts(at.warning) and "ToImage" in texts(at.warning)


def big_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1024, 768), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


def test_an_upload_says_it_was_shrunk_and_is_kept_across_pages():
    at = open_page("pages/transforms.py")
    at.segmented_control(key="tf.source").set_value("upload").run()
    at.file_uploader(key="tf.upload").set_value(("wide.png", big_png(), "image/png")).run()
    assert "1024×768" in texts(at.caption) and "512×384" in texts(at.caption)
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/transforms.py").run()
    assert at.segmented_control(key="tf.source").value == "upload" and len(at.image) >= 2
    assert "wide.png" in texts(at.info), "the page says a kept upload is in use"
    at.button(key="tf.forget_upload").click().run()
    assert len(at.image) == 0 and not at.exception


def test_the_page_comes_back_as_it_was_left():
    at = open_page("pages/transforms.py")
    at.pills(key="tf.photo").set_value("coffee").run()
    at.toggle(key="tf.fixed").set_value(True).run()
    at.number_input(key="tf.seed").set_value(7).run()
    add(at, "Resize")
    at.segmented_control(key=key_ending(at, "segmented_control", ".size.form")).set_value("hw").run()
    for name in ("ToImage", "ToDtype", "Normalize"):
        add(at, name)
    at.segmented_control(key=key_ending(at, "segmented_control", ".preset")).set_value("imagenet").run()
    code = code_of(at)
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/transforms.py").run()
    assert not at.exception
    assert at.pills(key="tf.photo").value == "coffee"
    assert at.toggle(key="tf.fixed").value is True and at.number_input(key="tf.seed").value == 7
    assert at.segmented_control(key=key_ending(at, "segmented_control", ".size.form")).value == "hw"
    assert code_of(at) == code and "0.485" in code


def test_photo_seed_and_normalize_preset_survive_a_page_switch():
    at = open_page("pages/transforms.py")
    at.pills(key="tf.photo").set_value("chelsea").run()
    at.toggle(key="tf.fixed").set_value(True).run()
    at.number_input(key="tf.seed").set_value(11).run()
    for name in ("ToImage", "ToDtype", "Normalize"):
        add(at, name)
    at.segmented_control(key=key_ending(at, "segmented_control", ".preset")).set_value("imagenet").run()
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/transforms.py").run()
    assert at.pills(key="tf.photo").value == "chelsea" and at.number_input(key="tf.seed").value == 11
    assert at.toggle(key="tf.fixed").value is True
    assert "v2.Normalize(mean=(0.485, 0.456, 0.406)" in code_of(at)
