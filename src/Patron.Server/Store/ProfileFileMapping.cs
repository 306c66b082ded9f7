using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Patron.Server.Store;

/// <summary>profiles.bin mapped read-only into the process, safe against the file being rewritten in place.</summary>
/// <remarks>
/// <para>A mapped file that another process truncates or rewrites (<c>cp new/profiles.bin served/</c>) makes every
/// later read of a page past its new end fault with SIGBUS, which stops the process. A mapping is therefore only made
/// under a Linux read lease (<c>fcntl(F_SETLEASE, F_RDLCK)</c>) on the descriptor it maps: the kernel makes any
/// process that opens the file for writing or truncates it wait until the lease holder lets go (up to
/// <c>/proc/sys/fs/lease-break-time</c>, 45 s by default). A timer checks the leases every 20 ms; when one is being
/// broken, the mapping is detached: its bytes are copied into anonymous memory that <c>mremap</c> moves over the same
/// addresses in one step, so readers never see a gap or a changed byte, and then the descriptor is closed, which
/// releases the lease and lets the writer go on. The detached copy (the run as it was) is served until the folder is
/// loaded again (<see cref="Detached"/>).</para>
/// <para>Where no lease can be taken (not Linux, a file system without leases, a file open for writing elsewhere, a
/// file owned by another user without CAP_LEASE) <see cref="TryMap"/> returns null and the caller reads the columns
/// into the heap instead: slower to start, never unsafe.</para>
/// <para>Thread-safe. Readers hold a reference to the mapping while they read (the columns keep it), so it is unmapped
/// by its finalizer only after the last snapshot using it is gone.</para>
/// </remarks>
internal sealed unsafe partial class ProfileFileMapping
{
    private const int FSetSig = 10;
    private const int FSetLease = 1024;
    private const int FGetLease = 1025;
    private const int FRdLck = 0;
    private const int FUnLck = 2;

    // A signal whose default action is to ignore it: the lease-break notice (SIGIO by default, which would end the
    // process) is sent as this one and discarded; the timer notices the break instead.
    private const int SigUrg = 23;
    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int MapShared = 1;
    private const int MapPrivate = 2;
    private const int MapAnonymous = 0x20;
    private const int MremapMayMove = 1;
    private const int MremapFixed = 2;

    private static readonly List<WeakReference<ProfileFileMapping>> Live = [];
    private static readonly Timer Watch = new(_ => CheckLeases(), null, Timeout.Infinite, Timeout.Infinite);
    private static bool _watching;

    private readonly Lock _gate = new();
    private readonly nuint _length;
    private SafeFileHandle? _handle;
    private byte* _base;

    private ProfileFileMapping(SafeFileHandle handle, byte* address, nuint length, long fileLength, string path)
    {
        _handle = handle;
        _base = address;
        _length = length;
        FileLength = fileLength;
        Path = path;
    }

    ~ProfileFileMapping()
    {
        if (_base != null)
        {
            _ = munmap(_base, _length);
            _base = null;
        }

        _handle?.Dispose();
    }

    /// <summary>Raised (on a timer thread) after a mapping was detached because its file is being rewritten: the
    /// folder should be loaded again once the writer is done.</summary>
    public static event Action<string>? Detached;

    /// <summary>The file mapped.</summary>
    public string Path { get; }

    /// <summary>Bytes of the file.</summary>
    public long FileLength { get; }

    /// <summary>Whether the file was being rewritten and the bytes are now a private copy.</summary>
    public bool IsDetached { get; private set; }

    /// <summary>The descriptor the lease is on (readable while not detached): the snapshot's headers are read from it,
    /// so they and the mapping are the same file.</summary>
    public SafeFileHandle Handle => _handle ?? throw new ObjectDisposedException(nameof(ProfileFileMapping));

