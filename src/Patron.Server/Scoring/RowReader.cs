using System.Globalization;
using System.Text.Json;

namespace Patron.Server.Scoring;

/// <summary>Reads the array of row objects of a scoring request against the columns a model needs, collecting every
/// problem (unknown or missing columns, cells of the wrong type) as a sentence that names the row and the column.</summary>
internal static class RowReader
{
    /// <summary>Problems reported at most; the rest are counted.</summary>
    public const int MaxErrors = 20;

    /// <summary>The rows, or null with <paramref name="errors"/> filled.</summary>
    /// <param name="rows">The JSON array.</param>
    /// <param name="field">The request field, for messages.</param>
    /// <param name="rules">Columns every row must carry.</param>
    /// <param name="ignored">Columns accepted and ignored (such as a label).</param>
    /// <param name="errors">Receives the problems.</param>
    /// <param name="optional">Columns a row may carry: read and checked when present, missing (NaN or null) when not;
    /// a column no row carries is left out of the result.</param>
    public static RequestRows? Read(JsonElement rows, string field, IReadOnlyList<ColumnRule> rules, IReadOnlySet<string> ignored, List<string> errors, IReadOnlyList<ColumnRule>? optional = null)
    {
        var required = rules.Count;
        if (optional is { Count: > 0 })
        {
            rules = [.. rules, .. optional];
        }

        var count = rows.GetArrayLength();
        var index = new Dictionary<string, int>(rules.Count, StringComparer.Ordinal);
        for (var j = 0; j < rules.Count; j++)
        {
            index[rules[j].Name] = j;
        }

        var numbers = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (rule.Kind == CellKind.Text)
            {
                texts[rule.Name] = new string?[count];
            }
            else
            {
                numbers[rule.Name] = new double[count];
            }
        }

        for (var j = required; j < rules.Count; j++)
        {
            if (numbers.TryGetValue(rules[j].Name, out var column))
            {
                Array.Fill(column, double.NaN);
            }
        }

        var present = new bool[rules.Count];
        var seen = new bool[rules.Count];
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        var suppressed = 0;
        var row = 0;
        foreach (var item in rows.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                Add(errors, ref suppressed, $"{field}[{row}] must be an object of column values, not {Kind(item)}.");
                row++;
                continue;
            }

            Array.Clear(seen);
            foreach (var property in item.EnumerateObject())
            {
                if (!index.TryGetValue(property.Name, out var j))
                {
                    if (!ignored.Contains(property.Name))
                    {
                        unknown.Add(property.Name);
                    }

                    continue;
                }

                seen[j] = true;
                present[j] = true;
                var rule = rules[j];
                var problem = rule.Kind switch
                {
                    CellKind.Number => ReadNumber(property.Value, numbers[rule.Name], row),
                    CellKind.Flag => ReadFlag(property.Value, numbers[rule.Name], row),
                    _ => ReadText(property.Value, texts[rule.Name], row),
                };
                if (problem is not null)
                {
                    Add(errors, ref suppressed, $"{field}[{row}].{rule.Name} {problem}, not {Kind(property.Value)}.");
                }
            }

            List<string>? missing = null;
            for (var j = 0; j < required; j++)
            {
                if (!seen[j])
                {
                    (missing ??= []).Add(rules[j].Name);
                }
            }

            if (missing is not null)
            {
                Add(errors, ref suppressed, $"{field}[{row}] lacks the column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}.");
            }

            row++;
        }

        if (unknown.Count > 0)
        {
            errors.Insert(0, $"Unknown column{(unknown.Count > 1 ? "s" : "")} in {field}: {string.Join(", ", Limit(unknown))}; expected {string.Join(", ", Names(rules))}.");
        }

        if (suppressed > 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"... and {suppressed} more problems."));
        }

        for (var j = required; j < rules.Count; j++)
        {
            if (!present[j])
            {
                numbers.Remove(rules[j].Name);
                texts.Remove(rules[j].Name);
            }
        }

        return errors.Count == 0 ? new RequestRows(count, numbers, texts) : null;
    }

    private static string? ReadNumber(JsonElement value, double[] column, int row)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                column[row] = double.NaN;
                return null;
            case JsonValueKind.Number when value.TryGetDouble(out var number) && double.IsFinite(number):
                column[row] = number;
                return null;
            case JsonValueKind.Number:
                return "is out of the range of a double";
            default:
                return "must be a number or null";
        }
    }

    private static string? ReadFlag(JsonElement value, double[] column, int row)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                column[row] = double.NaN;
                return null;
            case JsonValueKind.True:
                column[row] = 1;
                return null;
            case JsonValueKind.False:
                column[row] = 0;
                return null;
            case JsonValueKind.Number when value.TryGetDouble(out var number) && number is 0 or 1:
                column[row] = number;
                return null;
            case JsonValueKind.String when value.ValueEquals("true") || value.ValueEquals("TRUE") || value.ValueEquals("True"):
                column[row] = 1;
                return null;
            case JsonValueKind.String when value.ValueEquals("false") || value.ValueEquals("FALSE") || value.ValueEquals("False"):
                column[row] = 0;
                return null;
            default:
                return "must be true, false, 0, 1 or null";
        }
    }

    private static string? ReadText(JsonElement value, string?[] column, int row)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                column[row] = null;
                return null;
            case JsonValueKind.String:
                column[row] = value.GetString();
                return null;
            case JsonValueKind.Number:
                // Coded categories (browser 2, region 1) arrive as numbers; their text is the level.
                column[row] = value.GetRawText();
                return null;
            case JsonValueKind.True or JsonValueKind.False:
                column[row] = value.ValueKind == JsonValueKind.True ? "true" : "false";
                return null;
            default:
                return "must be a string, a number or null";
        }
    }

    private static void Add(List<string> errors, ref int suppressed, string message)
    {
        if (errors.Count < MaxErrors)
        {
            errors.Add(message);
        }
        else
        {
            suppressed++;
        }
    }

    private static IEnumerable<string> Limit(IEnumerable<string> names)
    {
        var k = 0;
        foreach (var name in names)
        {
            if (k++ == MaxErrors)
            {
                yield return "...";
                yield break;
            }

            yield return name.Length > 100 ? name[..100] + "..." : name;
        }
    }

    private static IEnumerable<string> Names(IReadOnlyList<ColumnRule> rules)
    {
        foreach (var rule in rules)
        {
            yield return rule.Name;
        }
    }

    internal static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
