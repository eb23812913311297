/* test_url.c — urlParse and urlJoin with Go's net/url rules: components, unescaping,
 * re-escaping on join, and the panics Sprig raises on bad input (conformance "urls"). */
#include "sprigB_harness.h"

static void parse(void **state) {
  (void)state;
  EXPECT("https|example.com:8443|example.com|/path/to|q=1&r=a%20b||frag|user:pass",
         "{{ $u := urlParse \"https://user:pass@example.com:8443/path/to?q=1&r=a%20b#frag\" }}"
         "{{ $u.scheme }}|{{ $u.host }}|{{ $u.hostname }}|{{ $u.path }}|{{ $u.query }}|{{ $u.opaque }}|{{ $u.fragment }}|{{ $u.userinfo }}");
  EXPECT("map[fragment: host:[::1]:80 hostname:::1 opaque: path:/x query: scheme:http userinfo:]", "{{ urlParse \"http://[::1]:80/x\" }}");
  EXPECT("map[fragment: host:H hostname:H opaque: path:/ query: scheme:http userinfo:]", "{{ urlParse \"HTTP://H/\" }}");
  EXPECT("mailto|a@b.c", "{{ $u := urlParse \"mailto:a@b.c\" }}{{ $u.scheme }}|{{ $u.opaque }}");
  EXPECT("/a b|f g", "{{ $u := urlParse \"http://x/a%20b#f%20g\" }}{{ $u.path }}|{{ $u.fragment }}");
}

static void join(void **state) {
  (void)state;
  EXPECT("https://example.com/a%20b?x=1", "{{ urlJoin (dict \"scheme\" \"https\" \"host\" \"example.com\" \"path\" \"/a b\" \"query\" \"x=1\") }}");
  EXPECT("http://u:p@h:80#f", "{{ urlJoin (dict \"scheme\" \"http\" \"host\" \"h:80\" \"userinfo\" \"u:p\" \"fragment\" \"f\") }}");
  EXPECT("http://example.org/x?y=z", "{{ urlParse \"http://example.org/x?y=z\" | urlJoin }}");
  EXPECT("http://u%40@h/ ./a:b/c //host/p file:///etc/x",
         "{{ urlParse \"http://u%40@h/\" | urlJoin }} {{ urlJoin (dict \"path\" \"a:b/c\") }} {{ urlParse \"//host/p\" | urlJoin }} "
         "{{ urlParse \"file:///etc/x\" | urlJoin }}");
}

static void errors(void **state) {
  (void)state;
  EXPECT_ERR("error calling urlParse: unable to parse url: parse \"http://a b/\": invalid character \" \" in host name",
             "{{ urlParse \"http://a b/\" }}");
  EXPECT_ERR("error calling urlParse: unable to parse url: parse \"http://x/#%zz\": invalid URL escape \"%zz\"",
             "{{ urlParse \"http://x/#%zz\" }}");
  EXPECT_ERR("unable to parse url: parse \"http://h:port/\": invalid port \":port\" after host", "{{ urlParse \"http://h:port/\" }}");
  EXPECT_ERR("error calling urlJoin: unable to parse host key, must be of type string, but int found", "{{ urlJoin (dict \"host\" 3) }}");
  EXPECT_ERR("error calling urlJoin: unable to parse userinfo in dict: parse \"proto://a b@@host\": net/url: invalid userinfo",
             "{{ urlJoin (dict \"userinfo\" \"a b@\") }}");
}

/* dict is part A's; a stand-in for these tests (Sprig's dict: key/value pairs). */
static int f_dict(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_arena *a = ct_call_arena(c);
  ct_value *m = ct_map_new(a, CT_MAP, nargs / 2);
  for (size_t i = 0; i + 1 < nargs; i += 2) ct_map_set(a, m, args[i]->s.ptr, args[i]->s.len, args[i + 1]);
  *out = m;
  return 0;
}

int main(void) {
  static ct_func extra = {"dict", "...any->map[string]any", f_dict, NULL};
  h_build_table();
  h_table = realloc(h_table, (h_table_len + 1) * sizeof *h_table);
  if (!h_table) abort();
  h_table[h_table_len++] = extra;
  const struct CMUnitTest tests[] = {T(parse), T(join), T(errors)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
