/* gofmt.c — Go's fmt and strconv for ct_value: Sprint/Sprintf/Sprintln with every verb, flag
 * and Go's %!verb(...) error forms, strconv float formatting (shortest, e/f/g/x/b), quoting. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/gomath.h"
#include "chartctl/gofmt.h"

/* ======================================================================================
 * UTF-8 and Unicode printability (Go's unicode/utf8 and strconv.IsPrint)
 * ====================================================================================== */

typedef struct urange {
  uint32_t lo, hi;
} urange;

/* ======================================================================================
 * Unicode 14 printable ranges (categories L, M, N, P, S, and U+0020), as strconv.IsPrint.
 * ====================================================================================== */
static const urange print_ranges[] = {
  {0x20,0x7E}, {0xA1,0xAC}, {0xAE,0x377}, {0x37A,0x37F}, {0x384,0x38A}, {0x38C,0x38C},
  {0x38E,0x3A1}, {0x3A3,0x52F}, {0x531,0x556}, {0x559,0x58A}, {0x58D,0x58F}, {0x591,0x5C7},
  {0x5D0,0x5EA}, {0x5EF,0x5F4}, {0x606,0x61B}, {0x61D,0x6DC}, {0x6DE,0x70D}, {0x710,0x74A},
  {0x74D,0x7B1}, {0x7C0,0x7FA}, {0x7FD,0x82D}, {0x830,0x83E}, {0x840,0x85B}, {0x85E,0x85E},
  {0x860,0x86A}, {0x870,0x88E}, {0x898,0x8E1}, {0x8E3,0x983}, {0x985,0x98C}, {0x98F,0x990},
  {0x993,0x9A8}, {0x9AA,0x9B0}, {0x9B2,0x9B2}, {0x9B6,0x9B9}, {0x9BC,0x9C4}, {0x9C7,0x9C8},
  {0x9CB,0x9CE}, {0x9D7,0x9D7}, {0x9DC,0x9DD}, {0x9DF,0x9E3}, {0x9E6,0x9FE}, {0xA01,0xA03},
  {0xA05,0xA0A}, {0xA0F,0xA10}, {0xA13,0xA28}, {0xA2A,0xA30}, {0xA32,0xA33}, {0xA35,0xA36},
  {0xA38,0xA39}, {0xA3C,0xA3C}, {0xA3E,0xA42}, {0xA47,0xA48}, {0xA4B,0xA4D}, {0xA51,0xA51},
  {0xA59,0xA5C}, {0xA5E,0xA5E}, {0xA66,0xA76}, {0xA81,0xA83}, {0xA85,0xA8D}, {0xA8F,0xA91},
  {0xA93,0xAA8}, {0xAAA,0xAB0}, {0xAB2,0xAB3}, {0xAB5,0xAB9}, {0xABC,0xAC5}, {0xAC7,0xAC9},
  {0xACB,0xACD}, {0xAD0,0xAD0}, {0xAE0,0xAE3}, {0xAE6,0xAF1}, {0xAF9,0xAFF}, {0xB01,0xB03},
  {0xB05,0xB0C}, {0xB0F,0xB10}, {0xB13,0xB28}, {0xB2A,0xB30}, {0xB32,0xB33}, {0xB35,0xB39},
  {0xB3C,0xB44}, {0xB47,0xB48}, {0xB4B,0xB4D}, {0xB55,0xB57}, {0xB5C,0xB5D}, {0xB5F,0xB63},
  {0xB66,0xB77}, {0xB82,0xB83}, {0xB85,0xB8A}, {0xB8E,0xB90}, {0xB92,0xB95}, {0xB99,0xB9A},
  {0xB9C,0xB9C}, {0xB9E,0xB9F}, {0xBA3,0xBA4}, {0xBA8,0xBAA}, {0xBAE,0xBB9}, {0xBBE,0xBC2},
  {0xBC6,0xBC8}, {0xBCA,0xBCD}, {0xBD0,0xBD0}, {0xBD7,0xBD7}, {0xBE6,0xBFA}, {0xC00,0xC0C},
  {0xC0E,0xC10}, {0xC12,0xC28}, {0xC2A,0xC39}, {0xC3C,0xC44}, {0xC46,0xC48}, {0xC4A,0xC4D},
  {0xC55,0xC56}, {0xC58,0xC5A}, {0xC5D,0xC5D}, {0xC60,0xC63}, {0xC66,0xC6F}, {0xC77,0xC8C},
  {0xC8E,0xC90}, {0xC92,0xCA8}, {0xCAA,0xCB3}, {0xCB5,0xCB9}, {0xCBC,0xCC4}, {0xCC6,0xCC8},
  {0xCCA,0xCCD}, {0xCD5,0xCD6}, {0xCDD,0xCDE}, {0xCE0,0xCE3}, {0xCE6,0xCEF}, {0xCF1,0xCF2},
  {0xD00,0xD0C}, {0xD0E,0xD10}, {0xD12,0xD44}, {0xD46,0xD48}, {0xD4A,0xD4F}, {0xD54,0xD63},
  {0xD66,0xD7F}, {0xD81,0xD83}, {0xD85,0xD96}, {0xD9A,0xDB1}, {0xDB3,0xDBB}, {0xDBD,0xDBD},
  {0xDC0,0xDC6}, {0xDCA,0xDCA}, {0xDCF,0xDD4}, {0xDD6,0xDD6}, {0xDD8,0xDDF}, {0xDE6,0xDEF},
  {0xDF2,0xDF4}, {0xE01,0xE3A}, {0xE3F,0xE5B}, {0xE81,0xE82}, {0xE84,0xE84}, {0xE86,0xE8A},
  {0xE8C,0xEA3}, {0xEA5,0xEA5}, {0xEA7,0xEBD}, {0xEC0,0xEC4}, {0xEC6,0xEC6}, {0xEC8,0xECD},
  {0xED0,0xED9}, {0xEDC,0xEDF}, {0xF00,0xF47}, {0xF49,0xF6C}, {0xF71,0xF97}, {0xF99,0xFBC},
  {0xFBE,0xFCC}, {0xFCE,0xFDA}, {0x1000,0x10C5}, {0x10C7,0x10C7}, {0x10CD,0x10CD},
  {0x10D0,0x1248}, {0x124A,0x124D}, {0x1250,0x1256}, {0x1258,0x1258}, {0x125A,0x125D},
  {0x1260,0x1288}, {0x128A,0x128D}, {0x1290,0x12B0}, {0x12B2,0x12B5}, {0x12B8,0x12BE},
  {0x12C0,0x12C0}, {0x12C2,0x12C5}, {0x12C8,0x12D6}, {0x12D8,0x1310}, {0x1312,0x1315},
  {0x1318,0x135A}, {0x135D,0x137C}, {0x1380,0x1399}, {0x13A0,0x13F5}, {0x13F8,0x13FD},
  {0x1400,0x167F}, {0x1681,0x169C}, {0x16A0,0x16F8}, {0x1700,0x1715}, {0x171F,0x1736},
  {0x1740,0x1753}, {0x1760,0x176C}, {0x176E,0x1770}, {0x1772,0x1773}, {0x1780,0x17DD},
  {0x17E0,0x17E9}, {0x17F0,0x17F9}, {0x1800,0x180D}, {0x180F,0x1819}, {0x1820,0x1878},
  {0x1880,0x18AA}, {0x18B0,0x18F5}, {0x1900,0x191E}, {0x1920,0x192B}, {0x1930,0x193B},
  {0x1940,0x1940}, {0x1944,0x196D}, {0x1970,0x1974}, {0x1980,0x19AB}, {0x19B0,0x19C9},
  {0x19D0,0x19DA}, {0x19DE,0x1A1B}, {0x1A1E,0x1A5E}, {0x1A60,0x1A7C}, {0x1A7F,0x1A89},
  {0x1A90,0x1A99}, {0x1AA0,0x1AAD}, {0x1AB0,0x1ACE}, {0x1B00,0x1B4C}, {0x1B50,0x1B7E},
  {0x1B80,0x1BF3}, {0x1BFC,0x1C37}, {0x1C3B,0x1C49}, {0x1C4D,0x1C88}, {0x1C90,0x1CBA},
  {0x1CBD,0x1CC7}, {0x1CD0,0x1CFA}, {0x1D00,0x1F15}, {0x1F18,0x1F1D}, {0x1F20,0x1F45},
  {0x1F48,0x1F4D}, {0x1F50,0x1F57}, {0x1F59,0x1F59}, {0x1F5B,0x1F5B}, {0x1F5D,0x1F5D},
  {0x1F5F,0x1F7D}, {0x1F80,0x1FB4}, {0x1FB6,0x1FC4}, {0x1FC6,0x1FD3}, {0x1FD6,0x1FDB},
  {0x1FDD,0x1FEF}, {0x1FF2,0x1FF4}, {0x1FF6,0x1FFE}, {0x2010,0x2027}, {0x2030,0x205E},
  {0x2070,0x2071}, {0x2074,0x208E}, {0x2090,0x209C}, {0x20A0,0x20C0}, {0x20D0,0x20F0},
  {0x2100,0x218B}, {0x2190,0x2426}, {0x2440,0x244A}, {0x2460,0x2B73}, {0x2B76,0x2B95},
  {0x2B97,0x2CF3}, {0x2CF9,0x2D25}, {0x2D27,0x2D27}, {0x2D2D,0x2D2D}, {0x2D30,0x2D67},
  {0x2D6F,0x2D70}, {0x2D7F,0x2D96}, {0x2DA0,0x2DA6}, {0x2DA8,0x2DAE}, {0x2DB0,0x2DB6},
  {0x2DB8,0x2DBE}, {0x2DC0,0x2DC6}, {0x2DC8,0x2DCE}, {0x2DD0,0x2DD6}, {0x2DD8,0x2DDE},
  {0x2DE0,0x2E5D}, {0x2E80,0x2E99}, {0x2E9B,0x2EF3}, {0x2F00,0x2FD5}, {0x2FF0,0x2FFB},
  {0x3001,0x303F}, {0x3041,0x3096}, {0x3099,0x30FF}, {0x3105,0x312F}, {0x3131,0x318E},
  {0x3190,0x31E3}, {0x31F0,0x321E}, {0x3220,0xA48C}, {0xA490,0xA4C6}, {0xA4D0,0xA62B},
  {0xA640,0xA6F7}, {0xA700,0xA7CA}, {0xA7D0,0xA7D1}, {0xA7D3,0xA7D3}, {0xA7D5,0xA7D9},
  {0xA7F2,0xA82C}, {0xA830,0xA839}, {0xA840,0xA877}, {0xA880,0xA8C5}, {0xA8CE,0xA8D9},
  {0xA8E0,0xA953}, {0xA95F,0xA97C}, {0xA980,0xA9CD}, {0xA9CF,0xA9D9}, {0xA9DE,0xA9FE},
  {0xAA00,0xAA36}, {0xAA40,0xAA4D}, {0xAA50,0xAA59}, {0xAA5C,0xAAC2}, {0xAADB,0xAAF6},
  {0xAB01,0xAB06}, {0xAB09,0xAB0E}, {0xAB11,0xAB16}, {0xAB20,0xAB26}, {0xAB28,0xAB2E},
  {0xAB30,0xAB6B}, {0xAB70,0xABED}, {0xABF0,0xABF9}, {0xAC00,0xD7A3}, {0xD7B0,0xD7C6},
  {0xD7CB,0xD7FB}, {0xF900,0xFA6D}, {0xFA70,0xFAD9}, {0xFB00,0xFB06}, {0xFB13,0xFB17},
  {0xFB1D,0xFB36}, {0xFB38,0xFB3C}, {0xFB3E,0xFB3E}, {0xFB40,0xFB41}, {0xFB43,0xFB44},
  {0xFB46,0xFBC2}, {0xFBD3,0xFD8F}, {0xFD92,0xFDC7}, {0xFDCF,0xFDCF}, {0xFDF0,0xFE19},
  {0xFE20,0xFE52}, {0xFE54,0xFE66}, {0xFE68,0xFE6B}, {0xFE70,0xFE74}, {0xFE76,0xFEFC},
  {0xFF01,0xFFBE}, {0xFFC2,0xFFC7}, {0xFFCA,0xFFCF}, {0xFFD2,0xFFD7}, {0xFFDA,0xFFDC},
  {0xFFE0,0xFFE6}, {0xFFE8,0xFFEE}, {0xFFFC,0xFFFD}, {0x10000,0x1000B}, {0x1000D,0x10026},
  {0x10028,0x1003A}, {0x1003C,0x1003D}, {0x1003F,0x1004D}, {0x10050,0x1005D}, {0x10080,0x100FA},
  {0x10100,0x10102}, {0x10107,0x10133}, {0x10137,0x1018E}, {0x10190,0x1019C}, {0x101A0,0x101A0},
  {0x101D0,0x101FD}, {0x10280,0x1029C}, {0x102A0,0x102D0}, {0x102E0,0x102FB}, {0x10300,0x10323},
  {0x1032D,0x1034A}, {0x10350,0x1037A}, {0x10380,0x1039D}, {0x1039F,0x103C3}, {0x103C8,0x103D5},
  {0x10400,0x1049D}, {0x104A0,0x104A9}, {0x104B0,0x104D3}, {0x104D8,0x104FB}, {0x10500,0x10527},
  {0x10530,0x10563}, {0x1056F,0x1057A}, {0x1057C,0x1058A}, {0x1058C,0x10592}, {0x10594,0x10595},
  {0x10597,0x105A1}, {0x105A3,0x105B1}, {0x105B3,0x105B9}, {0x105BB,0x105BC}, {0x10600,0x10736},
  {0x10740,0x10755}, {0x10760,0x10767}, {0x10780,0x10785}, {0x10787,0x107B0}, {0x107B2,0x107BA},
  {0x10800,0x10805}, {0x10808,0x10808}, {0x1080A,0x10835}, {0x10837,0x10838}, {0x1083C,0x1083C},
  {0x1083F,0x10855}, {0x10857,0x1089E}, {0x108A7,0x108AF}, {0x108E0,0x108F2}, {0x108F4,0x108F5},
  {0x108FB,0x1091B}, {0x1091F,0x10939}, {0x1093F,0x1093F}, {0x10980,0x109B7}, {0x109BC,0x109CF},
  {0x109D2,0x10A03}, {0x10A05,0x10A06}, {0x10A0C,0x10A13}, {0x10A15,0x10A17}, {0x10A19,0x10A35},
  {0x10A38,0x10A3A}, {0x10A3F,0x10A48}, {0x10A50,0x10A58}, {0x10A60,0x10A9F}, {0x10AC0,0x10AE6},
  {0x10AEB,0x10AF6}, {0x10B00,0x10B35}, {0x10B39,0x10B55}, {0x10B58,0x10B72}, {0x10B78,0x10B91},
  {0x10B99,0x10B9C}, {0x10BA9,0x10BAF}, {0x10C00,0x10C48}, {0x10C80,0x10CB2}, {0x10CC0,0x10CF2},
  {0x10CFA,0x10D27}, {0x10D30,0x10D39}, {0x10E60,0x10E7E}, {0x10E80,0x10EA9}, {0x10EAB,0x10EAD},
  {0x10EB0,0x10EB1}, {0x10F00,0x10F27}, {0x10F30,0x10F59}, {0x10F70,0x10F89}, {0x10FB0,0x10FCB},
  {0x10FE0,0x10FF6}, {0x11000,0x1104D}, {0x11052,0x11075}, {0x1107F,0x110BC}, {0x110BE,0x110C2},
  {0x110D0,0x110E8}, {0x110F0,0x110F9}, {0x11100,0x11134}, {0x11136,0x11147}, {0x11150,0x11176},
  {0x11180,0x111DF}, {0x111E1,0x111F4}, {0x11200,0x11211}, {0x11213,0x1123E}, {0x11280,0x11286},
  {0x11288,0x11288}, {0x1128A,0x1128D}, {0x1128F,0x1129D}, {0x1129F,0x112A9}, {0x112B0,0x112EA},
  {0x112F0,0x112F9}, {0x11300,0x11303}, {0x11305,0x1130C}, {0x1130F,0x11310}, {0x11313,0x11328},
  {0x1132A,0x11330}, {0x11332,0x11333}, {0x11335,0x11339}, {0x1133B,0x11344}, {0x11347,0x11348},
  {0x1134B,0x1134D}, {0x11350,0x11350}, {0x11357,0x11357}, {0x1135D,0x11363}, {0x11366,0x1136C},
  {0x11370,0x11374}, {0x11400,0x1145B}, {0x1145D,0x11461}, {0x11480,0x114C7}, {0x114D0,0x114D9},
  {0x11580,0x115B5}, {0x115B8,0x115DD}, {0x11600,0x11644}, {0x11650,0x11659}, {0x11660,0x1166C},
  {0x11680,0x116B9}, {0x116C0,0x116C9}, {0x11700,0x1171A}, {0x1171D,0x1172B}, {0x11730,0x11746},
  {0x11800,0x1183B}, {0x118A0,0x118F2}, {0x118FF,0x11906}, {0x11909,0x11909}, {0x1190C,0x11913},
  {0x11915,0x11916}, {0x11918,0x11935}, {0x11937,0x11938}, {0x1193B,0x11946}, {0x11950,0x11959},
  {0x119A0,0x119A7}, {0x119AA,0x119D7}, {0x119DA,0x119E4}, {0x11A00,0x11A47}, {0x11A50,0x11AA2},
  {0x11AB0,0x11AF8}, {0x11C00,0x11C08}, {0x11C0A,0x11C36}, {0x11C38,0x11C45}, {0x11C50,0x11C6C},
  {0x11C70,0x11C8F}, {0x11C92,0x11CA7}, {0x11CA9,0x11CB6}, {0x11D00,0x11D06}, {0x11D08,0x11D09},
  {0x11D0B,0x11D36}, {0x11D3A,0x11D3A}, {0x11D3C,0x11D3D}, {0x11D3F,0x11D47}, {0x11D50,0x11D59},
  {0x11D60,0x11D65}, {0x11D67,0x11D68}, {0x11D6A,0x11D8E}, {0x11D90,0x11D91}, {0x11D93,0x11D98},
  {0x11DA0,0x11DA9}, {0x11EE0,0x11EF8}, {0x11FB0,0x11FB0}, {0x11FC0,0x11FF1}, {0x11FFF,0x12399},
  {0x12400,0x1246E}, {0x12470,0x12474}, {0x12480,0x12543}, {0x12F90,0x12FF2}, {0x13000,0x1342E},
  {0x14400,0x14646}, {0x16800,0x16A38}, {0x16A40,0x16A5E}, {0x16A60,0x16A69}, {0x16A6E,0x16ABE},
  {0x16AC0,0x16AC9}, {0x16AD0,0x16AED}, {0x16AF0,0x16AF5}, {0x16B00,0x16B45}, {0x16B50,0x16B59},
  {0x16B5B,0x16B61}, {0x16B63,0x16B77}, {0x16B7D,0x16B8F}, {0x16E40,0x16E9A}, {0x16F00,0x16F4A},
  {0x16F4F,0x16F87}, {0x16F8F,0x16F9F}, {0x16FE0,0x16FE4}, {0x16FF0,0x16FF1}, {0x17000,0x187F7},
  {0x18800,0x18CD5}, {0x18D00,0x18D08}, {0x1AFF0,0x1AFF3}, {0x1AFF5,0x1AFFB}, {0x1AFFD,0x1AFFE},
  {0x1B000,0x1B122}, {0x1B150,0x1B152}, {0x1B164,0x1B167}, {0x1B170,0x1B2FB}, {0x1BC00,0x1BC6A},
  {0x1BC70,0x1BC7C}, {0x1BC80,0x1BC88}, {0x1BC90,0x1BC99}, {0x1BC9C,0x1BC9F}, {0x1CF00,0x1CF2D},
  {0x1CF30,0x1CF46}, {0x1CF50,0x1CFC3}, {0x1D000,0x1D0F5}, {0x1D100,0x1D126}, {0x1D129,0x1D172},
  {0x1D17B,0x1D1EA}, {0x1D200,0x1D245}, {0x1D2E0,0x1D2F3}, {0x1D300,0x1D356}, {0x1D360,0x1D378},
  {0x1D400,0x1D454}, {0x1D456,0x1D49C}, {0x1D49E,0x1D49F}, {0x1D4A2,0x1D4A2}, {0x1D4A5,0x1D4A6},
  {0x1D4A9,0x1D4AC}, {0x1D4AE,0x1D4B9}, {0x1D4BB,0x1D4BB}, {0x1D4BD,0x1D4C3}, {0x1D4C5,0x1D505},
  {0x1D507,0x1D50A}, {0x1D50D,0x1D514}, {0x1D516,0x1D51C}, {0x1D51E,0x1D539}, {0x1D53B,0x1D53E},
  {0x1D540,0x1D544}, {0x1D546,0x1D546}, {0x1D54A,0x1D550}, {0x1D552,0x1D6A5}, {0x1D6A8,0x1D7CB},
  {0x1D7CE,0x1DA8B}, {0x1DA9B,0x1DA9F}, {0x1DAA1,0x1DAAF}, {0x1DF00,0x1DF1E}, {0x1E000,0x1E006},
  {0x1E008,0x1E018}, {0x1E01B,0x1E021}, {0x1E023,0x1E024}, {0x1E026,0x1E02A}, {0x1E100,0x1E12C},
  {0x1E130,0x1E13D}, {0x1E140,0x1E149}, {0x1E14E,0x1E14F}, {0x1E290,0x1E2AE}, {0x1E2C0,0x1E2F9},
  {0x1E2FF,0x1E2FF}, {0x1E7E0,0x1E7E6}, {0x1E7E8,0x1E7EB}, {0x1E7ED,0x1E7EE}, {0x1E7F0,0x1E7FE},
  {0x1E800,0x1E8C4}, {0x1E8C7,0x1E8D6}, {0x1E900,0x1E94B}, {0x1E950,0x1E959}, {0x1E95E,0x1E95F},
  {0x1EC71,0x1ECB4}, {0x1ED01,0x1ED3D}, {0x1EE00,0x1EE03}, {0x1EE05,0x1EE1F}, {0x1EE21,0x1EE22},
  {0x1EE24,0x1EE24}, {0x1EE27,0x1EE27}, {0x1EE29,0x1EE32}, {0x1EE34,0x1EE37}, {0x1EE39,0x1EE39},
  {0x1EE3B,0x1EE3B}, {0x1EE42,0x1EE42}, {0x1EE47,0x1EE47}, {0x1EE49,0x1EE49}, {0x1EE4B,0x1EE4B},
  {0x1EE4D,0x1EE4F}, {0x1EE51,0x1EE52}, {0x1EE54,0x1EE54}, {0x1EE57,0x1EE57}, {0x1EE59,0x1EE59},
  {0x1EE5B,0x1EE5B}, {0x1EE5D,0x1EE5D}, {0x1EE5F,0x1EE5F}, {0x1EE61,0x1EE62}, {0x1EE64,0x1EE64},
  {0x1EE67,0x1EE6A}, {0x1EE6C,0x1EE72}, {0x1EE74,0x1EE77}, {0x1EE79,0x1EE7C}, {0x1EE7E,0x1EE7E},
  {0x1EE80,0x1EE89}, {0x1EE8B,0x1EE9B}, {0x1EEA1,0x1EEA3}, {0x1EEA5,0x1EEA9}, {0x1EEAB,0x1EEBB},
  {0x1EEF0,0x1EEF1}, {0x1F000,0x1F02B}, {0x1F030,0x1F093}, {0x1F0A0,0x1F0AE}, {0x1F0B1,0x1F0BF},
  {0x1F0C1,0x1F0CF}, {0x1F0D1,0x1F0F5}, {0x1F100,0x1F1AD}, {0x1F1E6,0x1F202}, {0x1F210,0x1F23B},
  {0x1F240,0x1F248}, {0x1F250,0x1F251}, {0x1F260,0x1F265}, {0x1F300,0x1F6D7}, {0x1F6DD,0x1F6EC},
  {0x1F6F0,0x1F6FC}, {0x1F700,0x1F773}, {0x1F780,0x1F7D8}, {0x1F7E0,0x1F7EB}, {0x1F7F0,0x1F7F0},
  {0x1F800,0x1F80B}, {0x1F810,0x1F847}, {0x1F850,0x1F859}, {0x1F860,0x1F887}, {0x1F890,0x1F8AD},
  {0x1F8B0,0x1F8B1}, {0x1F900,0x1FA53}, {0x1FA60,0x1FA6D}, {0x1FA70,0x1FA74}, {0x1FA78,0x1FA7C},
  {0x1FA80,0x1FA86}, {0x1FA90,0x1FAAC}, {0x1FAB0,0x1FABA}, {0x1FAC0,0x1FAC5}, {0x1FAD0,0x1FAD9},
  {0x1FAE0,0x1FAE7}, {0x1FAF0,0x1FAF6}, {0x1FB00,0x1FB92}, {0x1FB94,0x1FBCA}, {0x1FBF0,0x1FBF9},
  {0x20000,0x2A6DF}, {0x2A700,0x2B738}, {0x2B740,0x2B81D}, {0x2B820,0x2CEA1}, {0x2CEB0,0x2EBE0},
  {0x2F800,0x2FA1D}, {0x30000,0x3134A}, {0xE0100,0xE01EF},
};
static const size_t n_print_ranges = sizeof print_ranges / sizeof print_ranges[0];


