#!/usr/bin/env python3
"""Independent SCRAM computations (RFC 5802 / RFC 7677) with Python's hashlib and hmac.

Prints the client-final-message and server-final-message for the inputs below; the values are
committed in Tests/GregorTests/SecuritySCRAMTests.swift so the Swift implementation is checked
against a computation it did not produce. Standard library only: run with `python3 scripts/gen-scram-vectors.py`.
"""
import base64
import hashlib
import hmac


def scram(hash_name, user, password, client_nonce, server_nonce_suffix, salt, iterations):
    digest = getattr(hashlib, hash_name)
    bare = f"n={user.replace('=', '=3D').replace(',', '=2C')},r={client_nonce}"
    nonce = client_nonce + server_nonce_suffix
    server_first = f"r={nonce},s={base64.b64encode(salt).decode()},i={iterations}"
    without_proof = f"c={base64.b64encode(b'n,,').decode()},r={nonce}"
    auth_message = f"{bare},{server_first},{without_proof}".encode()
    salted = hashlib.pbkdf2_hmac(hash_name, password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", digest).digest()
    stored_key = digest(client_key).digest()
    client_signature = hmac.new(stored_key, auth_message, digest).digest()
    proof = bytes(a ^ b for a, b in zip(client_key, client_signature))
    server_key = hmac.new(salted, b"Server Key", digest).digest()
    server_signature = hmac.new(server_key, auth_message, digest).digest()
    return {
        "client_first": "n,," + bare,
        "server_first": server_first,
        "client_final": f"{without_proof},p={base64.b64encode(proof).decode()}",
        "server_final": f"v={base64.b64encode(server_signature).decode()}",
    }


CASES = [
    # RFC 7677 section 3 (checks this script against the RFC's published messages).
    ("sha256", "user", "pencil", "rOprNGfwEbeRWgbNEkqO", "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
     base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096),
    # SCRAM-SHA-512 with a user name that needs escaping and a non-ASCII password.
    ("sha512", "al=ice,admin", "pässwörd-✓", "Zm9vYmFyYmF6cXV4MTIzNDU2", "c2VydmVyLW5vbmNlLXBhcnQ",
     bytes(range(1, 17)), 4096),
    # SCRAM-SHA-256 with a larger iteration count.
    ("sha256", "bob", "hunter2", "abcdefghijklmnop", "QRSTUVWXYZ", b"salty-salt", 8192),
]

if __name__ == "__main__":
    for case in CASES:
        print(case[0], case[1], case[2], case[3], case[4], case[5], case[6])
        for key, value in scram(*case).items():
            print(f"  {key}: {value}")
