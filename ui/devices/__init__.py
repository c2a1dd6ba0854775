"""The Devices page: what this machine offers and training on several processes.
May import: core, ui.common.
"""
