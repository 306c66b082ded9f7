namespace Patron.Warehouse.Quality;

/// <summary>What one check found on one entity (or file column) of one source.</summary>
/// <param name="Source">The source adapter whose rows were checked.</param>
/// <param name="Check">The check's key.</param>
/// <param name="Entity"><c>order</c>, <c>order_line</c>, <c>customer</c>, <c>product</c>, an optional table's entity (<c>payment</c>,
/// <c>review</c>, <c>session</c>, <c>event</c>, <c>shopper_session</c>), or <c>file.column</c> / file name.</param>
/// <param name="AffectedRows">Rows the check found.</param>
/// <param name="CheckedRows">Rows the check looked at.</param>
/// <param name="Action">What was done to the rows found.</param>
/// <param name="Examples">A few of the rows, as text with their file and row.</param>
public sealed record QualityFinding(string Source, string Check, string Entity, long AffectedRows, long CheckedRows, string Action, IReadOnlyList<string> Examples)
{
    public double Share => CheckedRows == 0 ? 0 : (double)AffectedRows / CheckedRows;
}
