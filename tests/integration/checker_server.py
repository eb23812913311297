#!/usr/bin/env python3
# checker_server.py — a service for the service-checker tests: OpenAPI/Swagger specs whose
# x-amples pass (/pass, JSON Swagger 2; /yaml, YAML OpenAPI 3), fail (/fail), a malformed
# spec (/bad), a missing one (/none), a slow endpoint (/slow) and one that passes until the
# file ARGV[2] exists (/flip). Writes its port to ARGV[1].
import http.server
import json
import os
import sys
import time
from urllib.parse import urlsplit, parse_qs

PASS = {
    "swagger": "2.0",
    "basePath": "/pass",
    "x-default-params": {"lang": "en"},
    "paths": {
        "/ping": {"get": {"x-amples": [{"title": "ping answers pong",
                                         "response": {"status": 200, "headers": {"content-type": "text/plain"}, "body": "pong"}}]}},
        "/items/{id}": {"get": {"x-amples": [{
            "title": "item by id",
            "request": {"params": {"id": 42}, "query": {"lang": "de"}, "headers": {"X-Client": "checker"}},
            "response": {"status": 200,
                         "headers": {"content-type": "/json/", "x-request-id": "/^[a-f0-9]+$/"},
                         "body": {"id": "/^42$/", "lang": "de", "client": "checker",
                                  "tags": ["/^[a-z]$/"], "meta": {"version": "/^\\d+\\.\\d+/"}}}}]}},
        "/items": {"post": {"x-amples": [{
            "title": "create an item",
            "request": {"headers": {"content-type": "application/json"}, "body": {"name": "box"}},
            "response": {"status": 201, "body": {"created": "box"}}}]}},
        "/health": {"get": {"summary": "no x-amples: must answer 200"}},
        "/private": {"get": {"x-monitor": False, "summary": "would fail, never checked"}},
    },
}

FAIL = {
    "swagger": "2.0",
    "basePath": "/fail",
    "paths": {
        "/ping": {"get": {"x-amples": [
            {"title": "still fine", "response": {"status": 200, "body": "pong"}},
            {"title": "body regex mismatch", "response": {"status": 200, "body": "/^ping$/"}}]}},
        "/missing": {"get": {"x-amples": [{"title": "wrong status", "response": {"status": 200}}]}},
        "/items/{id}": {"get": {"x-amples": [
            {"title": "missing header", "request": {"params": {"id": 1}},
             "response": {"status": 200, "headers": {"etag": "/./"}}},
            {"title": "json field mismatch", "request": {"params": {"id": 1}},
             "response": {"status": 200, "body": {"id": "/^2$/"}}}]}},
    },
}

FLIP = {
    "swagger": "2.0",
    "basePath": "/flip",
    "paths": {"/ping": {"get": {"x-amples": [{"title": "flip ping", "response": {"status": 200, "body": "pong"}}]}}},
}

YAML = """openapi: 3.0.0
info: {title: yaml service, version: '1'}
servers:
  - url: http://example.invalid/yaml
paths:
  /ping:
    get:
      x-amples:
        - title: yaml ping
          response:
            status: 200
            body: /^po/
"""


class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def send(self, code, body, ctype="text/plain", extra=None):
        if isinstance(body, (dict, list)):
            body, ctype = json.dumps(body), "application/json; charset=utf-8"
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def item(self, prefix, rest, q):
        iid = rest[len("/items/"):]
        return {"id": int(iid) if iid.isdigit() else iid, "lang": q.get("lang", [""])[0],
                "client": self.headers.get("X-Client", ""), "tags": ["a", "b", "c"], "meta": {"version": "1.2.3"}}

    def do_GET(self):
        u = urlsplit(self.path)
        q = parse_qs(u.query, keep_blank_values=True)
        prefix, _, rest = u.path[1:].partition("/")
        rest = "/" + rest
        if u.query == "spec" and rest == "/":
            if prefix == "pass": return self.send(200, PASS)
            if prefix == "fail": return self.send(200, FAIL)
            if prefix == "flip": return self.send(200, FLIP)
            if prefix == "yaml": return self.send(200, YAML, "application/yaml")
            if prefix == "bad": return self.send(200, "{\"paths\": [unclosed", "application/json")
            if prefix == "slow":
                slow = [{"title": "slow %d" % i, "response": {"status": 200}} for i in (1, 2, 3)]
                return self.send(200, {"paths": {"/slow/wait": {"get": {"x-amples": slow}}}})
            return self.send(404, "no spec here")
        if prefix == "slow":
            time.sleep(3)
            try:
                return self.send(200, "late")
            except OSError:  # the checker gave up first, as it should
                return None
        if prefix == "flip" and os.path.exists(FLAG):
            return self.send(503, "flipped")
        if rest == "/ping": return self.send(200, "pong\n")
        if rest == "/health": return self.send(200, "ok")
        if rest.startswith("/items/"):
            return self.send(200, self.item(prefix, rest, q), extra={"X-Request-Id": "9f86d081"})
        if rest == "/private": return self.send(500, "broken")
        return self.send(404, "not found")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        u = urlsplit(self.path)
        if u.path == "/pass/items" and "json" in self.headers.get("Content-Type", ""):
            return self.send(201, {"created": json.loads(body).get("name")})
        return self.send(400, "bad request")

    def log_message(self, *a):
        pass


FLAG = sys.argv[2] if len(sys.argv) > 2 else "/nonexistent"
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
s.daemon_threads = True
with open(sys.argv[1], "w") as f:
    f.write(str(s.server_address[1]))
s.serve_forever()
