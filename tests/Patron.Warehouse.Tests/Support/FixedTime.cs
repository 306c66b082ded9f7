namespace Patron.Warehouse.Tests.Support;

/// <summary>A clock that always says the same time, so ingest timestamps and "future" checks are reproducible.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
