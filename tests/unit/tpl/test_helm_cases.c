/* test_helm_cases.c — text/template cases checked against helm 3.17.1 (generated from its output:
 * each template wrapped in a define, included by a chart, printed with toJson). */
#include "tpl_test.h"

static void helm_language(void **state) {
  (void)state;
  EXPECT_HELM("{{ .Values.a }}|{{ .Values.missing }}|{{ .Values.b.c }}",
              "{\"a\": \"x\", \"b\": {\"c\": 1.5}}",
              "x|<no value>|1.5");
  EXPECT_HELM("{{ .Values.missing.field }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:26: executing \"x\" at <.Values.missing.field>: nil pointer evaluating interface {}.field");
  EXPECT_HELM("{{ .Values.s.field }}",
              "{\"s\": \"str\"}",
              "ERR: template: x/templates/_x.tpl:1:26: executing \"x\" at <.Values.s.field>: can't evaluate field field in type interface {}");
  EXPECT_HELM("{{ $x := .Values.missing }}{{ $x.field }}",
              "{}",
              "<no value>");
  EXPECT_HELM("{{ (.Values.missing).field }}",
              "{}",
              "<no value>");
  EXPECT_HELM("{{ upper .Values.missing }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:32: executing \"x\" at <.Values.missing>: wrong type for value; expected string; got interface {}");
  EXPECT_HELM("{{ .Values.missing | upper }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:37: executing \"x\" at <upper>: invalid value; expected string");
  EXPECT_HELM("{{ len .Values.missing }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <len .Values.missing>: error calling len: len of nil pointer");
  EXPECT_HELM("{{ len 3 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <len 3>: error calling len: len of type int");
  EXPECT_HELM("{{ index .Values.l 3 }}",
              "{\"l\": [1, 2, 3]}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <index .Values.l 3>: error calling index: reflect: slice index out of range");
  EXPECT_HELM("{{ index .Values.l -1 }}",
              "{\"l\": [1, 2, 3]}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <index .Values.l -1>: error calling index: index out of range: -1");
  EXPECT_HELM("{{ index .Values \"missing\" \"x\" }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <index .Values \"missing\" \"x\">: error calling index: index of nil pointer");
  EXPECT_HELM("{{ index \"abc\" 1 }}",
              "{}",
              "98");
  EXPECT_HELM("{{ index .Values.m nil }}",
              "{\"m\": {}}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <index .Values.m nil>: error calling index: value is nil; should be of type string");
  EXPECT_HELM("{{ index .Values.l 1.5 }}",
              "{\"l\": [1, 2, 3]}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <index .Values.l 1.5>: error calling index: cannot index slice/array with type float64");
  EXPECT_HELM("{{ eq .Values.l .Values.l }}",
              "{\"l\": [1, 2, 3]}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <eq .Values.l .Values.l>: error calling eq: non-comparable type [%!s(float64=1) %!s(float64=2) %!s(float64=3)]: []interface {}");
  EXPECT_HELM("{{ eq .Values.m \"x\" }}",
              "{\"m\": {\"a\": 1}}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <eq .Values.m \"x\">: error calling eq: incompatible types for comparison");
  EXPECT_HELM("{{ eq .Values.missing \"x\" }} {{ eq nil nil }}",
              "{}",
              "false true");
  EXPECT_HELM("{{ eq 1 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <eq 1>: error calling eq: missing argument for comparison");
  EXPECT_HELM("{{ lt true false }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <lt true false>: error calling lt: invalid type for comparison");
  EXPECT_HELM("{{ lt .Values.l 1 }}",
              "{\"l\": [1]}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <lt .Values.l 1>: error calling lt: invalid type for comparison");
  EXPECT_HELM("{{ lt 1 2.5 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <lt 1 2.5>: error calling lt: incompatible types for comparison");
  EXPECT_HELM("{{ ne 1 2 3 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <ne>: wrong number of args for ne: want 2 got 3");
  EXPECT_HELM("{{ and }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <and>: wrong number of args for and: want at least 1 got 0");
  EXPECT_HELM("{{ call .Values.missing }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <call .Values.missing>: error calling call: call of nil");
  EXPECT_HELM("{{ call }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <call>: wrong number of args for call: want at least 1 got 0");
  EXPECT_HELM("{{ html \"<a href='x'>&\\\"\" }} {{ js \"a'b\\\"c<>&=\\\\ \" }} {{ urlquery \"a b&c/d~\" }}",
              "{}",
              "&lt;a href=&#39;x&#39;&gt;&amp;&#34; a\\'b\\\"c\\u003C\\u003E\\u0026\\u003D\\\\  a+b%26c%2Fd~");
  EXPECT_HELM("{{ html .Values.missing }}|{{ html 1 2 }}|{{ html \"a\" \"b\" }}",
              "{}",
              "&lt;no value&gt;|1 2|ab");
  EXPECT_HELM("{{ printf \"%s\" 3 }}",
              "{}",
              "%!s(int=3)");
  EXPECT_HELM("{{ printf 3 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:26: executing \"x\" at <3>: expected string; found 3");
  EXPECT_HELM("{{ print nil }} {{ print .Values.missing }} {{ println 1 2 }}",
              "{}",
              "<nil> <nil> 1 2\n");
  EXPECT_HELM("{{ not .Values.missing }} {{ not 0 }} {{ not \"x\" }}",
              "{}",
              "true true false");
  EXPECT_HELM("{{ 3 | printf \"%d\" }}",
              "{}",
              "3");
  EXPECT_HELM("{{ .Values.a 1 }}",
              "{\"a\": 1}",
              "ERR: template: x/templates/_x.tpl:1:26: executing \"x\" at <.Values.a>: a is not a method but has arguments");
  EXPECT_HELM("{{ $x := 1 }}{{ $x 2 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:32: executing \"x\" at <$x>: can't give argument to non-function $x");
  EXPECT_HELM("{{ nil }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <nil>: nil is not a command");
  EXPECT_HELM("{{ 1 2 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <1>: can't give argument to non-function 1");
  EXPECT_HELM("{{ range 3 }}x{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:25: executing \"x\" at <3>: range can't iterate over 3");
  EXPECT_HELM("{{ range .Values.s }}x{{ end }}",
              "{\"s\": \"hello\"}",
              "ERR: template: x/templates/_x.tpl:1:32: executing \"x\" at <.Values.s>: range can't iterate over hello");
  EXPECT_HELM("{{ range .Values.missing }}x{{ else }}empty{{ end }}",
              "{}",
              "empty");
  EXPECT_HELM("{{ range $i, $e := .Values.l }}{{ $i }}{{ $e }}{{ else }}E{{ end }}",
              "{\"l\": []}",
              "E");
  EXPECT_HELM("{{ range $i, $e := .Values.l }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $e }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ end }}",
              "{\"l\": [\"a\", \"b\", \"c\", \"d\"]}",
              "ac");
  EXPECT_HELM("{{ with .Values.a }}{{ . }}{{ else with .Values.b }}B{{ . }}{{ else }}none{{ end }}",
              "{\"b\": 2}",
              "B2");
  EXPECT_HELM("{{ if }}x{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: missing value for if");
  EXPECT_HELM("{{ 1.2.3 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected \".3\" in operand");
  EXPECT_HELM("{{ | upper }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected \"|\" in command");
  EXPECT_HELM("{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected {{end}}");
  EXPECT_HELM("{{ else }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected {{else}} in define clause");
  EXPECT_HELM("{{ break }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: {{break}} outside {{range}}");
  EXPECT_HELM("{{ \"abc }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unterminated quoted string");
  EXPECT_HELM("{{ if true }}x",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected EOF");
  EXPECT_HELM("{{/* unclosed ",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unclosed comment");
  EXPECT_HELM("{{ $nope }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: undefined variable \"$nope\"");
  EXPECT_HELM("{{ nosuchfunc }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: function \"nosuchfunc\" not defined");
  EXPECT_HELM("a\n{{ .Values.x\n}}",
              "{}",
              "a\n<no value>");
  EXPECT_HELM("{{ .Values.x.y | upper }}",
              "{\"x\": {\"y\": 3}}",
              "ERR: template: x/templates/_x.tpl:1:33: executing \"x\" at <upper>: wrong type for value; expected string; got float64");
  EXPECT_HELM("{{ 'a' }} {{ 0x1F }} {{ 1e3 }} {{ 1_000 }} {{ 0o17 }} {{ 017 }} {{ -0x10 }} {{ 1.5 }} {{ 0b101 }} {{ '\\n' }}",
              "{}",
              "97 31 1000 1000 15 15 -16 1.5 5 10");
  EXPECT_HELM("{{ 99999999999999999999 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: integer overflow: \"99999999999999999999\"");
  EXPECT_HELM("{{ 18446744073709551615 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <18446744073709551615>: 18446744073709551615 overflows int");
  EXPECT_HELM("{{ 3x }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: bad number syntax: \"3x\"");
  EXPECT_HELM("{{ \"a\\qb\" }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: invalid syntax");
  EXPECT_HELM("{{ `raw\\n` }}",
              "{}",
              "raw\\n");
  EXPECT_HELM("a  {{- \"b\" -}}  c {{- 3 }} {{-3}}",
              "{}",
              "abc3 -3");
  EXPECT_HELM("{{ .Values.x.y.z }}",
              "{\"x\": {\"y\": null}}",
              "ERR: template: x/templates/_x.tpl:1:26: executing \"x\" at <.Values.x.y.z>: nil pointer evaluating interface {}.z");
  EXPECT_HELM("{{ template \"nope\" }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:28: executing \"x\" at <{{template \"nope\"}}>: template \"nope\" not defined");
  EXPECT_HELM("{{ $x = 3 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:24: executing \"x\" at <3>: undefined variable: $x");
  EXPECT_HELM("{{ .Values.m }} {{ .Values.l }} {{ .Values.f }} {{ .Values.n }}",
              "{\"m\": {\"b\": 1, \"a\": [1, \"x\"]}, \"l\": [1.5, null, true], \"f\": 123456789, \"n\": null}",
              "map[a:[1 x] b:1] [1.5 <nil> true] 1.23456789e+08 <no value>");
  EXPECT_HELM("{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}",
              "{\"m\": {\"b\": 1, \"a\": 2, \"B\": 3}}",
              "B=3;a=2;b=1;");
}

static void helm_control(void **state) {
  (void)state;
  EXPECT_HELM("{{ $x := 1 }}{{ range .Values.l }}{{ $x = . }}{{ $y := . }}{{ end }}{{ $x }}",
              "{\"l\": [1, 2, 3]}",
              "3");
  EXPECT_HELM("{{ range .Values.l }}{{ $.Values.a }}{{ . }}{{ end }}",
              "{\"l\": [1, 2], \"a\": \"A\"}",
              "A1A2");
  EXPECT_HELM("{{ define \"d\" }}[{{ $x }}]{{ end }}{{ $x := 1 }}{{ template \"d\" }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("{{ if .Values.a }}{{ $v := 1 }}{{ end }}{{ $v }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: undefined variable \"$v\"");
  EXPECT_HELM("{{ if .Values.a }}{{ $v := 1 }}{{ else }}{{ $v }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:60: executing \"x\" at <$v>: undefined variable: $v");
  EXPECT_HELM("{{ with $x := .Values.a }}{{ $x }}{{ . }}{{ end }}",
              "{\"a\": \"z\"}",
              "zz");
  EXPECT_HELM("{{ range $i, $v := .Values.m }}{{ $i }}:{{ $v }} {{ end }}",
              "{\"m\": {\"z\": 1, \"a\": 2}}",
              "a:2 z:1 ");
  EXPECT_HELM("{{ range $v := .Values.l }}{{ $v }}{{ end }}",
              "{\"l\": [1, 2]}",
              "12");
  EXPECT_HELM("{{ $i := 0 }}{{ $v := 0 }}{{ range $i, $v = .Values.l }}{{ end }}{{ $i }}{{ $v }}",
              "{\"l\": [\"a\", \"b\"]}",
              "1b");
  EXPECT_HELM("{{ $v := 0 }}{{ range $v = .Values.l }}{{ end }}{{ $v }}",
              "{\"l\": [\"a\", \"b\"]}",
              "b");
  EXPECT_HELM("{{ range $a, $b, $c := .Values.l }}{{ end }}",
              "{\"l\": [1]}",
              "ERR: template: x/templates/_x.tpl:1: too many declarations in range");
  EXPECT_HELM("{{ range $a, 3 }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: range can only initialize variables");
  EXPECT_HELM("{{ $a, $b := 1 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: too many declarations in command");
  EXPECT_HELM("x {{- /* c */ -}} y {{/* c2 */}} z",
              "{}",
              "xy  z");
  EXPECT_HELM("{{/* c */ }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: comment ends before closing delimiter");
  EXPECT_HELM("{{ }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: missing value for command");
  EXPECT_HELM("{{ (1) }}{{ (print 1 2) }}{{ (.Values.m).a }}",
              "{\"m\": {\"a\": \"A\"}}",
              "11 2A");
  EXPECT_HELM("{{ (.Values.missing).a }}",
              "{}",
              "<no value>");
  EXPECT_HELM("{{ ( ) }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: missing value for parenthesized pipeline");
  EXPECT_HELM("{{ (1 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unclosed left paren");
  EXPECT_HELM("{{ 1) }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected right paren");
  EXPECT_HELM("{{ \"x\".foo }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected . after term \"\\\"x\\\"\"");
  EXPECT_HELM("{{ .Values.a | 1 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: non executable command in pipeline stage 2");
  EXPECT_HELM("{{ .Values.a | . }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: non executable command in pipeline stage 2");
  EXPECT_HELM("{{ define \"b\" }}B{{ . }}{{ end }}{{ block \"b\" 3 }}default{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("{{ block \"zz\" 3 }}default{{ . }}{{ end }}",
              "{}",
              "default3");
  EXPECT_HELM("{{ template \"x2\" }}{{ define \"x2\" }}ok{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("{{ define \"a\" }}1{{ end }}{{ define \"a\" }}2{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("{{ define \"a\" }}{{ end }}{{ define \"a\" }}2{{ end }}{{ template \"a\" }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("{{ define \"a\" }}{{ if }}{{ end }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("line1\nline2 {{ if true }}\n{{ else }}\n{{ end }}\n{{ .Values.a.b.c }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:5:10: executing \"x\" at <.Values.a.b.c>: nil pointer evaluating interface {}.b");
  EXPECT_HELM("line1\n{{/* multi\nline\ncomment */}}\n{{ .Values.a.b.c }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:5:10: executing \"x\" at <.Values.a.b.c>: nil pointer evaluating interface {}.b");
  EXPECT_HELM("line1\n{{ `raw\nstring` }}\n{{ .Values.a.b.c }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:4:10: executing \"x\" at <.Values.a.b.c>: nil pointer evaluating interface {}.b");
  EXPECT_HELM("{{ if true }}\n\n{{ nosuch }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:3: function \"nosuch\" not defined");
  EXPECT_HELM("{{ printf \"%s\"\n  \"x\" }}",
              "{}",
              "x");
  EXPECT_HELM("{{ .Values.a\n",
              "{}",
              "ERR: template: x/templates/_x.tpl:2: unexpected \"{\" in operand");
  EXPECT_HELM("{{ if .Values.a }}a\n{{ else if .Values.b }}b\n{{ else }}c{{ end }}",
              "{\"b\": 1}",
              "b\n");
  EXPECT_HELM("{{ if .Values.a }}a{{ else with .Values.b }}b{{ end }}",
              "{\"b\": 1}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <with> in input");
  EXPECT_HELM("{{ with .Values.a }}a{{ else if .Values.b }}b{{ end }}",
              "{\"b\": 1}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <if> in input");
  EXPECT_HELM("{{ range .Values.l }}{{ else if true }}{{ end }}",
              "{\"l\": []}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <if> in input");
  EXPECT_HELM("{{ end }}x",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected {{end}}");
  EXPECT_HELM("{{ if true }}{{ else }}{{ else }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: expected end; found {{else}}");
  EXPECT_HELM("{{ 'ab' }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: malformed character constant: 'ab'");
  EXPECT_HELM("{{ '' }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: invalid syntax");
  EXPECT_HELM("{{ '\\u00e9' }} {{ '\\x41' }} {{ '\\101' }}",
              "{}",
              "233 65 65");
  EXPECT_HELM("{{ \"\\u00e9\\t\\x41\\101\" }}",
              "{}",
              "\303\251\tAA");
  EXPECT_HELM("{{ \"a\\'b\" }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: invalid syntax");
  EXPECT_HELM("{{ .Values.a.b }}",
              "{\"a\": [1, 2]}",
              "ERR: template: x/templates/_x.tpl:1:26: executing \"x\" at <.Values.a.b>: can't evaluate field b in type interface {}");
  EXPECT_HELM("{{ $l := .Values.a }}{{ $l.b }}",
              "{\"a\": [1, 2]}",
              "ERR: template: x/templates/_x.tpl:1:42: executing \"x\" at <$l.b>: can't evaluate field b in type []interface {}");
  EXPECT_HELM("{{ $l := .Values.a }}{{ $l.b }}",
              "{\"a\": \"str\"}",
              "ERR: template: x/templates/_x.tpl:1:42: executing \"x\" at <$l.b>: can't evaluate field b in type string");
  EXPECT_HELM("{{ range .Values.a }}{{ .x }}{{ end }}",
              "{\"a\": [null]}",
              "ERR: template: x/templates/_x.tpl:1:40: executing \"x\" at <.x>: nil pointer evaluating interface {}.x");
  EXPECT_HELM("{{ range .Values.a }}{{ .x }}{{ end }}",
              "{\"a\": [{\"x\": 1}, 2]}",
              "ERR: template: x/templates/_x.tpl:1:40: executing \"x\" at <.x>: can't evaluate field x in type interface {}");
  EXPECT_HELM("{{ true | not }}{{ print 1.0 2.5 }} {{ print \"a\" 1 2 \"b\" }} {{ 1.0 }} {{ 2.50 }} {{ 1e21 }} {{ 1e20 }}",
              "{}",
              "false1 2.5 a1 2b 1 2.5 1e+21 1e+20");
  EXPECT_HELM("{{ eq 1 1.0 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <eq 1 1.0>: error calling eq: incompatible types for comparison");
  EXPECT_HELM("{{ eq .Values.f 1.0 }} {{ eq .Values.f 1 }}",
              "{\"f\": 1}",
              "ERR: template: x/templates/_x.tpl:1:42: executing \"x\" at <eq .Values.f 1>: error calling eq: incompatible types for comparison");
  EXPECT_HELM("{{ eq \"a\" \"b\" \"a\" }} {{ eq 3 1 2 }} {{ ne \"a\" \"a\" }} {{ le 2 2 }} {{ ge \"b\" \"a\" }} {{ gt 1.5 2.5 }}",
              "{}",
              "true false false true true false");
  EXPECT_HELM("{{ and 1 2 }} {{ and 1 0 2 }} {{ or 0 \"\" nil }} {{ or 0 3 }} {{ and .Values.missing (index .Values.missing \"x\") }}",
              "{}",
              "2 0 <no value> 3 <no value>");
  EXPECT_HELM("{{ 1 | and 1 }} {{ 0 | or 0 }} {{ \"\" | and 1 }}",
              "{}",
              "1 0 ");
  EXPECT_HELM("{{ len \"h\303\251llo\" }} {{ len .Values.m }} {{ len .Values.l }}",
              "{\"m\": {\"a\": 1}, \"l\": [1, 2, 3]}",
              "6 1 3");
  EXPECT_HELM("{{ index .Values.m \"a\" \"b\" }} {{ index .Values.m \"zz\" }} {{ index .Values.l 0 1 }}",
              "{\"m\": {\"a\": {\"b\": \"B\"}}, \"l\": [[1, 2]]}",
              "B <no value> 2");
  EXPECT_HELM("{{ index 3 1 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <index 3 1>: error calling index: can't index item of type int");
  EXPECT_HELM("{{ index .Values.m 1 }}",
              "{\"m\": {}}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <index .Values.m 1>: error calling index: value has type int; should be string");
  EXPECT_HELM("{{ urlquery \"\303\251\" 1 nil }} {{ js \"\303\251\\u2028\\u00a0\" }} {{ js \"\\x01\" }}",
              "{}",
              "%C3%A91%3Cno+value%3E \303\251\\u2028\\u00A0 \\u0001");
  EXPECT_HELM("{{ printf \"%v %d %5.2f %q %x\" .Values.a 3 3.14159 \"s\" 255 }}",
              "{\"a\": [1, \"b\"]}",
              "[1 b] 3  3.14 \"s\" ff");
  EXPECT_HELM("{{ printf \"%d\" .Values.f }}",
              "{\"f\": 3}",
              "%!d(float64=3)");
  EXPECT_HELM("{{ println \"a\" }}",
              "{}",
              "a\n");
  EXPECT_HELM("a\r\n{{- \"b\" -}}\r\n c",
              "{}",
              "abc");
  EXPECT_HELM("{{-\t\"x\"\t-}}",
              "{}",
              "x");
  EXPECT_HELM("{{- 3}}",
              "{}",
              "3");
  EXPECT_HELM("{{ 3 -}}",
              "{}",
              "3");
  EXPECT_HELM("{{3 -}} x",
              "{}",
              "3x");
  EXPECT_HELM("{{ -3 }}{{+3}}{{ .5 }}{{ 5. }}",
              "{}",
              "-330.55");
  EXPECT_HELM("{{ 0x1p-2 }} {{ 1_0.5 }} {{ 0x_1 }}",
              "{}",
              "0.25 10.5 1");
  EXPECT_HELM("{{ 1__0 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: illegal number syntax: \"1__0\"");
  EXPECT_HELM("{{ 08 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: integer overflow: \"08\"");
  EXPECT_HELM("{{ 1e }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: illegal number syntax: \"1e\"");
  EXPECT_HELM("{{ $x := 3 }}{{ $x.y }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:34: executing \"x\" at <$x.y>: can't evaluate field y in type int");
  EXPECT_HELM("{{ $x=3 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: bad character U+003D '='");
  EXPECT_HELM("{{ $x:3 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: undefined variable \"$x\"");
  EXPECT_HELM("{{ .Values.a@ }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: bad character U+0040 '@'");
  EXPECT_HELM("{{ # }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected \"#\" in command");
  EXPECT_HELM("{{ \303\251t\303\251 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: function \"\303\251t\303\251\" not defined");
  EXPECT_HELM("{{ template .Values.a }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected \".Values\" in template clause");
  EXPECT_HELM("{{ template \"x\" 1 2 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:32: executing \"x\" at <1>: can't give argument to non-function 1");
  EXPECT_HELM("{{ define 3 }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("{{ define \"d\" 3 }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("{{ define \"d\" }}{{ else }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("{{ define \"d\" }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("{{ range .Values.l }}{{ break 3 }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected \"3\" in {{break}}");
  EXPECT_HELM("{{ range .Values.l }}{{ define \"q\" }}{{ break }}{{ end }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("{{ with 1 }}{{ break }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: {{break}} outside {{range}}");
  EXPECT_HELM("{{ range .Values.l }}{{ if true }}{{ continue }}{{ end }}x{{ end }}",
              "{\"l\": [1, 2]}",
              "");
  EXPECT_HELM("{{ range .Values.l }}a{{ break }}{{ else }}E{{ end }}",
              "{\"l\": [1, 2]}",
              "a");
}

static void helm_edge_cases(void **state) {
  (void)state;
  EXPECT_HELM("x\n{{ .Values.a\n\n",
              "{}",
              "ERR: template: x/templates/_x.tpl:4: unexpected \"{\" in operand");
  EXPECT_HELM("{{/* c */ x }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: comment ends before closing delimiter");
  EXPECT_HELM("{{ (1)) }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected right paren");
  EXPECT_HELM("{{ \001 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unrecognized character in action: U+0001");
  EXPECT_HELM("{{ .Values.a^ }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: bad character U+005E '^'");
  EXPECT_HELM("{{ $x: }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: undefined variable \"$x\"");
  EXPECT_HELM("{{ .Values.a | \"x\" }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: non executable command in pipeline stage 2");
  EXPECT_HELM("{{ .Values.a | nil }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: non executable command in pipeline stage 2");
  EXPECT_HELM("{{ 1.foo }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: bad number syntax: \"1.f\"");
  EXPECT_HELM("{{ nil.foo }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected . after term \"nil\"");
  EXPECT_HELM("{{ (nil).foo }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:20: executing \"x\" at <nil>: nil is not a command");
  EXPECT_HELM("{{ $x := 1 | upper }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:29: executing \"x\" at <upper>: wrong type for value; expected string; got int");
  EXPECT_HELM("{{ $x, $y := 1 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: too many declarations in command");
  EXPECT_HELM("{{ range $x, $y, $z := .Values.l }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: too many declarations in range");
  EXPECT_HELM("{{ with $x, $y := 1 }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: too many declarations in with");
  EXPECT_HELM("{{ if 1 }}{{ end }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected {{end}}");
  EXPECT_HELM("{{ if 1 }}{{ else }}{{ else if 2 }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: expected end; found {{else}}");
  EXPECT_HELM("{{ range .Values.l }}{{ else }}{{ break }}{{ end }}",
              "{\"l\": []}",
              "ERR: template: x/templates/_x.tpl:1: {{break}} outside {{range}}");
  EXPECT_HELM("{{ template }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected \"}}\" in template clause");
  EXPECT_HELM("{{ template \"a\" | }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected \"|\" in template clause");
  EXPECT_HELM("{{ block \"b\" }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: missing value for block clause");
  EXPECT_HELM("{{ with }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: missing value for with");
  EXPECT_HELM("{{ range }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: missing value for range");
  EXPECT_HELM("{{ else x }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected \"x\" in else");
  EXPECT_HELM("{{ end x }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected \"x\" in end");
  EXPECT_HELM("{{ \"a\" \"b\" }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <\"a\">: can't give argument to non-function \"a\"");
  EXPECT_HELM("{{ ('a') }}{{ (\"s\").x }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:31: executing \"x\" at <\"s\">: can't evaluate field x in type string");
  EXPECT_HELM("{{ printf \"%d %s\" 1 }}|{{ printf \"%!\" }}|{{ printf \"%d\" \"x\" }}|{{ printf \"%v\" nil }}|{{ printf \"%s\" .Values.missing }}",
              "{}",
              "1 %!s(MISSING)|%!!(MISSING)|%!d(string=x)|<nil>|%!s(<nil>)");
  EXPECT_HELM("{{ print }}|{{ println }}|{{ print nil 1 }}|{{ print \"a\" \"b\" }}|{{ print 1 \"a\" 2 }}",
              "{}",
              "|\n|<nil> 1|ab|1a2");
  EXPECT_HELM("{{ print .Values.m }} {{ print .Values.l }}",
              "{\"m\": {\"k\": {\"n\": null}}, \"l\": [[], {}]}",
              "map[k:map[n:<nil>]] [[] map[]]");
  EXPECT_HELM("{{ .Values.b }} {{ .Values.t }} {{ .Values.e }} {{ .Values.big }} {{ .Values.neg }} {{ .Values.fl }}",
              "{\"b\": false, \"t\": true, \"e\": \"\", \"big\": 12345678901234567890, \"neg\": -0.5, \"fl\": 100000}",
              "false true  1.2345678901234567e+19 -0.5 100000");
  EXPECT_HELM("{{ urlquery .Values.m }} {{ js .Values.l }} {{ html .Values.missing \"<\" }}",
              "{\"m\": {\"a b\": 1}, \"l\": [\"'\"]}",
              "map%5Ba+b%3A1%5D [\\'] &lt;no value&gt;&lt;");
  EXPECT_HELM("{{ index .Values.l 0 }} {{ slice .Values.l 1 }}",
              "{\"l\": [null, 2]}",
              "<no value> [2]");
  EXPECT_HELM("{{ len (index .Values.l 0) }}",
              "{\"l\": [null]}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <len (index .Values.l 0)>: error calling len: reflect: call of reflect.Value.Type on zero Value");
  EXPECT_HELM("{{ (index .Values.l 0).x }}",
              "{\"l\": [null]}",
              "<no value>");
  EXPECT_HELM("{{ index .Values.l 0 \"x\" }}",
              "{\"l\": [null]}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <index .Values.l 0 \"x\">: error calling index: index of nil pointer");
  EXPECT_HELM("{{ eq .Values.a .Values.b }} {{ eq .Values.a 1.0 }} {{ lt .Values.a 3.5 }}",
              "{\"a\": 1, \"b\": 1.0}",
              "true true true");
  EXPECT_HELM("{{ eq \"a\" .Values.missing }} {{ ne .Values.missing nil }} {{ eq .Values.m .Values.missing }}",
              "{\"m\": {}}",
              "false false false");
  EXPECT_HELM("{{ eq .Values.m .Values.m }}",
              "{\"m\": {\"a\": 1}}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <eq .Values.m .Values.m>: error calling eq: non-comparable type map[a:%!s(float64=1)]: map[string]interface {}");
  EXPECT_HELM("{{ eq .Values.m .Values.l }}",
              "{\"m\": {\"a\": 1}, \"l\": [1]}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <eq .Values.m .Values.l>: error calling eq: non-comparable types map[a:%!s(float64=1)]: map[string]interface {}, []interface {}: [1]");
  EXPECT_HELM("{{ lt \"a\" \"b\" }} {{ lt \"b\" \"a\" }} {{ le \"a\" \"a\" }} {{ gt \"ab\" \"a\" }} {{ ge 1 1 }} {{ lt -1 0 }}",
              "{}",
              "true false true true true true");
  EXPECT_HELM("{{ lt .Values.missing 1 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <lt .Values.missing 1>: error calling lt: invalid type for comparison");
  EXPECT_HELM("{{ not }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <not>: wrong number of args for not: want 1 got 0");
  EXPECT_HELM("{{ not 1 2 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <not>: wrong number of args for not: want 1 got 2");
  EXPECT_HELM("{{ call 1 }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <call 1>: error calling call: non-function 1 of type int");
  EXPECT_HELM("{{ call .Values.f 1 }}",
              "{\"f\": {}}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <call .Values.f 1>: error calling call: non-function .Values.f of type map[string]interface {}");
  EXPECT_HELM("{{ index }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <index>: wrong number of args for index: want at least 1 got 0");
  EXPECT_HELM("{{ index .Values.m \"a\" 1 }}",
              "{\"m\": {\"a\": \"xyz\"}}",
              "121");
  EXPECT_HELM("{{ index .Values.m \"a\" 5 }}",
              "{\"m\": {\"a\": \"xyz\"}}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <index .Values.m \"a\" 5>: error calling index: index out of range: 5");
  EXPECT_HELM("{{ index .Values.m \"a\" 3 }}",
              "{\"m\": {\"a\": \"xyz\"}}",
              "ERR: template: x/templates/_x.tpl:1:19: executing \"x\" at <index .Values.m \"a\" 3>: error calling index: reflect: string index out of range");
  EXPECT_HELM("{{ index 1.5 }}",
              "{}",
              "1.5");
  EXPECT_HELM("{{ $v := index .Values.m \"x\" }}{{ $v }}",
              "{\"m\": {}}",
              "<no value>");
  EXPECT_HELM("{{ and 1 .Values.missing.x }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1:32: executing \"x\" at <.Values.missing.x>: nil pointer evaluating interface {}.x");
  EXPECT_HELM("{{ or 1 .Values.missing.x }} {{ and 0 .Values.missing.x }}",
              "{}",
              "1 0");
  EXPECT_HELM("{{ with .Values.x }}{{ .y }}{{ end }}",
              "{\"x\": {\"y\": null}}",
              "<no value>");
  EXPECT_HELM("{{ range $k, $v := .Values.x }}{{ $v.z }}{{ end }}",
              "{\"x\": {\"y\": null}}",
              "ERR: template: x/templates/_x.tpl:1:52: executing \"x\" at <$v.z>: nil pointer evaluating interface {}.z");
  EXPECT_HELM("{{ range .Values.x }}{{ . }}{{ end }}",
              "{\"x\": [null, null]}",
              "<no value><no value>");
  EXPECT_HELM("{{ define \"inner\" }}{{ .a.b }}{{ end }}{{ template \"inner\" .Values }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("{{ define \"inner\" }}{{ .a.b }}{{ end }}{{ template \"inner\" .Values.x }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("{{ define \"inner\" }}{{ .a }}{{ end }}{{ template \"inner\" .Values.x }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("{{ $x := 5 }}{{ define \"y\" }}{{ $x }}{{ end }}",
              "{}",
              "ERR: template: x/templates/_x.tpl:1: unexpected <define> in command");
  EXPECT_HELM("a{{- 1 -}}\n\n{{- 2 -}}  b",
              "{}",
              "a12b");
  EXPECT_HELM("{{- /* only comment */ -}}\n  x",
              "{}",
              "x");
  EXPECT_HELM("\t{{- \"a\" }}\n\t{{- \"b\" }}",
              "{}",
              "ab");
  EXPECT_HELM("{{ \"a\" -}}\r\n\r\n  b",
              "{}",
              "ab");
  EXPECT_HELM("x{{-3}}",
              "{}",
              "x-3");
  EXPECT_HELM("x{{ -3}}",
              "{}",
              "x-3");
  EXPECT_HELM("{{ 1 -}}",
              "{}",
              "1");
  EXPECT_HELM("{{ .Values.a.b.c.d }}",
              "{\"a\": {\"b\": \"s\"}}",
              "ERR: template: x/templates/_x.tpl:1:26: executing \"x\" at <.Values.a.b.c.d>: can't evaluate field c in type interface {}");
  EXPECT_HELM("{{ .Values.a.b.c }}",
              "{\"a\": {\"b\": [1]}}",
              "ERR: template: x/templates/_x.tpl:1:26: executing \"x\" at <.Values.a.b.c>: can't evaluate field c in type interface {}");
  EXPECT_HELM("{{ .Values.a.b.c }}",
              "{\"a\": {\"b\": 1}}",
              "ERR: template: x/templates/_x.tpl:1:26: executing \"x\" at <.Values.a.b.c>: can't evaluate field c in type interface {}");
  EXPECT_HELM("{{ .Values.a.b.c }}",
              "{\"a\": {\"b\": true}}",
              "ERR: template: x/templates/_x.tpl:1:26: executing \"x\" at <.Values.a.b.c>: can't evaluate field c in type interface {}");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(helm_language),
      cmocka_unit_test(helm_control),
      cmocka_unit_test(helm_edge_cases),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
