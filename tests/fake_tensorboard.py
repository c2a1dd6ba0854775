"""A stand-in for the tensorboard process in tests: it listens on its --port, as TensorBoard does, until
terminated, so the server logic can be tested without starting TensorBoard."""

import socket

HOST = "127.0.0.1"


class StandIn:
    def __init__(self, command, stdout=None, **_):
        self.command, self.returncode = command, None
        self.socket = socket.socket()
        self.socket.bind((HOST, int(command[command.index("--port") + 1])))
        self.socket.listen()

    def poll(self):
        return self.returncode

    def terminate(self):
        self.socket.close()
        self.returncode = -15

    def wait(self, timeout=None):
        return self.returncode

    kill = terminate
