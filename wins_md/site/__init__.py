"""The published site: from a vault to the files of its output folder.

``views`` turns the public vault and its statistics into what the pages show
(``charts`` draws the SVG charts, ``burnup`` a goal's progress over time, ``insights``
the setbacks and stretch; ``problems`` sorts the problems ``wins serve`` shows),
``environment`` is the one Jinja environment and ``filters`` the filters it offers,
``render`` makes each file's bytes (``feed`` and ``wins_json`` the two
machine-readable ones), ``writer`` writes the output folder safely, ``moment`` says
when a build happened, and ``build`` runs the whole pipeline.
"""