bool ct_gofmt_isprint(uint32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  size_t lo = 0, hi = n_print_ranges;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (r < print_ranges[mid].lo) hi = mid;
    else if (r > print_ranges[mid].hi) lo = mid + 1;
    else return true;
  }
  return false;
}

int ct_gofmt_utf8_decode(const char *sp, size_t n, uint32_t *out) {
  const unsigned char *s = (const unsigned char *)sp;
  if (n == 0) {
    *out = 0xFFFD;
    return 0;
  }
  unsigned c = s[0];
  if (c < 0x80) {
    *out = c;
    return 1;
  }
  uint32_t r;
  int need;
  uint32_t min;
  if (c >= 0xC2 && c <= 0xDF) need = 1, r = c & 0x1F, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) need = 2, r = c & 0x0F, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) need = 3, r = c & 0x07, min = 0x10000;
  else goto bad;
  if ((size_t)need >= n) goto bad;
  for (int i = 1; i <= need; i++) {
    if ((s[i] & 0xC0) != 0x80) goto bad;
    r = (r << 6) | (s[i] & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) goto bad;
  *out = r;
  return need + 1;
bad:
  *out = 0xFFFD;
  return 1;
}

int ct_gofmt_utf8_encode(char *out, uint32_t r) {
  unsigned char *o = (unsigned char *)out;
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  if (r < 0x80) {
    o[0] = (unsigned char)r;
    return 1;
  }
  if (r < 0x800) {
    o[0] = (unsigned char)(0xC0 | (r >> 6));
    o[1] = (unsigned char)(0x80 | (r & 0x3F));
    return 2;
  }
  if (r < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (r >> 12));
    o[1] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (r & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (r >> 18));
  o[1] = (unsigned char)(0x80 | ((r >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (r & 0x3F));
  return 4;
}

static size_t rune_count(const char *s, size_t n) {
  size_t cnt = 0;
  for (size_t i = 0; i < n;) {
    uint32_t r;
    i += (size_t)ct_gofmt_utf8_decode(s + i, n - i, &r);
    cnt++;
  }
  return cnt;
}

/* ======================================================================================
 * strconv quoting
 * ====================================================================================== */

static const char lowerhex[] = "0123456789abcdef";

static void put_rune(ct_buf *out, uint32_t r) {
  char tmp[4];
  ct_buf_put(out, tmp, (size_t)ct_gofmt_utf8_encode(tmp, r));
}

static void append_escaped_rune(ct_buf *out, uint32_t r, char quote, bool ascii_only) {
  if (r == (uint32_t)quote || r == '\\') {
    ct_buf_putc(out, '\\');
    put_rune(out, r);
    return;
  }
  if (ascii_only) {
    if (r < 0x80 && ct_gofmt_isprint(r)) {
      ct_buf_putc(out, (char)r);
      return;
    }
  } else if (ct_gofmt_isprint(r)) {
    put_rune(out, r);
    return;
  }
  switch (r) {
  case '\a': ct_buf_puts(out, "\\a"); return;
  case '\b': ct_buf_puts(out, "\\b"); return;
  case '\f': ct_buf_puts(out, "\\f"); return;
  case '\n': ct_buf_puts(out, "\\n"); return;
  case '\r': ct_buf_puts(out, "\\r"); return;
  case '\t': ct_buf_puts(out, "\\t"); return;
  case '\v': ct_buf_puts(out, "\\v"); return;
  default: break;
  }
  char tmp[12];
  if (r < ' ' || r == 0x7f) {
    snprintf(tmp, sizeof tmp, "\\x%c%c", lowerhex[r >> 4], lowerhex[r & 0xF]);
  } else {
    if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
    if (r < 0x10000) snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)r);
    else snprintf(tmp, sizeof tmp, "\\U%08x", (unsigned)r);
  }
  ct_buf_puts(out, tmp);
}

