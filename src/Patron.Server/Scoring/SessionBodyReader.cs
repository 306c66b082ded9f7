using System.Text;
using System.Text.Json;

namespace Patron.Server.Scoring;

/// <summary>Reads the body of <c>POST /api/score/sessions</c> (<c>{"sessions": [{...}, ...]}</c>) with one
/// <see cref="Utf8JsonReader"/> pass straight into column arrays: no document, no string per property name, one
/// string per distinct text of a column. It takes only the plain, valid case; anything else (another field, a wrong
/// type, a missing or unknown column, an escaped name, more rows than allowed, invalid JSON) gives null, and the caller
/// reads the body the checked way (<see cref="RowReader"/>), which words the problem exactly as before.</summary>
/// <remarks>Cells are read as <see cref="RowReader"/> reads them (numbers, flags, texts; null = missing), so the rows,
/// and hence the answer, are the same whichever way the body is read. Stateless and thread-safe.</remarks>
internal static class SessionBodyReader
{
    private const int MaxColumns = 64;

    /// <summary>Distinct texts kept per column and request before further ones are no longer pooled.</summary>
    private const int PoolLimit = 256;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 32, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>The rows of the body by <paramref name="columns"/>, or null when the body is not the plain valid case.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="columns">Columns every row must carry, in their usual order.</param>
    /// <param name="maxRows">Most rows allowed.</param>
    public static RequestRows? TryRead(ReadOnlySpan<byte> body, ColumnSet columns, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        try
        {
            return Read(body, columns, maxRows);
        }
        catch (Exception ex) when (ex is JsonException or DecoderFallbackException or InvalidOperationException)
        {
            return null;
        }
    }

    private static RequestRows? Read(ReadOnlySpan<byte> body, ColumnSet columns, int maxRows)
    {
        var reader = new Utf8JsonReader(body, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
            || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped || !reader.ValueTextEquals("sessions"u8)
            || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var count = columns.Rules.Count;
        var capacity = Math.Clamp(body.Length / 256, 16, maxRows);
        var numbers = new double[count][];
        var texts = new string?[count][];
        var pools = new List<(byte[] Utf8, string Text)>?[count];
        for (var j = 0; j < count; j++)
        {
            if (columns.Rules[j].Kind == CellKind.Text)
            {
                texts[j] = new string?[capacity];
                pools[j] = [];
            }
            else
            {
                numbers[j] = new double[capacity];
            }
        }

        var rows = 0;
        var all = count == MaxColumns ? ulong.MaxValue : (1UL << count) - 1;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject || rows == maxRows)
            {
                return null;
            }

            if (rows == capacity)
            {
                capacity = Math.Min(maxRows, capacity * 2);
                Grow(numbers, texts, capacity);
            }

            ulong seen = 0;
            var guess = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped)
                {
                    return null;
                }

                var j = columns.Find(reader.ValueSpan, guess);
                if (j == ColumnSet.Ignored)
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                if (j < 0 || !reader.Read() || !Cell(ref reader, columns.Rules[j].Kind, numbers[j], texts[j], pools[j], rows))
                {
                    return null;
                }

