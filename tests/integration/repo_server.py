#!/usr/bin/env python3
# repo_server.py — a static chart repository server for repo.sh: serves DIR on 127.0.0.1 (free
# port, written to PORTFILE), optional TLS (--cert/--key) and basic auth (--auth user:pass).
import argparse, base64, functools, http.server, os, ssl, sys

ap = argparse.ArgumentParser()
ap.add_argument("dir")
ap.add_argument("portfile")
ap.add_argument("--cert")
ap.add_argument("--key")
ap.add_argument("--auth")
ap.add_argument("--log")
a = ap.parse_args()

class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):
        if a.log:
            with open(a.log, "a") as f:
                f.write("%s %s\n" % (self.headers.get("Authorization", "-"), fmt % args))
    def do_GET(self):
        if a.auth:
            want = "Basic " + base64.b64encode(a.auth.encode()).decode()
            if self.headers.get("Authorization") != want:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="charts"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        return super().do_GET()

srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(H, directory=a.dir))
if a.cert:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
tmp = a.portfile + ".tmp"
with open(tmp, "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(tmp, a.portfile)
try:
    srv.serve_forever()
except KeyboardInterrupt:
    pass