static void quote_with(ct_buf *out, const char *s, size_t n, char quote, bool ascii_only) {
  ct_buf_putc(out, quote);
  for (size_t i = 0; i < n;) {
    uint32_t r;
    int w = ct_gofmt_utf8_decode(s + i, n - i, &r);
    if (w == 1 && r == 0xFFFD) {
      unsigned char c = (unsigned char)s[i];
      char tmp[5] = {'\\', 'x', lowerhex[c >> 4], lowerhex[c & 0xF], 0};
      ct_buf_put(out, tmp, 4);
      i++;
      continue;
    }
    append_escaped_rune(out, r, quote, ascii_only);
    i += (size_t)w;
  }
  ct_buf_putc(out, quote);
}

void ct_gofmt_quote(ct_buf *out, const char *s, size_t n) { quote_with(out, s, n, '"', false); }

static void quote_rune(ct_buf *out, uint32_t r, bool ascii_only) {
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  ct_buf_putc(out, '\'');
  append_escaped_rune(out, r, '\'', ascii_only);
  ct_buf_putc(out, '\'');
}

static bool can_backquote(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    uint32_t r;
    int w = ct_gofmt_utf8_decode(s + i, n - i, &r);
    i += (size_t)w;
    if (w > 1) {
      if (r == 0xFEFF) return false;
      continue;
    }
    if (r == 0xFFFD) return false;
    if ((r < ' ' && r != '\t') || r == '`' || r == 0x7F) return false;
  }
  return true;
}

