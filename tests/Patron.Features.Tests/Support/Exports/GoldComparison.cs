namespace Patron.Features.Tests.Support.Exports;

/// <summary>Compares two warehouses' gold, table by table and row by row, naming the first differences found.</summary>
internal static class GoldComparison
{
    public static void AssertIdentical(Dictionary<string, Dictionary<string, string>> expected, Dictionary<string, Dictionary<string, string>> actual, string what)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        var differences = new List<string>();
        foreach (var (table, rows) in expected)
        {
            var other = actual[table];
            foreach (var key in rows.Keys.Union(other.Keys).Order(StringComparer.Ordinal))
            {
                rows.TryGetValue(key, out var a);
                other.TryGetValue(key, out var b);
                if (a != b)
                {
                    differences.Add($"{table}[{key}]:\n  cut:   {a ?? "(missing)"}\n  later: {b ?? "(missing)"}");
                }
            }
        }

        Assert.True(differences.Count == 0, $"{what}: {differences.Count} row(s) differ\n" + string.Join("\n", differences.Take(4).Select(Narrow)));
    }

    /// <summary>Keeps only the columns that differ, so a message names what moved.</summary>
    private static string Narrow(string difference)
    {
        var lines = difference.Split('\n');
        if (lines.Length < 3 || lines[1].EndsWith("(missing)", StringComparison.Ordinal) || lines[2].EndsWith("(missing)", StringComparison.Ordinal))
        {
            return difference;
        }

        var a = lines[1][9..].Split(" | ");
        var b = lines[2][9..].Split(" | ");
        var moved = a.Zip(b).Where(p => p.First != p.Second).Select(p => p.First + " → " + p.Second.Split('=', 2)[1]);
        return lines[0] + " " + string.Join("; ", moved);
    }
}
