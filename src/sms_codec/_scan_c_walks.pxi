# Included by _scan_c.pyx (one extension module, split for reading); its names are the module's.
# ---------------------------------------------------------------------------------------
# Walks, one per string kind.

cdef enum:
    BLOCK = 16  # code points per block of a walk: a fixed trip count the compiler unrolls


cdef inline unsigned int _block(const uchar *s, const unsigned char *pair,
                                unsigned int *missing) noexcept nogil:
    """Escaped characters among the BLOCK code points at ``s``; ``missing`` gets how many
    have no code. Branch-free: the bytes are summed, never tested one by one."""
    cdef Py_ssize_t j
    cdef unsigned int escaped = 0, none = 0, sums = 0
    cdef unsigned char b
    cdef Py_UCS4 cp
    if pair == NULL:  # tested once per block, not per code point
        for j in range(BLOCK):
            cp = s[j]
            sums += _default_cost[cp if cp < BMP else 0]
        missing[0] = sums // NO_CODE
        return sums % NO_CODE
    else:
        for j in range(BLOCK):
            b = _byte(pair, s[j])
            escaped += b >> 7
            none += b == 0
    missing[0] = none
    return escaped


cdef Py_ssize_t _walk(const uchar *s, Py_ssize_t n, const unsigned char *pair,
                      Py_ssize_t *stop, unsigned char *blocks=NULL) noexcept nogil:
    """Escaped characters of ``s``; ``stop`` gets ``n`` when every character has a code,
    else the start of the first block that holds one with none (and the count so far).

    With ``blocks`` (room for ``n // BLOCK + 1``), the escaped characters of each block
    ``k`` (``s[k * BLOCK:(k + 1) * BLOCK]``) go to ``blocks[k]``.
    """
    cdef Py_ssize_t k, full = n // BLOCK, escapes = 0, i
    cdef unsigned int escaped, missing = 0
    cdef unsigned char b
    for k in range(full):
        escaped = _block(s + k * BLOCK, pair, &missing)
        if missing:
            stop[0] = k * BLOCK
            return escapes
        if blocks != NULL:
            blocks[k] = <unsigned char>escaped
        escapes += escaped
    escaped = 0
    for i in range(full * BLOCK, n):
        b = _byte(pair, s[i])
        if b == 0:
            stop[0] = full * BLOCK
            return escapes
        escaped += b >> 7
    if blocks != NULL:
        blocks[full] = <unsigned char>escaped
    stop[0] = n
    return escapes + escaped


cdef Py_ssize_t _walk_at(const uchar *s, Py_ssize_t n, const unsigned char *pair,
                         Py_ssize_t *stop, Py_ssize_t *at, Py_ssize_t room) noexcept nogil:
    """Escaped characters of ``s``; ``stop`` gets the first index with no code, or ``n``
    (one code point at a time: the Arrow rows' walk, which needs their indexes).

    The indexes of the first ``room`` escaped characters go to ``at``.
    """
    cdef Py_ssize_t i, escapes = 0
    cdef unsigned char b
    for i in range(n):
        b = _byte(pair, s[i])
        if b == 0:
            stop[0] = i
            return escapes
        if escapes < room:  # kept only when b is escaped: the next one overwrites it
            at[escapes] = i
        escapes += b >> 7
    stop[0] = n
    return escapes