/* ======================================================================================
 * strconv.FormatFloat
 * ====================================================================================== */

/* Decimal digits of a finite non-negative double: value = 0.D1D2...Dnd × 10^dp. */
typedef struct decdigits {
  char d[800];
  int nd, dp;
} decdigits;

/* Parses snprintf's "%.Ne" output into digits (trailing zeros trimmed when TRIM). */
static void parse_e(decdigits *dd, const char *s, bool trim) {
  dd->nd = 0;
  const char *p = s;
  if (*p == '-') p++;
  for (; *p && *p != 'e'; p++)
    if (*p >= '0' && *p <= '9' && dd->nd < (int)sizeof dd->d) dd->d[dd->nd++] = *p;
  int exp = *p == 'e' ? atoi(p + 1) : 0;
  dd->dp = exp + 1;
  if (trim)
    while (dd->nd > 0 && dd->d[dd->nd - 1] == '0') dd->nd--;
  if (dd->nd == 0) dd->dp = 0;
}

/* The decimal digits of U (no sign, no leading zeros; "0" for 0) into D: their count. The
 * integral doubles below 2^53 that charts print most (ports, replicas, sizes) take this
 * instead of snprintf's "%.0f". */
static int u64_digits(char *d, uint64_t u) {
  char t[20];
  int n = 0;
  do {
    t[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  for (int i = 0; i < n; i++)
    d[i] = t[n - 1 - i];
  return n;
}

/* Shortest digits that round-trip (strconv's shortest mode) at BITS 64 or 32. */
static void shortest_digits(decdigits *dd, double v, int bits) {
  if (v == 0) {
    dd->nd = 0, dd->dp = 0;
    return;
  }
  if (bits == 32) {
    char tmp32[40];
    float fv = (float)v;
    for (int p = 1; p <= 9; p++) {
      snprintf(tmp32, sizeof tmp32, "%.*e", p - 1, (double)fv);
      if (strtof(tmp32, NULL) == fv || p == 9) {
        parse_e(dd, tmp32, true);
        return;
      }
    }
  }
  if (v < 9007199254740992.0 && v == ct_go_floor(v)) {
    int n = u64_digits(dd->d, (uint64_t)v);
    dd->nd = n;
    dd->dp = n;
    while (dd->nd > 0 && dd->d[dd->nd - 1] == '0') dd->nd--;
    return;
  }
  /* Short decimals (1.5, 0.25, 3.14159): V·10^k integral for a small k, and m / 10^k reads
   * back as V (IEEE division rounds exactly as strtod would). With at most 15 digits this is
   * the shortest representation (see below). */
  static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
  if (v < 1e15) {
    for (int k = 1; k <= 8; k++) {
      double m = v * p10[k];
      if (m >= 1e15) break;
      if (m == ct_go_floor(m) && m / p10[k] == v) {
        int n = u64_digits(dd->d, (uint64_t)m);
        dd->nd = n;
        dd->dp = n - k;
        while (dd->nd > 0 && dd->d[dd->nd - 1] == '0') dd->nd--;
        return;
      }
    }
  }
  /* A double has 15.95 significant digits: when some representation of at most 15 digits
   * reads back as V, the correctly rounded 15-digit one is it (padded with zeros), since half
   * an ulp is far below half the spacing of 15-digit decimals. Otherwise the closest 16- or
   * 17-digit one is the shortest (and closest, as strconv picks). */
  char tmp[40];
  /* subnormals carry fewer digits: search from one */
  for (int p = v < 2.2250738585072014e-308 ? 1 : 15; p <= 17; p++) {
    snprintf(tmp, sizeof tmp, "%.*e", p - 1, v);
    if (p == 17 || strtod(tmp, NULL) == v) {
      parse_e(dd, tmp, true);
      return;
    }
  }
}

static void fmt_e(ct_buf *out, bool neg, const decdigits *dd, int prec, char fmtch) {
  if (neg) ct_buf_putc(out, '-');
  ct_buf_putc(out, dd->nd == 0 ? '0' : dd->d[0]);
  if (prec > 0) {
    ct_buf_putc(out, '.');
    int i = 1;
    int m = dd->nd < prec + 1 ? dd->nd : prec + 1;
    if (i < m) {
      ct_buf_put(out, dd->d + i, (size_t)(m - i));
      i = m;
    }
    for (; i <= prec; i++) ct_buf_putc(out, '0');
  }
  ct_buf_putc(out, fmtch);
  int exp = dd->nd == 0 ? 0 : dd->dp - 1;
  char sign = '+';
  if (exp < 0) sign = '-', exp = -exp;
  ct_buf_putc(out, sign);
  if (exp < 10) ct_buf_printf(out, "0%d", exp);
  else ct_buf_printf(out, "%d", exp);
}

static void fmt_f(ct_buf *out, bool neg, const decdigits *dd, int prec) {
  if (neg) ct_buf_putc(out, '-');
  if (dd->dp > 0) {
    int m = dd->nd < dd->dp ? dd->nd : dd->dp;
    ct_buf_put(out, dd->d, (size_t)m);
    for (; m < dd->dp; m++) ct_buf_putc(out, '0');
  } else {
    ct_buf_putc(out, '0');
  }
  if (prec > 0) {
    ct_buf_putc(out, '.');
    for (int i = 1; i <= prec; i++) {
      int j = dd->dp + i - 1;
      ct_buf_putc(out, (j >= 0 && j < dd->nd) ? dd->d[j] : '0');
    }
  }
}

/* %b: mantissa p exponent (power of two). */
static void fmt_b(ct_buf *out, bool neg, uint64_t mant, int exp) {
  if (neg) ct_buf_putc(out, '-');
  ct_buf_printf(out, "%llup", (unsigned long long)mant);
  exp -= 52;
  if (exp >= 0) ct_buf_putc(out, '+');
  ct_buf_printf(out, "%d", exp);
}

/* %x / %X: hexadecimal mantissa and binary exponent. */
static void fmt_x(ct_buf *out, int prec, char fmtch, bool neg, uint64_t mant, int exp) {
  if (mant == 0) exp = 0;
  mant <<= 60 - 52;
  while (mant != 0 && (mant & (1ULL << 60)) == 0) {
    mant <<= 1;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    unsigned shift = (unsigned)prec * 4;
    uint64_t extra = (mant << shift) & ((1ULL << 60) - 1);
    mant >>= 60 - shift;
    if ((extra | (mant & 1)) > (1ULL << 59)) mant++;
    mant <<= 60 - shift;
    if (mant & (1ULL << 61)) {
      mant >>= 1;
      exp++;
    }
  }
  const char *hex = fmtch == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  if (neg) ct_buf_putc(out, '-');
  ct_buf_putc(out, '0');
  ct_buf_putc(out, fmtch);
  ct_buf_putc(out, (char)('0' + ((mant >> 60) & 1)));
  mant <<= 4;
  if (prec < 0 && mant != 0) {
    ct_buf_putc(out, '.');
    while (mant != 0) {
      ct_buf_putc(out, hex[(mant >> 60) & 15]);
      mant <<= 4;
    }
  } else if (prec > 0) {
    ct_buf_putc(out, '.');
    for (int i = 0; i < prec; i++) {
      ct_buf_putc(out, hex[(mant >> 60) & 15]);
      mant <<= 4;
    }
  }
  ct_buf_putc(out, fmtch == 'X' ? 'P' : 'p');
  char sign = '+';
  if (exp < 0) sign = '-', exp = -exp;
  ct_buf_putc(out, sign);
  if (exp < 100) ct_buf_printf(out, "%02d", exp);
  else ct_buf_printf(out, "%d", exp);
}

void ct_gofmt_float(ct_buf *out, double f, char fmtch, int prec) {
  ct_gofmt_float_bits(out, f, fmtch, prec, 64);
}

void ct_gofmt_float_bits(ct_buf *out, double f, char fmtch, int prec, int bitsize) {
  if (bitsize == 32) f = (double)(float)f;
  uint64_t bits;
  memcpy(&bits, &f, sizeof bits);
  bool neg = (bits >> 63) != 0;
  int bexp = (int)((bits >> 52) & 0x7FF);
  uint64_t mant = bits & ((1ULL << 52) - 1);
  if (bexp == 0x7FF) {
    if (mant != 0) ct_buf_puts(out, "NaN");
    else ct_buf_puts(out, neg ? "-Inf" : "+Inf");
    return;
  }
  if (fmtch == 'b' || fmtch == 'x' || fmtch == 'X') {
    if (bexp == 0) bexp++;
    else mant |= 1ULL << 52;
    bexp -= 1023;
    if (fmtch == 'b') fmt_b(out, neg, mant, bexp);
    else fmt_x(out, prec, fmtch, neg, mant, bexp);
    return;
  }
  double a = fabs(f);
  bool shortest = prec < 0;
  decdigits ddbuf;
  decdigits *dd = &ddbuf;
  if (shortest) {
    shortest_digits(dd, a, bitsize);
    switch (fmtch) {
    case 'e':
    case 'E': prec = dd->nd > 0 ? dd->nd - 1 : 0; break;
    case 'f': prec = dd->nd - dd->dp > 0 ? dd->nd - dd->dp : 0; break;
    case 'g':
    case 'G': prec = dd->nd; break;
    default: break;
    }
  } else if (fmtch == 'f') {
    /* C's %f rounds exactly as Go does (correctly, half to even on the exact value). */
    int n = snprintf(NULL, 0, "%.*f", prec, a);
    char *tmp = malloc((size_t)n + 1);
    if (!tmp) abort();
    snprintf(tmp, (size_t)n + 1, "%.*f", prec, a);
    if (neg) ct_buf_putc(out, '-');
    ct_buf_put(out, tmp, (size_t)n);
    free(tmp);
    return;
  } else {
    int digs = prec;
    if (fmtch == 'e' || fmtch == 'E') digs = prec + 1;
    else if (digs == 0) digs = 1, prec = 1;
    if (digs > (int)sizeof dd->d - 8) digs = (int)sizeof dd->d - 8;
    char tmp[900];
    snprintf(tmp, sizeof tmp, "%.*e", digs - 1, a);
    parse_e(dd, tmp, fmtch == 'g' || fmtch == 'G');
  }
  switch (fmtch) {
  case 'e':
  case 'E': fmt_e(out, neg, dd, prec, fmtch); break;
  case 'f': fmt_f(out, neg, dd, prec); break;
  case 'g':
  case 'G': {
    int eprec = prec;
    if (eprec > dd->nd && dd->nd >= dd->dp) eprec = dd->nd;
    if (shortest) eprec = 6;
    int exp = dd->dp - 1;
    if (exp < -4 || exp >= eprec) {
      if (prec > dd->nd) prec = dd->nd;
      fmt_e(out, neg, dd, prec - 1, (char)(fmtch + 'e' - 'g'));
    } else {
      if (prec > dd->dp) prec = dd->nd;
      fmt_f(out, neg, dd, prec - dd->dp > 0 ? prec - dd->dp : 0);
    }
    break;
  }
  default:
    ct_buf_putc(out, '%');
    ct_buf_putc(out, fmtch);
    break;
  }
}

/* Shortest digits and decimal point of |f| (finite), for encoders with their own layout
 * (encoding/json, the YAML emitter). */
void ct_gofmt_float_json(ct_buf *out, double f) {
  /* encoding/json: 'f' unless the exponent is < -6 or >= 21, then 'e' with the exponent
   * cleaned up (e-07 → e-7). */
  double a = fabs(f);
  char fmtch = 'f';
  if (a != 0 && (a < 1e-6 || a >= 1e21)) fmtch = 'e';
  size_t start = out->len;
  ct_gofmt_float(out, f, fmtch, -1);
  if (fmtch == 'e') {
    size_t n = out->len - start;
    char *s = out->ptr + start;
    if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0') {
      s[n - 2] = s[n - 1];
      ct_buf_truncate(out, out->len - 1);
    }
  }
}

/* ======================================================================================
 * fmt: the printer state (Go's fmt.fmt flags and pp)
 * ====================================================================================== */

typedef struct pp {
  ct_buf *buf;
  bool minus, plus, sharp, space, zero, plusv, sharpv;
  bool wid_present, prec_present;
  int wid, prec;
  /* The argument badVerb describes: the top-level argument or a nested value. */
  const ct_value *arg;
  bool arg_is_nil; /* a nil argument (as opposed to none) */
  bool erroring;   /* printing badVerb's value: no String methods (Go's p.erroring) */
  /* the argument printing, checked once for reaching itself when its print got deep */
  const ct_value *top;
  bool deep_checked, cyclic;
  bool too_deep; /* nested deeper than the stack allows: printing stopped there */
} pp;

static const char ldigits[] = "0123456789abcdefx";
static const char udigits[] = "0123456789ABCDEFX";

static void clear_flags(pp *p) {
  p->minus = p->plus = p->sharp = p->space = p->zero = p->plusv = p->sharpv = false;
  p->wid_present = p->prec_present = false;
  p->wid = p->prec = 0;
}

static void write_padding(pp *p, int n) {
  if (n <= 0) return;
  char c = (p->zero && !p->minus) ? '0' : ' ';
  ct_buf_reserve(p->buf, (size_t)n);
  memset(p->buf->ptr + p->buf->len, c, (size_t)n);
  p->buf->len += (size_t)n;
  p->buf->ptr[p->buf->len] = 0;
}

static void pad(pp *p, const char *s, size_t n) {
  if (!p->wid_present || p->wid == 0) {
    ct_buf_put(p->buf, s, n);
    return;
  }
  int width = p->wid - (int)rune_count(s, n);
  if (!p->minus) {
    write_padding(p, width);
    ct_buf_put(p->buf, s, n);
  } else {
    ct_buf_put(p->buf, s, n);
    write_padding(p, width);
  }
}

static void pad_nozero(pp *p, const char *s, size_t n) {
  bool z = p->zero;
  p->zero = false;
  pad(p, s, n);
  p->zero = z;
}

static size_t truncate_len(const pp *p, const char *s, size_t n) {
  if (!p->prec_present) return n;
  int left = p->prec;
  for (size_t i = 0; i < n;) {
    if (left-- <= 0) return i;
    uint32_t r;
    i += (size_t)ct_gofmt_utf8_decode(s + i, n - i, &r);
  }
  return n;
}

static void fmt_s(pp *p, const char *s, size_t n) { pad(p, s, truncate_len(p, s, n)); }

static void fmt_sbx(pp *p, const char *s, size_t n, const char *digits) {
  size_t length = n;
  if (p->prec_present && (size_t)p->prec < length) length = (size_t)p->prec;
  size_t width = 2 * length;
  if (width > 0) {
    if (p->space) {
      if (p->sharp) width *= 2;
      width += length - 1;
    } else if (p->sharp) {
      width += 2;
    }
  } else {
    if (p->wid_present) write_padding(p, p->wid);
    return;
  }
  if (p->wid_present && (size_t)p->wid > width && !p->minus) write_padding(p, p->wid - (int)width);
  if (p->sharp) {
    ct_buf_putc(p->buf, '0');
    ct_buf_putc(p->buf, digits[16]);
  }
  for (size_t i = 0; i < length; i++) {
    if (p->space && i > 0) {
      ct_buf_putc(p->buf, ' ');
      if (p->sharp) {
        ct_buf_putc(p->buf, '0');
        ct_buf_putc(p->buf, digits[16]);
      }
    }
    unsigned char c = (unsigned char)s[i];
    ct_buf_putc(p->buf, digits[c >> 4]);
    ct_buf_putc(p->buf, digits[c & 0xF]);
  }
  if (p->wid_present && (size_t)p->wid > width && p->minus) write_padding(p, p->wid - (int)width);
}

static void fmt_q(pp *p, const char *s, size_t n) {
  n = truncate_len(p, s, n);
  ct_buf tmp = CT_BUF_INIT;
  if (p->sharp && can_backquote(s, n)) {
    ct_buf_putc(&tmp, '`');
    ct_buf_put(&tmp, s, n);
    ct_buf_putc(&tmp, '`');
  } else {
    quote_with(&tmp, s, n, '"', p->plus);
  }
  pad(p, ct_buf_str(&tmp), tmp.len);
  ct_buf_dispose(&tmp);
}

static void fmt_c(pp *p, uint64_t c) {
  uint32_t r = c > 0x10FFFF ? 0xFFFD : (uint32_t)c;
  char tmp[4];
  pad(p, tmp, (size_t)ct_gofmt_utf8_encode(tmp, r));
}

static void fmt_qc(pp *p, uint64_t c) {
  uint32_t r = c > 0x10FFFF ? 0xFFFD : (uint32_t)c;
  ct_buf tmp = CT_BUF_INIT;
  quote_rune(&tmp, r, p->plus);
  pad(p, ct_buf_str(&tmp), tmp.len);
  ct_buf_dispose(&tmp);
}

static void fmt_unicode(pp *p, uint64_t u) {
  int prec = 4;
  if (p->prec_present && p->prec > 4) prec = p->prec;
  ct_buf tmp = CT_BUF_INIT;
  ct_buf_puts(&tmp, "U+");
  char hex[24];
  int hn = snprintf(hex, sizeof hex, "%llX", (unsigned long long)u);
  for (int i = hn; i < prec; i++) ct_buf_putc(&tmp, '0');
  ct_buf_put(&tmp, hex, (size_t)hn);
  if (p->sharp && u <= 0x10FFFF && ct_gofmt_isprint((uint32_t)u)) {
    ct_buf_puts(&tmp, " '");
    put_rune(&tmp, (uint32_t)u);
    ct_buf_putc(&tmp, '\'');
  }
  pad_nozero(p, ct_buf_str(&tmp), tmp.len);
  ct_buf_dispose(&tmp);
}

static void fmt_integer(pp *p, uint64_t u, int base, bool is_signed, int verb, const char *digits) {
  bool negative = is_signed && (int64_t)u < 0;
  if (negative) u = -u;
  int prec = 0;
  if (p->prec_present) {
    prec = p->prec;
    if (prec == 0 && u == 0) {
      bool z = p->zero;
      p->zero = false;
      write_padding(p, p->wid);
      p->zero = z;
      return;
    }
  } else if (p->zero && !p->minus && p->wid_present) {
    prec = p->wid;
    if (negative || p->plus || p->space) prec--;
  }
  size_t cap = 72 + (size_t)(prec > 0 ? prec : 0);
  char *buf = malloc(cap);
  if (!buf) abort();
  size_t i = cap;
  while (u >= (uint64_t)base) {
    buf[--i] = digits[u % (uint64_t)base];
    u /= (uint64_t)base;
  }
  buf[--i] = digits[u];
  while (i > 0 && prec > (int)(cap - i)) buf[--i] = '0';
  if (p->sharp) {
    switch (base) {
    case 2:
      buf[--i] = 'b';
      buf[--i] = '0';
      break;
    case 8:
      if (buf[i] != '0') buf[--i] = '0';
      break;
    case 16:
      buf[--i] = digits[16];
      buf[--i] = '0';
      break;
    default: break;
    }
  }
  if (verb == 'O') {
    buf[--i] = 'o';
    buf[--i] = '0';
  }
  if (negative) buf[--i] = '-';
  else if (p->plus) buf[--i] = '+';
  else if (p->space) buf[--i] = ' ';
  pad_nozero(p, buf + i, cap - i);
  free(buf);
}

static void fmt_float_verb(pp *p, double v, int verb, int prec) {
  if (p->prec_present) prec = p->prec;
  ct_buf num = CT_BUF_INIT;
  ct_buf_putc(&num, '+');
  ct_gofmt_float(&num, v, (char)verb, prec);
  char *s = num.ptr;
  size_t n = num.len;
  if (s[1] == '-' || s[1] == '+') {
    s++;
    n--;
  }
  if (p->space && s[0] == '+' && !p->plus) s[0] = ' ';
  if (s[1] == 'I' || s[1] == 'N') {
    if (s[1] == 'N' && !p->space && !p->plus) {
      s++;
      n--;
    }
    pad_nozero(p, s, n);
    ct_buf_dispose(&num);
    return;
  }
  ct_buf work = CT_BUF_INIT;
  ct_buf_put(&work, s, n);
  if (p->sharp && verb != 'b') {
    int digits = 0;
    if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x') {
      digits = prec;
      if (digits == -1) digits = 6;
    }
    ct_buf tail = CT_BUF_INIT;
    bool has_point = false, saw_nonzero = false;
    size_t len = work.len;
    for (size_t i = 1; i < len; i++) {
      char c = work.ptr[i];
      if (c == '.') {
        has_point = true;
      } else if (c == 'p' || c == 'P') {
        ct_buf_put(&tail, work.ptr + i, len - i);
        len = i;
        break;
      } else if ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X') {
        ct_buf_put(&tail, work.ptr + i, len - i);
        len = i;
        break;
      } else {
        if (c != '0') saw_nonzero = true;
        if (saw_nonzero) digits--;
      }
    }
    ct_buf_truncate(&work, len);
    if (!has_point) {
      if (work.len == 2 && work.ptr[1] == '0') digits--;
      ct_buf_putc(&work, '.');
    }
    for (; digits > 0; digits--) ct_buf_putc(&work, '0');
    ct_buf_put(&work, ct_buf_str(&tail), tail.len);
    ct_buf_dispose(&tail);
  }
  if (p->plus || work.ptr[0] != '+') {
    if (p->zero && !p->minus && p->wid_present && p->wid > (int)work.len) {
      ct_buf_putc(p->buf, work.ptr[0]);
      write_padding(p, p->wid - (int)work.len);
      ct_buf_put(p->buf, work.ptr + 1, work.len - 1);
    } else {
      pad(p, work.ptr, work.len);
    }
  } else {
    pad(p, work.ptr + 1, work.len - 1);
  }
  ct_buf_dispose(&work);
  ct_buf_dispose(&num);
}

