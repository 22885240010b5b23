# Included by _arrow_c.pyx (one extension module, split for reading); its names are the module's.
# ---------------------------------------------------------------------------------------
# The Arrow C data interface (arrow.apache.org/docs/format/CDataInterface.html): its
# structs, and the export of the result columns as one struct array.

cdef extern from *:
    """
    #include <stdint.h>
    #include <stdlib.h>
    #ifndef ARROW_C_DATA_INTERFACE
    #define ARROW_C_DATA_INTERFACE
    #define ARROW_FLAG_NULLABLE 2
    struct ArrowSchema {
        const char *format; const char *name; const char *metadata; int64_t flags;
        int64_t n_children; struct ArrowSchema **children; struct ArrowSchema *dictionary;
        void (*release)(struct ArrowSchema *); void *private_data;
    };
    struct ArrowArray {
        int64_t length; int64_t null_count; int64_t offset; int64_t n_buffers;
        int64_t n_children; const void **buffers; struct ArrowArray **children;
        struct ArrowArray *dictionary; void (*release)(struct ArrowArray *); void *private_data;
    };
    #endif
    #ifndef ARROW_C_STREAM_INTERFACE
    #define ARROW_C_STREAM_INTERFACE
    struct ArrowArrayStream {
        int (*get_schema)(struct ArrowArrayStream *, struct ArrowSchema *);
        int (*get_next)(struct ArrowArrayStream *, struct ArrowArray *);
        const char *(*get_last_error)(struct ArrowArrayStream *);
        void (*release)(struct ArrowArrayStream *); void *private_data;
    };
    #endif

    /* The result columns: one block per column, freed when the last array that points
       into them is released (a consumer may release children apart from their parent,
       from any thread). */
    typedef struct {
        int64_t refs, length, null_count, error_null_count, row_null_count;
        uint8_t *row_validity;          /* of the struct: NULL while no input row is null */
        uint8_t *validity;              /* of its fields, error rows null too; NULL if none */
        int32_t *ints[4];               /* characters, units, parts, remaining */
        int8_t *encoding;
        uint8_t *unicode;
        int has_error;
        uint8_t *error_validity;        /* NULL while every row has an error */
        int32_t *error_offsets;
        char *error_data;
    } SmsColumns;

    #ifdef _MSC_VER
    #include <windows.h>
    #define SMS_ADD(p, v) InterlockedExchangeAdd64((volatile LONG64 *)(p), (v))
    #else
    #define SMS_ADD(p, v) __atomic_fetch_add((p), (v), __ATOMIC_ACQ_REL)
    #endif

    static void sms_columns_unref(SmsColumns *c) {
        int k;
        if (SMS_ADD(&c->refs, -1) != 1) return;
        free(c->validity); free(c->row_validity);
        for (k = 0; k < 4; k++) free(c->ints[k]);
        free(c->encoding); free(c->unicode);
        free(c->error_validity); free(c->error_offsets); free(c->error_data);
        free(c);
    }

    static const char *SMS_NAMES[7] = {
        "characters", "encoding", "units", "parts", "remaining", "unicode", "error"};
    static const int32_t SMS_DICT_OFFSETS[3] = {0, 4, 8};
    static const char SMS_DICT_DATA[] = "GSM7UCS2";

    static void sms_schema_release(struct ArrowSchema *s) {
        int64_t k;
        for (k = 0; k < s->n_children; k++) {
            if (s->children[k]->release) s->children[k]->release(s->children[k]);
            free(s->children[k]);
        }
        free(s->children);
        if (s->dictionary) {
            if (s->dictionary->release) s->dictionary->release(s->dictionary);
            free(s->dictionary);
        }
        s->release = NULL;
    }

    static int sms_schema_fill(struct ArrowSchema *s, const char *format, const char *name,
                               int64_t n_children) {
        int64_t k;
        s->format = format; s->name = name; s->metadata = NULL; s->flags = ARROW_FLAG_NULLABLE;
        s->n_children = 0; s->children = NULL; s->dictionary = NULL;
        s->release = sms_schema_release; s->private_data = NULL;
        if (n_children) {
            s->children = calloc((size_t)n_children, sizeof(struct ArrowSchema *));
            if (!s->children) return -1;
            for (k = 0; k < n_children; k++) {
                s->children[k] = calloc(1, sizeof(struct ArrowSchema));
                if (!s->children[k]) return -1;
                s->n_children = k + 1;
            }
        }
        return 0;
    }

    /* The schema of the result into `s` (released on failure): 0, or -1 out of memory. */
    static int sms_export_schema(int has_error, struct ArrowSchema *s) {
        static const char *formats[7] = {"i", "c", "i", "i", "i", "b", "u"};
        int k, n = has_error ? 7 : 6;
        if (sms_schema_fill(s, "+s", "", n) < 0) goto fail;
        for (k = 0; k < n; k++)
            if (sms_schema_fill(s->children[k], formats[k], SMS_NAMES[k], 0) < 0) goto fail;
        s->children[1]->dictionary = calloc(1, sizeof(struct ArrowSchema));
        if (!s->children[1]->dictionary) goto fail;
        if (sms_schema_fill(s->children[1]->dictionary, "u", NULL, 0) < 0) goto fail;
        return 0;
    fail:
        sms_schema_release(s);
        return -1;
    }

    typedef struct { SmsColumns *columns; const void *buffers[3]; } SmsArrayData;

    static void sms_array_release(struct ArrowArray *a) {
        int64_t k;
        SmsArrayData *d = (SmsArrayData *)a->private_data;
        for (k = 0; k < a->n_children; k++) {
            if (a->children[k]->release) a->children[k]->release(a->children[k]);
            free(a->children[k]);
        }
        free(a->children);
        if (a->dictionary) {
            if (a->dictionary->release) a->dictionary->release(a->dictionary);
            free(a->dictionary);
        }
        if (d) { sms_columns_unref(d->columns); free(d); }
        a->release = NULL;
    }

    static int sms_array_fill(struct ArrowArray *a, SmsColumns *c, int64_t length,
                              int64_t null_count, int64_t n_buffers, const void *b0,
                              const void *b1, const void *b2, int64_t n_children) {
        int64_t k;
        SmsArrayData *d = malloc(sizeof(SmsArrayData));
        a->length = length; a->null_count = null_count; a->offset = 0;
        a->n_buffers = n_buffers; a->n_children = 0; a->children = NULL; a->dictionary = NULL;
        a->release = sms_array_release; a->private_data = d;
        if (!d) return -1;
        SMS_ADD(&c->refs, 1);
        d->columns = c; d->buffers[0] = b0; d->buffers[1] = b1; d->buffers[2] = b2;
        a->buffers = d->buffers;
        if (n_children) {
            a->children = calloc((size_t)n_children, sizeof(struct ArrowArray *));
            if (!a->children) return -1;
            for (k = 0; k < n_children; k++) {
                a->children[k] = calloc(1, sizeof(struct ArrowArray));
                if (!a->children[k]) return -1;
                a->n_children = k + 1;
            }
        }
        return 0;
    }

    /* The struct array of `c` into `a` (released on failure): 0, or -1 out of memory. */
    static int sms_export_array(SmsColumns *c, struct ArrowArray *a) {
        int k, n = c->has_error ? 7 : 6;
        int64_t len = c->length, nulls = c->null_count;
        const void *v = c->validity;
        if (sms_array_fill(a, c, len, c->row_null_count, 1, c->row_validity, NULL, NULL, n) < 0)
            goto fail;
        for (k = 0; k < 4; k++)
            if (sms_array_fill(a->children[k < 1 ? 0 : k + 1], c, len, nulls, 2, v, c->ints[k],
                               NULL, 0) < 0) goto fail;
        if (sms_array_fill(a->children[1], c, len, nulls, 2, v, c->encoding, NULL, 0) < 0)
            goto fail;
        if (sms_array_fill(a->children[5], c, len, nulls, 2, v, c->unicode, NULL, 0) < 0)
            goto fail;
        if (c->has_error && sms_array_fill(a->children[6], c, len, c->error_null_count, 3,
                                           c->error_validity, c->error_offsets, c->error_data,
                                           0) < 0) goto fail;
        a->children[1]->dictionary = calloc(1, sizeof(struct ArrowArray));
        if (!a->children[1]->dictionary) goto fail;
        if (sms_array_fill(a->children[1]->dictionary, c, 2, 0, 3, NULL, SMS_DICT_OFFSETS,
                           SMS_DICT_DATA, 0) < 0) goto fail;
        return 0;
    fail:
        sms_array_release(a);
        return -1;
    }

    static void sms_schema_capsule_free(PyObject *capsule) {
        struct ArrowSchema *s = PyCapsule_GetPointer(capsule, "arrow_schema");
        if (s) { if (s->release) s->release(s); free(s); }
    }

    static void sms_array_capsule_free(PyObject *capsule) {
        struct ArrowArray *a = PyCapsule_GetPointer(capsule, "arrow_array");
        if (a) { if (a->release) a->release(a); free(a); }
    }
    """
    struct ArrowSchema:
        const char *format
        const char *name
        int64_t flags
        int64_t n_children
        ArrowSchema **children
        ArrowSchema *dictionary
        void (*release)(ArrowSchema *) noexcept nogil

    struct ArrowArray:
        int64_t length
        int64_t null_count
        int64_t offset
        int64_t n_buffers
        int64_t n_children
        const void **buffers
        ArrowArray **children
        ArrowArray *dictionary
        void (*release)(ArrowArray *) noexcept nogil

    struct ArrowArrayStream:
        int (*get_schema)(ArrowArrayStream *, ArrowSchema *) noexcept nogil
        int (*get_next)(ArrowArrayStream *, ArrowArray *) noexcept nogil
        const char *(*get_last_error)(ArrowArrayStream *) noexcept nogil
        void (*release)(ArrowArrayStream *) noexcept nogil

    ctypedef struct SmsColumns:
        int64_t refs
        int64_t length
        int64_t null_count
        int64_t error_null_count
        int64_t row_null_count
        uint8_t *row_validity
        uint8_t *validity
        int32_t *ints[4]
        int8_t *encoding
        uint8_t *unicode
        int has_error
        uint8_t *error_validity
        int32_t *error_offsets
        char *error_data

    void sms_columns_unref(SmsColumns *c) noexcept nogil
    int sms_export_schema(int has_error, ArrowSchema *s) noexcept nogil
    int sms_export_array(SmsColumns *c, ArrowArray *a) noexcept nogil
    void sms_schema_capsule_free(object capsule) noexcept
    void sms_array_capsule_free(object capsule) noexcept
    ctypedef void (*PyCapsule_Destructor)(object) noexcept
    object PyCapsule_New(void *pointer, const char *name, PyCapsule_Destructor destructor)


