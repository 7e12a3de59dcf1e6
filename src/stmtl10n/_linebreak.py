"""Where GNU gettext 0.21 breaks a PO string line: libunistring 1.0's UAX #14 line breaking and widths.

catalog.py asks two things of this module: the display column before each
character (:func:`display_columns`) and where a line must end
(:func:`line_breaks`). The tables below were probed from libunistring 1.0,
the library msgcat links on Debian 12; tests/test_catalog_properties.py
checks them against it code point by code point.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from itertools import accumulate


def display_columns(text: str) -> list[int] | range:
    """The display column before each character of ``text`` and after the last one."""
    if _all_known(text, _ONE_COLUMN, lambda c: _WIDTHS[ord(c)] == "1"):
        return range(len(text) + 1)
    return [0, *accumulate(map(int, text.translate(_WIDTHS)))]


def line_breaks(text: str, protected: list[int], columns: list[int] | range, width: int, first_column: int) -> list[int]:
    """Where ulc_width_linebreaks() starts new lines in ``text`` (the greedy fit of libunistring)."""
    if first_column + columns[-1] <= width:
        return []
    if not _all_known(text, _ORDINARY, lambda c: _CLASSES[ord(c)] not in _SPECIAL[1:]):
        return _fit(_opportunities(text.translate(_CLASSES)), set(protected), columns, width, first_column)
    # Ordinary text: look for opportunities only where a line runs full, not everywhere.
    blocked = set(protected)
    result: list[int] = []
    end = len(text)
    line_start, column = 0, first_column
    while True:
        limit = columns[line_start] - column + width
        if isinstance(columns, range):
            full = limit
        else:
            full = bisect.bisect_right(columns, limit) - 1  # text[line_start:full] fits
        if full >= end:
            return result
        cut = full
        while cut > line_start and (cut in blocked or not _can_break(text, cut)):
            cut -= 1
        if cut == line_start:
            # The word is wider than the line: it overflows up to the next opportunity.
            cut = full + 1
            while cut < end and (cut in blocked or not _can_break(text, cut)):
                cut += 1
            if cut >= end:
                return result
        result.append(cut)
        line_start, column = cut, 0


def _all_known(text: str, known: set[str], test: Callable[[str], bool]) -> bool:
    """Whether every character of ``text`` passes ``test``, remembering those that do in ``known``."""
    if text.isascii() and text.isprintable():
        return True
    unknown = set(text).difference(known)
    passed = {c for c in unknown if test(c)}
    known |= passed
    return len(passed) == len(unknown)


def _can_break(text: str, position: int) -> bool:
    """Whether text without CM, ZWJ, ZW, BK, RI and HL may break before ``position``."""
    right = _CLASSES[ord(text[position])]
    if right == "S":
        return False
    left = position - 1
    left_class = _CLASSES[ord(text[left])]
    if left_class != "S":
        return _PAIRS[left_class + right] == "D"
    while left >= 0 and text[left] == " ":
        left -= 1
    return left >= 0 and _PAIRS[_CLASSES[ord(text[left])] + right] != "P"


def _fit(
    opportunities: list[tuple[int, bool]], blocked: set[int], columns: list[int] | range, width: int, first_column: int
) -> list[int]:
    """The greedy fit of ulc_width_linebreaks() over all break opportunities."""
    result: list[int] = []
    last_break = -1
    column = first_column
    piece_start = 0
    for position, mandatory in opportunities:
        if position in blocked:
            continue
        piece = columns[position] - columns[piece_start]
        if last_break >= 0 and column + piece > width:
            result.append(last_break)
            column = 0
        if mandatory:
            # gettext does not write this break, but libunistring restarts counting after it.
            last_break = -1
            column = 0
            piece_start = position + 1
        else:
            last_break = position
            column += piece
            piece_start = position
    if last_break >= 0 and column + columns[-1] - columns[piece_start] > width:
        result.append(last_break)
    return result


# --- line breaking: libunistring 1.0's UAX #14 as GNU gettext 0.21 uses it -------------------
#
# Each character gets a one-letter break class: a AL, h HL, n NU, i ID, 2 H2, 3 H3, L JL, V JV,
# T JT, S SP, K BK (also CR, LF, NL), M CM, J ZWJ, Z ZW, W WJ, G GL, B B2, A BA, b BB, Y HY,
# C CL, P CP, X EX, N IN, s NS, O OP, o OP that is East Asian wide, Q QU, I IS, p PO, r PR,
# y SY, R RI, E EB, e EM. AI, SA, XX and CJ already resolved the way libunistring does for
# UTF-8 (AL, AL, AL, NS). The tables were probed from libunistring 1.0 itself (the library
# msgcat links); tests/test_catalog_properties.py checks them against it code point by code point.

_SPECIAL = "SMJZKRh"  # classes the pair table alone cannot decide (h: LB21a)


def _opportunities(classes: str) -> list[tuple[int, bool]]:
    """Break opportunities as ``(position, is_mandatory)``: a break goes before ``position``."""
    result: list[tuple[int, bool]] = []
    last = "K"  # class of the last character that is not a space
    before_last = "K"
    after_space = False
    after_zwj = False
    attached = False  # a combining mark or ZWJ followed the last character
    open_flag = False  # the last regional indicator still waits for its partner
    for position, cls in enumerate(classes):
        if cls == "K":
            result.append((position, True))
            last, before_last, after_space, after_zwj = "K", "K", False, False
        elif cls == "S":
            after_space = True
        elif cls == "Z":
            last, before_last, after_space, after_zwj = "Z", "K", False, False
        elif cls in "MJ":
            # A combining mark or ZWJ extends the character before it, unless a space came first.
            if last == "K":
                last, after_space = "a", False
            elif last == "Z" or after_space:
                result.append((position, False))
                last, after_space = "a", False
            # libunistring forgets the pair state (LB21a, LB30a) across an attached mark.
            attached, open_flag, after_zwj = True, False, cls == "J"
        else:
            if last == "K" or (after_zwj and not after_space):
                pass
            elif last == "Z":
                result.append((position, False))
            elif last == "R" and cls == "R" and not after_space:
                if not open_flag:
                    result.append((position, False))
                open_flag = not open_flag
                last, before_last, after_zwj, attached = cls, last, False, False
                continue
            elif before_last == "h" and last in "YA" and not (after_space or attached):
                pass  # LB21a: no break after a hyphen that follows a Hebrew letter
            else:
                rule = _PAIR_ROWS[last][_PAIR_COLUMN[cls]]
                if rule == "D" or (rule == "I" and after_space):
                    result.append((position, False))
            open_flag = cls == "R"
            before_last = "S" if after_space or attached else last
            last = cls
            after_space = after_zwj = attached = False
    return result


def _decode_ranges(table: str) -> tuple[list[int], list[str]]:
    starts: list[int] = []
    values: list[str] = []
    for item in table.split():
        starts.append(int(item[:-1], 16))
        values.append(item[-1])
    return starts, values


class _CharTable(dict[int, str]):
    """A ``str.translate`` table that looks code points up in a range table once, then caches."""

    def __init__(self, table: str, *, hangul: bool) -> None:
        super().__init__()
        self._starts, self._values = _decode_ranges(table)
        self._hangul = hangul

    def __missing__(self, code: int) -> str:
        if self._hangul and 0xAC00 <= code <= 0xD7A3:
            # Hangul syllables: LV (H2) every 28th code point, LVT (H3) in between.
            value = "2" if (code - 0xAC00) % 28 == 0 else "3"
        else:
            value = self._values[bisect.bisect_right(self._starts, code) - 1]
        self[code] = value
        return value


# Generated data (see the note above _SPECIAL).
_BREAK_CLASS_TABLE = (
    "0M 9A aK eM 20S 21X 22Q 23a 24r 25p 26a 27Q 28O 29P 2aa 2br 2cI 2dY 2eI 2fy 30n 3aI 3ca 3fX "
    "40a 5bO 5cr 5dP 5ea 7bO 7cA 7dC 7ea 7fM 85K 86M a0G a1O a2p a3r a6a abQ aca adA aea b0p b1r "
    "b2a b4b b5a bbQ bca bfO c0a 2c8b 2c9a 2ccb 2cda 2dfb 2e0a 300M 34fG 350M 35cG 363M 370a "
    "37eI 37fa 483M 48aa 589I 58aA 58da 58fr 591M 5beA 5bfM 5c0a 5c1M 5c3a 5c4M 5c6X 5c7M 5d0h "
    "5f3a 609p 60cI 60ea 610M 61bX 61cM 61dX 620a 64bM 660n 66ap 66bn 66da 670M 671a 6d4X 6d5a "
    "6d6M 6dda 6dfM 6e5a 6e7M 6e9a 6eaM 6eea 6f0n 6faa 711M 712a 730M 74da 7a6M 7b1a 7c0n 7caa "
    "7ebM 7f4a 7f8I 7f9X 7faa 7fdM 7fer 800a 816M 81aa 81bM 824a 825M 828a 829M 830a 859M 85ea "
    "898M 8a0a 8caM 8e2a 8e3M 904a 93aM 93da 93eM 950a 951M 958a 962M 964A 966n 970a 981M 985a "
    "9bcM 9bda 9beM 9cea 9d7M 9dca 9e2M 9e6n 9f0a 9f2p 9f4a 9f9p 9faa 9fbr 9fca 9feM a05a a3cM "
    "a59a a66n a70M a72a a75M a76a a81M a85a abcM abda abeM ad0a ae2M ae6n af0a af1r af9a afaM "
    "b05a b3cM b3da b3eM b5ca b62M b66n b70a b82M b83a bbeM bd0a bd7M be6n bf0a bf9r bfaa c00M "
    "c05a c3cM c3da c3eM c58a c62M c66n c77b c78a c81M c84b c85a cbcM cbda cbeM cdda ce2M ce6n "
    "cf1a d00M d04a d3bM d3da d3eM d4ea d57M d58a d62M d66n d70a d79p d7aa d81M d85a dcaM de6n "
    "df2M df4a e3fr e40a e50n e5aA e81a ed0n edca f01b f05a f06b f08G f09b f0bA f0cG f0dX f12G "
    "f13a f14X f15a f18M f1aa f20n f2aa f34A f35M f36a f37M f38a f39M f3aO f3bC f3cO f3dC f3eM "
    "f40a f71M f7fA f80M f85A f86M f88a f8dM fbeA fc0a fc6M fc7a fd0b fd2A fd3b fd4a fd9G 1000a "
    "1040n 104aA 104ca 1090n 109aa 1100L 1160V 11a8T 1200a 135dM 1360a 1361A 1362a 1400A 1401a "
    "1680A 1681a 169bO 169cC 16a0a 16ebA 16eea 1712M 171fa 1732M 1735A 1740a 1752M 1760a 1772M "
    "1780a 17d4A 17d6s 17d7a 17d8A 17d9a 17daA 17dbr 17dca 17e0n 17f0a 1802X 1804A 1806b 1807a "
    "1808X 180aa 180bM 180eG 180fM 1810n 1820a 1885M 1887a 18a9M 18aaa 1920M 1940a 1944X 1946n "
    "1950a 19d0n 19daa 1a17M 1a1ea 1a7fM 1a80n 1aa0a 1ab0M 1b05a 1b34M 1b45a 1b50n 1b5aA 1b5ca "
    "1b5dA 1b61a 1b6bM 1b74a 1b7dA 1b80M 1b83a 1ba1M 1baea 1bb0n 1bbaa 1be6M 1bfca 1c24M 1c3bA "
    "1c40n 1c4da 1c50n 1c5aa 1c7eA 1c80a 1cd0M 1cd3a 1cd4M 1ce9a 1cedM 1ceea 1cf4M 1cf5a 1cf7M "
    "1cfaa 1dc0M 1e00a 1ffdb 1ffea 2000A 2007G 2008A 200bZ 200cM 200dJ 200eM 2010A 2011G 2012A "
    "2014B 2015a 2018Q 201aO 201bQ 201eO 201fQ 2020a 2024N 2027A 2028K 202aM 202fG 2030p 2038a "
    "2039Q 203ba 203cs 203ea 2044I 2045O 2046C 2047s 204aa 2056A 2057a 2058A 205ca 205dA 2060W "
    "2061a 2066M 2070a 207dO 207eC 207fa 208dO 208eC 2090a 20a0r 20a7p 20a8r 20b6p 20b7r 20bbp "
    "20bcr 20bep 20bfr 20c0p 20d0M 2100a 2103p 2104a 2109p 210aa 2116r 2117a 2212r 2214a 22efN "
    "22f0a 2308O 2309C 230aO 230bC 230ca 231ai 231ca 2329o 232aC 232ba 23f0i 23f4a 2600i 2604a "
    "2614i 2616a 2618i 2619a 261ai 261dE 261ei 2620a 2639i 263ca 2668i 2669a 267fi 2680a 26bdi "
    "26c9a 26cdi 26cea 26cfi 26d2a 26d3i 26d5a 26d8i 26daa 26dci 26dda 26dfi 26e2a 26eai 26eba "
    "26f1i 26f6a 26f7i 26f9E 26fai 26fba 26fdi 2705a 2708i 270aE 270ea 275bQ 2761a 2762X 2764i "
    "2765a 2768O 2769C 276aO 276bC 276cO 276dC 276eO 276fC 2770O 2771C 2772O 2773C 2774O 2775C "
    "2776a 27c5O 27c6C 27c7a 27e6O 27e7C 27e8O 27e9C 27eaO 27ebC 27ecO 27edC 27eeO 27efC 27f0a "
    "2983O 2984C 2985O 2986C 2987O 2988C 2989O 298aC 298bO 298cC 298dO 298eC 298fO 2990C 2991O "
    "2992C 2993O 2994C 2995O 2996C 2997O 2998C 2999a 29d8O 29d9C 29daO 29dbC 29dca 29fcO 29fdC "
    "29fea 2cefM 2cf2a 2cf9X 2cfaA 2cfda 2cfeX 2cffA 2d00a 2d70A 2d7fM 2d80a 2de0M 2e00Q 2e0eA "
    "2e16a 2e17A 2e18O 2e19A 2e1aa 2e1cQ 2e1ea 2e20Q 2e22O 2e23C 2e24O 2e25C 2e26O 2e27C 2e28O "
    "2e29C 2e2aA 2e2eX 2e2fa 2e30A 2e32a 2e33A 2e35a 2e3aB 2e3cA 2e3fa 2e40A 2e42O 2e43A 2e4ba "
    "2e4cA 2e4da 2e4eA 2e50a 2e53X 2e55O 2e56C 2e57O 2e58C 2e59O 2e5aC 2e5bO 2e5cC 2e5dA 2e80i "
    "3000A 3001C 3003i 3005s 3006i 3008o 3009C 300ao 300bC 300co 300dC 300eo 300fC 3010o 3011C "
    "3012i 3014o 3015C 3016o 3017C 3018o 3019C 301ao 301bC 301cs 301do 301eC 3020i 302aM 3030i "
    "3035M 3036i 303bs 303di 3041s 3042i 3043s 3044i 3045s 3046i 3047s 3048i 3049s 304ai 3063s "
    "3064i 3083s 3084i 3085s 3086i 3087s 3088i 308es 308fi 3095s 3099M 309bs 309fi 30a0s 30a2i "
    "30a3s 30a4i 30a5s 30a6i 30a7s 30a8i 30a9s 30aai 30c3s 30c4i 30e3s 30e4i 30e5s 30e6i 30e7s "
    "30e8i 30ees 30efi 30f5s 30f7i 30fbs 30ffi 31f0s 3200i 3248a 3250i 4dc0a 4e00i a015s a016i "
    "a4d0a a4feA a500a a60dA a60eX a60fA a610a a620n a62aa a66fM a673a a674M a67ea a69eM a6a0a "
    "a6f0M a6f2a a6f3A a700a a802M a803a a806M a807a a80bM a80ca a823M a828a a82cM a830a a838p "
    "a839a a874b a876X a880M a882a a8b4M a8ceA a8d0n a8e0M a8f2a a8fcb a8fda a8ffM a900n a90aa "
    "a926M a92eA a930a a947M a95fa a960L a980M a984a a9b3M a9c1a a9c7A a9caa a9d0n a9dea a9f0n "
    "a9faa aa29M aa40a aa43M aa44a aa4cM aa50n aa5ca aa5dA aa60a aaebM aaf0A aaf2a aaf5M ab01a "
    "abe3M abebA abecM abf0n d7b0V d7cbT e000a f900i fb00a fb1dh fb1eM fb1fh fb29a fb2ah fb50a "
    "fd3eC fd3fO fd40a fdfcp fdfda fe00M fe10I fe11C fe13I fe15X fe17o fe18C fe19N fe20M fe30i "
    "fe35o fe36C fe37o fe38C fe39o fe3aC fe3bo fe3cC fe3do fe3eC fe3fo fe40C fe41o fe42C fe43o "
    "fe44C fe45i fe47o fe48C fe49i fe50C fe51i fe52C fe54s fe56X fe58i fe59o fe5aC fe5bo fe5cC "
    "fe5do fe5eC fe5fi fe69r fe6ap fe6bi fe70a feffW ff01X ff02i ff04r ff05p ff06i ff08o ff09C "
    "ff0ai ff0cC ff0di ff0eC ff0fi ff1as ff1ci ff1fX ff20i ff3bo ff3ci ff3dC ff3ei ff5bo ff5ci "
    "ff5dC ff5ei ff5fo ff60C ff62o ff63C ff65s ff66i ff67s ff71i ff9es ffa0i ffe0p ffe1r ffe2i "
    "ffe5r ffe8a fff9M fffci fffda 10100A 10107a 101fdM 10280a 102e0M 102e1a 10376M 10380a "
    "1039fA 103a0a 103d0A 103d1a 104a0n 104b0a 10857A 10858a 1091fA 10920a 10a01M 10a10a 10a38M "
    "10a40a 10a50A 10a58a 10ae5M 10aeba 10af0A 10af6N 10b00a 10b39A 10b40a 10d24M 10d30n 10e60a "
    "10eabM 10eadA 10eb0a 10f46M 10f51a 10f82M 10f86a 11000M 11003a 11038M 11047A 11049a 11066n "
    "11070M 11071a 11073M 11075a 1107fM 11083a 110b0M 110bba 110beA 110c2M 110cda 110f0n 11100M "
    "11103a 11127M 11136n 11140A 11144a 11145M 11147a 11173M 11174a 11175b 11176a 11180M 11183a "
    "111b3M 111c1a 111c5A 111c7a 111c8A 111c9M 111cda 111ceM 111d0n 111daa 111dbb 111dca 111ddA "
    "111e1a 1122cM 11238A 1123aa 1123bA 1123da 1123eM 11280a 112a9A 112b0a 112dfM 112f0n 11300M "
    "11305a 1133bM 1133da 1133eM 11350a 11357M 1135da 11362M 11400a 11435M 11447a 1144bA 1144fa "
    "11450n 1145aA 1145da 1145eM 1145fa 114b0M 114c4a 114d0n 11580a 115afM 115c1b 115c2A 115c4X "
    "115c6a 115c9A 115d8a 115dcM 11600a 11630M 11641A 11643a 11650n 11660b 11680a 116abM 116b8a "
    "116c0n 11700a 11730n 1173aa 1173cA 1173fa 1182cM 1183ba 118e0n 118eaa 11930M 1193fa 11940M "
    "11941a 11942M 11944A 11950n 119a0a 119d1M 119e1a 119e2b 119e3a 119e4M 11a00a 11a01M 11a0ba "
    "11a33M 11a3aa 11a3bM 11a3fb 11a40a 11a41A 11a45b 11a46a 11a47M 11a50a 11a51M 11a5ca 11a8aM "
    "11a9aA 11a9da 11a9eb 11aa1A 11ab0a 11c2fM 11c40a 11c41A 11c50n 11c5aa 11c70b 11c71X 11c72a "
    "11c92M 11d00a 11d31M 11d46a 11d47M 11d50n 11d60a 11d8aM 11d98a 11da0n 11ee0a 11ef3M 11ef7a "
    "11fddp 11fe1a 11fffA 12000a 12470A 12480a 13258O 1325bC 1325ea 13282C 13283a 13286O 13287C "
    "13288O 13289C 1328aa 13379O 1337aC 1337ca 13430G 13437O 13438C 14400a 145ceO 145cfC 145d0a "
    "16a60n 16a6eA 16a70a 16ac0n 16ad0a 16af0M 16af5A 16b00a 16b30M 16b37A 16b3aa 16b44A 16b45a "
    "16b50n 16b5ba 16e97A 16e99a 16f4fM 16f50a 16f51M 16f93a 16fe0s 16fe4G 16ff0M 17000i 18b00a "
    "18d00i 1aff0a 1b000i 1b150s 1b170i 1bc00a 1bc9dM 1bc9fA 1bca0M 1cf50a 1d165M 1d16aa 1d16dM "
    "1d183a 1d185M 1d18ca 1d1aaM 1d1aea 1d242M 1d245a 1d7cen 1d800a 1da00M 1da37a 1da3bM 1da6da "
    "1da75M 1da76a 1da84M 1da85a 1da87A 1da8ba 1da9bM 1df00a 1e000M 1e100a 1e130M 1e137a 1e140n "
    "1e14ea 1e2aeM 1e2c0a 1e2ecM 1e2f0n 1e2ffr 1e7e0a 1e8d0M 1e900a 1e944M 1e94ba 1e950n 1e95eO "
    "1ec71a 1ecacp 1ecada 1ecb0p 1ecb1a 1f000i 1f100a 1f10di 1f110a 1f16di 1f170a 1f1adi 1f1e6R "
    "1f200i 1f385E 1f386i 1f39ca 1f39ei 1f3b5a 1f3b7i 1f3bca 1f3bdi 1f3c2E 1f3c5i 1f3c7E 1f3c8i "
    "1f3caE 1f3cdi 1f3fbe 1f400i 1f442E 1f444i 1f446E 1f451i 1f466E 1f479i 1f47cE 1f47di 1f481E "
    "1f484i 1f485E 1f488i 1f48fE 1f490i 1f491E 1f492i 1f4a0a 1f4a1i 1f4a2a 1f4a3i 1f4a4a 1f4a5i "
    "1f4aaE 1f4abi 1f4afa 1f4b0i 1f4b1a 1f4b3i 1f500a 1f507i 1f517a 1f525i 1f532a 1f54ai 1f574E "
    "1f576i 1f57aE 1f57bi 1f590E 1f591i 1f595E 1f597i 1f5d4a 1f5dci 1f5f4a 1f5fai 1f645E 1f648i "
    "1f64bE 1f650a 1f676Q 1f679s 1f67ca 1f680i 1f6a3E 1f6a4i 1f6b4E 1f6b7i 1f6c0E 1f6c1i 1f6ccE "
    "1f6cdi 1f700a 1f7d5i 1f800a 1f8b0i 1f900a 1f90cE 1f90di 1f90fE 1f910i 1f918E 1f920i 1f926E "
    "1f927i 1f930E 1f93ai 1f93cE 1f93fi 1f977E 1f978i 1f9b5E 1f9b7i 1f9b8E 1f9bai 1f9bbE 1f9bci "
    "1f9cdE 1f9d0i 1f9d1E 1f9dei 1fa00a 1fa60i 1fac3E 1fad0i 1faf0E 1fb00a 1fbf0n 20000i 2fffea "
    "30000i 40000a e0001M e1000a "
)
_WIDTH_TABLE = (
    "00 201 7f0 a01 ad0 ae1 3000 3701 4830 48a1 5910 5be1 5bf0 5c01 5c10 5c31 5c40 5c61 5c70 "
    "5d01 6000 6061 6100 61b1 61c0 61d1 64b0 6601 6700 6711 6d60 6de1 6df0 6e51 6e70 6e91 6ea0 "
    "6ee1 70f0 7101 7110 7121 7300 74d1 7a60 7b11 7eb0 7f41 7fd0 7fe1 8160 81a1 81b0 8241 8250 "
    "8281 8290 8301 8590 85e1 8900 8a01 8ca0 9031 93a0 93b1 93c0 93d1 9410 9491 94d0 94e1 9510 "
    "9581 9620 9641 9810 9821 9bc0 9bd1 9c10 9c71 9cd0 9ce1 9e20 9e61 9fe0 a031 a3c0 a3e1 a410 "
    "a591 a700 a721 a750 a761 a810 a831 abc0 abd1 ac10 ac91 acd0 ad01 ae20 ae61 afa0 b021 b3c0 "
    "b3d1 b3f0 b401 b410 b471 b4d0 b571 b620 b661 b820 b831 bc00 bc11 bcd0 bd01 c000 c011 c040 "
    "c051 c3c0 c3d1 c3e0 c411 c460 c581 c620 c661 c810 c821 cbc0 cbd1 ccc0 cd51 ce20 ce61 d000 "
    "d021 d3b0 d3d1 d410 d461 d4d0 d4e1 d620 d661 d810 d821 dca0 dcf1 dd20 dd81 e310 e321 e340 "
    "e3f1 e470 e4f1 eb10 eb21 eb40 ebd1 ec80 ed01 f180 f1a1 f350 f361 f370 f381 f390 f3a1 f710 "
    "f7f1 f800 f851 f860 f881 f8d0 fbe1 fc60 fc71 102d0 10311 10320 10381 10390 103b1 103d0 "
    "103f1 10580 105a1 105e0 10611 10710 10751 10820 10831 10850 10871 108d0 108e1 109d0 109e1 "
    "11002 11600 12001 135d0 13601 17120 17151 17320 17341 17520 17601 17720 17801 17b40 17b61 "
    "17b70 17be1 17c60 17c71 17c90 17d41 17dd0 17e01 180b0 18101 18850 18871 18a90 18aa1 19200 "
    "19231 19270 19291 19320 19331 19390 19401 1a170 1a191 1a1b0 1a1e1 1a560 1a571 1a580 1a611 "
    "1a620 1a631 1a650 1a6d1 1a730 1a801 1ab00 1b041 1b340 1b351 1b360 1b3b1 1b3c0 1b3d1 1b420 "
    "1b431 1b6b0 1b741 1b800 1b821 1ba20 1ba61 1ba80 1baa1 1bab0 1bae1 1be60 1be71 1be80 1bea1 "
    "1bed0 1bee1 1bef0 1bf21 1c2c0 1c341 1c360 1c3b1 1cd00 1cd31 1cd40 1ce11 1ce20 1ce91 1ced0 "
    "1cee1 1cf40 1cf51 1cf80 1cfa1 1dc00 1e001 200b0 20101 202a0 202f1 20600 20701 20d00 21001 "
    "231a2 231c1 23292 232b1 23e92 23ed1 23f02 23f11 23f32 23f41 25fd2 25ff1 26142 26161 26482 "
    "26541 267f2 26801 26932 26941 26a12 26a21 26aa2 26ac1 26bd2 26bf1 26c42 26c61 26ce2 26cf1 "
    "26d42 26d51 26ea2 26eb1 26f22 26f41 26f52 26f61 26fa2 26fb1 26fd2 26fe1 27052 27061 270a2 "
    "270c1 27282 27291 274c2 274d1 274e2 274f1 27532 27561 27572 27581 27952 27981 27b02 27b11 "
    "27bf2 27c01 2b1b2 2b1d1 2b502 2b511 2b552 2b561 2cef0 2cf21 2d7f0 2d801 2de00 2e001 2e802 "
    "302a0 302e2 303f1 30412 30990 309b2 32481 32502 4dc01 4e002 a4d01 a66f0 a6731 a6740 a67e1 "
    "a69e0 a6a01 a6f00 a6f21 a8020 a8031 a8060 a8071 a80b0 a80c1 a8250 a8271 a82c0 a8301 a8c40 "
    "a8ce1 a8e00 a8f21 a8ff0 a9001 a9260 a92e1 a9470 a9521 a9602 a9800 a9831 a9b30 a9b41 a9b60 "
    "a9ba1 a9bc0 a9be1 a9e50 a9e61 aa290 aa2f1 aa310 aa331 aa350 aa401 aa430 aa441 aa4c0 aa4d1 "
    "aa7c0 aa7d1 aab00 aab11 aab20 aab51 aab70 aab91 aabe0 aac01 aac10 aac21 aaec0 aaee1 aaf60 "
    "ab011 abe50 abe61 abe80 abe91 abed0 abf01 ac002 d7b00 e0001 f9002 fb001 fb1e0 fb1f1 fe000 "
    "fe102 fe200 fe302 fe701 feff0 ff012 ff611 ffe02 ffe81 fff90 fffc1 101fd0 102801 102e00 "
    "102e11 103760 103801 10a010 10a101 10a380 10a401 10ae50 10aeb1 10d240 10d301 10eab0 10ead1 "
    "10f460 10f511 10f820 10f861 110010 110021 110380 110471 110700 110711 110730 110751 1107f0 "
    "110821 110b30 110b71 110b90 110bb1 110bd0 110be1 110c20 110d01 111000 111031 111270 1112c1 "
    "1112d0 111361 111730 111741 111800 111821 111b60 111bf1 111c90 111cd1 111cf0 111d01 1122f0 "
    "112321 112340 112351 112360 112381 1123e0 112801 112df0 112e01 112e30 112f01 113000 113021 "
    "1133b0 1133d1 113400 113411 113660 114001 114380 114401 114420 114451 114460 114471 1145e0 "
    "1145f1 114b30 114b91 114ba0 114bb1 114bf0 114c11 114c20 114c41 115b20 115b81 115bc0 115be1 "
    "115bf0 115c11 115dc0 116001 116330 1163b1 1163d0 1163e1 1163f0 116411 116ab0 116ac1 116ad0 "
    "116ae1 116b00 116b61 116b70 116b81 1171d0 117201 117220 117261 117270 117301 1182f0 118381 "
    "118390 1183b1 1193b0 1193d1 1193e0 1193f1 119430 119441 119d40 119dc1 119e00 119e11 11a010 "
    "11a071 11a090 11a0b1 11a330 11a391 11a3b0 11a3f1 11a470 11a501 11a510 11a571 11a590 11a5c1 "
    "11a8a0 11a971 11a980 11a9a1 11c300 11c3e1 11c920 11ca91 11caa0 11cb11 11cb20 11cb41 11cb50 "
    "11d001 11d310 11d461 11d470 11d501 11d900 11d931 11d950 11d961 11d970 11d981 11ef30 11ef51 "
    "134300 144001 16af00 16af51 16b300 16b371 16f4f0 16f501 16f8f0 16f931 16fe02 16fe40 16ff02 "
    "1bc001 1bc9d0 1bc9f1 1bca00 1cf501 1d1670 1d16a1 1d1730 1d1831 1d1850 1d18c1 1d1aa0 1d1ae1 "
    "1d2420 1d2451 1da000 1da371 1da3b0 1da6d1 1da750 1da761 1da840 1da851 1da9b0 1df001 1e0000 "
    "1e1001 1e1300 1e1371 1e2ae0 1e2c01 1e2ec0 1e2f01 1e8d00 1e9001 1e9440 1e94b1 1f0042 1f0051 "
    "1f0cf2 1f0d11 1f18e2 1f18f1 1f1912 1f19b1 1f2002 1f3211 1f32d2 1f3361 1f3372 1f37d1 1f37e2 "
    "1f3941 1f3a02 1f3cb1 1f3cf2 1f3d41 1f3e02 1f3f11 1f3f42 1f3f51 1f3f82 1f43f1 1f4402 1f4411 "
    "1f4422 1f4fd1 1f4ff2 1f53e1 1f54b2 1f54f1 1f5502 1f5681 1f57a2 1f57b1 1f5952 1f5971 1f5a42 "
    "1f5a51 1f5fb2 1f6501 1f6802 1f6c61 1f6cc2 1f6cd1 1f6d02 1f6d31 1f6d52 1f6e01 1f6eb2 1f6f01 "
    "1f6f42 1f7001 1f7e02 1f8001 1f90c2 1f93b1 1f93c2 1f9461 1f9472 1fa001 1fa702 1fb001 200002 "
    "400001 e00010 "
)
# Rule between the last non-space class (row) and the next class (column): D break, I break only
# after spaces, P never. Rows M, S and Z are never consulted (marks attach, spaces and ZW are
# handled in _opportunities) but are kept as probed.
_PAIR_COLUMNS = 'MWZGSBAbYCPXNsOQInprya23iLVTREeJho'
_PAIR_ROWS = {
    'M': 'IPPIPDIDIPPPIIIIPIIIPIDDDDDDDDDIID',  # CM
    'W': 'IPPIPIIIIPPPIIIIPIIIPIIIIIIIIIIIII',  # WJ
    'Z': 'DDPDPDDDDDDDDDDDDDDDDDDDDDDDDDDDDD',  # ZW
    'G': 'IPPIPIIIIPPPIIIIPIIIPIIIIIIIIIIIII',  # GL
    'S': 'DPPDPDDDDPPPDDDDPDDDPDDDDDDDDDDDDD',  # SP
    'B': 'IPPIPPIDIPPPIIDIPDDDPDDDDDDDDDDIDD',  # B2
    'A': 'IPPDPDIDIPPPIIDIPDDDPDDDDDDDDDDIDD',  # BA
    'b': 'IPPIPIIIIPPPIIIIPIIIPIIIIIIIIIIIII',  # BB
    'Y': 'IPPDPDIDIPPPIIDIPIDDPDDDDDDDDDDIDD',  # HY
    'C': 'IPPIPDIDIPPPIPDIPDIIPDDDDDDDDDDIDD',  # CL
    'P': 'IPPIPDIDIPPPIIDIPIIIPIDDDDDDDDDIID',  # CP
    'X': 'IPPIPDIDIPPPIIDIPDDDPDDDDDDDDDDIDD',  # EX
    'N': 'IPPIPDIDIPPPIIDIPDDDPDDDDDDDDDDIDD',  # IN
    's': 'IPPIPDIDIPPPIIDIPDDDPDDDDDDDDDDIDD',  # NS
    'O': 'IPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPIPP',  # OP
    'Q': 'IPPIPIIIIPPPIIPIPIIIPIIIIIIIIIIIIP',  # QU
    'I': 'IPPIPDIDIPPPIIDIPIDDPDDDDDDDDDDIDD',  # IS
    'n': 'IPPIPDIDIPPPIIIIPIIIPIDDDDDDDDDIID',  # NU
    'p': 'IPPIPDIDIPPPIIIIPIDDPIDDDDDDDDDIII',  # PO
    'r': 'IPPIPDIDIPPPIIIIPIDDPIIIIIIIDIIIII',  # PR
    'y': 'IPPIPDIDIPPPIIDIPIDDPDDDDDDDDDDIID',  # SY
    'a': 'IPPIPDIDIPPPIIIIPIIIPIDDDDDDDDDIID',  # AL
    '2': 'IPPIPDIDIPPPIIDIPDIDPDDDDDIIDDDIDD',  # H2
    '3': 'IPPIPDIDIPPPIIDIPDIDPDDDDDDIDDDIDD',  # H3
    'i': 'IPPIPDIDIPPPIIDIPDIDPDDDDDDDDDDIDD',  # ID
    'L': 'IPPIPDIDIPPPIIDIPDIDPDIIDIIDDDDIDD',  # JL
    'V': 'IPPIPDIDIPPPIIDIPDIDPDDDDDIIDDDIDD',  # JV
    'T': 'IPPIPDIDIPPPIIDIPDIDPDDDDDDIDDDIDD',  # JT
    'R': 'IPPIPDIDIPPPIIDIPDDDPDDDDDDDIDDIDD',  # RI
    'E': 'IPPIPDIDIPPPIIDIPDIDPDDDDDDDDDIIDD',  # EB
    'e': 'IPPIPDIDIPPPIIDIPDIDPDDDDDDDDDDIDD',  # EM
    'J': 'IPPIPIIIIPPPIIIIPIIIPIIIIIIIIIIIII',  # ZWJ
    'h': 'IPPIPDIDIPPPIIIIPIIIPIDDDDDDDDDIID',  # HL
    'o': 'IPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPIPP',  # OW
}
_PAIR_COLUMN = {c: i for i, c in enumerate(_PAIR_COLUMNS)}
_CLASSES = _CharTable(_BREAK_CLASS_TABLE, hangul=True)
_WIDTHS = _CharTable(_WIDTH_TABLE, hangul=False)
_ORDINARY: set[str] = set()  # characters known to be in no _SPECIAL class
_ONE_COLUMN: set[str] = set()  # characters known to be one column wide
_PAIRS = {left + right: row[_PAIR_COLUMN[right]] for left, row in _PAIR_ROWS.items() for right in _PAIR_COLUMNS}
