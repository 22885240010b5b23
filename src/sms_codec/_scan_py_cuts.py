"""Where the parts of a body end: the greedy fill of GSM-7 and UCS-2 parts, part of the
kernels' specification (:mod:`sms_codec._scan_py` calls these for ``gsm_part_ends``,
``ucs2_part_ends`` and ``default_analysis``).

Both work on whole-string forms made once per body, so a part costs a few C calls, not
a Python step per character: for GSM-7 the escape marks (one byte a character, 1 when
the character needs the escape, as :func:`gsm_marks` of ``_scan_py`` makes them), for
UCS-2 the UTF-16-LE encoding.
"""

from __future__ import annotations

import codecs

from ._grapheme_rules import BMP_JOINERS, ClusterCuts, find_bmp_joiner

__all__ = ["gsm_fill", "ucs2_fill", "ucs2_whole"]


def gsm_fill(marks: bytes, capacity: int) -> tuple[list[int], int]:
    """Greedy GSM-7 parts of ``capacity`` septets over the escape marks of a body (one
    byte a character, 1 when it costs 2 septets): (end index of each part, last part's
    septets). An escaped character is never split across parts; ``capacity`` >= 2.

    >>> gsm_fill(bytes([0, 0, 1]), 3), gsm_fill(bytes(5), 2)
    (([2, 3], 2), ([2, 4, 5], 1))
    """
    length = len(marks)
    count = marks.count
    ends: list[int] = []
    start = 0
    while True:
        # The characters start..stop hold `escaped` escapes: without that many at the
        # end, the rest surely fits; then the part grows into the septets left (`room`).
        stop = start + capacity
        if stop < length:
            escaped = count(1, start, stop)
            end = stop - escaped
            room = count(1, end, stop) if escaped else 0
        else:
            last = length - start + count(1, start)
            if last <= capacity:
                ends.append(length)
                return ends, last
            end = length - (last - (length - start))
            room = capacity - (end - start) - count(1, start, end)
        while room and end < length:  # the dropped tail held escapes
            if room < 4:  # a septet or three: character by character
                if marks[end] >= room:  # an escaped character needs two
                    break
                room -= 1 + marks[end]
                end += 1
                continue
            size = min(room, length - end)
            escaped = count(1, end, end + size)
            # Taking `room - escaped` characters, or half the room, surely fits: the room
            # at least halves each round.
            take = size if size + escaped <= room else max(room - escaped, room >> 1)
            room -= take + count(1, end, end + take)
            end += take
        ends.append(end)
        start = end


def ucs2_whole(body: str, total: int, capacity: int) -> bool:
    """Whether parts of exactly ``capacity`` code units cut ``body`` (``total`` units) at
    cluster boundaries: it has no astral character and none of its cuts stands next to
    a joiner-class character.

    >>> ucs2_whole("abcd", 4, 2), ucs2_whole("ae\\u0301d", 4, 2), ucs2_whole("a😀", 3, 2)
    (True, False, False)
    """
    # The characters before and after every cut, tested in one search.
    return total == len(body) and find_bmp_joiner(
        body[capacity - 1:total - 1:capacity] + body[capacity:total:capacity]
    ) is None


# The high octet of a UTF-16 unit -> 1 when the unit leads a surrogate pair (D800-DBFF).
_LEADS = bytes(0xD8) + b"\x01" * 4 + bytes(0x24)


def ucs2_fill(body: str, data: bytes, capacity: int) -> tuple[list[int], int]:
    """Greedy UCS-2 parts of ``capacity`` units of ``body`` (``data`` its UTF-16-LE
    encoding): (end index of each part, last part's units), as ``ucs2_part_ends`` says;
    :func:`ucs2_whole` tells when the cuts are all at multiples of ``capacity``.

    >>> ucs2_fill("ab😀", "ab😀".encode("utf-16-le"), 3)
    ([2, 3], 2)
    """
    total = len(data) >> 1
    # leads[u] == 1 when unit u leads a pair: units start..cut hold that many code
    # points fewer than units.
    leads = data[1::2].translate(_LEADS) if total != len(body) else None
    clusters: ClusterCuts | None = None
    ends: list[int] = []
    start = 0  # code unit offset of the current part
    index = 0  # code point index of the current part
    while total - start > capacity:
        cut = start + capacity
        count = capacity
        if leads is not None:
            if leads[cut - 1]:  # the cut would split a pair
                cut -= 1
            count = cut - start - leads.count(1, start, cut)
        at = index + count
        # A cut with no joiner-class character either side is a boundary (joins_at).
        before, after = ord(body[at - 1]), ord(body[at])
        if before > 0xFFFF or after > 0xFFFF or BMP_JOINERS[before] or BMP_JOINERS[after]:
            if clusters is None:
                clusters = ClusterCuts(body)
            cluster = clusters.around(at)
            if cluster is not None:  # the cut is inside the cluster body[first:after]
                first, after = cluster
                # More than `capacity` code points are more than `capacity` units.
                span = body[first:min(after, first + capacity + 1)]
                if len(codecs.utf_16_le_encode(span)[0]) >> 1 <= capacity:
                    count = first - index
                    cut = start + (len(codecs.utf_16_le_encode(body[index:first])[0]) >> 1)
        index += count
        ends.append(index)
        start = cut
    ends.append(len(body))
    return ends, total - start
