"""Reading a picture with a trained model: MNIST-style preprocessing of drawings and photos
(preprocess and its digit_* steps), inference, model inputs, the models on disk (model_store),
layer activations and explanations (Grad-CAM, saliency), and a model trained on your own
pictures reading a new one (picture_predict) or one of its validation pictures (picture_inputs).

May import: core.common, core.data, core.models, core.training.
"""
