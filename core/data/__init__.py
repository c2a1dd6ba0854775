"""Datasets as whole uint8 tensors: what each dataset is (datasets), loading and caching
(loading), where files live (paths), ImageFolder zips and folders, batches, normalisation,
transform pipelines as data (pipeline) and augmentation, the Datasets page's DataLoader, and
your own pictures: a folder as a training set (folder_dataset), sets built on the page
(picture_sets, picture_checks, picture_zip) and a folder of drawn shapes to try (shape_pictures).

May import: core.common.
"""
