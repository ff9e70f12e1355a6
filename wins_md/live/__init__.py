"""Keeping the site fresh: ``wins watch`` and ``wins serve``.

``events`` decides which file changes matter and reports them from watchdog;
``watcher`` debounces them and rebuilds; ``ticks`` keeps the ledger of ticks and
stamps notes meanwhile; ``log`` records each build for whoever
waits on it and says what changed; ``server`` serves the output folder on loopback
with live reload, and ``preview`` adds the vault's problems to the pages it serves.
"""
