namespace Patron.Server.Store;

/// <summary>One feature of the customers at the scoring cutoff, by its registry name: numbers (NaN = missing) or text.</summary>
internal sealed record FeatureColumn(string Name, NumberColumn? Numbers, TextColumn? Texts)
{
    /// <summary>Heap memory held, in bytes.</summary>
    public long Bytes => (Numbers?.HeapBytes ?? 0) + (Texts?.Bytes ?? 0);

    /// <summary>Bytes of profiles.bin mapped rather than copied.</summary>
    public long MappedBytes => Numbers?.MappedBytes ?? 0;
}
