"""The ground floor every other part of core/ stands on: message catalogs and localized errors
(i18n), atomic file writes, threads and background work, the inference-first yield (interactive),
the host's limits, the compute device, safe image opening (image_io) and small picture helpers.

May import: nothing else in core/ (torch, PIL and the standard library only).
"""
