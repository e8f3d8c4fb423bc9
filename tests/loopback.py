"""An HTTP stand-in on 127.0.0.1 in a thread: `with Server(state, handler) as state: ...`, where
the handler class reads `self.state`. The GitHub and GitLab stand-ins are both served this way."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Generic, TypeVar

State = TypeVar("State")


class Server(Generic[State]):
    def __init__(self, state: State, handler: type[BaseHTTPRequestHandler]) -> None:
        self.state = state
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (handler,), {"state": state}))
        state.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> State:
        self.thread.start()
        return self.state

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
