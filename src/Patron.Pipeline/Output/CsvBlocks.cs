using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Patron.Pipeline.Output;

/// <summary>Writes a CSV file of many rows on every core: rows are formatted and encoded in blocks side by side, and the
/// blocks are written in row order, so the file holds the same bytes as one <see cref="CsvText.Create"/> writer
/// writing one line per row (UTF-8 without a byte order mark, <c>\n</c> after every line).</summary>
/// <remarks>Memory holds a few blocks of encoded rows at a time (<see cref="BlockRows"/> rows each), never the file.
/// The row delegate of <see cref="Write"/> is called from several threads at once, so it must only read; each row's
/// text depends on that row alone, so the bytes do not depend on the threads.</remarks>
internal static class CsvBlocks
{
    /// <summary>Rows formatted together by one worker.</summary>
    public const int BlockRows = 2_048;

    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>Appends the cells of row <c>i</c> (without the line's end) to the builder.</summary>
    public delegate void RowText(int i, StringBuilder line);

    /// <summary>Writes <paramref name="header"/> and rows 0 to <paramref name="rows"/> − 1 to <paramref name="path"/>;
    /// returns the file's length in bytes.</summary>
    public static long Write(string path, string header, int rows, RowText row)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        stream.Write(Utf8.GetBytes(header + "\n"));
        var blocks = (rows + BlockRows - 1) / BlockRows;
        var group = Math.Max(2, 2 * Environment.ProcessorCount);
        var encoded = new byte[group][];
        var lengths = new int[group];

        // Workers (a builder and a character buffer each) are kept from one group of blocks to the next.
        var idle = new ConcurrentBag<Worker>();
        try
        {
            for (var first = 0; first < blocks; first += group)
            {
                var count = Math.Min(group, blocks - first);
                var from = first;
                Parallel.For(0, count, () => idle.TryTake(out var kept) ? kept : new Worker(), (b, _, worker) =>
                {
                    var start = (from + b) * BlockRows;
                    var end = Math.Min(rows, start + BlockRows);
                    var text = worker.Text.Clear();
                    for (var i = start; i < end; i++)
                    {
                        row(i, text);
                        text.Append('\n');
                    }

                    lengths[b] = worker.Encode(ref encoded[b]);
                    return worker;
                }, idle.Add);
                for (var b = 0; b < count; b++)
                {
                    stream.Write(encoded[b], 0, lengths[b]);
                }
            }
        }
        finally
        {
            foreach (var worker in idle)
            {
                worker.Return();
            }

            foreach (var buffer in encoded)
            {
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }

        stream.Flush();
        return stream.Length;
    }

    /// <summary>Appends a cell as <see cref="JsonNumbers.Cell"/> writes it (round-trip invariant number, nothing for NaN).</summary>
    public static StringBuilder AppendNumber(this StringBuilder line, double value)
    {
        if (double.IsNaN(value))
        {
            return line;
        }

        Span<char> digits = stackalloc char[32];
        return value.TryFormat(digits, out var written, "R", CultureInfo.InvariantCulture)
            ? line.Append(digits[..written])
            : line.Append(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>One worker's builder and character buffer, reused block after block.</summary>
    private sealed class Worker
    {
        private char[] _chars = [];

        public StringBuilder Text { get; } = new();

        /// <summary>Encodes the builder into <paramref name="bytes"/> (a pooled array, grown when too small); returns the bytes written.</summary>
        public int Encode(ref byte[] bytes)
        {
            var length = Text.Length;
            if (_chars.Length < length)
            {
                Return();
                _chars = ArrayPool<char>.Shared.Rent(length);
            }

            Text.CopyTo(0, _chars, 0, length);
            var most = Utf8.GetMaxByteCount(length);
            if (bytes is null || bytes.Length < most)
            {
                if (bytes is not null)
                {
                    ArrayPool<byte>.Shared.Return(bytes);
                }

                bytes = ArrayPool<byte>.Shared.Rent(most);
            }

            return Utf8.GetBytes(_chars, 0, length, bytes, 0);
        }

        public void Return()
        {
            if (_chars.Length > 0)
            {
                ArrayPool<char>.Shared.Return(_chars);
                _chars = [];
            }
        }
    }
}