                seen |= 1UL << j;
                guess = j + 1;
            }

            if (reader.TokenType != JsonTokenType.EndObject || seen != all)
            {
                return null;
            }

            rows++;
        }

        if (reader.TokenType != JsonTokenType.EndArray || !reader.Read() || reader.TokenType != JsonTokenType.EndObject || reader.Read() || rows == 0)
        {
            return null;
        }

        var numberColumns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var textColumns = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        for (var j = 0; j < count; j++)
        {
            if (texts[j] is { } t)
            {
                Array.Resize(ref t, rows);
                textColumns[columns.Rules[j].Name] = t;
            }
            else
            {
                var n = numbers[j];
                Array.Resize(ref n, rows);
                numberColumns[columns.Rules[j].Name] = n;
            }
        }

        return new RequestRows(rows, numberColumns, textColumns);
    }

    private static bool Cell(ref Utf8JsonReader reader, CellKind kind, double[]? numbers, string?[]? texts, List<(byte[] Utf8, string Text)>? pool, int row)
    {
        switch (kind)
        {
            case CellKind.Number:
                switch (reader.TokenType)
                {
                    case JsonTokenType.Null:
                        numbers![row] = double.NaN;
                        return true;
                    case JsonTokenType.Number when reader.TryGetDouble(out var number) && double.IsFinite(number):
                        numbers![row] = number;
                        return true;
                    default:
                        return false;
                }

            case CellKind.Flag:
                switch (reader.TokenType)
                {
                    case JsonTokenType.Null:
                        numbers![row] = double.NaN;
                        return true;
                    case JsonTokenType.True:
                        numbers![row] = 1;
                        return true;
                    case JsonTokenType.False:
                        numbers![row] = 0;
                        return true;
                    case JsonTokenType.Number when reader.TryGetDouble(out var number) && number is 0 or 1:
                        numbers![row] = number;
                        return true;
                    case JsonTokenType.String when reader.ValueTextEquals("true"u8) || reader.ValueTextEquals("TRUE"u8) || reader.ValueTextEquals("True"u8):
                        numbers![row] = 1;
                        return true;
                    case JsonTokenType.String when reader.ValueTextEquals("false"u8) || reader.ValueTextEquals("FALSE"u8) || reader.ValueTextEquals("False"u8):
                        numbers![row] = 0;
                        return true;
                    default:
                        return false;
                }

            default:
                switch (reader.TokenType)
                {
                    case JsonTokenType.Null:
                        texts![row] = null;
                        return true;
                    case JsonTokenType.String when reader.ValueIsEscaped:
                        texts![row] = reader.GetString();
                        return true;
                    case JsonTokenType.String or JsonTokenType.Number:
                        // Coded categories (browser 2, region 1) arrive as numbers; their text is the number as written.
                        texts![row] = Pooled(pool!, reader.ValueSpan);
                        return true;
                    case JsonTokenType.True:
                        texts![row] = "true";
                        return true;
                    case JsonTokenType.False:
                        texts![row] = "false";
                        return true;
                    default:
                        return false;
                }
        }
    }

    private static string Pooled(List<(byte[] Utf8, string Text)> pool, ReadOnlySpan<byte> utf8)
    {
        foreach (var (bytes, text) in pool)
        {
            if (utf8.SequenceEqual(bytes))
            {
                return text;
            }
        }

        var value = Strict.GetString(utf8);
        if (pool.Count < PoolLimit)
        {
            pool.Add((utf8.ToArray(), value));
        }

        return value;
    }

    private static void Grow(double[]?[] numbers, string?[]?[] texts, int capacity)
    {
        for (var j = 0; j < numbers.Length; j++)
        {
            if (numbers[j] is { } n)
            {
                Array.Resize(ref n, capacity);
                numbers[j] = n;
            }

            if (texts[j] is { } t)
            {
                Array.Resize(ref t, capacity);
                texts[j] = t;
            }
        }
    }

    /// <summary>The columns a body's rows must carry, with their UTF-8 names for matching property names as read.</summary>
    internal sealed class ColumnSet
    {
        /// <summary><see cref="Find"/>'s answer for the ignored column.</summary>
        public const int Ignored = -2;

        private readonly byte[][] _names;
        private readonly byte[]? _ignored;

        public ColumnSet(IReadOnlyList<ColumnRule> rules, string? ignored)
        {
            ArgumentNullException.ThrowIfNull(rules);
            if (rules.Count > MaxColumns)
            {
                throw new ArgumentException($"At most {MaxColumns} columns.", nameof(rules));
            }

            Rules = rules;
            _names = new byte[rules.Count][];
            for (var j = 0; j < rules.Count; j++)
            {
                _names[j] = Encoding.UTF8.GetBytes(rules[j].Name);
            }

            _ignored = ignored is null ? null : Encoding.UTF8.GetBytes(ignored);
        }

        public IReadOnlyList<ColumnRule> Rules { get; }

        /// <summary>The column named <paramref name="name"/> (trying <paramref name="guess"/> first: rows usually
        /// list the columns in the same order), <see cref="Ignored"/>, or -1.</summary>
        public int Find(ReadOnlySpan<byte> name, int guess)
        {
            if (guess < _names.Length && name.SequenceEqual(_names[guess]))
            {
                return guess;
            }

            for (var j = 0; j < _names.Length; j++)
            {
                if (name.SequenceEqual(_names[j]))
                {
                    return j;
                }
            }

            return _ignored is not null && name.SequenceEqual(_ignored) ? Ignored : -1;
        }
    }
}
