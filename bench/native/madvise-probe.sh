#!/usr/bin/env bash
# Runs a command with the madvise probe preloaded (bench/native/madvise_probe.c: who in DuckDB hands pages back to the
# kernel, and what dropping those calls would save). Measuring only.
#
#   bench/native/madvise-probe.sh [--drop CLASSES] LIBDUCKDB COMMAND...
#
# LIBDUCKDB is the libduckdb.so the command loads (e.g. src/Patron.Cli/bin/Release/net10.0/runtimes/linux-x64/native/libduckdb.so).
# Needs gcc and nm (binutils). Prints the probe's classes after the command's own output.
set -euo pipefail
drop=""
if [[ "${1:-}" == "--drop" ]]; then
  drop="$2"
  shift 2
fi
lib="$1"
shift
here="$(cd "$(dirname "$0")" && pwd)"
out="${TMPDIR:-/tmp}/madvise_probe.so"
gcc -O2 -shared -fPIC -o "$out" "$here/madvise_probe.c" -ldl

# Offsets of the functions the probe sorts by, read from the library's symbol table.
ranges=""
while read -r start size kind name; do
  case "$name" in
    "duckdb::Allocator::FlushAll()"*) cls=F ;;
    "duckdb::Allocator::ThreadFlush("*) cls=T ;;
    "duckdb_je_pac_maybe_decay_purge") cls=D ;;
    "duckdb::DatabaseInstance::~DatabaseInstance()"*) cls=X ;;
    "duckdb::BufferPool::SetLimit("*) cls=L ;;
    "duckdb::TaskScheduler::RelaunchThreads"*) cls=R ;;
    "duckdb::BufferPool::EvictBlocksInternal("*) cls=E ;;
    "duckdb::TupleDataSegment::~TupleDataSegment()"*) cls=S ;;
    "duckdb::TaskScheduler::ExecuteForever("*) cls=Q ;;
    *) continue ;;
  esac
  ranges+="${ranges:+,}$(printf '%s:%x:%x' "$cls" "0x$start" "$((0x$start + 0x$size))")"
done < <(nm -S -C "$lib" | grep -E '^[0-9a-f]+ [0-9a-f]+ [Tt] ')
if [[ -z "$ranges" ]]; then
  echo "madvise-probe: no DuckDB allocator symbols found in $lib" >&2
  exit 2
fi
MADVISE_PROBE_RANGES="$ranges" MADVISE_PROBE_DROP="$drop" LD_PRELOAD="$out" "$@"