/* ======================================================================================
 * pp: printing arguments
 * ====================================================================================== */

static void print_value(pp *p, const ct_value *v, int verb, int depth);

static void bad_verb(pp *p, int verb) {
  ct_buf_puts(p->buf, "%!");
  put_rune(p->buf, (uint32_t)verb);
  ct_buf_putc(p->buf, '(');
  const ct_value *a = p->arg;
  if (a) {
    ct_buf_puts(p->buf, ct_type_name(a));
    ct_buf_putc(p->buf, '=');
    bool was = p->erroring;
    p->erroring = true;
    print_value(p, a, 'v', 0);
    p->erroring = was;
    p->arg = a;
  } else {
    ct_buf_puts(p->buf, "<nil>");
  }
  ct_buf_putc(p->buf, ')');
}

static void fmt_bool(pp *p, bool b, int verb) {
  if (verb == 't' || verb == 'v') pad(p, b ? "true" : "false", b ? 4 : 5);
  else bad_verb(p, verb);
}

static void fmt_0x64(pp *p, uint64_t u, bool leading) {
  bool sharp = p->sharp;
  p->sharp = leading;
  fmt_integer(p, u, 16, false, 'v', ldigits);
  p->sharp = sharp;
}

static void print_integer(pp *p, uint64_t u, bool is_signed, int verb) {
  switch (verb) {
  case 'v':
    if (p->sharpv && !is_signed) fmt_0x64(p, u, true);
    else fmt_integer(p, u, 10, is_signed, verb, ldigits);
    break;
  case 'd': fmt_integer(p, u, 10, is_signed, verb, ldigits); break;
  case 'b': fmt_integer(p, u, 2, is_signed, verb, ldigits); break;
  case 'o':
  case 'O': fmt_integer(p, u, 8, is_signed, verb, ldigits); break;
  case 'x': fmt_integer(p, u, 16, is_signed, verb, ldigits); break;
  case 'X': fmt_integer(p, u, 16, is_signed, verb, udigits); break;
  case 'c': fmt_c(p, u); break;
  case 'q': fmt_qc(p, u); break;
  case 'U': fmt_unicode(p, u); break;
  default: bad_verb(p, verb); break;
  }
}

