using System.IO.Compression;
using System.Text;

namespace Patron.Warehouse.Ingest;

/// <summary>Reads and checks the header record of a CSV file (plain or .gz), before DuckDB reads the rest.</summary>
internal static class CsvHeader
{
    private const int MaxHeaderBytes = 1 << 20;

    /// <summary>Opens a file for reading, decompressing <c>.gz</c>.</summary>
    public static Stream OpenRead(string path)
    {
        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return stream;
    }

    /// <summary>Returns the header's field names, in file order. Throws <see cref="InputException"/> for an empty file,
    /// a header that is not UTF-8, or an unterminated quote.</summary>
    public static IReadOnlyList<string> Read(string path, string displayName, char delimiter = ',')
        => Parse(ReadText(path, displayName), displayName, delimiter);

    /// <summary>The decoded start of the file (at least its first line), without a byte-order mark.</summary>
    public static string ReadText(string path, string displayName)
    {
        byte[] bytes;
        int length;
        using (var stream = OpenRead(path))
        {
            bytes = new byte[MaxHeaderBytes];
            length = 0;
            int read;
            try
            {
                while (length < bytes.Length && (read = stream.Read(bytes, length, bytes.Length - length)) > 0)
                {
                    length += read;
                    if (Array.IndexOf(bytes, (byte)'\n', 0, length) >= 0)
                    {
                        break;
                    }
                }
            }
            catch (InvalidDataException ex)
            {
                throw new InputException(displayName, null, null, $"the file is not a valid gzip archive ({ex.Message})");
            }
        }

        var start = length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        if (length - start == 0)
        {
            throw new InputException(displayName, null, null, "the file is empty: expected a header line and data rows");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes, start, length - start);
        }
        catch (DecoderFallbackException)
        {
            // The buffer may end inside a multi-byte character; only the header record matters.
            var newline = Array.IndexOf(bytes, (byte)'\n', start, length - start);
            var end = newline < 0 ? length : newline;
            try
            {
                text = new UTF8Encoding(false, true).GetString(bytes, start, end - start);
            }
            catch (DecoderFallbackException)
            {
                throw new InputException(displayName, 1, null, "the header is not valid UTF-8 text; save the file as UTF-8");
            }
        }

        return text;
    }

    /// <summary>Splits the first record of <paramref name="text"/> into fields, honouring RFC 4180 quotes.</summary>
    internal static IReadOnlyList<string> Parse(string text, string displayName, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var i = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                break;
            }
            else
            {
                field.Append(c);
            }
        }

        if (inQuotes)
        {
            throw new InputException(displayName, 1, null, "the header has an unterminated quote");
        }

        fields.Add(field.ToString().Trim());
        if (fields.Count == 1 && fields[0].Length == 0)
        {
            throw new InputException(displayName, 1, null, "the header line is blank");
        }

        return fields;
    }
}
