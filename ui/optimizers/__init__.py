"""The Optimizer race page: the race, the loss surfaces, and the lesson read from their numbers.
May import: core, ui.common.
"""