static void print_float(pp *p, double f, int verb) {
  switch (verb) {
  case 'v': fmt_float_verb(p, f, 'g', -1); break;
  case 'b':
  case 'g':
  case 'G':
  case 'x':
  case 'X': fmt_float_verb(p, f, verb, -1); break;
  case 'f':
  case 'e':
  case 'E': fmt_float_verb(p, f, verb, 6); break;
  case 'F': fmt_float_verb(p, f, 'f', 6); break;
  default: bad_verb(p, verb); break;
  }
}

static void print_string(pp *p, const char *s, size_t n, int verb) {
  switch (verb) {
  case 'v':
    if (p->sharpv) fmt_q(p, s, n);
    else fmt_s(p, s, n);
    break;
  case 's': fmt_s(p, s, n); break;
  case 'x': fmt_sbx(p, s, n, ldigits); break;
  case 'X': fmt_sbx(p, s, n, udigits); break;
  case 'q': fmt_q(p, s, n); break;
  default: bad_verb(p, verb); break;
  }
}

/* A []byte: TYPE_NAME is "[]byte" at the top level, "[]uint8" nested (as Go prints it). */
static void print_bytes(pp *p, const ct_value *v, int verb, const char *type_name, int depth) {
  const unsigned char *s = (const unsigned char *)v->s.ptr;
  size_t n = v->s.len;
  switch (verb) {
  case 's': fmt_s(p, (const char *)s, n); return;
  case 'x': fmt_sbx(p, (const char *)s, n, ldigits); return;
  case 'X': fmt_sbx(p, (const char *)s, n, udigits); return;
  case 'q': fmt_q(p, (const char *)s, n); return;
  default: break;
  }
  if (p->sharpv) {
    ct_buf_puts(p->buf, type_name);
    if (v->is_nil) {
      ct_buf_puts(p->buf, "(nil)");
      return;
    }
    ct_buf_putc(p->buf, '{');
    for (size_t i = 0; i < n; i++) {
      if (i > 0) ct_buf_puts(p->buf, ", ");
      fmt_0x64(p, s[i], true);
    }
    ct_buf_putc(p->buf, '}');
    return;
  }
  ct_buf_putc(p->buf, '[');
  for (size_t i = 0; i < n; i++) {
    if (i > 0) ct_buf_putc(p->buf, ' ');
    if (verb == 'v' || verb == 'd') {
      fmt_integer(p, s[i], 10, false, verb, ldigits);
    } else {
      ct_value b = {.type = CT_UINT8, .u = s[i]};
      p->arg = &b;
      print_integer(p, s[i], false, verb);
    }
  }
  (void)depth;
  ct_buf_putc(p->buf, ']');
}

