using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Ingest;

/// <summary>
/// What a number must be to be stored: finite, and for amounts inside the range gold computes money in; for counts,
/// also whole. Each rule is SQL over a DOUBLE value that yields NULL when the value is fine (or empty) and the reason
/// otherwise, so bad values become rejects with their file, line and column instead of rows that break later stages.
/// </summary>
/// <remarks>
/// Gold adds money and units as DECIMAL(18, 6), whose magnitude stays below 10^12: a larger amount could be stored but
/// never used. Counts are read as DOUBLE (exact for every 32-bit integer) so that <c>2.5</c> is seen, not rounded.
/// </remarks>
internal static class NumberRules
{
    /// <summary>Amounts and measures must be smaller than this in magnitude (the range of DECIMAL(18, 6)).</summary>
    public const string AmountLimit = "1e12";

    /// <summary>Whether <paramref name="type"/> is checked here.</summary>
    public static bool Applies(ColumnType type) => type is ColumnType.Integer or ColumnType.Double;

    /// <summary>The type DuckDB's reader reads the column as: counts as DOUBLE, so fractions are not rounded on the way in.</summary>
    public static string ReadType(SourceColumn column) => column.Type == ColumnType.Integer ? "DOUBLE" : column.DuckDbType;

    /// <summary>SQL turning the read value <paramref name="value"/> into the bronze column's type.</summary>
    public static string Store(SourceColumn column, string value) => column.Type == ColumnType.Integer ? $"CAST({value} AS INTEGER)" : value;

    /// <summary>
    /// SQL true exactly when <see cref="Reason"/> is NULL (the value is empty or acceptable), in plain comparisons: DuckDB
    /// orders NaN above every number, so NaN and both infinities fail the range tests as they fail the reasons.
    /// </summary>
    public static string Accepts(ColumnType type, string value)
        => type == ColumnType.Integer
            ? $"({value} IS NULL OR ({value} >= -2147483648 AND {value} <= 2147483647 AND {value} = trunc({value})))"
            : $"({value} IS NULL OR abs({value}) < {AmountLimit})";

    /// <summary>SQL: NULL when <paramref name="value"/> (a DOUBLE) is acceptable for <paramref name="type"/>, else the reason.</summary>
    public static string Reason(ColumnType type, string value)
    {
        var common = $"WHEN isnan({value}) THEN 'the value NaN is not a number' "
            + $"WHEN isinf({value}) THEN 'the value is infinite or too large to be a number (' || CAST({value} AS VARCHAR) || ')' ";
        return type == ColumnType.Integer
            ? $"CASE {common}WHEN {value} <> trunc({value}) THEN 'the value ' || CAST({value} AS VARCHAR) || ' is not a whole number: this column counts units, and a count is never rounded' "
              + $"WHEN {value} < -2147483648 OR {value} > 2147483647 THEN 'the value ' || CAST({value} AS VARCHAR) || ' is outside the range of a count (-2147483648 to 2147483647)' END"
            : $"CASE {common}WHEN abs({value}) >= {AmountLimit} THEN 'the value ' || CAST({value} AS VARCHAR) || ' is too large: amounts and measures must stay below 10^12 in magnitude' END";
    }
}
