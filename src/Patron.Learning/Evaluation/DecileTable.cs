namespace Patron.Learning.Evaluation;

/// <summary>Builds decile rows from a ranking (best first).</summary>
internal static class DecileTable
{
    public static DecileRow[] Build(ReadOnlySpan<double> label, int[] order, ReadOnlySpan<double> score)
    {
        var n = order.Length;
        var total = 0.0;
        foreach (var y in label)
        {
            total += y;
        }

        var overallRate = total / n;
        var rows = new DecileRow[10];
        var cumulative = 0.0;
        for (var d = 0; d < 10; d++)
        {
            var start = (int)((long)d * n / 10);
            var end = (int)((long)(d + 1) * n / 10);
            double sum = 0, scoreSum = 0;
            for (var k = start; k < end; k++)
            {
                sum += label[order[k]];
                scoreSum += score[order[k]];
            }

            cumulative += sum;
            var count = end - start;
            var rate = count > 0 ? sum / count : 0;
            rows[d] = new DecileRow(
                d + 1,
                count,
                count > 0 ? scoreSum / count : 0,
                sum,
                rate,
                overallRate != 0 ? rate / overallRate : 0,
                total != 0 ? cumulative / total : 0);
        }

        return rows;
    }
}