typedef struct sorted_entries {
  ct_map_entry *e;
  size_t n;
} sorted_entries;

static int entry_cmp(const void *x, const void *y) {
  const ct_map_entry *a = x, *b = y;
  size_t n = a->key.len < b->key.len ? a->key.len : b->key.len;
  int c = memcmp(a->key.ptr, b->key.ptr, n);
  if (c) return c;
  return a->key.len < b->key.len ? -1 : a->key.len > b->key.len;
}

static sorted_entries sort_map(const ct_value *m) {
  sorted_entries s = {NULL, 0};
  const ct_map_entry *e = ct_map_entries(m, &s.n);
  if (s.n == 0) return s;
  s.e = malloc(s.n * sizeof *s.e);
  if (!s.e) abort();
  memcpy(s.e, e, s.n * sizeof *s.e);
  qsort(s.e, s.n, sizeof *s.e, entry_cmp);
  return s;
}

/* An element of an interface{} container: nil prints "<nil>" (or "interface {}(nil)"). */
static void print_elem(pp *p, const ct_value *v, int verb, int depth, bool iface) {
  if (!v) {
    if (p->sharpv) ct_buf_puts(p->buf, iface ? "interface {}(nil)" : "<nil>");
    else ct_buf_puts(p->buf, "<nil>");
    return;
  }
  print_value(p, v, verb, depth);
}

/* The verbs for which Go's handleMethods prints a Stringer as its String(): v s x X q. */
static bool stringer_verb(int verb) {
  return verb == 'v' || verb == 's' || verb == 'x' || verb == 'X' || verb == 'q';
}

static void print_object(pp *p, const ct_value *v, int verb) {
  const ct_object_class *cls = v->obj.cls;
  if (verb == 'T') {
    fmt_s(p, cls->go_type, strlen(cls->go_type));
    return;
  }
  if (!stringer_verb(verb)) {
    bad_verb(p, verb);
    return;
  }
  ct_buf tmp = CT_BUF_INIT;
  if (cls->format) cls->format(v, &tmp);
  else ct_buf_puts(&tmp, cls->go_type);
  bool sv = p->sharpv;
  if (verb == 'v') p->sharpv = false;
  print_string(p, ct_buf_str(&tmp), tmp.len, verb);
  p->sharpv = sv;
  ct_buf_dispose(&tmp);
}

/* A named integer (time.Month...) is a fmt.Stringer: %v %s %x %X %q print its String (not
 * under %#v, nor inside badVerb's message). Returns false when V prints as an integer. */
static bool print_stringer(pp *p, const ct_value *v, int verb) {
  const ct_object_class *cls = ct_named_class(v);
  if (!cls || !cls->format || p->erroring || p->sharpv) return false;
  if (!stringer_verb(verb)) return false;
  ct_buf tmp = CT_BUF_INIT;
  cls->format(v, &tmp);
  print_string(p, ct_buf_str(&tmp), tmp.len, verb);
  ct_buf_dispose(&tmp);
  return true;
}

static void print_value(pp *p, const ct_value *v, int verb, int depth) {
  if (depth >= CT_VALUE_DEEP && !p->deep_checked) {
    p->deep_checked = true;
    p->cyclic = ct_value_cyclic(p->top);
    if (p->cyclic) ct_value_note_cycle(); /* Go recurses until its stack overflows */
  }
  if (!p->too_deep && ct_value_stack_low(depth)) {
    p->too_deep = true;
    ct_value_note_too_deep();
  }
  if (p->cyclic || p->too_deep) return;
  p->arg = v;
  if (!v) {
    if (verb == 'v') pad(p, "<nil>", 5);
    else bad_verb(p, verb);
    return;
  }
  switch (v->type) {
  case CT_BOOL: fmt_bool(p, v->b, verb); return;
  case CT_INT:
  case CT_INT64:
  case CT_INT32:
    if (v->gotype && print_stringer(p, v, verb)) return;
    print_integer(p, (uint64_t)v->i, true, verb);
    return;
  case CT_UINT8:
  case CT_UINT:
  case CT_UINT64: print_integer(p, v->u, false, verb); return;
  case CT_FLOAT64: print_float(p, v->f, verb); return;
  case CT_STRING: print_string(p, v->s.ptr, v->s.len, verb); return;
  case CT_BYTES: print_bytes(p, v, verb, depth == 0 ? "[]byte" : "[]uint8", depth); return;
  case CT_OBJECT: print_object(p, v, verb); return;
  case CT_LIST:
  case CT_STRLIST: {
    bool iface = v->type == CT_LIST && v->gotype == CT_GO_PLAIN;
    const ct_list *l = v->list;
    if (p->sharpv) {
      ct_buf_puts(p->buf, ct_type_name(v));
      if (v->is_nil) {
        ct_buf_puts(p->buf, "(nil)");
        return;
      }
      ct_buf_putc(p->buf, '{');
      for (size_t i = 0; i < l->len; i++) {
        if (i > 0) ct_buf_puts(p->buf, ", ");
        print_elem(p, l->items[i], verb, depth + 1, iface);
      }
      ct_buf_putc(p->buf, '}');
    } else {
      ct_buf_putc(p->buf, '[');
      for (size_t i = 0; i < l->len; i++) {
        if (i > 0) ct_buf_putc(p->buf, ' ');
        print_elem(p, l->items[i], verb, depth + 1, iface);
      }
      ct_buf_putc(p->buf, ']');
    }
    return;
  }
  case CT_MAP:
  case CT_STRMAP: {
    bool iface = v->type == CT_MAP;
    if (p->sharpv) {
      ct_buf_puts(p->buf, ct_type_name(v));
      if (v->is_nil) {
        ct_buf_puts(p->buf, "(nil)");
        return;
      }
      ct_buf_putc(p->buf, '{');
    } else {
      ct_buf_puts(p->buf, "map[");
    }
    sorted_entries s = sort_map(v);
    for (size_t i = 0; i < s.n; i++) {
      if (i > 0) ct_buf_puts(p->buf, p->sharpv ? ", " : " ");
      ct_value key = {.type = CT_STRING, .s = s.e[i].key};
      print_value(p, &key, verb, depth + 1);
      ct_buf_putc(p->buf, ':');
      print_elem(p, s.e[i].value, verb, depth + 1, iface);
    }
    free(s.e);
    ct_buf_putc(p->buf, p->sharpv ? '}' : ']');
    return;
  }
  }
}

