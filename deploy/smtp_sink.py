"""A minimal SMTP server for deploy/smoke.sh: accepts every message on a loopback port and
writes each to a file in a directory (Python 3.12 has no smtpd). Not for anything else.

    python deploy/smtp_sink.py PORT DIRECTORY
"""

from __future__ import annotations

import itertools
import socketserver
import sys
from pathlib import Path

_counter = itertools.count(1)


class SMTPHandler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self.reply("220 smtp-sink ready")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 smtp-sink")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.message_save(recipients, self.message_read())
                self.reply("250 OK: queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def message_read(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            # Dot-stuffing (RFC 5321 4.5.2): a leading dot was doubled by the sender.
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)

    def message_save(self, recipients: list[str], message: bytes) -> None:
        directory: Path = self.server.directory
        name = directory / f"{next(_counter):04d}.eml"
        envelope = "".join(f"X-Envelope-To: {address}\r\n" for address in recipients)
        name.with_suffix(".tmp").write_bytes(envelope.encode() + message)
        name.with_suffix(".tmp").rename(name)  # whole messages only, for whoever polls


class SMTPSink(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int, directory: Path) -> None:
        super().__init__(("127.0.0.1", port), SMTPHandler)
        self.directory = directory


if __name__ == "__main__":
    port, directory = int(sys.argv[1]), Path(sys.argv[2])
    directory.mkdir(parents=True, exist_ok=True)
    with SMTPSink(port, directory) as server:
        server.serve_forever()
