"""Keeping the site fresh: ``wins watch`` and ``wins serve``.

``events`` decides which file changes matter and reports them from watchdog;
``watcher`` debounces them and rebuilds; ``server`` serves the output folder on
loopback with live reload.
"""