static void print_arg(pp *p, const ct_value *arg, int verb) {
  p->arg = arg;
  p->top = arg;
  p->deep_checked = p->cyclic = p->too_deep = false;
  if (!arg) {
    if (verb == 'T' || verb == 'v') pad(p, "<nil>", 5);
    else bad_verb(p, verb);
    return;
  }
  if (verb == 'T') {
    const char *t = ct_type_name(arg);
    fmt_s(p, t, strlen(t));
    return;
  }
  if (verb == 'p') {
    bad_verb(p, verb);
    return;
  }
  print_value(p, arg, verb, 0);
}

/* ======================================================================================
 * Sprintf's format parsing (Go's doPrintf)
 * ====================================================================================== */

static bool too_large(int x) { return x > 1000000 || x < -1000000; }

static int parsenum(const char *s, size_t start, size_t end, bool *isnum, size_t *newi) {
  int num = 0;
  *isnum = false;
  if (start >= end) {
    *newi = end;
    return 0;
  }
  size_t i;
  for (i = start; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
    if (too_large(num)) {
      *isnum = false;
      *newi = end;
      return 0;
    }
    num = num * 10 + (s[i] - '0');
    *isnum = true;
  }
  *newi = i;
  return num;
}

typedef struct doprintf {
  bool reordered, good_argnum;
} doprintf;

/* Go's argNumber: an explicit [n] index at FMT[*i]. */
static size_t arg_number(doprintf *d, size_t argnum, const char *fmt, size_t *i, size_t end,
                         size_t nargs, bool *found) {
  *found = false;
  if (*i >= end || fmt[*i] != '[') return argnum;
  d->reordered = true;
  /* parseArgNumber on fmt[i:end] */
  size_t len = end - *i;
  const char *f = fmt + *i;
  int index = 0;
  size_t wid = 1;
  bool ok = false;
  if (len >= 3) {
    for (size_t j = 1; j < len; j++) {
      if (f[j] == ']') {
        bool isnum;
        size_t newi;
        int w = parsenum(f, 1, j, &isnum, &newi);
        if (!isnum || newi != j) {
          index = 0, wid = j + 1, ok = false;
        } else {
          index = w - 1, wid = j + 1, ok = true;
        }
        break;
      }
    }
  }
  *i += wid;
  if (ok && index >= 0 && (size_t)index < nargs) {
    *found = true;
    return (size_t)index;
  }
  d->good_argnum = false;
  *found = ok;
  return argnum;
}

static int int_from_arg(ct_value *const *args, size_t nargs, size_t *argnum, bool *is_int) {
  int num = 0;
  *is_int = false;
  if (*argnum < nargs) {
    const ct_value *v = args[*argnum];
    if (ct_is_int(v)) {
      if (v->i >= INT32_MIN && v->i <= INT32_MAX) num = (int)v->i, *is_int = true;
    } else if (ct_is_uint(v)) {
      if (v->u <= INT32_MAX) num = (int)v->u, *is_int = true;
    }
    (*argnum)++;
    if (too_large(num)) num = 0, *is_int = false;
  }
  return num;
}

void ct_gofmt_sprintf(ct_buf *out, const char *format, size_t flen, ct_value *const *args,
                      size_t nargs) {
  pp p;
  memset(&p, 0, sizeof p);
  p.buf = out;
  doprintf d = {false, true};
  size_t end = flen, argnum = 0, i = 0;
  bool after_index = false;
  while (i < end) {
    d.good_argnum = true;
    size_t lasti = i;
    while (i < end && format[i] != '%') i++;
    if (i > lasti) ct_buf_put(out, format + lasti, i - lasti);
    if (i >= end) break;
    i++;
    clear_flags(&p);
    bool simple_done = false;
    for (; i < end; i++) {
      char c = format[i];
      if (c == '#') p.sharp = true;
      else if (c == '0') p.zero = true;
      else if (c == '+') p.plus = true;
      else if (c == '-') p.minus = true;
      else if (c == ' ') p.space = true;
      else {
        if (c >= 'a' && c <= 'z' && argnum < nargs && c != 'w') {
          if (c == 'v') {
            p.sharpv = p.sharp;
            p.sharp = false;
            p.plusv = p.plus;
            p.plus = false;
          }
          print_arg(&p, args[argnum], c);
          argnum++;
          i++;
          simple_done = true;
        }
        break;
      }
    }
    if (simple_done) continue;

    argnum = arg_number(&d, argnum, format, &i, end, nargs, &after_index);

    if (i < end && format[i] == '*') {
      i++;
      bool ok;
      p.wid = int_from_arg(args, nargs, &argnum, &ok);
      p.wid_present = ok;
      if (!ok) ct_buf_puts(out, "%!(BADWIDTH)");
      if (p.wid < 0) {
        p.wid = -p.wid;
        p.minus = true;
        p.zero = false;
      }
      after_index = false;
    } else {
      bool ok;
      size_t ni;
      p.wid = parsenum(format, i, end, &ok, &ni);
      p.wid_present = ok;
      i = ni;
      if (after_index && p.wid_present) d.good_argnum = false;
    }

    if (i + 1 < end && format[i] == '.') {
      i++;
      if (after_index) d.good_argnum = false;
      argnum = arg_number(&d, argnum, format, &i, end, nargs, &after_index);
      if (i < end && format[i] == '*') {
        i++;
        bool ok;
        p.prec = int_from_arg(args, nargs, &argnum, &ok);
        p.prec_present = ok;
        if (p.prec < 0) {
          p.prec = 0;
          p.prec_present = false;
        }
        if (!p.prec_present) ct_buf_puts(out, "%!(BADPREC)");
        after_index = false;
      } else {
        bool ok;
        size_t ni;
        p.prec = parsenum(format, i, end, &ok, &ni);
        p.prec_present = ok;
        i = ni;
        if (!p.prec_present) {
          p.prec = 0;
          p.prec_present = true;
        }
      }
    }

    if (!after_index) argnum = arg_number(&d, argnum, format, &i, end, nargs, &after_index);

    if (i >= end) {
      ct_buf_puts(out, "%!(NOVERB)");
      break;
    }

    uint32_t verb = (unsigned char)format[i];
    int size = 1;
    if (verb >= 0x80) size = ct_gofmt_utf8_decode(format + i, end - i, &verb);
    i += (size_t)size;

    if (verb == '%') {
      ct_buf_putc(out, '%');
    } else if (!d.good_argnum) {
      ct_buf_puts(out, "%!");
      put_rune(out, verb);
      ct_buf_puts(out, "(BADINDEX)");
    } else if (argnum >= nargs) {
      ct_buf_puts(out, "%!");
      put_rune(out, verb);
      ct_buf_puts(out, "(MISSING)");
    } else if (verb == 'w') {
      /* Sprintf has no error wrapping: %w is a bad verb there. */
      p.arg = args[argnum];
      bad_verb(&p, 'w');
      argnum++;
    } else {
      if (verb == 'v') {
        p.sharpv = p.sharp;
        p.sharp = false;
        p.plusv = p.plus;
        p.plus = false;
      }
      print_arg(&p, args[argnum], (int)verb);
      argnum++;
    }
  }

  if (!d.reordered && argnum < nargs) {
    clear_flags(&p);
    ct_buf_puts(out, "%!(EXTRA ");
    for (size_t k = argnum; k < nargs; k++) {
      if (k > argnum) ct_buf_puts(out, ", ");
      if (!args[k]) {
        ct_buf_puts(out, "<nil>");
      } else {
        ct_buf_puts(out, ct_type_name(args[k]));
        ct_buf_putc(out, '=');
        print_arg(&p, args[k], 'v');
      }
    }
    ct_buf_putc(out, ')');
  }
}

void ct_gofmt_value(ct_buf *out, const ct_value *v) {
  pp p;
  memset(&p, 0, sizeof p);
  p.buf = out;
  print_arg(&p, v, 'v');
}

void ct_gofmt_sprint(ct_buf *out, ct_value *const *args, size_t nargs) {
  pp p;
  memset(&p, 0, sizeof p);
  p.buf = out;
  bool prev_string = false;
  for (size_t i = 0; i < nargs; i++) {
    bool is_string = args[i] && args[i]->type == CT_STRING;
    if (i > 0 && !is_string && !prev_string) ct_buf_putc(out, ' ');
    print_arg(&p, args[i], 'v');
    prev_string = is_string;
  }
}

void ct_gofmt_sprintln(ct_buf *out, ct_value *const *args, size_t nargs) {
  pp p;
  memset(&p, 0, sizeof p);
  p.buf = out;
  for (size_t i = 0; i < nargs; i++) {
    if (i > 0) ct_buf_putc(out, ' ');
    print_arg(&p, args[i], 'v');
  }
  ct_buf_putc(out, '\n');
}

