"""Datasets as whole uint8 tensors: what each dataset is (datasets), loading and caching
(loading), where files live (paths), ImageFolder zips and folders, batches, normalisation,
transform pipelines as data (pipeline) and augmentation, and the Datasets page's DataLoader.

May import: core.common.
"""
