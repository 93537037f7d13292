#ifndef RETRAIN_CZLIB_SHIM_H
#define RETRAIN_CZLIB_SHIM_H
#include <zlib.h>

/// deflateInit2/inflateInit2 are macros in zlib.h; Swift cannot call macros, so these
/// static inline wrappers pass the version and struct size the way the macros do.
static inline int retrain_deflateInit2(z_streamp strm, int level, int windowBits) {
    return deflateInit2_(strm, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY,
                         ZLIB_VERSION, (int)sizeof(z_stream));
}

static inline int retrain_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2_(strm, windowBits, ZLIB_VERSION, (int)sizeof(z_stream));
}
#endif
