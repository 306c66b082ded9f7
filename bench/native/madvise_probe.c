/*
 * madvise_probe: an LD_PRELOAD library for measuring, never for production.
 *
 * It sorts the pages DuckDB hands back to the kernel (madvise MADV_DONTNEED / MADV_FREE called from libduckdb) by the
 * DuckDB function that asked for it, and can drop chosen classes of those calls so that the pages stay mapped. At exit
 * it prints one line per class to stderr: "madvise_probe CLASS calls N GiB X".
 *
 * Classes (first match walking up the stack from the madvise call):
 *   F  duckdb::Allocator::FlushAll      (split by its caller: X database closed, L memory limit set, R threads relaunched,
 *                                        E eviction, S tuple segment freed, ? other)
 *   T  duckdb::Allocator::ThreadFlush   (split the same way; Q = a worker thread going idle)
 *   D  jemalloc's decay purge (pac_maybe_decay_purge)
 *   O  any other DuckDB caller
 *   M  malloc_trim calls (counted, the pages are glibc's)
 *
 * Environment:
 *   MADVISE_PROBE_RANGES  "CLASS:START:END,..." offsets of the functions above inside libduckdb.so (the script
 *                         madvise-probe.sh computes them with nm for the library in use)
 *   MADVISE_PROBE_DROP    classes whose calls are dropped, e.g. "FTDM"; empty = count only
 *
 * Walking the stack costs time on every madvise call: compare page faults and system time between runs of the probe,
 * not wall time against a run without it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <execinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MAX_RANGES 64
#define MAX_FRAMES 32

struct range {
    char cls;
    uintptr_t lo, hi;
};

static struct range ranges[MAX_RANGES];
static int range_count;
static const char *drop = "";
static int (*next_madvise)(void *, size_t, int);
static int (*next_trim)(size_t);
static unsigned long long calls[128][128], bytes[128][128];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void report(void)
{
    for (int a = 0; a < 128; a++) {
        for (int b = 0; b < 128; b++) {
            if (calls[a][b] == 0) {
                continue;
            }
            if (b == ' ') {
                fprintf(stderr, "madvise_probe %c calls %llu GiB %.3f\n", a, calls[a][b], bytes[a][b] / 1073741824.0);
            } else {
                fprintf(stderr, "madvise_probe %c<-%c calls %llu GiB %.3f\n", a, b, calls[a][b], bytes[a][b] / 1073741824.0);
            }
        }
    }
}

/* Reads the environment once, whichever thread calls first; the report is registered once. */
static void read_environment(void)
{
    const char *spec = getenv("MADVISE_PROBE_RANGES");
    const char *d = getenv("MADVISE_PROBE_DROP");
    drop = d ? d : "";
    while (spec && *spec && range_count < MAX_RANGES) {
        char cls;
        unsigned long lo, hi;
        int used = 0;
        if (sscanf(spec, "%c:%lx:%lx%n", &cls, &lo, &hi, &used) != 3) {
            break;
        }
        ranges[range_count++] = (struct range){ cls, lo, hi };
        spec += used;
        if (*spec == ',') {
            spec++;
        }
    }
    atexit(report);
}

static void setup(void)
{
    pthread_once(&once, read_environment);
}

/* The class of the range holding the frame's offset in libduckdb, or 0. */
static char class_of(void *frame)
{
    Dl_info info;
    if (!dladdr(frame, &info) || !info.dli_fname || !strstr(info.dli_fname, "libduckdb")) {
        return 0;
    }
    uintptr_t offset = (uintptr_t)frame - (uintptr_t)info.dli_fbase;
    for (int i = 0; i < range_count; i++) {
        if (offset >= ranges[i].lo && offset < ranges[i].hi) {
            return ranges[i].cls;
        }
    }
    return 'O';
}

static int from_duckdb(void *caller)
{
    Dl_info info;
    return dladdr(caller, &info) && info.dli_fname && strstr(info.dli_fname, "libduckdb");
}

int madvise(void *address, size_t length, int advice)
{
    if (!next_madvise) {
        next_madvise = (int (*)(void *, size_t, int))dlsym(RTLD_NEXT, "madvise");
    }
    setup();
    if ((advice == MADV_DONTNEED || advice == MADV_FREE) && from_duckdb(__builtin_return_address(0))) {
        void *frames[MAX_FRAMES];
        int n = backtrace(frames, MAX_FRAMES);
        char cls = 'O', by = ' ';
        int found = 0;
        for (int i = 1; i < n && !found; i++) {
            char c = class_of(frames[i]);
            if (c == 'F' || c == 'T' || c == 'D') {
                cls = c;
                found = 1;
                if (c == 'D') {
                    break;
                }
                by = '?';
                for (int j = i + 1; j < n; j++) {
                    char caller = class_of(frames[j]);
                    if (caller && caller != 'O' && caller != 'F' && caller != 'T' && caller != 'D') {
                        by = caller;
                        break;
                    }
                }
            }
        }
        __atomic_add_fetch(&calls[(int)cls][(int)by], 1, __ATOMIC_RELAXED);
        __atomic_add_fetch(&bytes[(int)cls][(int)by], length, __ATOMIC_RELAXED);
        if (strchr(drop, cls)) {
            return 0;
        }
    }
    return next_madvise(address, length, advice);
}

int malloc_trim(size_t pad)
{
    if (!next_trim) {
        next_trim = (int (*)(size_t))dlsym(RTLD_NEXT, "malloc_trim");
    }
    setup();
    __atomic_add_fetch(&calls['M'][' '], 1, __ATOMIC_RELAXED);
    return strchr(drop, 'M') ? 0 : next_trim(pad);
}
