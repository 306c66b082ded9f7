namespace Patron.Features.Build.Kernel;

/// <summary>
/// A scratch file of <see cref="FeatureBlock"/>s: the kernel's rows wait here, out of memory, until the population-wide
/// columns (RFM scores, next category) are known and DuckDB reads them back for the one insert into gold. The file is
/// deleted when the spill is disposed, or by the system if the process dies.
/// </summary>
internal sealed class FeatureSpill : IFeatureSink, IDisposable
{
    private readonly FileStream _file;
    private readonly List<(long Offset, int Length)> _blocks = [];
    private byte[] _buffer = [];
    private long _length;

    public FeatureSpill(string directory)
    {
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, $"patron-features-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        _file = new FileStream(Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.DeleteOnClose);
    }

    public string Path { get; }

    public int Blocks => _blocks.Count;

    /// <summary>The largest block in bytes, for sizing read buffers.</summary>
    public int LargestBlock { get; private set; }

    /// <summary>Appends the block's rows (the block itself is left as it is).</summary>
    public void Write(FeatureBlock block)
    {
        var length = block.SerializedLength;
        if (_buffer.Length < length)
        {
            _buffer = new byte[length];
        }

        block.WriteTo(_buffer);
        _file.Write(_buffer, 0, length);
        _blocks.Add((_length, length));
        _length += length;
        LargestBlock = Math.Max(LargestBlock, length);
    }

    /// <summary>Makes every written block readable; call once, after the last <see cref="Write"/>.</summary>
    public void Seal()
    {
        _file.Flush();
        _buffer = [];
    }

    /// <summary>Reads block <paramref name="index"/> into <paramref name="buffer"/> (at least <see cref="LargestBlock"/>
    /// bytes) and returns its bytes. Safe to call from several threads at once after <see cref="Seal"/>.</summary>
    public ReadOnlySpan<byte> Read(int index, byte[] buffer)
    {
        var (offset, length) = _blocks[index];
        var span = buffer.AsSpan(0, length);
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(_file.SafeFileHandle, span[read..], offset + read);
            if (n == 0)
            {
                throw new IOException($"The feature scratch file {Path} ended inside block {index}.");
            }

            read += n;
        }

        return span;
    }

    public void Dispose() => _file.Dispose();
}
