using System.Buffers;

namespace Patron.Server.Hosting;

/// <summary>A request body in a buffer rented from the shared pool: large bodies (a 10,000-row scoring request is
/// megabytes) do not allocate a new large-object-heap array per request.</summary>
/// <remarks>Not thread-safe; dispose once, after the last use of <see cref="Span"/>.</remarks>
internal sealed class PooledBody(int capacity) : IDisposable
{
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(256, capacity));

    /// <summary>Bytes read so far.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes read.</summary>
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PooledBody));

    /// <summary>Room for at least <paramref name="atLeast"/> more bytes after those read (the buffer grows as needed).</summary>
    public Memory<byte> Free(int atLeast)
    {
        if (Buffer.Length - Length < atLeast)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(Buffer.Length * 2, Length + atLeast));
            Buffer.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(Buffer);
            _buffer = larger;
        }

        return Buffer.AsMemory(Length);
    }

    /// <summary>Counts <paramref name="count"/> bytes written into <see cref="Free"/>'s memory.</summary>
    public void Advance(int count) => Length += count;

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
