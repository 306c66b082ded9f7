using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Patron.Pipeline.Output;

/// <summary>
/// profiles.bin: the customer profiles of a run as a compact binary column file that the server reads in one pass of
/// bulk copies (docs/run-folder.md, docs/serving.md), where parsing predictions.csv and features.parquet takes minutes
/// at millions of customers. predictions.csv stays the file for people; both hold the same values.
/// </summary>
/// <remarks>
/// Layout, little-endian: the magic <c>PATRONPS</c>, format version (int32), rows (int32), the length in bytes of the
/// predictions.csv written beside it (int64; a reader compares it to tell a stale snapshot), then columns, each a kind
/// byte, its name (7-bit length-prefixed UTF-8) and its payload, ended by kind 0. Kinds: 1 numbers (float64 × rows,
/// NaN = missing), 2 flags (int8 × rows, -1 = missing), 3 texts (pool size int32, the pooled strings, then int32 codes ×
/// rows, code 0 = missing), 4 row order (int32 × rows), 5 ids (int32 offsets × rows + 1, then the UTF-8 bytes).
/// </remarks>
internal static class ProfileSnapshot
{
    public const string FileName = "profiles.bin";

    public const int FormatVersion = 1;

    /// <summary>Name prefix of feature columns (<c>feature.orders</c>).</summary>
    public const string FeaturePrefix = "feature.";

    /// <summary>Name prefix of the row orders (<c>order.churn</c>, <c>order.clv</c>).</summary>
    public const string OrderPrefix = "order.";

    private static ReadOnlySpan<byte> Magic => "PATRONPS"u8;

    // The header's predictions.csv length follows the magic, the format version and the rows.
    private static long PredictionsLengthAt => Magic.Length + sizeof(int) + sizeof(int);

    internal enum Kind : byte
    {
        End = 0,
        Numbers = 1,
        Flags = 2,
        Texts = 3,
        Order = 4,
        Ids = 5,
    }

    /// <summary>The name of next product <paramref name="rank"/>'s (from 1) field: <c>next.1.product_id</c>.</summary>
    public static string NextField(int rank, string field) => FormattableString.Invariant($"next.{rank}.{field}");

    /// <summary>Writes columns to a temporary file that becomes <paramref name="path"/> on <see cref="Writer.Complete"/>.</summary>
    public static Writer Create(string path, int rows, long predictionsLength) => new(path, rows, predictionsLength);

