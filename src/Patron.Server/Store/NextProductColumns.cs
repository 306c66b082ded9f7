namespace Patron.Server.Store;

/// <summary>The next product at one rank for every customer (rank 1 = best): product id, name, score, source
/// (<c>rule</c> or <c>popular</c>) and the reason in words; missing for customers with fewer suggestions.</summary>
internal sealed record NextProductColumns(TextColumn ProductIds, TextColumn Names, NumberColumn Scores, TextColumn Sources, TextColumn Reasons)
{
    /// <summary>Memory held, in bytes.</summary>
    public long Bytes => ProductIds.Bytes + Names.Bytes + Scores.HeapBytes + Sources.Bytes + Reasons.Bytes;

    /// <summary>Bytes of profiles.bin mapped rather than copied.</summary>
    public long MappedBytes => ProductIds.MappedBytes + Names.MappedBytes + Scores.MappedBytes + Sources.MappedBytes + Reasons.MappedBytes;
}
