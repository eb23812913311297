/* fuzz_tree_record.c — libFuzzer target: ct_tpl_load_record (the parse cache's payload,
 * tree_codec.c) on records it never wrote; must never crash, and what it accepts must execute
 * (bounded) without crashing. The first byte chooses how the input becomes a record:
 *   even: the rest of the input is the record, for up to four fixed template files loaded one
 *         after another (as render.c loads an entry's payload);
 *   odd:  a real record of one of the fixed files (byte 1 picks it, and where the damage
 *         starts), the rest of the input XORed into it; bit 1 of byte 0 also truncates it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/sprig.h"
#include "chartctl/tpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const NAMES[] = {"c/templates/_h.tpl", "c/templates/a.yaml",
                                    "c/templates/b.yaml", "c/templates/c.yaml"};
static const char *const TEXTS[] = {
    ("{{- define \"h.name\" -}}\n{{ .Values.name | default \"x\" | trunc 63 }}\n{{- end -}}\n"
     "{{- define \"h.labels\" }}\n{{- range $k, $v := .Values.labels }}\n{{ $k }}: {{ $v | "
     "quote }}\n{{- else }}\nnone: true{{ end }}{{ end }}"),
    ("kind: {{ if .Values.on }}On{{ else if .Values.off }}Off{{ else }}Neither{{ end }}\n"
     "name: {{ template \"h.name\" . }}\n{{- with .Values.nested.deep }}\nd: {{ .x }}{{ else with "
     ".Values.name }}\nn: {{ . }}{{ end }}\n{{- /* a comment */ -}}\n{{ block \"blk\" . }}b{{ end "
     "}}"),
    ("{{ $x := 1 }}{{ $x = 2 }}{{ range $i, $v := list 1 2 3 }}{{ if eq $i 1 }}{{ continue }}"
     "{{ end }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ $v }}{{ end }}{{ (index .Values "
     "\"labels\").a "
     "}} {{ 42 }} {{ -7 }} {{ 0x1F }} {{ 1e3 }} {{ 1.5 }} {{ 'a' }} {{ 1i }} {{ 0o17 }} {{ 1_000 "
     "}}"),
    ("{{ \"a\\tb\" }} {{ \"\xc3\xa9\" }} {{ `raw` }} {{ true }} {{ false }} {{ print nil }} {{ . | "
     "printf \"%T\" }} {{ template \"blk\" (dict \"k\" 1) }} {{ $.Values.name }} {{ len .Values "
     "}}"),
};
enum { NFILES = sizeof TEXTS / sizeof TEXTS[0] };

static ct_tpl_set *new_set(void) {
  ct_tpl_set *s = ct_tpl_set_new();
  size_t nf;
  const ct_func *funcs = ct_sprig_funcs(&nf);
  ct_tpl_set_funcs(s, funcs, nf);
  return s;
}

/* The records of the fixed files, each parsed into a set of its own (made once). */
static ct_buf recs[NFILES];
static void make_records(void) {
  static int done;
  if (done) return;
  done = 1;
  for (int i = 0; i < NFILES; i++) {
    ct_tpl_set *s = new_set();
    ct_buf err = CT_BUF_INIT;
    bool recorded = false;
    ct_buf_init(&recs[i]);
    if (ct_tpl_parse_record(s, NAMES[i], TEXTS[i], strlen(TEXTS[i]), &err, &recs[i], &recorded) !=
            0 ||
        !recorded)
      abort(); /* the fixed templates parse and record */
    ct_buf_dispose(&err);
    ct_tpl_set_free(s);
  }
}

/* Executes files FROM..TO-1 (loaded) and the definitions, bounded as fuzz_template does. */
static void execute(ct_tpl_set *s, int from, int to) {
  ct_arena *a = ct_arena_new();
  ct_arena_set_limit(a, (size_t)64 << 20);
  ct_value *dot = ct_map_new(a, CT_MAP, 0);
  ct_value *vals = ct_map_new(a, CT_MAP, 0);
  ct_value *labels = ct_map_new(a, CT_MAP, 0);
  ct_map_setc(a, labels, "a", ct_cstring(a, "x"));
  ct_map_setc(a, vals, "labels", labels);
  ct_map_setc(a, vals, "name", ct_cstring(a, "n"));
  ct_map_setc(a, vals, "on", ct_bool(a, false));
  ct_map_setc(a, dot, "Values", vals);
  ct_exec_opts o = {.arena = a, .max_depth = 200};
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  for (int i = from; i < to; i++) {
    ct_buf_reset(&out);
    ct_buf_reset(&err);
    (void)ct_tpl_execute(s, NAMES[i], dot, &out, &o, &err);
  }
  static const char *const defs[] = {"h.name", "h.labels", "blk"};
  for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
    if (!ct_tpl_has(s, defs[i])) continue;
    ct_buf_reset(&out);
    ct_buf_reset(&err);
    (void)ct_tpl_execute(s, defs[i], dot, &out, &o, &err);
  }
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  make_records();
  unsigned char *rec;
  size_t len;
  int first = 0;
  if (!(data[0] & 1)) {
    len = size - 1;
    rec = malloc(len ? len : 1); /* its own allocation: ASan sees reads past its end */
    if (!rec) return 0;
    memcpy(rec, data + 1, len);
  } else {
    if (size < 2) return 0;
    int k = data[1] % NFILES;
    const ct_buf *r = &recs[k];
    size_t start = r->len ? ((size_t)(data[1] / NFILES) * 7) % r->len : 0;
    len = r->len;
    if (data[0] & 2) len = (size - 2) % (r->len + 1);
    rec = malloc(len ? len : 1);
    if (!rec) return 0;
    memcpy(rec, r->ptr, len);
    for (size_t i = 2; i < size && len; i++)
      rec[(start + i - 2) % len] ^= data[i];
    first = k;
  }
  ct_tpl_set *s = new_set();
  size_t off = 0;
  int loaded = 0;
  for (int i = first; i < NFILES && off < len; i++) {
    if (!ct_tpl_load_record(s, NAMES[i], TEXTS[i], strlen(TEXTS[i]), rec, len, &off)) {
      loaded = -1; /* the set must be discarded */
      break;
    }
    loaded = i + 1;
  }
  /* a real record left alone loads (else this target would test nothing) */
  if ((data[0] & 3) == 1 && size == 2 && loaded != first + 1) abort();
  if (loaded > 0) execute(s, first, loaded);
  ct_tpl_set_free(s);
  free(rec);
  return 0;
}
