""""The same in plain PyTorch": every page's standalone script, generated from its settings
(snippets holds the shared pieces; transform_code the Train script's transforms; folder_training_code
its parts for your own pictures; predict_script the predict.py that goes home with a checkpoint;
tensorboard_snippets seed 002's TensorBoard calls). Tests run each script and compare it with the page.

May import: core.common, core.data, core.models, core.training, core.vision, core.lessons
(it shows what they do).
"""
