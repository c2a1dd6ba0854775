"""core.common.image_io.load_image: every bad upload is refused with a readable ImageError; every
reasonable image format comes back as a fully decoded "L" or "LA" image of the right size."""

import io
import struct
import zlib

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw, ImageFile

from core.common.image_io import MAX_PIXELS, ImageError, load_image


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def photo(size=(64, 48)) -> Image.Image:
    """A deterministic RGB image with real content, so a cut-off file really misses pixel data."""
    rng = np.random.default_rng(0)
    return Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8))


def png_claiming(width: int, height: int) -> bytes:
    """A ~60-byte PNG whose header claims width×height pixels: a decompression bomb's calling card."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grayscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def refusal(source) -> ImageError:
    with pytest.raises(ImageError) as excinfo:
        load_image(source)
    error = excinfo.value
    assert isinstance(error, ValueError)  # callers may catch ValueError
    assert error.render("zh") and error.render("zh") != str(error)  # a translated message exists
    return error


# --- refusals ---------------------------------------------------------------------------------

def test_image_error_is_a_value_error():
    assert issubclass(ImageError, ValueError)


@pytest.mark.parametrize("data", [b"", bytearray(), io.BytesIO()], ids=["bytes", "bytearray", "BytesIO"])
def test_empty_input_is_refused(data):
    error = refusal(data)
    assert error.message.key == "errors.image_empty"
    assert "empty" in str(error)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    assert refusal(path).message.key == "errors.image_empty"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_image_is_refused(fmt):
    data = encode(photo(), fmt)
    error = refusal(data[: len(data) // 2])
    assert error.message.key == "errors.image_truncated"
    assert "damaged or cut short" in str(error)


@pytest.mark.parametrize("data", [
    b"Dear TorchLab,\nhere is my digit: 7\n",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n",
], ids=["text", "pdf"])
def test_non_image_is_refused(data):
    error = refusal(data)
    assert error.message.key == "errors.image_not_image"
    assert "not an image" in str(error) and "PNG" in str(error)


def test_text_file_on_disk_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a picture\n")
    assert refusal(path).message.key == "errors.image_not_image"


def test_pytorch_checkpoint_is_refused_as_bytes_and_renamed_png(tmp_path):
    torch.manual_seed(0)
    buffer = io.BytesIO()
    torch.save(torch.nn.Linear(4, 2).state_dict(), buffer)
    path = tmp_path / "weights.png"  # renamed: the extension must not fool the reader
    path.write_bytes(buffer.getvalue())
    for source in (buffer.getvalue(), path):
        assert refusal(source).message.key == "errors.image_not_image"


# Over Pillow's own bomb limit (~89 MP) Pillow refuses in Image.open, before we see the size.
@pytest.mark.parametrize("width, height, key", [(20_000, 20_000, "errors.image_bomb"),
                                                (8_000, 6_000, "errors.image_too_large")])
def test_decompression_bomb_is_refused_from_the_header(width, height, key, monkeypatch):
    assert width * height > MAX_PIXELS
    data = png_claiming(width, height)
    assert len(data) < 100

    def no_decoding(self):
        raise AssertionError("pixels were decoded; the header alone should have been refused")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    error = refusal(data)
    assert error.message.key == key
    assert f"{MAX_PIXELS // 1_000_000} megapixels" in str(error)


def test_image_just_over_the_limit_reports_its_size():
    # 48 MP: under Pillow's own bomb limit, so only TorchLab's MAX_PIXELS check stands in the way
    error = refusal(png_claiming(8_000, 6_000))
    assert "8000×6000" in str(error)


def test_missing_path_is_refused(tmp_path):
    missing = tmp_path / "nowhere" / "digit.png"
    for source in (missing, str(missing)):
        error = refusal(source)
        assert error.message.key == "errors.image_unreadable_file"
        assert "digit.png" in str(error) and "No such file" in str(error)


# --- conversions ------------------------------------------------------------------------------

def test_16_bit_grayscale_is_scaled_not_clipped():
    pixels = np.array([[0, 32768, 65535]], dtype=np.uint16).repeat(4, axis=0)
    data = encode(Image.fromarray(pixels), "PNG")
    assert Image.open(io.BytesIO(data)).mode.startswith("I")  # really a 16-bit file
    image = load_image(data)
    assert (image.mode, image.size) == ("L", (3, 4))
    black, gray, white = np.asarray(image)[0].astype(int)
    assert black == 0 and white == 255
    assert abs(gray - 128) <= 1


def test_cmyk_jpeg():
    image = Image.new("CMYK", (30, 20), (0, 0, 0, 0))  # no ink: white
    ImageDraw.Draw(image).rectangle((0, 0, 9, 19), fill=(0, 0, 0, 255))  # full black ink on the left
    out = load_image(encode(image, "JPEG", quality=95))
    assert (out.mode, out.size) == ("L", (30, 20))
    pixels = np.asarray(out)
    assert pixels[:, :5].mean() < 30 and pixels[:, -5:].mean() > 225


def test_palette_png_with_transparent_colour_becomes_la():
    image = Image.new("P", (30, 20), 0)
    image.putpalette([255, 255, 255, 0, 0, 0] + [0] * 762)  # 0: white (transparent), 1: black
    ImageDraw.Draw(image).rectangle((5, 5, 10, 10), fill=1)
    out = load_image(encode(image, "PNG", transparency=0))
    assert (out.mode, out.size) == ("LA", (30, 20))
    gray, alpha = np.asarray(out)[..., 0], np.asarray(out)[..., 1]
    assert alpha[0, 0] == 0 and alpha[7, 7] == 255 and gray[7, 7] == 0


def test_la_png():
    image = Image.new("LA", (30, 20), (255, 0))
    ImageDraw.Draw(image).rectangle((5, 5, 10, 10), fill=(0, 255))
    out = load_image(encode(image, "PNG"))
    assert (out.mode, out.size) == ("LA", (30, 20))
    assert tuple(np.asarray(out)[7, 7]) == (0, 255) and np.asarray(out)[0, 0, 1] == 0


def test_rgba_png():
    image = Image.new("RGBA", (30, 20), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((5, 5, 10, 10), fill=(255, 255, 255, 255))
    out = load_image(encode(image, "PNG"))
    assert (out.mode, out.size) == ("LA", (30, 20))
    assert tuple(np.asarray(out)[7, 7]) == (255, 255) and np.asarray(out)[0, 0, 1] == 0


def test_animated_gif_uses_the_first_frame():
    black, white = Image.new("L", (16, 12), 0), Image.new("L", (16, 12), 255)
    data = encode(black, "GIF", save_all=True, append_images=[white], duration=100, loop=0)
    assert Image.open(io.BytesIO(data)).n_frames == 2
    out = load_image(data)
    assert out.mode in ("L", "LA") and out.size == (16, 12)
    assert np.asarray(out.convert("L")).max() == 0  # frame 1 (black), not frame 2 (white)


@pytest.mark.parametrize("fmt, options", [("WEBP", {"lossless": True}), ("BMP", {})])
def test_webp_and_bmp(fmt, options):
    image = Image.new("RGB", (30, 20), (255, 255, 255))
    ImageDraw.Draw(image).rectangle((0, 0, 9, 19), fill=(0, 0, 0))
    out = load_image(encode(image, fmt, **options))
    assert (out.mode, out.size) == ("L", (30, 20))
    assert np.asarray(out)[10, 2] == 0 and np.asarray(out)[10, 25] == 255


def test_exif_orientation_is_honoured():
    image = Image.new("L", (40, 20), 0)  # 40 wide × 20 high, as the sensor stored it
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    out = load_image(encode(image, "JPEG", exif=exif))
    assert out.size == (20, 40)


# --- input forms ------------------------------------------------------------------------------

def sample() -> Image.Image:
    image = Image.new("RGB", (30, 20), (255, 255, 255))
    ImageDraw.Draw(image).rectangle((0, 0, 9, 19), fill=(0, 0, 0))
    return image


@pytest.mark.parametrize("form", ["bytes", "str path", "Path", "BytesIO", "open file", "PIL"])
def test_every_input_form_gives_the_same_image(form, tmp_path):
    data = encode(sample(), "PNG")
    path = tmp_path / "digit.png"
    path.write_bytes(data)
    if form == "bytes":
        out = load_image(data)
    elif form == "str path":
        out = load_image(str(path))
    elif form == "Path":
        out = load_image(path)
    elif form == "BytesIO":
        stream = io.BytesIO(data)
        stream.seek(0, io.SEEK_END)  # already read to the end, as after a previous upload
        out = load_image(stream)
    elif form == "open file":
        with open(path, "rb") as f:
            out = load_image(f)
    else:
        out = load_image(sample())
    assert (out.mode, out.size) == ("L", (30, 20))
    assert np.array_equal(np.asarray(out), np.asarray(sample().convert("L")))


def test_result_is_fully_decoded():
    out = load_image(encode(sample(), "PNG"))
    assert out.getpixel((0, 0)) == 0  # usable without the source bytes


def test_a_big_jpeg_is_decoded_smaller_and_still_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 2000), "white").save(buffer, "JPEG", exif=exif.tobytes())
    image = load_image(buffer.getvalue())
    assert image.height > image.width >= 1000 // 2  # upright, and still plenty of pixels
    assert max(image.size) < 4000  # decoded at a reduced scale
