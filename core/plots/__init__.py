"""Plotly figures as pure functions of numbers: every word on a chart comes in as an argument,
so pages only place them. One module per page family (train_plots, race_plots, race_surface_plots, loss_plots,
conv_plots, feature_plots, bars, bce_plots, module_plots), and map_pictures: See inside's feature maps
coloured into PNGs on the server, which a small component draws without Plotly.
race_plots builds ECharts options instead (plain dicts, see echarts_base): no Plotly on the race tab.

May import: core.common, core.data, core.models, core.training, core.vision, core.lessons.
"""
