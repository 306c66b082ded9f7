namespace Patron.Server.Store;

/// <summary>One feature of the customers at the scoring cutoff, by its registry name: numbers (NaN = missing) or text.</summary>
internal sealed record FeatureColumn(string Name, double[]? Numbers, TextColumn? Texts)
{
    /// <summary>Memory held, in bytes.</summary>
    public long Bytes => (Numbers?.LongLength ?? 0) * sizeof(double) + (Texts?.Bytes ?? 0);
}
