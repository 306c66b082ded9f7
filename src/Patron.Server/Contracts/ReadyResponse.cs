namespace Patron.Server.Contracts;

/// <summary>The run served: its version, cutoff, customers and the memory they take: heap bytes per customer (arrays
/// and the id index) and the bytes per customer of profiles.bin mapped from the page cache rather than copied.</summary>
public sealed record ReadyResponse(string Status, string Run, string? AsOf, int Customers, long BytesPerCustomer, double LoadSeconds, string Store)
{
    public long MappedBytesPerCustomer { get; init; }

    /// <summary>The dashboard's pages for this run (<c>patron serve --db</c>): <c>off</c> without a warehouse,
    /// <c>preparing</c> while its tables are read or built and its default pages requested once, <c>warm</c> when done,
    /// <c>failed</c> when the tables could not be prepared. The API is ready whatever this says.</summary>
    public string? Dashboard { get; init; }
}
