namespace Patron.Warehouse.Sources;

/// <summary>The declared type of a source column; each maps to one DuckDB type and, for times, one format.</summary>
public enum ColumnType
{
    Text,
    Integer,
    BigInt,
    Double,
    Boolean,
    Date,
    Timestamp,
}
