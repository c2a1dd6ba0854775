"""The Losses page: regression, classification, and two classes (BCE vs BCEWithLogits). May import: core, ui.common.
"""
