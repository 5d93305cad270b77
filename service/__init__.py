"""The composition root: settings, storage wiring, the Litestar app and the CLI.

Nothing imports this package; it imports everything else.
"""
