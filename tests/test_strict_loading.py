"""load_state_dict into a changed model: the lab's facts checked against torch itself, the script the page shows
run for every mismatch, and the Save & load page's section under AppTest."""

import pytest
import torch
from apptest_pages import open_page_on_tab
from run_snippet import run_script
from torch import nn

from core.code.save_load_snippets import strict_loading_code
from core.lessons.state_dict_lab import MISMATCHES, TinyVGG, changed_model, load_into_changed, saved_state

PAGE = "pages/save_load.py"


def on_strict_tab(lang: str = "en"):
    return open_page_on_tab(PAGE, lang, "save_load.tab", "save_load_page.tabs.strict")


def fates(outcome) -> dict[str, str]:
    return {row.key: row.status for row in outcome.rows}


def test_tiny_vgg_has_vgg16s_key_layout_and_runs_on_a_cifar_picture():
    assert list(TinyVGG().state_dict()) == [f"{part}.{i}.{kind}" for part, i in
                                            (("features", 0), ("features", 3), ("classifier", 0), ("classifier", 3))
                                            for kind in ("weight", "bias")]
    assert TinyVGG().eval()(torch.zeros(2, 3, 32, 32)).shape == (2, 10)


@pytest.mark.parametrize("name", list(MISMATCHES))
def test_strict_true_refuses_every_mismatch_but_only_after_copying_what_fit(name):
    outcome = load_into_changed(name, strict=True)
    assert outcome.error is not None and outcome.result is None
    model = changed_model(name)  # the same load, straight from torch: the tensors that fit are copied anyway
    state = saved_state(MISMATCHES[name].data_parallel)
    with pytest.raises(RuntimeError):
        model.load_state_dict(state)
    for key, tensor in model.state_dict().items():
        loaded = key in state and state[key].shape == tensor.shape and torch.equal(tensor, state[key])
        assert (fates(outcome)[key] == "loaded") == loaded, key


def test_strict_false_returns_the_skipped_keys():
    added = load_into_changed("add_module", strict=False)
    assert added.missing_keys == ["classifier.add_linear.weight", "classifier.add_linear.bias"]
    assert added.unexpected_keys == [] and added.count("loaded") == 8 and added.count("init") == 2
    assert added.result.startswith("_IncompatibleKeys(missing_keys=['classifier.add_linear.weight'")

    inserted = fates(load_into_changed("insert", strict=False))
    assert inserted["features.4.weight"] == "init", "the second conv moved to index 4 and was skipped, shape and all"
    assert inserted["features.3.weight"] == "unexpected" and inserted["features.0.weight"] == "loaded"

    headless = load_into_changed("no_head", strict=False)
    assert headless.missing_keys == [] and headless.unexpected_keys == [f"classifier.{i}.{k}" for i in (0, 3)
                                                                        for k in ("weight", "bias")]


def test_a_size_mismatch_raises_even_with_strict_false_after_loading_the_rest():
    outcome = load_into_changed("new_head", strict=False)
    assert "size mismatch for classifier.3.weight" in outcome.error
    assert fates(outcome)["classifier.3.weight"] == "mismatch" and outcome.count("loaded") == 6
    model = changed_model("new_head")  # torch itself, to be sure
    with pytest.raises(RuntimeError, match="size mismatch"):
        model.load_state_dict(saved_state(), strict=False)


def test_data_parallel_keys_load_nothing_and_say_nothing_unless_fixed():
    silent = load_into_changed("data_parallel", strict=False)
    assert silent.error is None and silent.count("loaded") == 0 and len(silent.missing_keys) == 8
    assert all(key.startswith("module.") for key in silent.unexpected_keys)
    fixed = load_into_changed("data_parallel", strict=True, fixed=True)
    assert fixed.error is None and fixed.count("loaded") == 8 and fixed.result == "<All keys matched successfully>"


@pytest.mark.parametrize("name", ["insert", "rename", "new_head"])
def test_each_fix_loads_every_tensor_that_has_a_place(name):
    outcome = load_into_changed(name, strict=False, fixed=True)
    assert outcome.fixed and outcome.error is None and outcome.count("unexpected") == 0
    trained = {"insert": 8, "rename": 8, "new_head": 6}[name]  # the new head has nothing to load
    assert outcome.count("loaded") == trained


def test_a_mismatch_without_a_fix_ignores_the_checkbox_and_bad_names_are_refused():
    assert not load_into_changed("add_module", strict=False, fixed=True).fixed
    with pytest.raises(ValueError, match="Unknown mismatch"):
        load_into_changed("resnet", strict=False)


CASES = [(name, strict, fixed) for name in MISMATCHES for strict in (True, False)
         for fixed in ((False, True) if MISMATCHES[name].fix else (False,))]


@pytest.mark.parametrize("name,strict,fixed", CASES)
def test_the_script_prints_what_the_page_shows(name, strict, fixed, tmp_path, monkeypatch):
    printed = run_script(strict_loading_code(name, strict, fixed, "zh" if strict else "en"), tmp_path, monkeypatch)
    outcome = load_into_changed(name, strict, fixed)
    if outcome.error is not None:
        assert "RuntimeError: " + outcome.error in printed
    else:
        assert printed.startswith(outcome.result + "\n")
    table = {line.split()[0]: line.split()[1] for line in printed.splitlines()
             if len(line.split()) == 2 and "." in line.split()[0]}
    assert table == fates(outcome)


def test_the_section_follows_its_controls():
    at = on_strict_tab()
    assert not [c for c in at.checkbox if c.key == "save_load.fix"], "add_module needs no fix"
    assert any("8 of the model's 10 tensors" in w.value for w in at.warning), "strict=True copied before raising"
    at.radio(key="save_load.mismatch").set_value("data_parallel").run()
    at.segmented_control(key="save_load.strict").set_value(False).run()
    assert any("nothing loaded" in e.value for e in at.error)
    at.session_state["save_load.code.strict"] = True  # the code is built once its expander opens
    at.run()
    assert any("strict=False" in c.value and "nn.DataParallel(saved)" in c.value for c in at.code)
    at.checkbox(key="save_load.fix").check().run()
    assert any("All keys matched" in s.value for s in at.success)
    assert any("# the fix" in c.value and "consume_prefix" in c.value and "nn.DataParallel" in c.value
               for c in at.code if "import torch" not in c.value), "the change and its fix, shown above the table"
    assert not at.exception


def test_the_section_in_chinese():
    at = on_strict_tab("zh")
    at.radio(key="save_load.mismatch").set_value("new_head").run()
    at.segmented_control(key="save_load.strict").set_value(False).run()
    assert any("size mismatch for classifier.3.weight" in c.value for c in at.code), "torch's own words"
    assert any("形状不符即使在 strict=False 下也会报错" in i.value for i in at.info)
    table = at.table[0].value
    assert "✗ 形状不符：保持初始值" in list(table.iloc[:, 3]) and not at.exception