cdef Py_ssize_t _gsm_fill_at(Py_ssize_t n, const Py_ssize_t *at, Py_ssize_t count,
                             Py_ssize_t capacity, Py_ssize_t *last) noexcept nogil:
    """Greedy GSM-7 parts from the escaped indexes alone: runs between them in O(parts)."""
    cdef Py_ssize_t parts = 1, used = 0, pos = 0, gap, k, room
    for k in range(count + 1):
        gap = (at[k] if k < count else n) - pos
        room = capacity - used
        if gap > room:  # the run overflows: whole parts of it, then the rest
            gap -= room
            parts += (gap + capacity - 1) // capacity
            used = gap - ((gap - 1) // capacity) * capacity
        else:
            used += gap
        if k == count:
            break
        if used + 2 > capacity:
            parts += 1
            used = 0
        used += 2
        pos = at[k] + 1
    last[0] = used
    return parts


cdef Py_ssize_t _gsm_cut(const uchar *s, Py_ssize_t n, const unsigned char *pair,
                         Py_ssize_t capacity, Py_ssize_t *ends, Py_ssize_t *last,
                         const unsigned char *blocks=NULL) noexcept nogil:
    """Greedy GSM-7 parts of an encodable ``s``: parts; their ends to ``ends`` unless NULL
    (room for ``n + 1``: a part holds at least one character, as ``capacity >= 2``).

    With the ``blocks`` of :func:`_walk`, a block that fits the room left is taken whole:
    no cut can fall inside it, so only the blocks that hold a cut are walked.
    """
    cdef Py_ssize_t i, used = 0, parts = 1, size, start = 0, end, cost
    while start < n:
        end = start + BLOCK if n - start > BLOCK else n
        if blocks != NULL:
            cost = end - start + blocks[start // BLOCK]
            if used + cost <= capacity:
                used += cost
                start = end
                continue
        for i in range(start, end):
            size = 1 + (_byte(pair, s[i]) >> 7)
            if used + size > capacity:
                if ends != NULL:
                    ends[parts - 1] = i
                parts += 1
                used = 0
            used += size
        start = end
    if ends != NULL:
        ends[parts - 1] = n
    last[0] = used
    return parts


cdef list _ends_list(const Py_ssize_t *ends, Py_ssize_t parts):
    cdef Py_ssize_t k
    return [ends[k] for k in range(parts)]


cdef Py_ssize_t _gsm_fill(const uchar *s, Py_ssize_t n, const unsigned char *pair,
                          Py_ssize_t capacity, list ends, Py_ssize_t *last,
                          const unsigned char *blocks=NULL) except -1:
    """Greedy GSM-7 parts of an encodable ``s``: parts; ends appended to ``ends`` if given."""
    if ends is None:
        return _gsm_cut(s, n, pair, capacity, NULL, last, blocks)
    cdef Py_ssize_t *found = <Py_ssize_t *>malloc((n + 1) * sizeof(Py_ssize_t))
    if found == NULL:
        raise MemoryError()
    cdef Py_ssize_t parts = _gsm_cut(s, n, pair, capacity, found, last, blocks)
    try:
        ends.extend(_ends_list(found, parts))
    finally:
        free(found)
    return parts


cdef Py_ssize_t _first_surrogate(const uchar *s, Py_ssize_t start, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    if uchar is not Py_UCS1:
        for i in range(start, n):
            if 0xD800 <= s[i] <= 0xDFFF:
                return i
    return -1


cdef enum:
    # Code points per 32-bit partial sum: 32-bit lanes vectorise four times as wide as
    # Py_ssize_t ones (a str may be longer than 2**32).
    SUM_CHUNK = 1 << 30


cdef Py_ssize_t _astral(const uchar *s, Py_ssize_t start, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i, count = 0, end
    cdef unsigned int part
    if uchar is Py_UCS4:
        while start < n:
            end = start + SUM_CHUNK if n - start > SUM_CHUNK else n
            part = 0
            for i in range(start, end):
                part += s[i] >= BMP
            count += part
            start = end
    return count


cdef int _raise_surrogate(str body, Py_ssize_t index) except -1:
    raise InvalidBodyError(f"lone surrogate U+{ord(body[index]):04X}", index=index)


# ---------------------------------------------------------------------------------------
# Extended grapheme clusters (UAX #29 GB3-GB13 and regex's GB9c), one forward pass: the
# state carries what the rules look back on, as in the specification's _grapheme_rules.boundaries.

cdef struct Graphemes:
    unsigned char prev     # property byte of the last code point consumed
    unsigned char ri_odd   # it ends an odd run of regional indicators
    unsigned char emoji    # 1: ExtPict Extend* ends there, 2: and then a ZWJ
    unsigned char conjunct # InCB Linker [InCB Extend or Linker]* ends there


cdef inline void _g_start(Graphemes *g, unsigned char first) noexcept nogil:
    g.prev = first
    g.ri_odd = (first & 0xF) == G_RI
    g.emoji = 1 if first & G_PICTO else 0
    g.conjunct = (first & G_INCB) == G_LINKER


cdef inline bint _g_step(Graphemes *g, unsigned char cur) noexcept nogil:
    """Consume a code point of property byte ``cur``: whether a cluster ends before it."""
    cdef unsigned char before = g.prev & 0xF, after = cur & 0xF, incb = cur & G_INCB
    cdef bint keep
    if before == G_CR and after == G_LF:  # GB3
        keep = True
    elif (G_CR <= before <= G_CONTROL) or (G_CR <= after <= G_CONTROL):  # GB4, GB5
        keep = False
    elif before == G_L:  # GB6
        keep = after == G_L or after == G_V or after == G_LV or after == G_LVT
    elif before == G_LV or before == G_V:  # GB7
        keep = after == G_V or after == G_T
    elif before == G_LVT or before == G_T:  # GB8
        keep = after == G_T
    else:
        keep = False
    if not keep and not (G_CR <= before <= G_CONTROL) and not (G_CR <= after <= G_CONTROL):
        keep = (after == G_EXTEND or after == G_ZWJ or after == G_SPACING  # GB9, GB9a
                or before == G_PREPEND  # GB9b
                or (g.conjunct and incb == G_CONSONANT)  # GB9c
                or (g.emoji == 2 and (cur & G_PICTO) != 0)  # GB11
                or (g.ri_odd and after == G_RI))  # GB12, GB13
    g.ri_odd = after == G_RI and not (g.ri_odd and before == G_RI)
    if cur & G_PICTO:
        g.emoji = 1
    elif g.emoji == 1 and after == G_EXTEND:
        g.emoji = 1
    elif g.emoji == 1 and after == G_ZWJ:
        g.emoji = 2
    else:
        g.emoji = 0
    if incb == G_LINKER:
        g.conjunct = 1
    elif not (g.conjunct and incb == G_INCB_EXTEND):
        g.conjunct = 0
    g.prev = cur
    return not keep


def grapheme_ends(body):
    """Code point indexes where the extended grapheme clusters of ``body`` end (UAX #29)."""
    if type(body) is not str:
        return _spec.grapheme_ends(body)
    SMS_READY(body)
    cdef Py_ssize_t n = len(<str>body), i
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    cdef list ends = []
    cdef Graphemes g
    if n == 0:
        return ends
    _g_start(&g, _gprop[SMS_READ(kind, data, 0)])
    for i in range(1, n):
        if _g_step(&g, _gprop[SMS_READ(kind, data, i)]):
            ends.append(i)
    ends.append(n)
    return ends


# ---------------------------------------------------------------------------------------
# UCS-2 parts: the specification's cut-then-adjust walk. Each part is first cut after the
# most whole code points that fit; when the cut falls inside an extended grapheme cluster
# that fits a part, the cut moves back to the cluster's start. A boundary with no
# joiner-class character on either side is certain, so clusters are looked at only when a
# side of the cut is one: then one forward pass (resumed from where it stopped, never
# rescanning) gives the start of the cluster before the cut, and a look ahead of at most
# `capacity` units from a copy of its state tells whether that cluster fits a part.

cdef inline Py_ssize_t _units(int kind, const void *data, Py_ssize_t a, Py_ssize_t b) noexcept nogil:
    if kind == 4:
        return b - a + _astral(<const Py_UCS4 *>data, a, b)
    return b - a


cdef Py_ssize_t _ucs2_parts(str body, Py_ssize_t capacity, list ends, Py_ssize_t *last,
                            Py_ssize_t total_units=-1) except -1:
    """UCS-2 parts of a surrogate-free ``body``: parts; ends appended to ``ends`` if given."""
    cdef Py_ssize_t n = len(body)
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    if ends is None:
        return _ucs2_cut(kind, data, n, capacity, NULL, last, total_units)
    cdef Py_ssize_t *found = <Py_ssize_t *>malloc((n + 1) * sizeof(Py_ssize_t))
    if found == NULL:
        raise MemoryError()
    cdef Py_ssize_t parts = _ucs2_cut(kind, data, n, capacity, found, last, total_units)
    try:
        ends.extend(_ends_list(found, parts))
    finally:
        free(found)
    return parts


cdef Py_ssize_t _ucs2_cut(int kind, const void *data, Py_ssize_t n, Py_ssize_t capacity,
                          Py_ssize_t *ends, Py_ssize_t *last,
                          Py_ssize_t total_units) noexcept nogil:
    """UCS-2 parts of ``n`` surrogate-free code points of ``kind`` at ``data``: parts; their
    ends to ``ends`` unless NULL (room for ``n + 1``: a part holds at least one code point)."""
    cdef Py_ssize_t total = _units(kind, data, 0, n) if total_units < 0 else total_units
    cdef Py_ssize_t parts = 1, start = 0, index = 0, cut, count, j, used, size, first, at
    cdef Py_ssize_t scanned = 0, begin = 0  # code points consumed by `main`; its cluster start
    cdef Py_ssize_t restart, low
    cdef Graphemes main, ahead
    while total - start > capacity:
        if kind != 4:
            count = capacity
            cut = start + capacity
        else:
            # The most code points from `index` that fit: room // 2 more of them always
            # fit (two units at most each), counted by a vectorised sum, until one unit
            # of room is left. Never past n: more than `capacity` units remain after
            # `index`, so more than (capacity - used) // 2 code points remain after j.
            j = index
            used = 0
            while capacity - used >= 2:
                size = (capacity - used) // 2
                used += size + _astral(<const Py_UCS4 *>data, j, j + size)
                j += size
            if used < capacity and (<const Py_UCS4 *>data)[j] < BMP:
                used += 1
                j += 1
            count = j - index
            cut = start + used
        at = index + count  # 0 < at < n
        if (_gprop[SMS_READ(kind, data, at)] | _gprop[SMS_READ(kind, data, at - 1)]) & G_JOINER:
            # Between two non-joiners a boundary is certain and the state starts afresh:
            # the pass restarts at the last such boundary it has not passed, looking back
            # no further than where it stopped, so no code point is looked at twice.
            restart = at - 1
            low = scanned if scanned > 1 else 1
            while restart >= low and (_gprop[SMS_READ(kind, data, restart)]
                                      | _gprop[SMS_READ(kind, data, restart - 1)]) & G_JOINER:
                restart -= 1
            if restart >= low:
                _g_start(&main, _gprop[SMS_READ(kind, data, restart)])
                begin = restart
                scanned = restart + 1
            elif scanned == 0:
                _g_start(&main, _gprop[SMS_READ(kind, data, 0)])
                scanned = 1
            while scanned < at:  # `at` only grows from one cut to the next
                if _g_step(&main, _gprop[SMS_READ(kind, data, scanned)]):
                    begin = scanned
                scanned += 1
            ahead = main
            # Inside a cluster that starts at `begin`. One that starts at or before the
            # part (index) is more than a part: the cut at `index` was inside it too, or
            # it holds every code point of this part and the one after.
            if not _g_step(&ahead, _gprop[SMS_READ(kind, data, at)]) and begin > index:
                used = _units(kind, data, begin, at + 1)  # <= capacity + 1: begin > index
                j = at + 1
                while j < n and used <= capacity:
                    if _g_step(&ahead, _gprop[SMS_READ(kind, data, j)]):
                        break
                    used += 2 if SMS_READ(kind, data, j) >= BMP else 1
                    j += 1
                if used <= capacity:
                    cut = start + _units(kind, data, index, begin)
                    count = begin - index
        index += count
        if ends != NULL:
            ends[parts - 1] = index
        parts += 1
        start = cut
    if ends != NULL:
        ends[parts - 1] = n
    last[0] = total - start
    return parts