    /// <summary>Reads a whole snapshot; throws <see cref="InvalidDataException"/> when the file is not one.</summary>
    public static Columns Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Read(stream, path, null);
    }

    /// <summary>Reads a snapshot from <paramref name="stream"/> (at its start); the columns
    /// <paramref name="leaveInFile"/> selects are not read but located: the byte offsets of their values (numbers,
    /// flags, row orders, text codes, the ids' offsets) go to <see cref="Columns.InFile"/> (a text column's pool is
    /// still read, into <see cref="Columns.Pools"/>; the ids' bytes are at <see cref="Columns.IdBytesAt"/>), for a
    /// reader that maps the file instead of copying them.</summary>
    public static Columns Read(FileStream stream, string path, Func<string, bool>? leaveInFile)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        Span<byte> magic = stackalloc byte[8];
        stream.ReadExactly(magic);
        if (!magic.SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path} is not a profile snapshot (it does not start with PATRONPS).");
        }

        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"{path} is a profile snapshot of format {version}; this version reads format {FormatVersion}.");
        }

        var rows = reader.ReadInt32();
        var columns = new Columns(rows, reader.ReadInt64());
        while (true)
        {
            var kind = (Kind)reader.ReadByte();
            if (kind == Kind.End)
            {
                return columns;
            }

            var name = reader.ReadString();
            var located = leaveInFile?.Invoke(name) == true;
            switch (kind)
            {
                case Kind.Numbers or Kind.Flags or Kind.Order when located:
                    Skip(stream, path, name, columns.InFile, rows * (long)(kind == Kind.Numbers ? sizeof(double) : kind == Kind.Flags ? sizeof(sbyte) : sizeof(int)));
                    break;
                case Kind.Texts when located:
                    var inFilePool = new string?[reader.ReadInt32()];
                    for (var i = 1; i < inFilePool.Length; i++)
                    {
                        inFilePool[i] = reader.ReadString();
                    }

                    columns.Pools[name] = inFilePool;
                    Skip(stream, path, name, columns.InFile, rows * (long)sizeof(int));
                    break;
                case Kind.Ids when located:
                    var at = stream.Position;
                    stream.Seek(rows * (long)sizeof(int), SeekOrigin.Current);
                    columns.IdByteCount = reader.ReadInt32();
                    columns.IdBytesAt = stream.Position;
                    stream.Position = at;
                    Skip(stream, path, name, columns.InFile, ((rows + 1) * (long)sizeof(int)) + columns.IdByteCount);
                    break;
                case Kind.Numbers:
                    columns.Numbers[name] = ReadArray<double>(stream, rows);
                    break;
                case Kind.Flags:
                    columns.Flags[name] = ReadArray<sbyte>(stream, rows);
                    break;
                case Kind.Texts:
                    var pool = new string?[reader.ReadInt32()];
                    for (var i = 1; i < pool.Length; i++)
                    {
                        pool[i] = reader.ReadString();
                    }

                    columns.Texts[name] = (pool, ReadArray<int>(stream, rows));
                    break;
                case Kind.Order:
                    columns.Orders[name] = ReadArray<int>(stream, rows);
                    break;
                case Kind.Ids:
                    var offsets = ReadArray<int>(stream, rows + 1);
                    columns.IdOffsets = offsets;
                    columns.IdBytes = ReadArray<byte>(stream, offsets[rows]);
                    break;
                default:
                    throw new InvalidDataException($"{path}: unknown column kind {(byte)kind} at byte {stream.Position - 1}.");
            }

            columns.Names.Add(name);
        }
    }

    private static void Skip(FileStream stream, string path, string name, Dictionary<string, long> inFile, long bytes)
    {
        inFile[name] = stream.Position;
        if (bytes < 0 || stream.Position + bytes > stream.Length)
        {
            throw new InvalidDataException($"{path}: the column {name} runs past the end of the file.");
        }

        stream.Seek(bytes, SeekOrigin.Current);
    }

    private static T[] ReadArray<T>(Stream stream, int count)
        where T : unmanaged
    {
        var array = GC.AllocateUninitializedArray<T>(count);
        stream.ReadExactly(MemoryMarshal.AsBytes(array.AsSpan()));
        return array;
    }

    /// <summary>The columns of a snapshot by name; each dictionary holds one kind.</summary>
    internal sealed class Columns(int rows, long predictionsLength)
    {
        public int Rows { get; } = rows;

        /// <summary>Length in bytes of the predictions.csv the snapshot was written with.</summary>
        public long PredictionsLength { get; } = predictionsLength;

        public byte[] IdBytes { get; set; } = [];

        public int[] IdOffsets { get; set; } = [0];

        /// <summary>Every column name in file order.</summary>
        public List<string> Names { get; } = [];

        public Dictionary<string, double[]> Numbers { get; } = new(StringComparer.Ordinal);

        /// <summary>Columns left in the file: the byte offset of each one's values (of a text column its codes, of
        /// the ids their offsets).</summary>
        public Dictionary<string, long> InFile { get; } = new(StringComparer.Ordinal);

        /// <summary>The pools (first entry null) of the text columns left in the file.</summary>
        public Dictionary<string, string?[]> Pools { get; } = new(StringComparer.Ordinal);

        /// <summary>Where the ids' UTF-8 bytes start, when the ids were left in the file.</summary>
        public long IdBytesAt { get; set; }

        /// <summary>How many bytes the ids take, when they were left in the file.</summary>
        public int IdByteCount { get; set; }

        public Dictionary<string, sbyte[]> Flags { get; } = new(StringComparer.Ordinal);

        /// <summary>Pool (first entry null) and one code per row.</summary>
        public Dictionary<string, (string?[] Pool, int[] Codes)> Texts { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int[]> Orders { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Writes one column after another; nothing is visible at the final path before <see cref="Complete"/>.</summary>
    internal sealed class Writer : IDisposable
    {
        // Slots of the text columns' table of objects seen last (a power of two).
        private const int SeenSlots = 4096;

        private readonly string _path;
        private readonly string _temporary;
        private readonly FileStream _stream;
        private readonly BinaryWriter _writer;
        private readonly int _rows;
        private bool _completed;
        private int[] _codes = [];
        private string?[]? _seen;
        private int[]? _seenCodes;

        public Writer(string path, int rows, long predictionsLength)
        {
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("profiles.bin is written on little-endian machines only.");
            }

            _path = path;
            _temporary = path + ".tmp";
            _rows = rows;
            _stream = new FileStream(_temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            _writer = new BinaryWriter(_stream, Encoding.UTF8, leaveOpen: true);
            _writer.Write(Magic);
            _writer.Write(FormatVersion);
            _writer.Write(rows);
            _writer.Write(predictionsLength);
        }

        public void Ids(IReadOnlyList<string> ids)
        {
            Check(ids.Count);
            Start(Kind.Ids, "customer_id");
            var offsets = new int[_rows + 1];
            long total = 0;
            for (var i = 0; i < _rows; i++)
            {
                total += Encoding.UTF8.GetByteCount(ids[i]);
                offsets[i + 1] = checked((int)total);
            }

            _writer.Write(MemoryMarshal.AsBytes(offsets.AsSpan()));
            var buffer = new byte[1024];
            for (var i = 0; i < _rows; i++)
            {
                var length = offsets[i + 1] - offsets[i];
                if (length > buffer.Length)
                {
                    buffer = new byte[length];
                }

                Encoding.UTF8.GetBytes(ids[i], buffer);
                _writer.Write(buffer, 0, length);
            }
        }

        public void Numbers(string name, double[] values)
        {
            Check(values.Length);
            Start(Kind.Numbers, name);
            _writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }

        public void Flags(string name, sbyte[] values)
        {
            Check(values.Length);
            Start(Kind.Flags, name);
            _writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }

        public void Order(string name, int[] rows)
        {
            Check(rows.Length);
            Start(Kind.Order, name);
            _writer.Write(MemoryMarshal.AsBytes(rows.AsSpan()));
        }

        /// <summary>A text column, each distinct text kept once; null and empty text are missing.</summary>
        public void Texts(string name, int count, Func<int, string?> value)
        {
            Check(count);
            var pool = new List<string> { "" };
            var codes = new Dictionary<string, int>(StringComparer.Ordinal);
            // The rows' codes in one buffer kept from column to column (millions of rows: a large array each time).
            var rows = _codes.Length == count ? _codes : _codes = new int[count];
            // The same text object often comes again (reasons, actions and next products are shared): a small table of
            // the objects seen last answers those by reference, without hashing the text; only a text already coded is
            // ever in it, so the codes are those of the dictionary alone.
            var seen = _seen ??= new string?[SeenSlots];
            var seenCodes = _seenCodes ??= new int[SeenSlots];
            Array.Clear(seen);
            for (var i = 0; i < count; i++)
            {
                var text = value(i);
                if (string.IsNullOrEmpty(text))
                {
                    rows[i] = 0;
                    continue;
                }

                var slot = RuntimeHelpers.GetHashCode(text) & (SeenSlots - 1);
                if (ReferenceEquals(seen[slot], text))
                {
                    rows[i] = seenCodes[slot];
                    continue;
                }

                if (!codes.TryGetValue(text, out var code))
                {
                    code = pool.Count;
                    codes.Add(text, code);
                    pool.Add(text);
                }

                seen[slot] = text;
                seenCodes[slot] = code;
                rows[i] = code;
            }

            Start(Kind.Texts, name);
            _writer.Write(pool.Count);
            for (var i = 1; i < pool.Count; i++)
            {
                _writer.Write(pool[i]);
            }

            _writer.Write(MemoryMarshal.AsBytes(rows.AsSpan()));
        }

        /// <summary>Ends the file and moves it to its path; <paramref name="predictionsLength"/>, when given, goes into
        /// its header in place of the length given when it was created (a predictions.csv still being written then).</summary>
        public void Complete(long? predictionsLength = null)
        {
            _writer.Write((byte)Kind.End);
            if (predictionsLength is { } length)
            {
                _writer.Flush();
                var end = _stream.Position;
                _stream.Position = PredictionsLengthAt;
                _writer.Write(length);
                _writer.Flush();
                _stream.Position = end;
            }

            _writer.Flush();
            _stream.Flush(flushToDisk: false);
            _writer.Dispose();
            _stream.Dispose();
            File.Move(_temporary, _path, overwrite: true);
            _completed = true;
        }

        public void Dispose()
        {
            if (_completed)
            {
                return;
            }

            _writer.Dispose();
            _stream.Dispose();
            File.Delete(_temporary);
        }

        private void Start(Kind kind, string name)
        {
            _writer.Write((byte)kind);
            _writer.Write(name);
        }

        private void Check(int count)
        {
            if (count != _rows)
            {
                throw new ArgumentException(FormattableString.Invariant($"A column of {count} values in a snapshot of {_rows} rows."));
            }
        }
    }

    /// <summary>Rows ordered by value, highest first, missing values last, ties by row.</summary>
    public static int[] Descending(double[] values)
    {
        var keys = new double[values.Length];
        var rows = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            keys[i] = double.IsNaN(values[i]) ? double.PositiveInfinity : -values[i];
            rows[i] = i;
        }

        Array.Sort(keys, rows);
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end].Equals(keys[start]))
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(rows, start, end - start);
            }

            start = end;
        }

        return rows;
    }
}
