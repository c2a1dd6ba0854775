""""The same in plain PyTorch": every page's standalone script, generated from its settings
(snippets holds the shared pieces). Tests run each script and compare it with the page.

May import: core.common, core.data, core.models, core.training, core.vision, core.lessons
(it shows what they do).
"""
