namespace Patron.Learning.Uplift;

/// <summary>A gain curve of an uplift ranking: the customers ranked by predicted uplift, highest first, and the curve's
/// value after the first <see cref="Counts"/>[i] of them.</summary>
/// <param name="Counts">Customers targeted at each point, from 0 to n; ties in the score form one step.</param>
/// <param name="Values">The curve's value at each point (in the outcome's units, summed over the targeted customers).</param>
/// <param name="Total">n, the number of customers ranked.</param>
public sealed record UpliftCurve(int[] Counts, double[] Values, int Total)
{
    /// <summary>The area under the curve on the fraction scale: x = targeted / n, y = value / n (so the area is in the
    /// outcome's units per customer), by the trapezoid rule.</summary>
    public double Area()
    {
        if (Total == 0)
        {
            return 0;
        }

        var area = 0.0;
        for (var i = 1; i < Counts.Length; i++)
        {
            area += (Counts[i] - Counts[i - 1]) * (Values[i] + Values[i - 1]) / 2;
        }

        return area / ((double)Total * Total);
    }

    /// <summary>The area under the straight line from (0, 0) to the curve's end, which a random ranking follows in
    /// expectation: half the end value per customer.</summary>
    public double RandomArea() => Total == 0 ? 0 : Values[^1] / Total / 2;
}
