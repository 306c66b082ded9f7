namespace Patron.Learning.Experiments;

/// <summary>Holm's step-down correction of p-values for several metrics read from one experiment.</summary>
/// <remarks>
/// With the m p-values sorted ascending, the k-th (from 1) is adjusted to max over j ≤ k of min(1, (m − j + 1)·p₍ⱼ₎):
/// rejecting where the adjusted value is below α controls the family-wise error at α (as statsmodels'
/// <c>multipletests(method="holm")</c>). NaN p-values stay NaN and do not count towards m.
/// </remarks>
public static class HolmCorrection
{
    /// <summary>The adjusted p-values, in the input's order.</summary>
    public static double[] Adjust(ReadOnlySpan<double> pValues)
    {
        var adjusted = new double[pValues.Length];
        var order = new List<int>(pValues.Length);
        for (var i = 0; i < pValues.Length; i++)
        {
            adjusted[i] = double.NaN;
            if (!double.IsNaN(pValues[i]))
            {
                order.Add(i);
            }
        }

        var values = pValues.ToArray();
        order.Sort((a, b) => values[a] != values[b] ? values[a].CompareTo(values[b]) : a.CompareTo(b));
        var m = order.Count;
        var running = 0.0;
        for (var k = 0; k < m; k++)
        {
            running = Math.Max(running, Math.Min(1, (m - k) * values[order[k]]));
            adjusted[order[k]] = running;
        }

        return adjusted;
    }
}
