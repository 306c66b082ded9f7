namespace Patron.DuckDb.Tests;

/// <summary>
/// Tests that measure process memory run alone: allocations of tests running in parallel would
/// otherwise show up as growth.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurement";
}
