"""core.vision.inference.predict and core.vision.explain: the API, simple drawn digits, and explanations that
leave the shared model exactly as they found it."""

import io

import pytest
import torch
from PIL import Image, ImageDraw

from core.models import create_model
from core.vision.explain import grad_cam, saliency
from core.vision.inference import ImageError, Prediction, predict, shipped_model


def zero(size=(280, 280), background=0, ink=255) -> Image.Image:
    """An ellipse outline, about 0.55 as wide as it is tall, in the middle of the canvas."""
    w, h = size
    image = Image.new("L", size, background)
    ImageDraw.Draw(image).ellipse((w / 2 - 0.18 * h, 0.2 * h, w / 2 + 0.18 * h, 0.8 * h),
                                  outline=ink, width=max(8, h // 18))
    return image


def one(size=(280, 280), background=0, ink=255) -> Image.Image:
    """A thick vertical line."""
    w, h = size
    image = Image.new("L", size, background)
    ImageDraw.Draw(image).line([(w / 2, 0.15 * h), (w / 2, 0.85 * h)], fill=ink, width=max(10, h // 14))
    return image


CANVAS = {"size": (280, 280), "background": 0, "ink": 255}  # the Draw page: white on black
PAPER = {"size": (800, 600), "background": 235, "ink": 30}  # a photo: dark ink on light paper


@pytest.fixture(scope="module")
def model():
    return shipped_model()


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# --- predict ----------------------------------------------------------------------------------

def test_prediction_fields():
    prediction = predict(zero())
    assert isinstance(prediction, Prediction)
    assert type(prediction.label) is int and 0 <= prediction.label <= 9
    assert len(prediction.probs) == 10 and all(type(p) is float for p in prediction.probs)
    assert sum(prediction.probs) == pytest.approx(1.0, abs=1e-5)
    assert all(0 <= p <= 1 for p in prediction.probs)
    assert prediction.label == max(range(10), key=prediction.probs.__getitem__)
    assert prediction.confidence == prediction.probs[prediction.label]
    assert prediction.input.shape == (1, 28, 28) and prediction.unit.shape == (28, 28)
    assert prediction.steps == []
    assert [s.key for s in predict(zero(), keep_steps=True).steps] == [
        "draw.step_gray", "draw.step_ink", "draw.step_crop", "draw.step_scale", "draw.step_centre"]  # clean: textbook only


def test_model_none_uses_the_shipped_checkpoint(model):
    assert shipped_model() is model  # loaded once, shared
    assert predict(one()).probs == predict(one(), model=model).probs


def test_explicit_model_is_used():
    torch.manual_seed(0)
    untrained = create_model("linear")
    assert predict(zero(), model=untrained).probs != predict(zero()).probs


@pytest.mark.parametrize("form", ["bytes", "path", "PIL L", "PIL RGB", "PIL RGBA"])
def test_input_forms_agree(form, tmp_path):
    image = zero()
    if form == "bytes":
        source = png_bytes(image)
    elif form == "path":
        source = tmp_path / "zero.png"
        source.write_bytes(png_bytes(image))
    elif form == "PIL L":
        source = image
    elif form == "PIL RGB":
        source = image.convert("RGB")
    else:
        source = image.convert("RGBA")
    assert predict(source).probs == pytest.approx(predict(image).probs, abs=1e-6)


@pytest.mark.parametrize("style", [CANVAS, PAPER], ids=["canvas", "paper"])
@pytest.mark.parametrize("draw, digit", [(one, 1), (zero, 0)], ids=["one", "zero"])
def test_simple_digits_are_read(draw, digit, style):
    prediction = predict(draw(**style))
    assert prediction.label == digit, prediction.probs


def test_blank_image_error_speaks_chinese():
    with pytest.raises(ImageError) as excinfo:
        predict(png_bytes(Image.new("L", (280, 280), 255)))
    assert "No digit found" in str(excinfo.value)
    assert "没有找到数字" in excinfo.value.render("zh")


# --- explanations -----------------------------------------------------------------------------

@pytest.mark.parametrize("explain", [grad_cam, saliency])
def test_explanation_map(explain, model):
    prediction = predict(zero(), model=model)
    heat = explain(model, prediction.input, prediction.label)
    assert heat.shape == (28, 28)
    assert heat.min() >= 0 and heat.max() == pytest.approx(1.0)
    assert not heat.requires_grad


def hooks(module: torch.nn.Module) -> int:
    return sum(len(getattr(module, name)) for name in
               ("_forward_hooks", "_forward_pre_hooks", "_backward_hooks", "_backward_pre_hooks"))


def test_explanations_leave_the_shared_model_untouched(model):
    before = {name: tensor.clone() for name, tensor in model.state_dict().items()}
    x = predict(zero(), model=model).input
    x_before = x.clone()
    for target in (0, 7):
        grad_cam(model, x, target)
        saliency(model, x, target)
    assert all(hooks(m) == 0 for m in model.modules())
    assert all(p.grad is None for p in model.parameters())
    assert not model.training and not any(m.training for m in model.modules())
    after = model.state_dict()
    assert after.keys() == before.keys()
    assert all(torch.equal(after[name], before[name]) for name in before)
    assert torch.equal(x, x_before) and x.grad is None and not x.requires_grad


def test_grad_cam_without_convolutions_falls_back_to_saliency():
    torch.manual_seed(0)
    linear = create_model("linear").eval()
    x = predict(one()).input
    heat = grad_cam(linear, x, 3)
    assert heat.shape == (28, 28)
    assert torch.allclose(heat, saliency(linear, x, 3))
    weights = linear.fc.weight[3].detach().abs().view(28, 28)  # a linear model's saliency is |w|
    assert torch.allclose(heat, weights / weights.max())
