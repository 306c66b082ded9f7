namespace Patron.Server.Contracts;

/// <summary>The run served: its version, cutoff, customers and the memory they take: heap bytes per customer (arrays
/// and the id index) and the bytes per customer of profiles.bin mapped from the page cache rather than copied.</summary>
public sealed record ReadyResponse(string Status, string Run, string? AsOf, int Customers, long BytesPerCustomer, double LoadSeconds, string Store)
{
    public long MappedBytesPerCustomer { get; init; }
}
