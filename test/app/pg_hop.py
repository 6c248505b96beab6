"""A TLS + SCRAM-SHA-256-PLUS front for PgBouncer, standing in for Neon's proxy.

Neon's pooled URL carries `channel_binding=require`; Debian's PgBouncer 1.18 offers no channel binding, so a
client holding the product's URL unchanged is refused there (real-world.md, Neon). This hop speaks the
PostgreSQL protocol as Neon's proxy does: it requires TLS, authenticates the client with
SCRAM-SHA-256-PLUS (`tls-server-end-point` binding to its certificate), then logs in to PgBouncer over TLS
with SCRAM-SHA-256 as the same role and relays the session byte for byte.

    python3 pg_hop.py LISTEN_HOST LISTEN_PORT BOUNCER_HOST BOUNCER_PORT DIR

DIR holds server.crt / server.key and hop-users.json ({"role": "password"}, re-read on every connection,
written by the test from the program's plan).
"""

import asyncio
import base64
import hashlib
import hmac
import json
import os
import ssl
import struct
import sys

SSL_REQUEST, GSS_REQUEST, PROTOCOL_3 = 80877103, 80877104, 196608


def msg(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!I", len(body) + 4) + body


def error(text: str) -> bytes:
    fields = b"SFATAL\0VFATAL\0C28000\0M" + text.encode() + b"\0\0"
    return msg(b"E", fields)


async def read_msg(reader):
    head = await reader.readexactly(5)
    (length,) = struct.unpack("!I", head[1:])
    return head[:1], await reader.readexactly(length - 4)


def scram_keys(password: str, salt: bytes, iterations: int):
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.digest(salted, b"Client Key", "sha256")
    server_key = hmac.digest(salted, b"Server Key", "sha256")
    return client_key, hashlib.sha256(client_key).digest(), server_key


def attrs(text: str) -> dict:
    return dict(part.split("=", 1) for part in text.split(",") if "=" in part)


class Hop:
    def __init__(self, directory: str, upstream):
        self.directory = directory
        self.upstream = upstream
        self.server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.server_tls.load_cert_chain(f"{directory}/server.crt", f"{directory}/server.key")
        with open(f"{directory}/server.crt") as f:
            der = ssl.PEM_cert_to_DER_cert(f.read())
        # tls-server-end-point (RFC 5929): the certificate's hash, SHA-256 for a sha256WithRSA certificate.
        self.cbind = hashlib.sha256(der).digest()
        self.client_tls = ssl.create_default_context()
        self.client_tls.check_hostname = False
        self.client_tls.verify_mode = ssl.CERT_NONE

    def password(self, role: str):
        with open(f"{self.directory}/hop-users.json") as f:
            return json.load(f).get(role)

    async def handle(self, reader, writer):
        try:
            await self.session(reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()

    async def session(self, reader, writer):
        while True:
            (length,) = struct.unpack("!I", await reader.readexactly(4))
            body = await reader.readexactly(length - 4)
            (code,) = struct.unpack("!I", body[:4])
            if code == GSS_REQUEST:
                writer.write(b"N")
                continue
            if code != SSL_REQUEST:
                # Plaintext startup: refused, as Neon refuses it.
                writer.write(error("TLS is required"))
                await writer.drain()
                return
            writer.write(b"S")
            await writer.drain()
            await writer.start_tls(self.server_tls)
            break
        (length,) = struct.unpack("!I", await reader.readexactly(4))
        startup = await reader.readexactly(length - 4)
        items = startup[4:].split(b"\0")
        params = dict(zip(items[0::2], items[1::2]))
        role = params.get(b"user", b"").decode()
        password = self.password(role)
        if password is None or not await self.authenticate(reader, writer, password):
            writer.write(error(f'password authentication failed for user "{role}"'))
            await writer.drain()
            return
        up_reader, up_writer = await self.login_upstream(startup, password, writer)
        if up_reader is None:
            return
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def authenticate(self, reader, writer, password: str) -> bool:
        writer.write(msg(b"R", struct.pack("!I", 10) + b"SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0"))
        await writer.drain()
        kind, body = await read_msg(reader)
        mechanism, rest = body.split(b"\0", 1)
        client_first = rest[4:].decode()
        gs2_flag, _authzid, bare = client_first.split(",", 2)
        if mechanism != b"SCRAM-SHA-256-PLUS" or gs2_flag != "p=tls-server-end-point":
            return False
        gs2_header = client_first[: len(client_first) - len(bare)]
        nonce = attrs(bare)["r"] + base64.b64encode(os.urandom(18)).decode()
        salt, iterations = os.urandom(16), 4096
        server_first = f"r={nonce},s={base64.b64encode(salt).decode()},i={iterations}"
        writer.write(msg(b"R", struct.pack("!I", 11) + server_first.encode()))
        await writer.drain()
        kind, body = await read_msg(reader)
        client_final = body.decode()
        final = attrs(client_final)
        expected_c = base64.b64encode(gs2_header.encode() + self.cbind).decode()
        if final.get("c") != expected_c or final.get("r") != nonce:
            return False
        without_proof = client_final[: client_final.rindex(",p=")]
        auth_message = f"{bare},{server_first},{without_proof}".encode()
        _client_key, stored_key, server_key = scram_keys(password, salt, iterations)
        signature = hmac.digest(stored_key, auth_message, "sha256")
        proof = base64.b64decode(final["p"])
        client_key = bytes(a ^ b for a, b in zip(proof, signature))
        if not hmac.compare_digest(hashlib.sha256(client_key).digest(), stored_key):
            return False
        verifier = base64.b64encode(hmac.digest(server_key, auth_message, "sha256")).decode()
        writer.write(msg(b"R", struct.pack("!I", 12) + f"v={verifier}".encode()))
        writer.write(msg(b"R", struct.pack("!I", 0)))
        await writer.drain()
        return True

    async def login_upstream(self, startup: bytes, password: str, client):
        reader, writer = await asyncio.open_connection(*self.upstream)
        writer.write(struct.pack("!II", 8, SSL_REQUEST))
        await writer.drain()
        if await reader.readexactly(1) != b"S":
            client.write(error("the pooler refused TLS"))
            return None, None
        await writer.start_tls(self.client_tls)
        writer.write(struct.pack("!I", len(startup) + 4) + startup)
        await writer.drain()
        nonce = base64.b64encode(os.urandom(18)).decode()
        bare = f"n=,r={nonce}"
        while True:
            kind, body = await read_msg(reader)
            if kind != b"R":
                client.write(msg(kind, body))
                await client.drain()
                return None, None
            (code,) = struct.unpack("!I", body[:4])
            if code == 0:
                return reader, writer
            if code == 10:
                first = b"n,," + bare.encode()
                writer.write(msg(b"p", b"SCRAM-SHA-256\0" + struct.pack("!I", len(first)) + first))
            elif code == 11:
                server_first = body[4:].decode()
                a = attrs(server_first)
                client_key, stored_key, _ = scram_keys(password, base64.b64decode(a["s"]), int(a["i"]))
                without_proof = f"c=biws,r={a['r']}"
                auth_message = f"{bare},{server_first},{without_proof}".encode()
                signature = hmac.digest(stored_key, auth_message, "sha256")
                proof = base64.b64encode(bytes(x ^ y for x, y in zip(client_key, signature))).decode()
                writer.write(msg(b"p", f"{without_proof},p={proof}".encode()))
            elif code != 12:
                client.write(error(f"the pooler asked for authentication {code}"))
                return None, None
            await writer.drain()


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, ssl.SSLError):
        pass
    finally:
        writer.close()


async def main():
    host, port, up_host, up_port, directory = sys.argv[1:6]
    hop = Hop(directory, (up_host, int(up_port)))
    server = await asyncio.start_server(hop.handle, host, int(port))
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
