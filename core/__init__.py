"""TorchLab's PyTorch logic, one package per domain; imports only point down this list.

    common    i18n, atomic writes, threads, the device, safe image opening (the ground floor)
    data      datasets as uint8 tensors, ImageFolder, batches, normalisation, transform pipelines
    models    the registry, the tutorials' nets, torchvision builders, checkpoints, save formats
    training  TrainConfig, the record generator, engine, optimizers, runs, jobs, queue, live feed
    vision    digit preprocessing, inference, activations, Grad-CAM and saliency
    lessons   the Fundamentals pages' subjects: tensors, autograd, losses, optimizer race, devices
    code      every page's "same in plain PyTorch" script
    plots     Plotly figures as pure functions of numbers

`python -m core.train` (core/train.py) is the command line. Nothing here imports Streamlit, so
every part runs headless and is tested without a browser; tests/test_layering.py keeps the order.
"""
