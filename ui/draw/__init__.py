"""The Draw page: the canvas and its style, the model picker shared with See inside, and the
result (probabilities, steps, doubts). May import: core, ui.common.
"""
