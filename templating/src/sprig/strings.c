/* strings.c — Sprig's string family: Go strings package functions, goutils (abbrev, wrap,
 * initials, nospace, untitle, swapcase), xstrings (snakecase, camelcase, kebabcase), quote,
 * indent, split/join and friends, with Go's UTF-8 and Unicode rules. */
#include <locale.h>
#include <string.h>
#include <wctype.h>

#include "chartctl/gofmt.h"
#include "sprig/sprig_a.h"

/* ---- UTF-8 as Go's unicode/utf8 ---- */

#define RUNE_ERROR 0xFFFD

/* utf8.DecodeRuneInString: invalid input gives (RuneError, 1); n > 0. */
static int32_t dec_rune(const char *p, size_t n, size_t *w) {
  const unsigned char *s = (const unsigned char *)p;
  unsigned c = s[0];
  *w = 1;
  if (c < 0x80) return (int32_t)c;
  size_t need;
  int32_t r, min;
  if (c >= 0xC2 && c <= 0xDF) need = 1, r = c & 0x1F, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) need = 2, r = c & 0x0F, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) need = 3, r = c & 0x07, min = 0x10000;
  else return RUNE_ERROR;
  if (n < need + 1) return RUNE_ERROR;
  for (size_t i = 1; i <= need; i++) {
    if ((s[i] & 0xC0) != 0x80) return RUNE_ERROR;
    r = (r << 6) | (s[i] & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return RUNE_ERROR;
  *w = need + 1;
  return r;
}

/* utf8.EncodeRune (invalid runes become RuneError). */
static void put_rune(ct_buf *b, int32_t r) {
  char t[4];
  if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = RUNE_ERROR;
  if (r < 0x80) {
    ct_buf_putc(b, (char)r);
  } else if (r < 0x800) {
    t[0] = (char)(0xC0 | (r >> 6));
    t[1] = (char)(0x80 | (r & 0x3F));
    ct_buf_put(b, t, 2);
  } else if (r < 0x10000) {
    t[0] = (char)(0xE0 | (r >> 12));
    t[1] = (char)(0x80 | ((r >> 6) & 0x3F));
    t[2] = (char)(0x80 | (r & 0x3F));
    ct_buf_put(b, t, 3);
  } else {
    t[0] = (char)(0xF0 | (r >> 18));
    t[1] = (char)(0x80 | ((r >> 12) & 0x3F));
    t[2] = (char)(0x80 | ((r >> 6) & 0x3F));
    t[3] = (char)(0x80 | (r & 0x3F));
    ct_buf_put(b, t, 4);
  }
}

/* ---- Unicode classes: exact for ASCII/Latin-1 spaces, glibc's C.UTF-8 tables beyond ---- */

static locale_t uloc(void) {
  static locale_t loc;
  static bool tried;
  if (!tried) {
    tried = true;
    loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
  }
  return loc;
}

static bool u_space(int32_t r) { /* unicode.IsSpace */
  switch (r) {
  case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
  case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000: return true;
  default: return r >= 0x2000 && r <= 0x200A;
  }
}
static bool u_title(int32_t r) { /* Lt */
  return r == 0x1C5 || r == 0x1C8 || r == 0x1CB || r == 0x1F2 || (r >= 0x1F88 && r <= 0x1F8F) ||
         (r >= 0x1F98 && r <= 0x1F9F) || (r >= 0x1FA8 && r <= 0x1FAF) || r == 0x1FBC ||
         r == 0x1FCC || r == 0x1FFC;
}
/* Cased letters outside Go's Lu/Ll: title-case digraphs, Roman numerals (Nl), circled
 * letters (So). glibc calls them upper/lower, Go does not. */
static bool u_case_other(int32_t r) {
  return u_title(r) || (r >= 0x2160 && r <= 0x217F) || (r >= 0x24B6 && r <= 0x24E9);
}
static bool u_upper(int32_t r) {
  if (r < 0x80) return r >= 'A' && r <= 'Z';
  return !u_case_other(r) && uloc() && iswupper_l((wint_t)r, uloc());
}
static bool u_lower(int32_t r) {
  if (r < 0x80) return r >= 'a' && r <= 'z';
  if (u_case_other(r)) return false;
  if (r == 0xAA || r == 0xBA) return false; /* Lo in Go, not Ll */
  return uloc() && iswlower_l((wint_t)r, uloc());
}
static bool u_letter(int32_t r);
/* Unicode categories beyond ASCII that glibc's classes do not match Go's: P (punctuation),
 * N (numbers), Nd (decimal digits) and L (letters), as code point ranges (generated from the Unicode
 * Character Database). */
static const int32_t punct_ranges[][2] = {
    {0xA1, 0xA1}, {0xA7, 0xA7}, {0xAB, 0xAB}, {0xB6, 0xB7}, {0xBB, 0xBB}, {0xBF, 0xBF},
    {0x37E, 0x37E}, {0x387, 0x387}, {0x55A, 0x55F}, {0x589, 0x58A}, {0x5BE, 0x5BE},
    {0x5C0, 0x5C0}, {0x5C3, 0x5C3}, {0x5C6, 0x5C6}, {0x5F3, 0x5F4}, {0x609, 0x60A},
    {0x60C, 0x60D}, {0x61B, 0x61B}, {0x61D, 0x61F}, {0x66A, 0x66D}, {0x6D4, 0x6D4},
    {0x700, 0x70D}, {0x7F7, 0x7F9}, {0x830, 0x83E}, {0x85E, 0x85E}, {0x964, 0x965},
    {0x970, 0x970}, {0x9FD, 0x9FD}, {0xA76, 0xA76}, {0xAF0, 0xAF0}, {0xC77, 0xC77},
    {0xC84, 0xC84}, {0xDF4, 0xDF4}, {0xE4F, 0xE4F}, {0xE5A, 0xE5B}, {0xF04, 0xF12},
    {0xF14, 0xF14}, {0xF3A, 0xF3D}, {0xF85, 0xF85}, {0xFD0, 0xFD4}, {0xFD9, 0xFDA},
    {0x104A, 0x104F}, {0x10FB, 0x10FB}, {0x1360, 0x1368}, {0x1400, 0x1400}, {0x166E, 0x166E},
    {0x169B, 0x169C}, {0x16EB, 0x16ED}, {0x1735, 0x1736}, {0x17D4, 0x17D6}, {0x17D8, 0x17DA},
    {0x1800, 0x180A}, {0x1944, 0x1945}, {0x1A1E, 0x1A1F}, {0x1AA0, 0x1AA6}, {0x1AA8, 0x1AAD},
    {0x1B5A, 0x1B60}, {0x1B7D, 0x1B7E}, {0x1BFC, 0x1BFF}, {0x1C3B, 0x1C3F}, {0x1C7E, 0x1C7F},
    {0x1CC0, 0x1CC7}, {0x1CD3, 0x1CD3}, {0x2010, 0x2027}, {0x2030, 0x2043}, {0x2045, 0x2051},
    {0x2053, 0x205E}, {0x207D, 0x207E}, {0x208D, 0x208E}, {0x2308, 0x230B}, {0x2329, 0x232A},
    {0x2768, 0x2775}, {0x27C5, 0x27C6}, {0x27E6, 0x27EF}, {0x2983, 0x2998}, {0x29D8, 0x29DB},
    {0x29FC, 0x29FD}, {0x2CF9, 0x2CFC}, {0x2CFE, 0x2CFF}, {0x2D70, 0x2D70}, {0x2E00, 0x2E2E},
    {0x2E30, 0x2E4F}, {0x2E52, 0x2E5D}, {0x3001, 0x3003}, {0x3008, 0x3011}, {0x3014, 0x301F},
    {0x3030, 0x3030}, {0x303D, 0x303D}, {0x30A0, 0x30A0}, {0x30FB, 0x30FB}, {0xA4FE, 0xA4FF},
    {0xA60D, 0xA60F}, {0xA673, 0xA673}, {0xA67E, 0xA67E}, {0xA6F2, 0xA6F7}, {0xA874, 0xA877},
    {0xA8CE, 0xA8CF}, {0xA8F8, 0xA8FA}, {0xA8FC, 0xA8FC}, {0xA92E, 0xA92F}, {0xA95F, 0xA95F},
    {0xA9C1, 0xA9CD}, {0xA9DE, 0xA9DF}, {0xAA5C, 0xAA5F}, {0xAADE, 0xAADF}, {0xAAF0, 0xAAF1},
    {0xABEB, 0xABEB}, {0xFD3E, 0xFD3F}, {0xFE10, 0xFE19}, {0xFE30, 0xFE52}, {0xFE54, 0xFE61},
    {0xFE63, 0xFE63}, {0xFE68, 0xFE68}, {0xFE6A, 0xFE6B}, {0xFF01, 0xFF03}, {0xFF05, 0xFF0A},
    {0xFF0C, 0xFF0F}, {0xFF1A, 0xFF1B}, {0xFF1F, 0xFF20}, {0xFF3B, 0xFF3D}, {0xFF3F, 0xFF3F},
    {0xFF5B, 0xFF5B}, {0xFF5D, 0xFF5D}, {0xFF5F, 0xFF65}, {0x10100, 0x10102},
    {0x1039F, 0x1039F}, {0x103D0, 0x103D0}, {0x1056F, 0x1056F}, {0x10857, 0x10857},
    {0x1091F, 0x1091F}, {0x1093F, 0x1093F}, {0x10A50, 0x10A58}, {0x10A7F, 0x10A7F},
    {0x10AF0, 0x10AF6}, {0x10B39, 0x10B3F}, {0x10B99, 0x10B9C}, {0x10EAD, 0x10EAD},
    {0x10F55, 0x10F59}, {0x10F86, 0x10F89}, {0x11047, 0x1104D}, {0x110BB, 0x110BC},
    {0x110BE, 0x110C1}, {0x11140, 0x11143}, {0x11174, 0x11175}, {0x111C5, 0x111C8},
    {0x111CD, 0x111CD}, {0x111DB, 0x111DB}, {0x111DD, 0x111DF}, {0x11238, 0x1123D},
    {0x112A9, 0x112A9}, {0x1144B, 0x1144F}, {0x1145A, 0x1145B}, {0x1145D, 0x1145D},
    {0x114C6, 0x114C6}, {0x115C1, 0x115D7}, {0x11641, 0x11643}, {0x11660, 0x1166C},
    {0x116B9, 0x116B9}, {0x1173C, 0x1173E}, {0x1183B, 0x1183B}, {0x11944, 0x11946},
    {0x119E2, 0x119E2}, {0x11A3F, 0x11A46}, {0x11A9A, 0x11A9C}, {0x11A9E, 0x11AA2},
    {0x11C41, 0x11C45}, {0x11C70, 0x11C71}, {0x11EF7, 0x11EF8}, {0x11FFF, 0x11FFF},
    {0x12470, 0x12474}, {0x12FF1, 0x12FF2}, {0x16A6E, 0x16A6F}, {0x16AF5, 0x16AF5},
    {0x16B37, 0x16B3B}, {0x16B44, 0x16B44}, {0x16E97, 0x16E9A}, {0x16FE2, 0x16FE2},
    {0x1BC9F, 0x1BC9F}, {0x1DA87, 0x1DA8B}, {0x1E95E, 0x1E95F},
};
static const int32_t num_ranges[][2] = {
    {0xB2, 0xB3}, {0xB9, 0xB9}, {0xBC, 0xBE}, {0x660, 0x669}, {0x6F0, 0x6F9}, {0x7C0, 0x7C9},
    {0x966, 0x96F}, {0x9E6, 0x9EF}, {0x9F4, 0x9F9}, {0xA66, 0xA6F}, {0xAE6, 0xAEF},
    {0xB66, 0xB6F}, {0xB72, 0xB77}, {0xBE6, 0xBF2}, {0xC66, 0xC6F}, {0xC78, 0xC7E},
    {0xCE6, 0xCEF}, {0xD58, 0xD5E}, {0xD66, 0xD78}, {0xDE6, 0xDEF}, {0xE50, 0xE59},
    {0xED0, 0xED9}, {0xF20, 0xF33}, {0x1040, 0x1049}, {0x1090, 0x1099}, {0x1369, 0x137C},
    {0x16EE, 0x16F0}, {0x17E0, 0x17E9}, {0x17F0, 0x17F9}, {0x1810, 0x1819}, {0x1946, 0x194F},
    {0x19D0, 0x19DA}, {0x1A80, 0x1A89}, {0x1A90, 0x1A99}, {0x1B50, 0x1B59}, {0x1BB0, 0x1BB9},
    {0x1C40, 0x1C49}, {0x1C50, 0x1C59}, {0x2070, 0x2070}, {0x2074, 0x2079}, {0x2080, 0x2089},
    {0x2150, 0x2182}, {0x2185, 0x2189}, {0x2460, 0x249B}, {0x24EA, 0x24FF}, {0x2776, 0x2793},
    {0x2CFD, 0x2CFD}, {0x3007, 0x3007}, {0x3021, 0x3029}, {0x3038, 0x303A}, {0x3192, 0x3195},
    {0x3220, 0x3229}, {0x3248, 0x324F}, {0x3251, 0x325F}, {0x3280, 0x3289}, {0x32B1, 0x32BF},
    {0xA620, 0xA629}, {0xA6E6, 0xA6EF}, {0xA830, 0xA835}, {0xA8D0, 0xA8D9}, {0xA900, 0xA909},
    {0xA9D0, 0xA9D9}, {0xA9F0, 0xA9F9}, {0xAA50, 0xAA59}, {0xABF0, 0xABF9}, {0xFF10, 0xFF19},
    {0x10107, 0x10133}, {0x10140, 0x10178}, {0x1018A, 0x1018B}, {0x102E1, 0x102FB},
    {0x10320, 0x10323}, {0x10341, 0x10341}, {0x1034A, 0x1034A}, {0x103D1, 0x103D5},
    {0x104A0, 0x104A9}, {0x10858, 0x1085F}, {0x10879, 0x1087F}, {0x108A7, 0x108AF},
    {0x108FB, 0x108FF}, {0x10916, 0x1091B}, {0x109BC, 0x109BD}, {0x109C0, 0x109CF},
    {0x109D2, 0x109FF}, {0x10A40, 0x10A48}, {0x10A7D, 0x10A7E}, {0x10A9D, 0x10A9F},
    {0x10AEB, 0x10AEF}, {0x10B58, 0x10B5F}, {0x10B78, 0x10B7F}, {0x10BA9, 0x10BAF},
    {0x10CFA, 0x10CFF}, {0x10D30, 0x10D39}, {0x10E60, 0x10E7E}, {0x10F1D, 0x10F26},
    {0x10F51, 0x10F54}, {0x10FC5, 0x10FCB}, {0x11052, 0x1106F}, {0x110F0, 0x110F9},
    {0x11136, 0x1113F}, {0x111D0, 0x111D9}, {0x111E1, 0x111F4}, {0x112F0, 0x112F9},
    {0x11450, 0x11459}, {0x114D0, 0x114D9}, {0x11650, 0x11659}, {0x116C0, 0x116C9},
    {0x11730, 0x1173B}, {0x118E0, 0x118F2}, {0x11950, 0x11959}, {0x11C50, 0x11C6C},
    {0x11D50, 0x11D59}, {0x11DA0, 0x11DA9}, {0x11FC0, 0x11FD4}, {0x12400, 0x1246E},
    {0x16A60, 0x16A69}, {0x16AC0, 0x16AC9}, {0x16B50, 0x16B59}, {0x16B5B, 0x16B61},
    {0x16E80, 0x16E96}, {0x1D2E0, 0x1D2F3}, {0x1D360, 0x1D378}, {0x1D7CE, 0x1D7FF},
    {0x1E140, 0x1E149}, {0x1E2F0, 0x1E2F9}, {0x1E8C7, 0x1E8CF}, {0x1E950, 0x1E959},
    {0x1EC71, 0x1ECAB}, {0x1ECAD, 0x1ECAF}, {0x1ECB1, 0x1ECB4}, {0x1ED01, 0x1ED2D},
    {0x1ED2F, 0x1ED3D}, {0x1F100, 0x1F10C}, {0x1FBF0, 0x1FBF9},
};
static const int32_t nd_ranges[][2] = {
    {0x660, 0x669}, {0x6F0, 0x6F9}, {0x7C0, 0x7C9}, {0x966, 0x96F}, {0x9E6, 0x9EF},
    {0xA66, 0xA6F}, {0xAE6, 0xAEF}, {0xB66, 0xB6F}, {0xBE6, 0xBEF}, {0xC66, 0xC6F},
    {0xCE6, 0xCEF}, {0xD66, 0xD6F}, {0xDE6, 0xDEF}, {0xE50, 0xE59}, {0xED0, 0xED9},
    {0xF20, 0xF29}, {0x1040, 0x1049}, {0x1090, 0x1099}, {0x17E0, 0x17E9}, {0x1810, 0x1819},
    {0x1946, 0x194F}, {0x19D0, 0x19D9}, {0x1A80, 0x1A89}, {0x1A90, 0x1A99}, {0x1B50, 0x1B59},
    {0x1BB0, 0x1BB9}, {0x1C40, 0x1C49}, {0x1C50, 0x1C59}, {0xA620, 0xA629}, {0xA8D0, 0xA8D9},
    {0xA900, 0xA909}, {0xA9D0, 0xA9D9}, {0xA9F0, 0xA9F9}, {0xAA50, 0xAA59}, {0xABF0, 0xABF9},
    {0xFF10, 0xFF19}, {0x104A0, 0x104A9}, {0x10D30, 0x10D39}, {0x11066, 0x1106F},
    {0x110F0, 0x110F9}, {0x11136, 0x1113F}, {0x111D0, 0x111D9}, {0x112F0, 0x112F9},
    {0x11450, 0x11459}, {0x114D0, 0x114D9}, {0x11650, 0x11659}, {0x116C0, 0x116C9},
    {0x11730, 0x11739}, {0x118E0, 0x118E9}, {0x11950, 0x11959}, {0x11C50, 0x11C59},
    {0x11D50, 0x11D59}, {0x11DA0, 0x11DA9}, {0x16A60, 0x16A69}, {0x16AC0, 0x16AC9},
    {0x16B50, 0x16B59}, {0x1D7CE, 0x1D7FF}, {0x1E140, 0x1E149}, {0x1E2F0, 0x1E2F9},
    {0x1E950, 0x1E959}, {0x1FBF0, 0x1FBF9},
};

static const int32_t letter_ranges[][2] = {
    {0xAA, 0xAA}, {0xB5, 0xB5}, {0xBA, 0xBA}, {0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0x2C1},
    {0x2C6, 0x2D1}, {0x2E0, 0x2E4}, {0x2EC, 0x2EC}, {0x2EE, 0x2EE}, {0x370, 0x374},
    {0x376, 0x377}, {0x37A, 0x37D}, {0x37F, 0x37F}, {0x386, 0x386}, {0x388, 0x38A},
    {0x38C, 0x38C}, {0x38E, 0x3A1}, {0x3A3, 0x3F5}, {0x3F7, 0x481}, {0x48A, 0x52F},
    {0x531, 0x556}, {0x559, 0x559}, {0x560, 0x588}, {0x5D0, 0x5EA}, {0x5EF, 0x5F2},
    {0x620, 0x64A}, {0x66E, 0x66F}, {0x671, 0x6D3}, {0x6D5, 0x6D5}, {0x6E5, 0x6E6},
    {0x6EE, 0x6EF}, {0x6FA, 0x6FC}, {0x6FF, 0x6FF}, {0x710, 0x710}, {0x712, 0x72F},
    {0x74D, 0x7A5}, {0x7B1, 0x7B1}, {0x7CA, 0x7EA}, {0x7F4, 0x7F5}, {0x7FA, 0x7FA},
    {0x800, 0x815}, {0x81A, 0x81A}, {0x824, 0x824}, {0x828, 0x828}, {0x840, 0x858},
    {0x860, 0x86A}, {0x870, 0x887}, {0x889, 0x88E}, {0x8A0, 0x8C9}, {0x904, 0x939},
    {0x93D, 0x93D}, {0x950, 0x950}, {0x958, 0x961}, {0x971, 0x980}, {0x985, 0x98C},
    {0x98F, 0x990}, {0x993, 0x9A8}, {0x9AA, 0x9B0}, {0x9B2, 0x9B2}, {0x9B6, 0x9B9},
    {0x9BD, 0x9BD}, {0x9CE, 0x9CE}, {0x9DC, 0x9DD}, {0x9DF, 0x9E1}, {0x9F0, 0x9F1},
    {0x9FC, 0x9FC}, {0xA05, 0xA0A}, {0xA0F, 0xA10}, {0xA13, 0xA28}, {0xA2A, 0xA30},
    {0xA32, 0xA33}, {0xA35, 0xA36}, {0xA38, 0xA39}, {0xA59, 0xA5C}, {0xA5E, 0xA5E},
    {0xA72, 0xA74}, {0xA85, 0xA8D}, {0xA8F, 0xA91}, {0xA93, 0xAA8}, {0xAAA, 0xAB0},
    {0xAB2, 0xAB3}, {0xAB5, 0xAB9}, {0xABD, 0xABD}, {0xAD0, 0xAD0}, {0xAE0, 0xAE1},
    {0xAF9, 0xAF9}, {0xB05, 0xB0C}, {0xB0F, 0xB10}, {0xB13, 0xB28}, {0xB2A, 0xB30},
    {0xB32, 0xB33}, {0xB35, 0xB39}, {0xB3D, 0xB3D}, {0xB5C, 0xB5D}, {0xB5F, 0xB61},
    {0xB71, 0xB71}, {0xB83, 0xB83}, {0xB85, 0xB8A}, {0xB8E, 0xB90}, {0xB92, 0xB95},
    {0xB99, 0xB9A}, {0xB9C, 0xB9C}, {0xB9E, 0xB9F}, {0xBA3, 0xBA4}, {0xBA8, 0xBAA},
    {0xBAE, 0xBB9}, {0xBD0, 0xBD0}, {0xC05, 0xC0C}, {0xC0E, 0xC10}, {0xC12, 0xC28},
    {0xC2A, 0xC39}, {0xC3D, 0xC3D}, {0xC58, 0xC5A}, {0xC5D, 0xC5D}, {0xC60, 0xC61},
    {0xC80, 0xC80}, {0xC85, 0xC8C}, {0xC8E, 0xC90}, {0xC92, 0xCA8}, {0xCAA, 0xCB3},
    {0xCB5, 0xCB9}, {0xCBD, 0xCBD}, {0xCDD, 0xCDE}, {0xCE0, 0xCE1}, {0xCF1, 0xCF2},
    {0xD04, 0xD0C}, {0xD0E, 0xD10}, {0xD12, 0xD3A}, {0xD3D, 0xD3D}, {0xD4E, 0xD4E},
    {0xD54, 0xD56}, {0xD5F, 0xD61}, {0xD7A, 0xD7F}, {0xD85, 0xD96}, {0xD9A, 0xDB1},
    {0xDB3, 0xDBB}, {0xDBD, 0xDBD}, {0xDC0, 0xDC6}, {0xE01, 0xE30}, {0xE32, 0xE33},
    {0xE40, 0xE46}, {0xE81, 0xE82}, {0xE84, 0xE84}, {0xE86, 0xE8A}, {0xE8C, 0xEA3},
    {0xEA5, 0xEA5}, {0xEA7, 0xEB0}, {0xEB2, 0xEB3}, {0xEBD, 0xEBD}, {0xEC0, 0xEC4},
    {0xEC6, 0xEC6}, {0xEDC, 0xEDF}, {0xF00, 0xF00}, {0xF40, 0xF47}, {0xF49, 0xF6C},
    {0xF88, 0xF8C}, {0x1000, 0x102A}, {0x103F, 0x103F}, {0x1050, 0x1055}, {0x105A, 0x105D},
    {0x1061, 0x1061}, {0x1065, 0x1066}, {0x106E, 0x1070}, {0x1075, 0x1081}, {0x108E, 0x108E},
    {0x10A0, 0x10C5}, {0x10C7, 0x10C7}, {0x10CD, 0x10CD}, {0x10D0, 0x10FA}, {0x10FC, 0x1248},
    {0x124A, 0x124D}, {0x1250, 0x1256}, {0x1258, 0x1258}, {0x125A, 0x125D}, {0x1260, 0x1288},
    {0x128A, 0x128D}, {0x1290, 0x12B0}, {0x12B2, 0x12B5}, {0x12B8, 0x12BE}, {0x12C0, 0x12C0},
    {0x12C2, 0x12C5}, {0x12C8, 0x12D6}, {0x12D8, 0x1310}, {0x1312, 0x1315}, {0x1318, 0x135A},
    {0x1380, 0x138F}, {0x13A0, 0x13F5}, {0x13F8, 0x13FD}, {0x1401, 0x166C}, {0x166F, 0x167F},
    {0x1681, 0x169A}, {0x16A0, 0x16EA}, {0x16F1, 0x16F8}, {0x1700, 0x1711}, {0x171F, 0x1731},
    {0x1740, 0x1751}, {0x1760, 0x176C}, {0x176E, 0x1770}, {0x1780, 0x17B3}, {0x17D7, 0x17D7},
    {0x17DC, 0x17DC}, {0x1820, 0x1878}, {0x1880, 0x1884}, {0x1887, 0x18A8}, {0x18AA, 0x18AA},
    {0x18B0, 0x18F5}, {0x1900, 0x191E}, {0x1950, 0x196D}, {0x1970, 0x1974}, {0x1980, 0x19AB},
    {0x19B0, 0x19C9}, {0x1A00, 0x1A16}, {0x1A20, 0x1A54}, {0x1AA7, 0x1AA7}, {0x1B05, 0x1B33},
    {0x1B45, 0x1B4C}, {0x1B83, 0x1BA0}, {0x1BAE, 0x1BAF}, {0x1BBA, 0x1BE5}, {0x1C00, 0x1C23},
    {0x1C4D, 0x1C4F}, {0x1C5A, 0x1C7D}, {0x1C80, 0x1C88}, {0x1C90, 0x1CBA}, {0x1CBD, 0x1CBF},
    {0x1CE9, 0x1CEC}, {0x1CEE, 0x1CF3}, {0x1CF5, 0x1CF6}, {0x1CFA, 0x1CFA}, {0x1D00, 0x1DBF},
    {0x1E00, 0x1F15}, {0x1F18, 0x1F1D}, {0x1F20, 0x1F45}, {0x1F48, 0x1F4D}, {0x1F50, 0x1F57},
    {0x1F59, 0x1F59}, {0x1F5B, 0x1F5B}, {0x1F5D, 0x1F5D}, {0x1F5F, 0x1F7D}, {0x1F80, 0x1FB4},
    {0x1FB6, 0x1FBC}, {0x1FBE, 0x1FBE}, {0x1FC2, 0x1FC4}, {0x1FC6, 0x1FCC}, {0x1FD0, 0x1FD3},
    {0x1FD6, 0x1FDB}, {0x1FE0, 0x1FEC}, {0x1FF2, 0x1FF4}, {0x1FF6, 0x1FFC}, {0x2071, 0x2071},
    {0x207F, 0x207F}, {0x2090, 0x209C}, {0x2102, 0x2102}, {0x2107, 0x2107}, {0x210A, 0x2113},
    {0x2115, 0x2115}, {0x2119, 0x211D}, {0x2124, 0x2124}, {0x2126, 0x2126}, {0x2128, 0x2128},
    {0x212A, 0x212D}, {0x212F, 0x2139}, {0x213C, 0x213F}, {0x2145, 0x2149}, {0x214E, 0x214E},
    {0x2183, 0x2184}, {0x2C00, 0x2CE4}, {0x2CEB, 0x2CEE}, {0x2CF2, 0x2CF3}, {0x2D00, 0x2D25},
    {0x2D27, 0x2D27}, {0x2D2D, 0x2D2D}, {0x2D30, 0x2D67}, {0x2D6F, 0x2D6F}, {0x2D80, 0x2D96},
    {0x2DA0, 0x2DA6}, {0x2DA8, 0x2DAE}, {0x2DB0, 0x2DB6}, {0x2DB8, 0x2DBE}, {0x2DC0, 0x2DC6},
    {0x2DC8, 0x2DCE}, {0x2DD0, 0x2DD6}, {0x2DD8, 0x2DDE}, {0x2E2F, 0x2E2F}, {0x3005, 0x3006},
    {0x3031, 0x3035}, {0x303B, 0x303C}, {0x3041, 0x3096}, {0x309D, 0x309F}, {0x30A1, 0x30FA},
    {0x30FC, 0x30FF}, {0x3105, 0x312F}, {0x3131, 0x318E}, {0x31A0, 0x31BF}, {0x31F0, 0x31FF},
    {0x3400, 0x4DBF}, {0x4E00, 0xA48C}, {0xA4D0, 0xA4FD}, {0xA500, 0xA60C}, {0xA610, 0xA61F},
    {0xA62A, 0xA62B}, {0xA640, 0xA66E}, {0xA67F, 0xA69D}, {0xA6A0, 0xA6E5}, {0xA717, 0xA71F},
    {0xA722, 0xA788}, {0xA78B, 0xA7CA}, {0xA7D0, 0xA7D1}, {0xA7D3, 0xA7D3}, {0xA7D5, 0xA7D9},
    {0xA7F2, 0xA801}, {0xA803, 0xA805}, {0xA807, 0xA80A}, {0xA80C, 0xA822}, {0xA840, 0xA873},
    {0xA882, 0xA8B3}, {0xA8F2, 0xA8F7}, {0xA8FB, 0xA8FB}, {0xA8FD, 0xA8FE}, {0xA90A, 0xA925},
    {0xA930, 0xA946}, {0xA960, 0xA97C}, {0xA984, 0xA9B2}, {0xA9CF, 0xA9CF}, {0xA9E0, 0xA9E4},
    {0xA9E6, 0xA9EF}, {0xA9FA, 0xA9FE}, {0xAA00, 0xAA28}, {0xAA40, 0xAA42}, {0xAA44, 0xAA4B},
    {0xAA60, 0xAA76}, {0xAA7A, 0xAA7A}, {0xAA7E, 0xAAAF}, {0xAAB1, 0xAAB1}, {0xAAB5, 0xAAB6},
    {0xAAB9, 0xAABD}, {0xAAC0, 0xAAC0}, {0xAAC2, 0xAAC2}, {0xAADB, 0xAADD}, {0xAAE0, 0xAAEA},
    {0xAAF2, 0xAAF4}, {0xAB01, 0xAB06}, {0xAB09, 0xAB0E}, {0xAB11, 0xAB16}, {0xAB20, 0xAB26},
    {0xAB28, 0xAB2E}, {0xAB30, 0xAB5A}, {0xAB5C, 0xAB69}, {0xAB70, 0xABE2}, {0xAC00, 0xD7A3},
    {0xD7B0, 0xD7C6}, {0xD7CB, 0xD7FB}, {0xF900, 0xFA6D}, {0xFA70, 0xFAD9}, {0xFB00, 0xFB06},
    {0xFB13, 0xFB17}, {0xFB1D, 0xFB1D}, {0xFB1F, 0xFB28}, {0xFB2A, 0xFB36}, {0xFB38, 0xFB3C},
    {0xFB3E, 0xFB3E}, {0xFB40, 0xFB41}, {0xFB43, 0xFB44}, {0xFB46, 0xFBB1}, {0xFBD3, 0xFD3D},
    {0xFD50, 0xFD8F}, {0xFD92, 0xFDC7}, {0xFDF0, 0xFDFB}, {0xFE70, 0xFE74}, {0xFE76, 0xFEFC},
    {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A}, {0xFF66, 0xFFBE}, {0xFFC2, 0xFFC7}, {0xFFCA, 0xFFCF},
    {0xFFD2, 0xFFD7}, {0xFFDA, 0xFFDC}, {0x10000, 0x1000B}, {0x1000D, 0x10026},
    {0x10028, 0x1003A}, {0x1003C, 0x1003D}, {0x1003F, 0x1004D}, {0x10050, 0x1005D},
    {0x10080, 0x100FA}, {0x10280, 0x1029C}, {0x102A0, 0x102D0}, {0x10300, 0x1031F},
    {0x1032D, 0x10340}, {0x10342, 0x10349}, {0x10350, 0x10375}, {0x10380, 0x1039D},
    {0x103A0, 0x103C3}, {0x103C8, 0x103CF}, {0x10400, 0x1049D}, {0x104B0, 0x104D3},
    {0x104D8, 0x104FB}, {0x10500, 0x10527}, {0x10530, 0x10563}, {0x10570, 0x1057A},
    {0x1057C, 0x1058A}, {0x1058C, 0x10592}, {0x10594, 0x10595}, {0x10597, 0x105A1},
    {0x105A3, 0x105B1}, {0x105B3, 0x105B9}, {0x105BB, 0x105BC}, {0x10600, 0x10736},
    {0x10740, 0x10755}, {0x10760, 0x10767}, {0x10780, 0x10785}, {0x10787, 0x107B0},
    {0x107B2, 0x107BA}, {0x10800, 0x10805}, {0x10808, 0x10808}, {0x1080A, 0x10835},
    {0x10837, 0x10838}, {0x1083C, 0x1083C}, {0x1083F, 0x10855}, {0x10860, 0x10876},
    {0x10880, 0x1089E}, {0x108E0, 0x108F2}, {0x108F4, 0x108F5}, {0x10900, 0x10915},
    {0x10920, 0x10939}, {0x10980, 0x109B7}, {0x109BE, 0x109BF}, {0x10A00, 0x10A00},
    {0x10A10, 0x10A13}, {0x10A15, 0x10A17}, {0x10A19, 0x10A35}, {0x10A60, 0x10A7C},
    {0x10A80, 0x10A9C}, {0x10AC0, 0x10AC7}, {0x10AC9, 0x10AE4}, {0x10B00, 0x10B35},
    {0x10B40, 0x10B55}, {0x10B60, 0x10B72}, {0x10B80, 0x10B91}, {0x10C00, 0x10C48},
    {0x10C80, 0x10CB2}, {0x10CC0, 0x10CF2}, {0x10D00, 0x10D23}, {0x10E80, 0x10EA9},
    {0x10EB0, 0x10EB1}, {0x10F00, 0x10F1C}, {0x10F27, 0x10F27}, {0x10F30, 0x10F45},
    {0x10F70, 0x10F81}, {0x10FB0, 0x10FC4}, {0x10FE0, 0x10FF6}, {0x11003, 0x11037},
    {0x11071, 0x11072}, {0x11075, 0x11075}, {0x11083, 0x110AF}, {0x110D0, 0x110E8},
    {0x11103, 0x11126}, {0x11144, 0x11144}, {0x11147, 0x11147}, {0x11150, 0x11172},
    {0x11176, 0x11176}, {0x11183, 0x111B2}, {0x111C1, 0x111C4}, {0x111DA, 0x111DA},
    {0x111DC, 0x111DC}, {0x11200, 0x11211}, {0x11213, 0x1122B}, {0x11280, 0x11286},
    {0x11288, 0x11288}, {0x1128A, 0x1128D}, {0x1128F, 0x1129D}, {0x1129F, 0x112A8},
    {0x112B0, 0x112DE}, {0x11305, 0x1130C}, {0x1130F, 0x11310}, {0x11313, 0x11328},
    {0x1132A, 0x11330}, {0x11332, 0x11333}, {0x11335, 0x11339}, {0x1133D, 0x1133D},
    {0x11350, 0x11350}, {0x1135D, 0x11361}, {0x11400, 0x11434}, {0x11447, 0x1144A},
    {0x1145F, 0x11461}, {0x11480, 0x114AF}, {0x114C4, 0x114C5}, {0x114C7, 0x114C7},
    {0x11580, 0x115AE}, {0x115D8, 0x115DB}, {0x11600, 0x1162F}, {0x11644, 0x11644},
    {0x11680, 0x116AA}, {0x116B8, 0x116B8}, {0x11700, 0x1171A}, {0x11740, 0x11746},
    {0x11800, 0x1182B}, {0x118A0, 0x118DF}, {0x118FF, 0x11906}, {0x11909, 0x11909},
    {0x1190C, 0x11913}, {0x11915, 0x11916}, {0x11918, 0x1192F}, {0x1193F, 0x1193F},
    {0x11941, 0x11941}, {0x119A0, 0x119A7}, {0x119AA, 0x119D0}, {0x119E1, 0x119E1},
    {0x119E3, 0x119E3}, {0x11A00, 0x11A00}, {0x11A0B, 0x11A32}, {0x11A3A, 0x11A3A},
    {0x11A50, 0x11A50}, {0x11A5C, 0x11A89}, {0x11A9D, 0x11A9D}, {0x11AB0, 0x11AF8},
    {0x11C00, 0x11C08}, {0x11C0A, 0x11C2E}, {0x11C40, 0x11C40}, {0x11C72, 0x11C8F},
    {0x11D00, 0x11D06}, {0x11D08, 0x11D09}, {0x11D0B, 0x11D30}, {0x11D46, 0x11D46},
    {0x11D60, 0x11D65}, {0x11D67, 0x11D68}, {0x11D6A, 0x11D89}, {0x11D98, 0x11D98},
    {0x11EE0, 0x11EF2}, {0x11FB0, 0x11FB0}, {0x12000, 0x12399}, {0x12480, 0x12543},
    {0x12F90, 0x12FF0}, {0x13000, 0x1342E}, {0x14400, 0x14646}, {0x16800, 0x16A38},
    {0x16A40, 0x16A5E}, {0x16A70, 0x16ABE}, {0x16AD0, 0x16AED}, {0x16B00, 0x16B2F},
    {0x16B40, 0x16B43}, {0x16B63, 0x16B77}, {0x16B7D, 0x16B8F}, {0x16E40, 0x16E7F},
    {0x16F00, 0x16F4A}, {0x16F50, 0x16F50}, {0x16F93, 0x16F9F}, {0x16FE0, 0x16FE1},
    {0x16FE3, 0x16FE3}, {0x17000, 0x187F7}, {0x18800, 0x18CD5}, {0x18D00, 0x18D08},
    {0x1AFF0, 0x1AFF3}, {0x1AFF5, 0x1AFFB}, {0x1AFFD, 0x1AFFE}, {0x1B000, 0x1B122},
    {0x1B150, 0x1B152}, {0x1B164, 0x1B167}, {0x1B170, 0x1B2FB}, {0x1BC00, 0x1BC6A},
    {0x1BC70, 0x1BC7C}, {0x1BC80, 0x1BC88}, {0x1BC90, 0x1BC99}, {0x1D400, 0x1D454},
    {0x1D456, 0x1D49C}, {0x1D49E, 0x1D49F}, {0x1D4A2, 0x1D4A2}, {0x1D4A5, 0x1D4A6},
    {0x1D4A9, 0x1D4AC}, {0x1D4AE, 0x1D4B9}, {0x1D4BB, 0x1D4BB}, {0x1D4BD, 0x1D4C3},
    {0x1D4C5, 0x1D505}, {0x1D507, 0x1D50A}, {0x1D50D, 0x1D514}, {0x1D516, 0x1D51C},
    {0x1D51E, 0x1D539}, {0x1D53B, 0x1D53E}, {0x1D540, 0x1D544}, {0x1D546, 0x1D546},
    {0x1D54A, 0x1D550}, {0x1D552, 0x1D6A5}, {0x1D6A8, 0x1D6C0}, {0x1D6C2, 0x1D6DA},
    {0x1D6DC, 0x1D6FA}, {0x1D6FC, 0x1D714}, {0x1D716, 0x1D734}, {0x1D736, 0x1D74E},
    {0x1D750, 0x1D76E}, {0x1D770, 0x1D788}, {0x1D78A, 0x1D7A8}, {0x1D7AA, 0x1D7C2},
    {0x1D7C4, 0x1D7CB}, {0x1DF00, 0x1DF1E}, {0x1E100, 0x1E12C}, {0x1E137, 0x1E13D},
    {0x1E14E, 0x1E14E}, {0x1E290, 0x1E2AD}, {0x1E2C0, 0x1E2EB}, {0x1E7E0, 0x1E7E6},
    {0x1E7E8, 0x1E7EB}, {0x1E7ED, 0x1E7EE}, {0x1E7F0, 0x1E7FE}, {0x1E800, 0x1E8C4},
    {0x1E900, 0x1E943}, {0x1E94B, 0x1E94B}, {0x1EE00, 0x1EE03}, {0x1EE05, 0x1EE1F},
    {0x1EE21, 0x1EE22}, {0x1EE24, 0x1EE24}, {0x1EE27, 0x1EE27}, {0x1EE29, 0x1EE32},
    {0x1EE34, 0x1EE37}, {0x1EE39, 0x1EE39}, {0x1EE3B, 0x1EE3B}, {0x1EE42, 0x1EE42},
    {0x1EE47, 0x1EE47}, {0x1EE49, 0x1EE49}, {0x1EE4B, 0x1EE4B}, {0x1EE4D, 0x1EE4F},
    {0x1EE51, 0x1EE52}, {0x1EE54, 0x1EE54}, {0x1EE57, 0x1EE57}, {0x1EE59, 0x1EE59},
    {0x1EE5B, 0x1EE5B}, {0x1EE5D, 0x1EE5D}, {0x1EE5F, 0x1EE5F}, {0x1EE61, 0x1EE62},
    {0x1EE64, 0x1EE64}, {0x1EE67, 0x1EE6A}, {0x1EE6C, 0x1EE72}, {0x1EE74, 0x1EE77},
    {0x1EE79, 0x1EE7C}, {0x1EE7E, 0x1EE7E}, {0x1EE80, 0x1EE89}, {0x1EE8B, 0x1EE9B},
    {0x1EEA1, 0x1EEA3}, {0x1EEA5, 0x1EEA9}, {0x1EEAB, 0x1EEBB}, {0x20000, 0x2A6DF},
    {0x2A700, 0x2B738}, {0x2B740, 0x2B81D}, {0x2B820, 0x2CEA1}, {0x2CEB0, 0x2EBE0},
    {0x2F800, 0x2FA1D}, {0x30000, 0x3134A},
};

static bool in_ranges(const int32_t (*rs)[2], size_t n, int32_t r) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (r < rs[mid][0]) hi = mid;
    else if (r > rs[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}
#define IN(tab, r) in_ranges(tab, sizeof tab / sizeof tab[0], r)

static bool u_letter(int32_t r) { /* Lu Ll Lt Lm Lo */
  if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  return IN(letter_ranges, r);
}
static bool u_digit(int32_t r) { /* Nd */
  if (r < 0x80) return r >= '0' && r <= '9';
  return IN(nd_ranges, r);
}
static bool u_number(int32_t r) { /* Nd, Nl, No */
  if (r < 0x80) return r >= '0' && r <= '9';
  return IN(num_ranges, r);
}
static bool u_punct(int32_t r) { /* Pc Pd Ps Pe Pi Pf Po */
  if (r < 0x80) return r > 0x20 && r < 0x7F && strchr("!\"#%&'()*,-./:;?@[\\]_{}", (int)r) != NULL;
  return IN(punct_ranges, r);
}
static int32_t u_toupper(int32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') ? r - 32 : r;
  return uloc() ? (int32_t)towupper_l((wint_t)r, uloc()) : r;
}
static int32_t u_tolower(int32_t r) {
  if (r < 0x80) return (r >= 'A' && r <= 'Z') ? r + 32 : r;
  return uloc() ? (int32_t)towlower_l((wint_t)r, uloc()) : r;
}
static int32_t u_totitle(int32_t r) {
  switch (r) { /* the four digraphs with a distinct title case */
  case 0x1C4: case 0x1C5: case 0x1C6: return 0x1C5;
  case 0x1C7: case 0x1C8: case 0x1C9: return 0x1C8;
  case 0x1CA: case 0x1CB: case 0x1CC: return 0x1CB;
  case 0x1F1: case 0x1F2: case 0x1F3: return 0x1F2;
  default: return u_toupper(r);
  }
}

/* ---- helpers ---- */

typedef struct sv {
  const char *p;
  size_t n;
} sv;

static sv sarg(const ct_value *v) {
  if (v && (v->type == CT_STRING || v->type == CT_BYTES)) return (sv){v->s.ptr, v->s.len};
  return (sv){"", 0};
}
/* an int parameter (the executor converts; anything else reads as cast would) */
static int64_t iarg(const ct_value *v) { return ct_sprig__toint64(v); }

static ct_value *take(ct_call *c, ct_buf *b) {
  ct_value *v = ct_string(ct_call_arena(c), ct_buf_str(b), b->len);
  ct_buf_dispose(b);
  return v;
}
static ct_value *str_of(ct_call *c, const char *p, size_t n) { return ct_string(ct_call_arena(c), p, n); }

/* strings.Map(f, s): every rune mapped, invalid bytes become U+FFFD. */
static ct_value *map_runes(ct_call *c, sv s, int32_t (*f)(int32_t)) {
  ct_buf b = CT_BUF_INIT;
  ct_buf_reserve(&b, s.n + 1);
  for (size_t i = 0, w; i < s.n; i += w) put_rune(&b, f(dec_rune(s.p + i, s.n - i, &w)));
  return take(c, &b);
}

static bool has_prefix(sv s, sv p) { return s.n >= p.n && memcmp(s.p, p.p, p.n) == 0; }
static bool has_suffix(sv s, sv p) { return s.n >= p.n && memcmp(s.p + s.n - p.n, p.p, p.n) == 0; }
static long find(sv s, size_t from, sv sub) {
  if (sub.n == 0) return (long)from;
  if (s.n < sub.n) return -1;
  for (size_t i = from; i + sub.n <= s.n; i++)
    if (s.p[i] == sub.p[0] && memcmp(s.p + i, sub.p, sub.n) == 0) return (long)i;
  return -1;
}

/* ---- simple wrappers of Go's strings package ---- */

static int f_hello(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)args, (void)nargs;
  *out = ct_cstring(ct_call_arena(c), "Hello!");
  return 0;
}
static int f_upper(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = map_runes(c, sarg(args[0]), u_toupper);
  return 0;
}
static int f_lower(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = map_runes(c, sarg(args[0]), u_tolower);
  return 0;
}

/* strings.Title: title-case each rune after a separator. */
static bool title_sep(int32_t r) {
  if (r <= 0x7F) return !((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_');
  if (u_letter(r) || u_digit(r) || u_number(r)) return false;
  return u_space(r);
}
static int f_title(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  int32_t prev = ' ';
  for (size_t i = 0, w; i < s.n; i += w) {
    int32_t r = dec_rune(s.p + i, s.n - i, &w);
    put_rune(&b, title_sep(prev) ? u_totitle(r) : r);
    prev = r;
  }
  *out = take(c, &b);
  return 0;
}

/* goutils.Uncapitalize: lower the first rune of each whitespace-separated word. */
static int f_untitle(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  bool next = true;
  for (size_t i = 0, w; i < s.n; i += w) {
    int32_t r = dec_rune(s.p + i, s.n - i, &w);
    if (u_space(r)) {
      next = true;
    } else if (next) {
      r = u_tolower(r);
      next = false;
    }
    put_rune(&b, r);
  }
  *out = s.n ? take(c, &b) : args[0] ? args[0] : str_of(c, "", 0);
  if (!s.n) ct_buf_dispose(&b);
  return 0;
}

/* goutils.SwapCase: upper/title → lower, lower → title after a space, else upper. */
static int f_swapcase(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  bool ws = true;
  for (size_t i = 0, w; i < s.n; i += w) {
    int32_t r = dec_rune(s.p + i, s.n - i, &w);
    if (u_upper(r) || u_title(r)) {
      r = u_tolower(r);
      ws = false;
    } else if (u_lower(r)) {
      r = ws ? u_totitle(r) : u_toupper(r);
      ws = false;
    } else {
      ws = u_space(r);
    }
    put_rune(&b, r);
  }
  *out = take(c, &b);
  return 0;
}

/* substr(start, end int, s): Go slicing, with Go's panics for bad bounds. */
static int f_substr(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  int64_t st = iarg(args[0]), en = iarg(args[1]);
  sv s = sarg(args[2]);
  int64_t n = (int64_t)s.n;
  if (st < 0) {
    if (en < 0) return ct_call_errorf(c, "runtime error: slice bounds out of range [:%lld]", (long long)en);
    if (en > n)
      return ct_call_errorf(c, "runtime error: slice bounds out of range [:%lld] with length %lld",
                            (long long)en, (long long)n);
    *out = str_of(c, s.p, (size_t)en);
    return 0;
  }
  if (en < 0 || en > n) {
    if (st > n)
      return ct_call_errorf(c, "runtime error: slice bounds out of range [%lld:%lld]", (long long)st,
                            (long long)n);
    *out = str_of(c, s.p + st, (size_t)(n - st));
    return 0;
  }
  if (st > en)
    return ct_call_errorf(c, "runtime error: slice bounds out of range [%lld:%lld]", (long long)st,
                          (long long)en);
  *out = str_of(c, s.p + st, (size_t)(en - st));
  return 0;
}

/* Longest output repeat/indent build (1 GiB). */
#define MAX_REPEAT ((uint64_t)1 << 30)

/* strings.Repeat with its panics. */
static int repeat(ct_call *c, ct_buf *b, sv s, int64_t count) {
  if (count < 0) return ct_call_errorf(c, "strings: negative Repeat count");
  if (s.n && (uint64_t)count > (uint64_t)INT64_MAX / s.n)
    return ct_call_errorf(c, "strings: Repeat output length overflow");
  if (s.n * (uint64_t)count > MAX_REPEAT) /* Go would run out of memory */
    return ct_call_errorf(c, "strings: Repeat output of %llu bytes is too long",
                          (unsigned long long)(s.n * (uint64_t)count));
  ct_buf_reserve(b, s.n * (size_t)count + 1);
  for (int64_t i = 0; i < count; i++) ct_buf_put(b, s.p, s.n);
  return 0;
}

static int f_repeat(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_buf b = CT_BUF_INIT;
  if (repeat(c, &b, sarg(args[1]), iarg(args[0]))) {
    ct_buf_dispose(&b);
    return -1;
  }
  *out = take(c, &b);
  return 0;
}

static int f_trim(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  size_t i = 0, j = s.n, w;
  while (i < j && u_space(dec_rune(s.p + i, j - i, &w))) i += w;
  while (j > i) { /* step back one rune */
    size_t k = j - 1;
    while (k > i && j - k < 4 && ((unsigned char)s.p[k] & 0xC0) == 0x80) k--;
    int32_t r = dec_rune(s.p + k, j - k, &w);
    if (k + w != j) r = RUNE_ERROR, k = j - 1;
    if (!u_space(r)) break;
    j = k;
  }
  *out = str_of(c, s.p + i, j - i);
  return 0;
}

static bool in_cutset(sv cut, int32_t r) {
  for (size_t i = 0, w; i < cut.n; i += w)
    if (dec_rune(cut.p + i, cut.n - i, &w) == r) return true;
  return false;
}

/* trimAll(cutset, s) = strings.Trim(s, cutset) */
static int f_trimall(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv cut = sarg(args[0]), s = sarg(args[1]);
  size_t i = 0, j = s.n, w;
  while (i < j && in_cutset(cut, dec_rune(s.p + i, j - i, &w))) i += w;
  while (j > i) {
    size_t k = j - 1;
    while (k > i && j - k < 4 && ((unsigned char)s.p[k] & 0xC0) == 0x80) k--;
    int32_t r = dec_rune(s.p + k, j - k, &w);
    if (k + w != j) r = RUNE_ERROR, k = j - 1;
    if (!in_cutset(cut, r)) break;
    j = k;
  }
  *out = str_of(c, s.p + i, j - i);
  return 0;
}

static int f_trimsuffix(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv suf = sarg(args[0]), s = sarg(args[1]);
  *out = str_of(c, s.p, has_suffix(s, suf) ? s.n - suf.n : s.n);
  return 0;
}

static int f_trimprefix(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv pre = sarg(args[0]), s = sarg(args[1]);
  size_t k = has_prefix(s, pre) ? pre.n : 0;
  *out = str_of(c, s.p + k, s.n - k);
  return 0;
}

/* goutils.DeleteWhiteSpace works on bytes: each kept byte is written as the rune of that
 * value (so non-ASCII bytes are re-encoded), unless nothing was removed. */
static int f_nospace(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  size_t kept = 0;
  for (size_t i = 0; i < s.n; i++) {
    int32_t r = (unsigned char)s.p[i];
    if (!u_space(r)) {
      put_rune(&b, r);
      kept++;
    }
  }
  if (kept == s.n) {
    ct_buf_dispose(&b);
    *out = str_of(c, s.p, s.n);
  } else {
    *out = take(c, &b);
  }
  return 0;
}

/* goutils.Initials: first byte of each whitespace-separated word, bytes as runes. */
static int f_initials(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  bool gap = true;
  for (size_t i = 0; i < s.n; i++) {
    int32_t r = (unsigned char)s.p[i];
    if (u_space(r)) {
      gap = true;
    } else if (gap) {
      put_rune(&b, r);
      gap = false;
    }
  }
  *out = take(c, &b);
  return 0;
}

/* ---- goutils Abbreviate / Wrap ---- */

/* AbbreviateFull; returns false for goutils' errors (Sprig then yields ""). */
static bool abbreviate(ct_buf *b, sv s, int64_t offset, int64_t maxw) {
  int64_t n = (int64_t)s.n;
  if (n == 0) return true;
  if (maxw < 4) return false;
  if (n <= maxw) {
    ct_buf_put(b, s.p, s.n);
    return true;
  }
  if (offset > n) offset = n;
  if (n - offset < maxw - 3) offset = n - (maxw - 3);
  if (offset <= 4) {
    ct_buf_put(b, s.p, (size_t)(maxw - 3));
    ct_buf_puts(b, "...");
    return true;
  }
  if (maxw < 7) return false;
  if (offset + maxw - 3 < n) {
    ct_buf inner = CT_BUF_INIT;
    bool ok = abbreviate(&inner, (sv){s.p + offset, (size_t)(n - offset)}, 0, maxw - 3);
    ct_buf_puts(b, "...");
    if (ok) ct_buf_put(b, inner.ptr ? inner.ptr : "", inner.len);
    ct_buf_dispose(&inner);
    return true;
  }
  ct_buf_puts(b, "...");
  ct_buf_put(b, s.p + (n - (maxw - 3)), (size_t)(maxw - 3));
  return true;
}

static int f_abbrev(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  int64_t w = iarg(args[0]);
  sv s = sarg(args[1]);
  if (w < 4) {
    *out = str_of(c, s.p, s.n);
    return 0;
  }
  ct_buf b = CT_BUF_INIT;
  if (!abbreviate(&b, s, 0, w)) ct_buf_truncate(&b, 0);
  *out = take(c, &b);
  return 0;
}

static int f_abbrevboth(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  int64_t left = iarg(args[0]), right = iarg(args[1]);
  sv s = sarg(args[2]);
  if (right < 4 || (left > 0 && right < 7)) {
    *out = str_of(c, s.p, s.n);
    return 0;
  }
  ct_buf b = CT_BUF_INIT;
  if (!abbreviate(&b, s, left, right)) ct_buf_truncate(&b, 0);
  *out = take(c, &b);
  return 0;
}

/* goutils.WrapCustom (bytes, words split at ' '). */
static void wrap_custom(ct_buf *b, sv s, int64_t wl, sv nl, bool long_words) {
  if (s.n == 0) return;
  if (nl.n == 0) nl = (sv){"\n", 1};
  if (wl < 1) wl = 1;
  size_t len = s.n, off = 0, w = (size_t)wl;
  while (len - off > w) {
    if (s.p[off] == ' ') {
      off++;
      continue;
    }
    size_t end = w + off + 1;
    long sp = -1;
    for (size_t i = end; i > off; i--)
      if (s.p[i - 1] == ' ') {
        sp = (long)(i - 1);
        break;
      }
    if (sp >= (long)off) {
      ct_buf_put(b, s.p + off, (size_t)sp - off);
      ct_buf_put(b, nl.p, nl.n);
      off = (size_t)sp + 1;
    } else if (long_words) {
      ct_buf_put(b, s.p + off, w);
      ct_buf_put(b, nl.p, nl.n);
      off += w;
    } else {
      size_t e = w + off;
      const char *q = memchr(s.p + e, ' ', len - e);
      if (q) {
        size_t at = (size_t)(q - s.p);
        ct_buf_put(b, s.p + off, at - off);
        ct_buf_put(b, nl.p, nl.n);
        off = at + 1;
      } else {
        ct_buf_put(b, s.p + off, len - off);
        off = len;
      }
    }
  }
  ct_buf_put(b, s.p + off, len - off);
}

static int f_wrap(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_buf b = CT_BUF_INIT;
  wrap_custom(&b, sarg(args[1]), iarg(args[0]), (sv){"", 0}, false);
  *out = take(c, &b);
  return 0;
}

static int f_wrapwith(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_buf b = CT_BUF_INIT;
  wrap_custom(&b, sarg(args[2]), iarg(args[0]), sarg(args[1]), true);
  *out = take(c, &b);
  return 0;
}

/* ---- xstrings: ToPascalCase (Sprig's camelcase), ToSnakeCase, ToKebabCase ---- */

static bool x_connector(int32_t r) { return r == '-' || r == '_' || u_space(r); }
static bool x_alpha(int32_t r) { /* a letter but not a CJK ideograph */
  if (!u_letter(r)) return false;
  if (r < 0x3400) return true;
  if (r >= 0x4E00 && r <= 0x9FCC) return false;
  if (r >= 0x3400 && r <= 0x4D85) return false;
  if (r >= 0x20000 && r <= 0x2B81D) return false;
  return true;
}

static int f_camelcase(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  size_t i = 0, w = 0;
  int32_t r0 = 0, r1;
  bool first_upper = false;
  if (s.n == 0) {
    *out = take(c, &b);
    return 0;
  }
  while (i < s.n) {
    r0 = dec_rune(s.p + i, s.n - i, &w);
    i += w;
    if (!x_connector(r0)) {
      first_upper = u_upper(r0);
      r0 = u_toupper(r0);
      break;
    }
    put_rune(&b, r0);
  }
  if (i >= s.n) {
    if (w) put_rune(&b, r0); /* xstrings writes a trailing connector twice, too */
    *out = take(c, &b);
    return 0;
  }
  while (i < s.n) {
    r1 = r0;
    r0 = dec_rune(s.p + i, s.n - i, &w);
    i += w;
    if (x_connector(r0) && x_connector(r1)) {
      put_rune(&b, r1);
      continue;
    }
    if (x_connector(r1)) {
      first_upper = u_upper(r0);
      r0 = u_toupper(r0);
    } else {
      if (first_upper) {
        if (u_upper(r0)) r0 = u_tolower(r0);
        else first_upper = false;
      }
      put_rune(&b, r1);
    }
  }
  put_rune(&b, r0);
  *out = take(c, &b);
  return 0;
}

enum { W_INVALID, W_NUMBER, W_UPPER, W_ALPHA, W_CONNECTOR, W_PUNCT, W_OTHER };

/* nextValidRune: skip invalid bytes; at the end, PREV. */
static int32_t next_valid(sv s, int32_t prev, size_t *size) {
  size_t off = 0, w;
  *size = 0;
  while (off < s.n) {
    int32_t r = dec_rune(s.p + off, s.n - off, &w);
    off += w;
    *size += w;
    if (r != RUNE_ERROR) return r;
  }
  return prev;
}

/* xstrings nextWord: the type and length of the word starting S. */
static int next_word(sv s, sv *word, sv *rest) {
  *word = (sv){s.p, 0};
  *rest = (sv){s.p + s.n, 0};
  if (s.n == 0) return W_INVALID;
  size_t off = 0, size;
  sv rem = s;
  int32_t r = next_valid(rem, RUNE_ERROR, &size);
  off += size;
  int wt;
  if (r == RUNE_ERROR) {
    *word = (sv){s.p, off};
    *rest = (sv){s.p + off, s.n - off};
    return W_INVALID;
  }
#define ADV(sz) (rem.p += (sz), rem.n -= (sz))
  if (x_connector(r)) {
    wt = W_CONNECTOR;
    ADV(size);
    while (rem.n) {
      r = next_valid(rem, r, &size);
      if (!x_connector(r)) break;
      off += size;
      ADV(size);
    }
  } else if (u_punct(r)) {
    wt = W_PUNCT;
    ADV(size);
    while (rem.n) {
      r = next_valid(rem, r, &size);
      if (!u_punct(r)) break;
      off += size;
      ADV(size);
    }
  } else if (u_upper(r)) {
    wt = W_UPPER;
    ADV(size);
    if (rem.n) {
      r = next_valid(rem, r, &size);
      if (u_upper(r)) {
        size_t prev_size = size;
        off += size;
        ADV(size);
        while (rem.n) {
          r = next_valid(rem, r, &size);
          if (!u_upper(r)) break;
          prev_size = size;
          off += size;
          ADV(size);
        }
        if (rem.n && x_alpha(r)) {
          off -= prev_size;
          rem = (sv){s.p + off, s.n - off};
        }
      } else if (x_alpha(r)) {
        off += size;
        ADV(size);
        while (rem.n) {
          r = next_valid(rem, r, &size);
          if (!x_alpha(r) || u_upper(r)) break;
          off += size;
          ADV(size);
        }
      }
    }
  } else if (x_alpha(r)) {
    wt = W_ALPHA;
    ADV(size);
    while (rem.n) {
      r = next_valid(rem, r, &size);
      if (!x_alpha(r) || u_upper(r)) break;
      off += size;
      ADV(size);
    }
  } else if (u_number(r)) {
    wt = W_NUMBER;
    ADV(size);
    while (rem.n) {
      r = next_valid(rem, r, &size);
      if (!u_number(r)) break;
      off += size;
      ADV(size);
    }
  } else {
    wt = W_OTHER;
    ADV(size);
    while (rem.n) {
      r = next_valid(rem, r, &size);
      if (size == 0 || x_connector(r) || x_alpha(r) || u_number(r) || u_punct(r)) break;
      off += size;
      ADV(size);
    }
  }
#undef ADV
  *word = (sv){s.p, off};
  *rest = rem;
  return wt;
}

static void x_lower(ct_buf *b, int wt, sv w, int32_t conn) {
  if (wt != W_UPPER && wt != W_CONNECTOR) {
    ct_buf_put(b, w.p, w.n);
    return;
  }
  for (size_t i = 0, k; i < w.n; i += k) {
    int32_t r = dec_rune(w.p + i, w.n - i, &k);
    if (x_connector(r)) put_rune(b, conn);
    else if (u_upper(r)) put_rune(b, u_tolower(r));
    else put_rune(b, r);
  }
}

/* xstrings camelCaseToLowerCase */
static ct_value *to_lower_case(ct_call *c, sv s, int32_t conn) {
  ct_buf b = CT_BUF_INIT;
  if (s.n == 0) return take(c, &b);
  sv word, rem;
  int wt = next_word(s, &word, &rem);
  while (rem.n) {
    if (wt != W_CONNECTOR) x_lower(&b, wt, word, conn);
    int prev = wt;
    sv last = word;
    wt = next_word(rem, &word, &rem);
    switch (prev) {
    case W_NUMBER:
      while (wt == W_ALPHA || wt == W_NUMBER) {
        x_lower(&b, wt, word, conn);
        wt = next_word(rem, &word, &rem);
      }
      if (wt != W_INVALID && wt != W_PUNCT && wt != W_CONNECTOR) put_rune(&b, conn);
      break;
    case W_CONNECTOR: x_lower(&b, prev, last, conn); break;
    case W_PUNCT: break;
    default:
      if (wt != W_NUMBER) {
        if (wt != W_CONNECTOR && wt != W_PUNCT) put_rune(&b, conn);
        break;
      }
      if (rem.n == 0) break;
      last = word;
      wt = next_word(rem, &word, &rem);
      if (wt != W_ALPHA) {
        x_lower(&b, W_NUMBER, last, conn);
        if (wt != W_CONNECTOR && wt != W_PUNCT) put_rune(&b, conn);
        break;
      }
      put_rune(&b, conn);
      x_lower(&b, W_NUMBER, last, conn);
      while (wt == W_ALPHA || wt == W_NUMBER) {
        x_lower(&b, wt, word, conn);
        wt = next_word(rem, &word, &rem);
      }
      if (wt != W_INVALID && wt != W_CONNECTOR && wt != W_PUNCT) put_rune(&b, conn);
    }
  }
  x_lower(&b, wt, word, conn);
  return take(c, &b);
}

static int f_snakecase(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = to_lower_case(c, sarg(args[0]), '_');
  return 0;
}
static int f_kebabcase(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = to_lower_case(c, sarg(args[0]), '-');
  return 0;
}

/* ---- predicates, quoting, joining ---- */

static int f_contains(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_bool(ct_call_arena(c), find(sarg(args[1]), 0, sarg(args[0])) >= 0);
  return 0;
}
static int f_hasprefix(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_bool(ct_call_arena(c), has_prefix(sarg(args[1]), sarg(args[0])));
  return 0;
}
static int f_hassuffix(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_bool(ct_call_arena(c), has_suffix(sarg(args[1]), sarg(args[0])));
  return 0;
}

/* quote: each non-nil argument's strval as Go's %q, space separated. */
static int f_quote(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_arena *a = ct_call_arena(c);
  ct_buf b = CT_BUF_INIT;
  bool sep = false;
  for (size_t i = 0; i < nargs; i++) {
    if (!args[i]) continue;
    if (sep) ct_buf_putc(&b, ' ');
    size_t n;
    const char *s = ct_sprig__strval(a, args[i], &n);
    ct_gofmt_quote(&b, s, n);
    sep = true;
  }
  *out = take(c, &b);
  return 0;
}

/* squote: each non-nil argument as '%v'. */
static int f_squote(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_buf b = CT_BUF_INIT;
  bool sep = false;
  for (size_t i = 0; i < nargs; i++) {
    if (!args[i]) continue;
    if (sep) ct_buf_putc(&b, ' ');
    ct_buf_putc(&b, '\'');
    ct_gofmt_value(&b, args[i]);
    ct_buf_putc(&b, '\'');
    sep = true;
  }
  *out = take(c, &b);
  return 0;
}

/* cat: the non-nil arguments' %v, space separated. */
static int f_cat(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_buf b = CT_BUF_INIT;
  bool sep = false;
  for (size_t i = 0; i < nargs; i++) {
    if (!args[i]) continue;
    if (sep) ct_buf_putc(&b, ' ');
    ct_gofmt_value(&b, args[i]);
    sep = true;
  }
  *out = take(c, &b);
  return 0;
}

static int indent(ct_call *c, ct_value **out, ct_value *const *args, bool nl) {
  int64_t n = iarg(args[0]);
  sv s = sarg(args[1]);
  ct_buf pad = CT_BUF_INIT, b = CT_BUF_INIT;
  if (repeat(c, &pad, (sv){" ", 1}, n)) return -1;
  if (nl) ct_buf_putc(&b, '\n');
  ct_buf_put(&b, ct_buf_str(&pad), pad.len);
  for (size_t i = 0; i < s.n; i++) {
    ct_buf_putc(&b, s.p[i]);
    if (s.p[i] == '\n') ct_buf_put(&b, ct_buf_str(&pad), pad.len);
  }
  ct_buf_dispose(&pad);
  *out = take(c, &b);
  return 0;
}
static int f_indent(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return indent(c, out, args, false);
}
static int f_nindent(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return indent(c, out, args, true);
}

/* replace(old, new, src) = strings.Replace(src, old, new, -1); an empty OLD matches before
 * every rune and at the end. */
static int f_replace(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv old = sarg(args[0]), nw = sarg(args[1]), s = sarg(args[2]);
  ct_buf b = CT_BUF_INIT;
  if (old.n == 0) {
    ct_buf_put(&b, nw.p, nw.n);
    for (size_t i = 0, w; i < s.n; i += w) {
      dec_rune(s.p + i, s.n - i, &w);
      ct_buf_put(&b, s.p + i, w);
      ct_buf_put(&b, nw.p, nw.n);
    }
  } else {
    size_t i = 0;
    long at;
    while ((at = find(s, i, old)) >= 0) {
      ct_buf_put(&b, s.p + i, (size_t)at - i);
      ct_buf_put(&b, nw.p, nw.n);
      i = (size_t)at + old.n;
    }
    ct_buf_put(&b, s.p + i, s.n - i);
  }
  *out = take(c, &b);
  return 0;
}

static int f_plural(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)c, (void)nargs;
  *out = iarg(args[2]) == 1 ? args[0] : args[1];
  return 0;
}

static int f_trunc(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  int64_t k = iarg(args[0]);
  sv s = sarg(args[1]);
  int64_t n = (int64_t)s.n;
  if (k < 0 && n + k > 0) *out = str_of(c, s.p + (n + k), (size_t)(-k));
  else if (k >= 0 && n > k) *out = str_of(c, s.p, (size_t)k);
  else *out = str_of(c, s.p, s.n);
  return 0;
}

static int f_join(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv sep = sarg(args[0]);
  ct_value *l = ct_sprig__strslice(ct_call_arena(c), args[1]);
  ct_buf b = CT_BUF_INIT;
  for (size_t i = 0; i < l->list->len; i++) {
    if (i) ct_buf_put(&b, sep.p, sep.n);
    ct_buf_put(&b, l->list->items[i]->s.ptr, l->list->items[i]->s.len);
  }
  *out = take(c, &b);
  return 0;
}

/* strings.SplitN(s, sep, n) as a []string; n < 0 means all. */
static ct_value *split_n(ct_arena *a, sv s, sv sep, int64_t n) {
  ct_value *l = ct_list_new(a, CT_STRLIST, 0);
  if (n == 0) return l;
  if (sep.n == 0) { /* explode into UTF-8 sequences */
    size_t i = 0, w;
    while (i < s.n) {
      if (n > 0 && (int64_t)l->list->len == n - 1) {
        ct_list_push(a, l, ct_string(a, s.p + i, s.n - i));
        return l;
      }
      dec_rune(s.p + i, s.n - i, &w);
      ct_list_push(a, l, ct_string(a, s.p + i, w));
      i += w;
    }
    return l;
  }
  size_t i = 0;
  long at;
  while ((n < 0 || (int64_t)l->list->len < n - 1) && (at = find(s, i, sep)) >= 0) {
    ct_list_push(a, l, ct_string(a, s.p + i, (size_t)at - i));
    i = (size_t)at + sep.n;
  }
  ct_list_push(a, l, ct_string(a, s.p + i, s.n - i));
  return l;
}

static ct_value *indexed_map(ct_arena *a, const ct_value *l) {
  ct_value *m = ct_map_new(a, CT_STRMAP, l->list->len);
  for (size_t i = 0; i < l->list->len; i++) {
    char *k = ct_arena_sprintf(a, "_%zu", i);
    ct_map_setc(a, m, k, l->list->items[i]);
  }
  return m;
}

static int f_split(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  *out = indexed_map(a, split_n(a, sarg(args[1]), sarg(args[0]), -1));
  return 0;
}
static int f_splitn(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  *out = indexed_map(a, split_n(a, sarg(args[2]), sarg(args[0]), iarg(args[1])));
  return 0;
}
static int f_splitlist(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = split_n(ct_call_arena(c), sarg(args[1]), sarg(args[0]), -1);
  return 0;
}

static const ct_func funcs[] = {
    {"hello", "->string", f_hello, NULL},
    {"upper", "string->string", f_upper, NULL},
    {"lower", "string->string", f_lower, NULL},
    {"title", "string->string", f_title, NULL},
    {"untitle", "string->string", f_untitle, NULL},
    {"substr", "int,int,string->string", f_substr, NULL},
    {"repeat", "int,string->string", f_repeat, NULL},
    {"trim", "string->string", f_trim, NULL},
    {"trimall", "string,string->string", f_trimall, NULL},
    {"trimAll", "string,string->string", f_trimall, NULL},
    {"trimSuffix", "string,string->string", f_trimsuffix, NULL},
    {"trimPrefix", "string,string->string", f_trimprefix, NULL},
    {"nospace", "string->string", f_nospace, NULL},
    {"initials", "string->string", f_initials, NULL},
    {"swapcase", "string->string", f_swapcase, NULL},
    {"snakecase", "string->string", f_snakecase, NULL},
    {"camelcase", "string->string", f_camelcase, NULL},
    {"kebabcase", "string->string", f_kebabcase, NULL},
    {"wrap", "int,string->string", f_wrap, NULL},
    {"wrapWith", "int,string,string->string", f_wrapwith, NULL},
    {"contains", "string,string->bool", f_contains, NULL},
    {"hasPrefix", "string,string->bool", f_hasprefix, NULL},
    {"hasSuffix", "string,string->bool", f_hassuffix, NULL},
    {"quote", "...any->string", f_quote, NULL},
    {"squote", "...any->string", f_squote, NULL},
    {"cat", "...any->string", f_cat, NULL},
    {"indent", "int,string->string", f_indent, NULL},
    {"nindent", "int,string->string", f_nindent, NULL},
    {"replace", "string,string,string->string", f_replace, NULL},
    {"plural", "string,string,int->string", f_plural, NULL},
    {"trunc", "int,string->string", f_trunc, NULL},
    {"abbrev", "int,string->string", f_abbrev, NULL},
    {"abbrevboth", "int,int,string->string", f_abbrevboth, NULL},
    {"join", "string,any->string", f_join, NULL},
    {"split", "string,string->map[string]string", f_split, NULL},
    {"splitList", "string,string->[]string", f_splitlist, NULL},
    {"splitn", "string,int,string->map[string]string", f_splitn, NULL},
};

const ct_func *ct_sprig__strings(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
