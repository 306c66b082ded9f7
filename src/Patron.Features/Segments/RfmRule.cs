namespace Patron.Features.Segments;

/// <summary>One row of the RFM segment rule table: a segment for a range of R scores and a range of FM scores.</summary>
/// <param name="Segment">Segment name.</param>
/// <param name="RFrom">Lowest R score (1-5) the rule covers.</param>
/// <param name="RTo">Highest R score the rule covers.</param>
/// <param name="FmFrom">Lowest FM score (the mean of F and M rounded half up) the rule covers.</param>
/// <param name="FmTo">Highest FM score the rule covers.</param>
public sealed record RfmRule(string Segment, int RFrom, int RTo, int FmFrom, int FmTo)
{
    /// <summary>True when the rule covers the cell (<paramref name="r"/>, <paramref name="fm"/>).</summary>
    public bool Covers(int r, int fm) => r >= RFrom && r <= RTo && fm >= FmFrom && fm <= FmTo;

    /// <summary>The rule as text, e.g. "R 4-5, FM 2-3".</summary>
    public string Describe() => $"R {Range(RFrom, RTo)}, FM {Range(FmFrom, FmTo)}";

    private static string Range(int from, int to) => from == to ? $"{from}" : $"{from}-{to}";
}
