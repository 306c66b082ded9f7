namespace Patron.DuckDb;

/// <summary>How far the query running on a connection has come.</summary>
/// <param name="Percentage">0 to 100, or -1 when no query runs or DuckDB cannot estimate it.</param>
/// <param name="RowsProcessed">Rows the query has read so far.</param>
/// <param name="TotalRowsToProcess">Rows DuckDB expects the query to read in all.</param>
public readonly record struct DuckDbQueryProgress(double Percentage, long RowsProcessed, long TotalRowsToProcess)
{
    /// <summary>True when DuckDB reported an estimate.</summary>
    public bool IsKnown => Percentage >= 0;
}
