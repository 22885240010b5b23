# Included by _scan_c.pyx (one extension module, split for reading); its names are the module's.
# ---------------------------------------------------------------------------------------
# The national table pair (rule 4), every allowed locking table in one pass: per character
# id, one row of 16 lanes (one per NLI) says whether locking table L lacks it and, if so,
# which single tables hold it. A lane is a 16-bit field, four to a 64-bit word, so the
# walk adds and ANDs a row in 8 word operations, whatever the number of languages.

cdef enum:
    LANES = 16
    NATIONAL_CHUNK = 4096  # code points per flush of the 16-bit lane counters

ctypedef unsigned long long u64
# Lane L of a row is bits 16 * (L % 4) .. of word L // 4 (4 words a row, one row an id).
# One 64-byte row an id, both halves in one cache line: 4 words of _lock_out, then 4 of
# _lock_and (ROW words apart from one id to the next).
cdef enum:
    ROW = 8
cdef u64 *_lock_out = NULL  # lane: 1 when locking table L lacks the character
cdef u64 *_lock_and = NULL  # lane: 0xFFFF when L holds it, else the single tables
                            # (bit n: NLI n) that hold it
cdef unsigned int _locking_lanes = 0   # bit L for every NLI with a locking table


cdef int _init_national() except -1:
    global _lock_out, _lock_and, _locking_lanes
    if _nli_count > LANES:
        raise RuntimeError("more national languages than the lanes of national_choice")
    cdef Py_ssize_t words = (_id_count + 1) * ROW, ident
    cdef int lane
    cdef u64 out, held
    cdef const unsigned char *pair
    cdef u64 *rows = <u64 *>PyMem_Malloc((words + ROW) * sizeof(u64))
    if rows == NULL:
        raise MemoryError()
    _lock_out = rows + (ROW - (<size_t>rows // sizeof(u64)) % ROW) % ROW  # 64-byte aligned
    _lock_and = _lock_out + 4
    for lane in range(LANES):
        if lane < _nli_count and _is_locking[lane]:
            _locking_lanes |= 1u << lane
    memset(_lock_and, 0, 4 * sizeof(u64))  # id 0 (in no table): lacking, no table holds it
    for lane in range(4):
        _lock_out[lane] = 0x0001000100010001ULL
    for ident in range(1, _id_count + 1):
        for lane in range(LANES):
            out, held = 1, _single_masks[ident]
            if _locking_lanes >> lane & 1:
                pair = _pair(lane, 0)
                if 0 < pair[ident] < 0x80:  # a locking code (0x1B carries code 0x00)
                    out, held = 0, 0xFFFF
            if lane % 4 == 0:
                _lock_out[ident * ROW + lane // 4] = 0
                _lock_and[ident * ROW + lane // 4] = 0
            _lock_out[ident * ROW + lane // 4] |= out << (16 * (lane % 4))
            _lock_and[ident * ROW + lane // 4] |= held << (16 * (lane % 4))
    return 0


_init_national()


cdef inline unsigned int _lane(const u64 *words, int lane) noexcept nogil:
    return (words[lane // 4] >> (16 * (lane % 4))) & 0xFFFF


cdef void _national_walk(const uchar *s, Py_ssize_t n, unsigned int lanes,
                         Py_ssize_t *escapes, unsigned int *masks, u64 *blocks) noexcept nogil:
    """Per lane L: the characters locking table L lacks (``escapes``) and the single tables
    that hold them all (``masks``); ``blocks`` (4 words per BLOCK code points) gets the
    lanes' counts for each block. Stops early once no lane of ``lanes`` has a table left.
    Lanes above 3 are walked only when one of them is allowed."""
    cdef u64 c0, c1, c2, c3, b0, b1, b2, b3
    cdef u64 h0 = ~0ULL, h1 = ~0ULL, h2 = ~0ULL, h3 = ~0ULL
    cdef u64 counts[4]
    cdef u64 held[4]
    cdef const u64 *out
    cdef const u64 *hold
    cdef Py_ssize_t i = 0, j, end, row, k
    cdef unsigned int cp, alive
    cdef int lane
    cdef bint wide = lanes > 0xF
    cdef u64 m[4]  # 0xFFFF in the field of each allowed lane
    m[0] = m[1] = m[2] = m[3] = 0
    for lane in range(LANES):
        escapes[lane] = 0
        if lanes >> lane & 1:
            m[lane // 4] |= 0xFFFFULL << (16 * (lane % 4))
    c0 = c1 = c2 = c3 = 0
    if not wide:
        _narrow_walk(s, n, m[0], escapes, masks, blocks)
        return
    while i < n:
        end = i + BLOCK if n - i > BLOCK else n
        b0 = b1 = b2 = b3 = 0  # at most BLOCK per lane: no carry between lanes
        if wide:
            for j in range(i, end):
                cp = s[j]
                row = (_ids[cp] if cp < BMP else 0) * ROW
                out = _lock_out + row
                hold = _lock_and + row
                b0 += out[0]
                b1 += out[1]
                b2 += out[2]
                b3 += out[3]
                h0 &= hold[0]
                h1 &= hold[1]
                h2 &= hold[2]
                h3 &= hold[3]
        else:
            for j in range(i, end):
                cp = s[j]
                row = (_ids[cp] if cp < BMP else 0) * ROW
                b0 += _lock_out[row]
                h0 &= _lock_and[row]
        k = i // BLOCK
        blocks[4 * k] = b0
        blocks[4 * k + 1] = b1
        blocks[4 * k + 2] = b2
        blocks[4 * k + 3] = b3
        c0 += b0
        c1 += b1
        c2 += b2
        c3 += b3
        i = end
        # No allowed lane has a table left: no pair encodes the body (a UCS-2 body is
        # known from its first block with a character no table holds).
        if ((h0 & m[0]) | (h1 & m[1]) | (h2 & m[2]) | (h3 & m[3])) == 0:
            break
        if i % NATIONAL_CHUNK == 0 or i == n:  # flush the 16-bit lanes before they carry
            counts[0], counts[1], counts[2], counts[3] = c0, c1, c2, c3
            held[0], held[1], held[2], held[3] = h0, h1, h2, h3
            c0 = c1 = c2 = c3 = 0
            alive = 0
            for lane in range(LANES):
                escapes[lane] += _lane(counts, lane)
                if lanes >> lane & 1:
                    alive |= _lane(held, lane)
            if alive == 0:
                break
    held[0], held[1], held[2], held[3] = h0, h1, h2, h3
    for lane in range(LANES):
        masks[lane] = _lane(held, lane) if wide or lane < 4 else 0


cdef void _narrow_walk(const uchar *s, Py_ssize_t n, u64 m0, Py_ssize_t *escapes,
                       unsigned int *masks, u64 *blocks) noexcept nogil:
    """:func:`_national_walk` when only lanes 0-3 are allowed (``m0`` their fields in
    word 0): one word of each row, whole blocks in a fixed-count loop the compiler
    unrolls, and only word 0 of each block's counts written (no lane above 3 is read)."""
    cdef u64 c0 = 0, b0, h0 = ~0ULL, word
    cdef Py_ssize_t i = 0, j, end, row
    cdef unsigned int cp
    cdef int lane
    cdef const uchar *at
    while i < n:
        b0 = 0
        if n - i >= BLOCK:
            end = i + BLOCK
            at = s + i
            for j in range(BLOCK):
                cp = at[j]
                row = (_ids[cp] if cp < BMP else 0) * ROW
                b0 += _lock_out[row]
                h0 &= _lock_and[row]
        else:
            end = n
            for j in range(i, n):
                cp = s[j]
                row = (_ids[cp] if cp < BMP else 0) * ROW
                b0 += _lock_out[row]
                h0 &= _lock_and[row]
        blocks[4 * (i // BLOCK)] = b0
        c0 += b0
        i = end
        if h0 & m0 == 0:  # no allowed lane has a table left
            break
        if i % NATIONAL_CHUNK == 0 or i == n:  # flush the 16-bit lanes before they carry
            for lane in range(4):
                escapes[lane] += (c0 >> (16 * lane)) & 0xFFFF
            c0 = 0
    for lane in range(LANES):
        masks[lane] = (h0 >> (16 * lane)) & 0xFFFF if lane < 4 else 0


cdef Py_ssize_t _lane_fill(const uchar *s, Py_ssize_t n, const unsigned char *pair,
                           Py_ssize_t capacity, const u64 *blocks, int lane,
                           Py_ssize_t *last) noexcept nogil:
    """Greedy parts under ``pair`` (whose escapes are lane ``lane``'s characters): a block
    that fits the room left is taken whole, only a block that holds a cut is walked."""
    cdef Py_ssize_t i, used = 0, parts = 1, size, start = 0, end, cost
    while start < n:
        end = start + BLOCK if n - start > BLOCK else n
        cost = end - start + _lane(blocks + 4 * (start // BLOCK), lane)
        if used + cost <= capacity:
            used += cost
        else:
            for i in range(start, end):
                size = 1 + (_byte(pair, s[i]) >> 7)
                if used + size > capacity:
                    parts += 1
                    used = 0
                used += size
        start = end
    last[0] = used
    return parts


cdef Py_ssize_t _fill_pair(str body, int lock, int single, Py_ssize_t capacity,
                           const u64 *blocks, Py_ssize_t *last) except -1:
    cdef const unsigned char *pair = _pair(lock, single)
    cdef Py_ssize_t n = len(body)
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    if kind == 1:
        return _lane_fill(<const Py_UCS1 *>data, n, pair, capacity, blocks, lock, last)
    if kind == 2:
        return _lane_fill(<const Py_UCS2 *>data, n, pair, capacity, blocks, lock, last)
    return _lane_fill(<const Py_UCS4 *>data, n, pair, capacity, blocks, lock, last)


cdef struct Choice:
    int lock
    int single
    Py_ssize_t units
    Py_ssize_t parts
    Py_ssize_t remaining


cdef bint _choose(str body, unsigned int locks, unsigned int singles, const long *cap,
                  Choice *best) except -1:
    """Rule 4 over the allowed pairs into ``best``; False when no pair encodes ``body``."""
    cdef Py_ssize_t n = len(body)
    cdef int kind = SMS_KIND(body)
    cdef const void *data = SMS_DATA(body)
    cdef unsigned int lanes = (locks | 1u) & _locking_lanes
    cdef unsigned int allowed = (singles | 1u) & _all_singles
    cdef Py_ssize_t escapes[LANES]
    cdef unsigned int masks[LANES]
    cdef u64 small[4 * 64]
    cdef u64 *blocks = small  # the lanes' counts per BLOCK code points
    if n > 64 * BLOCK:
        blocks = <u64 *>malloc((n // BLOCK + 1) * 4 * sizeof(u64))
        if blocks == NULL:
            raise MemoryError()
    try:
        if kind == 1:
            _national_walk(<const Py_UCS1 *>data, n, lanes, escapes, masks, blocks)
        elif kind == 2:
            _national_walk(<const Py_UCS2 *>data, n, lanes, escapes, masks, blocks)
        else:
            _national_walk(<const Py_UCS4 *>data, n, lanes, escapes, masks, blocks)
        return _pick(body, lanes, allowed, escapes, masks, blocks, cap, best)
    finally:
        if blocks != small:
            free(blocks)


cdef inline bint _beats(Py_ssize_t parts, int ies, Py_ssize_t remaining, int lock,
                        const Choice *best, int best_ies) noexcept nogil:
    """Rule 4's order: fewest parts, fewest IEs, most remaining, lowest NLIs."""
    if best.lock < 0 or parts != best.parts:
        return best.lock < 0 or parts < best.parts
    if ies != best_ies:
        return ies < best_ies
    if remaining != best.remaining:
        return remaining > best.remaining
    return lock < best.lock


cdef bint _pick(str body, unsigned int lanes, unsigned int allowed, const Py_ssize_t *escapes,
                const unsigned int *masks, const u64 *blocks, const long *cap,
                Choice *best) except -1:
    cdef Py_ssize_t n = len(body), units, parts, remaining, last, bound, capacity
    cdef int lock, single, ies, best_ies = 0, count = 0, k, j
    cdef unsigned int covering
    cdef int locks[LANES]
    cdef int singles[LANES]
    cdef Py_ssize_t sizes[LANES]
    best.lock = -1
    # The candidates, one per locking table. Every single table that covers what the
    # locking table lacks escapes the same characters: the default extension (no IE) or
    # else the lowest NLI is the best partner. A lone part is decided at once; the others
    # wait, in order of units, so that the fewest-units pair (most often the winner) is
    # cut first and bounds rule out the rest without cutting them.
    for lock in range(LANES):
        if not lanes >> lock & 1:
            continue
        covering = masks[lock] & allowed
        if covering == 0:
            continue
        single = 0
        while not covering >> single & 1:
            single += 1
        ies = (lock != 0) + (single != 0)
        units = n + escapes[lock]
        if units <= cap[ies]:
            if _beats(1, ies, cap[ies] - units, lock, best, best_ies):
                best.lock, best.single, best_ies = lock, single, ies
                best.units, best.parts, best.remaining = units, 1, cap[ies] - units
            continue
        k = count
        while k > 0 and sizes[k - 1] > units:  # insertion: stable, so NLIs stay ascending
            locks[k], singles[k], sizes[k] = locks[k - 1], singles[k - 1], sizes[k - 1]
            k -= 1
        locks[k], singles[k], sizes[k] = lock, single, units
        count += 1
    for j in range(count):
        lock, single, units = locks[j], singles[j], sizes[j]
        ies = (lock != 0) + (single != 0)
        capacity = cap[3 + ies]
        # Greedy parts are at least ceil(units / capacity), and with that many parts at
        # most parts * capacity - units remain: skip a pair that cannot win.
        bound = (units + capacity - 1) // capacity
        if best.lock >= 0 and (bound > best.parts or (bound == best.parts and (
                ies > best_ies or (ies == best_ies and not _beats(
                    bound, ies, bound * capacity - units, lock, best, best_ies))))):
            continue
        parts = _fill_pair(body, lock, single, capacity, blocks, &last)
        remaining = capacity - last
        if _beats(parts, ies, remaining, lock, best, best_ies):
            best.lock, best.single, best_ies = lock, single, ies
            best.units, best.parts, best.remaining = units, parts, remaining
    return best.lock >= 0


cdef bint _read_capacities(object capacities, long *cap) except -1:
    cdef int k
    if type(capacities) is not tuple or len(<tuple>capacities) != 6:
        return False
    for k in range(6):
        cap[k] = sms_small_int((<tuple>capacities)[k], 2, MAX_CAPACITY)
        if cap[k] < 0:
            return False
    return True


def national_choice(body, locks, singles, capacities):
    """The table pair for ``body`` by rule 4 of docs/rules.md: (lock, single, units, parts,
    remaining), or None if no allowed pair encodes it."""
    cdef long lk = sms_small_int(locks, 0, 0xFFFF)
    cdef long sg = sms_small_int(singles, 0, 0xFFFF)
    cdef long cap[6]
    cdef Choice best
    if type(body) is not str or lk < 0 or sg < 0 or not _read_capacities(capacities, cap):
        return _spec.national_choice(body, locks, singles, capacities)
    SMS_READY(body)
    if not _choose(<str>body, <unsigned int>lk, <unsigned int>sg, cap, &best):
        return None
    return best.lock, best.single, best.units, best.parts, best.remaining


# ---------------------------------------------------------------------------------------
# The front of analyze() for language=...: the planner registers how a language argument
# resolves (set_national), and the answers are kept per language string.

cdef object _national_resolver = None
cdef dict _national_cache = {}
cdef list _iso_names = [iso_of(nli) if nli < _nli_count and (
    nli in LOCKING_NLIS or nli in SINGLE_NLIS) else None for nli in range(LANES)]


def set_national(resolver):
    """Let the front of :func:`accelerated` answer ``analyze(body, language=...)``:
    ``resolver(language)`` gives ``(nlis, locks, singles, capacities)`` for a language
    argument (as :func:`national_choice` takes them, capacities for an 8-bit reference)
    or raises as ``analyze`` does. ``None`` hands every such call to the specification."""
    global _national_resolver
    _national_resolver = resolver
    _national_cache.clear()


@cython.final
cdef class _Language:
    """A resolved language argument, as the front keeps it."""
    cdef tuple nlis
    cdef unsigned int locks
    cdef unsigned int singles
    cdef long cap[6]


cdef _Language _language_of(object language):
    cdef _Language found = _national_cache.get(language)
    if found is not None:
        return found
    entry = _national_resolver(language)  # raises as the specification does
    found = _Language.__new__(_Language)
    found.nlis = entry[0]
    found.locks = sms_small_int(entry[1], 0, 0xFFFF)
    found.singles = sms_small_int(entry[2], 0, 0xFFFF)
    if (type(found.nlis) is not tuple or sms_small_int(entry[1], 0, 0xFFFF) < 0
            or sms_small_int(entry[2], 0, 0xFFFF) < 0
            or not _read_capacities(entry[3], found.cap)):
        raise RuntimeError("set_national: the resolver's answer is not (nlis, locks, singles, "
                           "six capacities of at least 2)")
    if len(_national_cache) < 512:
        _national_cache[language] = found
    return found


cdef object _national_analysis(str body, object language, tuple shape, Shape *caps):
    cdef _Language entry = _language_of(language)
    cdef tuple nlis = entry.nlis
    cdef const long *cap = entry.cap
    cdef Choice best
    cdef Py_ssize_t n = len(body), astral = 0, last, parts
    cdef int kind
    SMS_READY(body)
    if _choose(body, entry.locks, entry.singles, cap, &best):
        return _result(shape, n, shape[1], best.units, best.parts,
                       cap[(best.lock != 0) + (best.single != 0) + (0 if best.parts == 1
                                                                     else 3)],
                       best.remaining, (), _iso_names[best.lock], _iso_names[best.single])
    kind = SMS_KIND(body)
    if kind == 2 and _tail(<const Py_UCS2 *>SMS_DATA(body), 0, n, &astral):
        _raise_surrogate(body, _first_surrogate(<const Py_UCS2 *>SMS_DATA(body), 0, n))
    elif kind == 4 and _tail(<const Py_UCS4 *>SMS_DATA(body), 0, n, &astral):
        _raise_surrogate(body, _first_surrogate(<const Py_UCS4 *>SMS_DATA(body), 0, n))
    cdef LazyUnsupported unsupported = LazyUnsupported.__new__(LazyUnsupported)
    unsupported._body = body
    unsupported._nlis = nlis
    if n + astral <= caps.ucs2_single:
        return _result(shape, n, shape[2], n + astral, 1, caps.ucs2_single,
                       caps.ucs2_single - n - astral, unsupported)
    parts = _ucs2_parts(body, caps.ucs2_multi, None, &last, n + astral)
    return _result(shape, n, shape[2], n + astral, parts, caps.ucs2_multi,
                   caps.ucs2_multi - last, unsupported)
