"""Sample sets (core.data.sample_sets): one click makes a set of the visitor's own from pictures shipped
with scikit-image or drawn here, the same pictures every time, within the host's limits or not at all."""

import io

import pytest
from PIL import Image

from core.data.picture_checks import PictureSetError, SetLimits
from core.data.picture_sets import PictureSets
from core.data.sample_sets import FACE_CLASSES, SAMPLES, TEXTURE_CLASSES, create_sample_set, sample_pngs

OWNER = "S" * 16


@pytest.mark.parametrize("name", list(SAMPLES))
def test_each_sample_gives_the_same_pictures_per_seed_and_others_for_another_seed(name):
    first, again, other = sample_pngs(name, 3), sample_pngs(name, 3), sample_pngs(name, 3, seed=1)
    assert list(first) == list(SAMPLES[name].classes)
    assert all(len(pngs) == 3 for pngs in first.values())
    assert first == again
    if name != "faces":  # the LFW subset is a fixed list, as published
        assert first != other


def test_textures_are_crops_of_scikit_images_photos():
    import numpy as np
    import skimage.data

    pictures = sample_pngs("textures", 4)
    assert tuple(pictures) == TEXTURE_CLASSES
    crop = np.asarray(Image.open(io.BytesIO(pictures["brick"][0])))
    assert crop.shape == (128, 128)  # grey, as the photos are
    brick, grass = skimage.data.brick(), skimage.data.grass()
    assert abs(crop.mean() - brick.mean()) < abs(crop.mean() - grass.mean()) + 30  # a brick crop looks like brick


def test_faces_are_the_lfw_subset_as_published():
    import numpy as np
    import skimage.data

    pictures = sample_pngs("faces")
    assert tuple(pictures) == FACE_CLASSES and [len(p) for p in pictures.values()] == [100, 100]
    published = (skimage.data.lfw_subset() * 255).round().astype(np.uint8)
    assert (np.asarray(Image.open(io.BytesIO(pictures["not_face"][0]))) == published[100]).all()


def test_a_sample_set_belongs_to_its_owner_and_is_an_image_folder(tmp_path):
    store = PictureSets(tmp_path / "sets", SetLimits(per_class=200, total_mb=100))
    found = create_sample_set(store, OWNER, "faces", "Faces or not")
    assert found.name == "Faces or not"
    assert found.counts == {"face": 100, "not_face": 100}
    assert store.list(OWNER) == [found] and store.list("T" * 16) == []
    assert found.dataset == f"folder:{found.path}"


def test_the_hosts_per_class_limit_caps_a_sample(tmp_path):
    store = PictureSets(tmp_path / "sets", SetLimits(per_class=10, total_mb=100))
    assert create_sample_set(store, OWNER, "textures", "Textures").counts == dict.fromkeys(TEXTURE_CLASSES, 10)


def test_a_sample_over_the_size_limit_is_refused_whole_and_leaves_no_set(tmp_path):
    store = PictureSets(tmp_path / "sets", SetLimits(per_class=200, total_mb=1))  # textures: ~4 MB
    with pytest.raises(PictureSetError):
        create_sample_set(store, OWNER, "textures", "Textures")
    assert store.list(OWNER) == []