    /// <summary>Opens <paramref name="path"/>, takes a read lease on it and maps it; null (with the reason) when a
    /// lease cannot be had, so the file must be read rather than mapped.</summary>
    public static ProfileFileMapping? TryMap(string path, out string? why)
    {
        why = null;
        if (!OperatingSystem.IsLinux())
        {
            why = "leases are Linux only";
            return null;
        }

        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            return Map(handle, path, out why);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            why = "no libc to take a lease with (" + ex.GetType().Name + ")";
            handle.Dispose();
            return null;
        }
    }

    private static ProfileFileMapping? Map(SafeFileHandle handle, string path, out string? why)
    {
        why = null;
        try
        {
            var fd = (int)handle.DangerousGetHandle();
            if (fcntl(fd, FSetSig, SigUrg) != 0 || fcntl(fd, FSetLease, FRdLck) != 0)
            {
                why = "no read lease on the file (errno " + Marshal.GetLastPInvokeError() + ")";
                handle.Dispose();
                return null;
            }

            var length = RandomAccess.GetLength(handle);
            if (length <= 0)
            {
                why = "the file is empty";
                handle.Dispose();
                return null;
            }

            var pages = (nuint)((length + Environment.SystemPageSize - 1) / Environment.SystemPageSize * Environment.SystemPageSize);
            var address = mmap(null, pages, ProtRead, MapShared, fd, 0);
            if (address == (void*)-1)
            {
                why = "mmap failed (errno " + Marshal.GetLastPInvokeError() + ")";
                handle.Dispose();
                return null;
            }

            var mapping = new ProfileFileMapping(handle, (byte*)address, pages, length, path);
            Register(mapping);
            return mapping;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary><paramref name="count"/> values of <typeparamref name="T"/> at byte <paramref name="offset"/>; the
    /// caller keeps this mapping reachable while it reads the span.</summary>
    /// <exception cref="InvalidDataException">The region runs past the end of the file.</exception>
    public ReadOnlySpan<T> Span<T>(long offset, int count)
        where T : unmanaged
    {
        if (offset < 0 || count < 0 || offset + ((long)count * sizeof(T)) > FileLength)
        {
            throw new InvalidDataException($"{Path}: a column of {count} values at byte {offset} runs past the end of the file ({FileLength} bytes).");
        }

        return new ReadOnlySpan<T>(_base + offset, count);
    }

    /// <summary>The value of <typeparamref name="T"/> at byte <paramref name="offset"/> (not range-checked: callers
    /// check their column once with <see cref="Span{T}"/>).</summary>
    public T Read<T>(long offset)
        where T : unmanaged
    {
        var value = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<T>(_base + offset);
        GC.KeepAlive(this);
        return value;
    }

    /// <summary>Copies the mapped bytes into anonymous memory at the same addresses and lets the file go (closes the
    /// descriptor, releasing the lease). Idempotent.</summary>
    /// <returns>False when the copy could not be made (out of memory); the lease is then kept until the kernel breaks
    /// it.</returns>
    public bool Detach()
    {
        lock (_gate)
        {
            if (IsDetached)
            {
                return true;
            }

            var copy = mmap(null, _length, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
            if (copy == (void*)-1)
            {
                return false;
            }

            Buffer.MemoryCopy(_base, copy, _length, _length);
            _ = mprotect(copy, _length, ProtRead);
            var moved = mremap(copy, _length, _length, MremapMayMove | MremapFixed, _base);
            if (moved != _base)
            {
                _ = munmap(copy, _length);
                return false;
            }

            IsDetached = true;
            _handle?.Dispose();
            _handle = null;
            return true;
        }
    }

    /// <summary>Whether the kernel is breaking this mapping's lease (a writer is waiting).</summary>
    private bool LeaseBreaking()
    {
        lock (_gate)
        {
            if (IsDetached || _handle is null)
            {
                return false;
            }

            var state = fcntl((int)_handle.DangerousGetHandle(), FGetLease, 0);
            return state == FUnLck;
        }
    }

    private static void Register(ProfileFileMapping mapping)
    {
        lock (Live)
        {
            Live.Add(new WeakReference<ProfileFileMapping>(mapping));
            if (!_watching)
            {
                _watching = true;
                Watch.Change(20, 20);
            }
        }
    }

    private static void CheckLeases()
    {
        List<ProfileFileMapping>? breaking = null;
        lock (Live)
        {
            for (var i = Live.Count - 1; i >= 0; i--)
            {
                if (!Live[i].TryGetTarget(out var mapping) || mapping.IsDetached)
                {
                    Live.RemoveAt(i);
                }
                else if (mapping.LeaseBreaking())
                {
                    (breaking ??= []).Add(mapping);
                }
            }

            if (Live.Count == 0 && breaking is null)
            {
                _watching = false;
                Watch.Change(Timeout.Infinite, Timeout.Infinite);
            }
        }

        foreach (var mapping in breaking ?? [])
        {
            if (mapping.Detach())
            {
                Detached?.Invoke(mapping.Path);
            }
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport("libc", SetLastError = true)]
    private static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int munmap(void* address, nuint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int mprotect(void* address, nuint length, int protection);

    [LibraryImport("libc", SetLastError = true)]
    private static partial void* mremap(void* oldAddress, nuint oldLength, nuint newLength, int flags, void* newAddress);
}
