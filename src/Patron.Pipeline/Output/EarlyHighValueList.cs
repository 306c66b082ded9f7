namespace Patron.Pipeline.Output;

/// <summary>Writes <c>kpi/early_high_value.csv</c>: the new customers (first purchase in the 30 days before the scoring
/// cutoff) most likely to reach the top 5 % of spend, highest first, for the report. Without the early task the file
/// holds the header alone, so a rerun never shows an older run's list.</summary>
internal static class EarlyHighValueList
{
    public const string FileName = "early_high_value.csv";

    private const int Rows = 50;

    public static void Write(Predictions p, string path)
    {
        using var writer = CsvText.Create(path);
        writer.WriteLine("customer_id,segment,early_high_value_probability,monetary");
        if (p.EarlyHighValue is not { } scores)
        {
            return;
        }

        var rows = new List<int>();
        for (var i = 0; i < scores.Length; i++)
        {
            if (!double.IsNaN(scores[i]))
            {
                rows.Add(i);
            }
        }

        rows.Sort((a, b) => scores[b] != scores[a] ? scores[b].CompareTo(scores[a]) : string.CompareOrdinal(p.Ids[a], p.Ids[b]));
        for (var k = 0; k < Math.Min(Rows, rows.Count); k++)
        {
            var i = rows[k];
            writer.WriteLine(string.Join(',', CsvText.Quote(p.Ids[i]), CsvText.Quote(p.Segments[i]), JsonNumbers.Cell(scores[i]), JsonNumbers.Cell(p.Monetary[i])));
        }
    }
}
