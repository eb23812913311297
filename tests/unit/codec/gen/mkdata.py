#!/usr/bin/env python3
# mkdata.py — regenerates tests/unit/codec/data/*.txt from real helm 3.17.1 output.
# usage: eval "$(/work/shared/tools/get-reference-tools)"; python3 mkdata.py "$HELM3"
# Each case is rendered by helm in a throwaway chart; the expected strings are what it printed.
import json, os, subprocess, sys, tempfile

HELM = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")

def helm(template, values=None):
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "templates"))
        open(os.path.join(d, "Chart.yaml"), "w").write("apiVersion: v2\nname: c\nversion: 0.1.0\n")
        open(os.path.join(d, "templates", "t.yaml"), "w").write(template)
        if values is not None:
            open(os.path.join(d, "values.yaml"), "w").write(values)
        p = subprocess.run([HELM, "template", d], capture_output=True, text=True)
        if p.returncode != 0:
            line = p.stderr.split("\n")[0]
            return None, line
        out = "\n".join(l for l in p.stdout.rstrip("\n").split("\n") if not l.startswith("# Source") and l != "---")
        return out, None

def read_cases(name):
    cases = []
    cur = None
    for line in open(os.path.join(HERE, name)).read().split("\n"):
        if line.startswith("### "):
            cur = [line[4:], []]
            cases.append(cur)
        elif cur is not None:
            cur[1].append(line)
    return [(n, "\n".join(ls).rstrip("\n")) for n, ls in cases]

# YAML reading: values file → toJson .Values, or helm's error after "cannot load values.yaml: "
with open(os.path.join(DATA, "yaml_read.txt"), "w") as f:
    for name, src in read_cases("yaml_read.cases"):
        out, err = helm('x: {{ toJson .Values }}', src)
        exp = out[3:] if out is not None else "Error: " + err.split("cannot load values.yaml: ", 1)[1]
        f.write("### %s\n%s\n--> %s\n" % (name, src, exp))

# YAML emitting: JSON value → toYaml / toYamlPretty (plus the newline Helm trims)
with open(os.path.join(DATA, "yaml_emit.txt"), "w") as f:
    for name, src in read_cases("yaml_emit.cases"):
        tpl = ('a: {{ toYaml .Values.v | toJson }}\nb: {{ toYamlPretty .Values.v | toJson }}\n'
               'c: {{ toJson .Values.v }}\nd: {{ toPrettyJson .Values.v | toJson }}\n'
               'e: {{ if kindIs "invalid" .Values.v }}null{{ else }}{{ toToml .Values.v | toJson }}{{ end }}\n')
        src = json.dumps(json.loads(src), ensure_ascii=False)  # exactly the text helm reads
        out, err = helm(tpl, '{"v": %s}' % src)
        assert err is None, (name, err)
        lines = out.split("\n")
        a = json.loads(lines[0][3:]) + "\n"
        b = json.loads(lines[1][3:]) + "\n"
        c = lines[2][3:]
        d = json.loads(lines[3][3:])
        e = json.loads(lines[4][3:])
        f.write("### %s\n%s\n" % (name, src))
        for tag, body in (("yaml", a), ("yaml3", b), ("json", c + "\n"), ("prettyjson", d + "\n"), ("toml", e)):
            if body is None:
                continue
            f.write("--> %s %s\n" % (tag, json.dumps(body, ensure_ascii=False)))

# JSON reading: mustFromJson | toJson, or the error after "error calling mustFromJson: "
with open(os.path.join(DATA, "json_parse.txt"), "w") as f:
    # json_parse.cases: one input a line; json_parse.more: inputs a line cannot hold (blanks,
    # newlines), each as a JSON string
    more = [json.loads(l) for l in open(os.path.join(HERE, "json_parse.more")).read().split("\n")[:-1]]
    for src in open(os.path.join(HERE, "json_parse.cases")).read().split("\n")[:-1] + more:
        # raw UTF-8 in the template's string literal: Go takes no surrogate-pair escapes
        out, err = helm('a: {{ mustFromJson %s | toJson }}' % json.dumps(src, ensure_ascii=False))
        exp = out[3:] if out is not None else "Error: " + err.split("error calling mustFromJson: ", 1)[1]
        f.write("%s\n--> %s\n" % (json.dumps(src), exp))

# TOML reading: fromToml | toJson (each line of the cases file, with \n escapes)
with open(os.path.join(DATA, "toml_parse.txt"), "w") as f:
    for line in open(os.path.join(HERE, "toml_parse.cases")).read().split("\n")[:-1]:
        src = line.encode().decode("unicode_escape")
        out, err = helm('a: {{ fromToml %s | toJson }}' % json.dumps(src))
        assert err is None, err
        f.write("%s\n--> %s\n" % (json.dumps(src), out[3:]))