@cython.final
cdef class Columns:
    """The analysis of each row as Arrow columns, exported through the Arrow PyCapsule
    interface (``__arrow_c_schema__``, ``__arrow_c_array__``): ``pyarrow.array(columns)``,
    ``polars.Series(columns)`` and any other consumer read it without a copy."""

    cdef SmsColumns *columns

    def __dealloc__(self):
        if self.columns != NULL:
            sms_columns_unref(self.columns)

    def __len__(self):
        return self.columns.length

    def __arrow_c_schema__(self):
        cdef ArrowSchema *schema = <ArrowSchema *>calloc(1, sizeof(ArrowSchema))
        if schema == NULL or sms_export_schema(self.columns.has_error, schema) < 0:
            free(schema)
            raise MemoryError()
        return PyCapsule_New(schema, b"arrow_schema", sms_schema_capsule_free)

    def __arrow_c_array__(self, requested_schema=None):
        # A requested schema other than our own is not honoured, as the protocol allows.
        schema = self.__arrow_c_schema__()
        cdef ArrowArray *array = <ArrowArray *>calloc(1, sizeof(ArrowArray))
        if array == NULL or sms_export_array(self.columns, array) < 0:
            free(array)
            raise MemoryError()
        return schema, PyCapsule_New(array, b"arrow_array", sms_array_capsule_free)

    def __repr__(self):
        return f"<sms_codec Arrow columns: {self.columns.length} rows>"
