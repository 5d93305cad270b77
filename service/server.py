"""Runs the app under uvicorn: one worker, the projector thread tied to the app's lifecycle."""

from __future__ import annotations

import signal
from types import FrameType

import uvicorn

from service.app import create_app
from service.bootstrap import Components


class _Server(uvicorn.Server):
    """Stops on SIGINT/SIGTERM and then returns normally.

    Plain uvicorn re-raises the signal after its graceful shutdown, which kills the process
    before the caller can close its connections; here the caller gets control back.
    """

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True  # a second Ctrl-C skips waiting for open connections
        else:
            self.should_exit = True


def serve(components: Components, host: str, port: int, run_projector: bool) -> None:
    """Serve until SIGINT/SIGTERM; the projector starts and stops with the app, cleanly."""
    app = create_app(components, run_projector=run_projector)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        workers=1,
        lifespan="on",
        log_level="info",
        access_log=False,
        ws="websockets-sansio",
        timeout_graceful_shutdown=10,
    )
    _Server(config).run()
