namespace Patron.DuckDb;

/// <summary>Start-up options for a DuckDB database; unset options keep DuckDB's defaults.</summary>
public sealed record DuckDbConfig
{
    /// <summary>Worker threads DuckDB may use; null for one per core.</summary>
    public int? Threads { get; init; }

    /// <summary>DuckDB's memory limit in its own syntax, for example <c>"2GB"</c>; null for 80% of RAM.</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>Opens the file read-only, so several processes may read it at once.</summary>
    public bool ReadOnly { get; init; }
}
