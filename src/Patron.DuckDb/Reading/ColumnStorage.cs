namespace Patron.DuckDb.Reading;

/// <summary>Which managed array holds a column's values.</summary>
internal enum ColumnStorage
{
    /// <summary><c>bool[]</c>.</summary>
    Boolean,

    /// <summary><c>long[]</c>: integers up to 64 bits (UBIGINT as its bit pattern), DECIMAL up to width 18 unscaled.</summary>
    Int64,

    /// <summary><c>Int128[]</c>: HUGEINT, UHUGEINT (bit pattern), DECIMAL above width 18 unscaled.</summary>
    Int128,

    /// <summary><c>double[]</c>: FLOAT and DOUBLE.</summary>
    Double,

    /// <summary><c>string[]</c>: VARCHAR, ENUM labels, UUID text.</summary>
    String,

    /// <summary><c>byte[][]</c>: BLOB.</summary>
    Blob,

    /// <summary><c>int[]</c>: DATE as days since 1970-01-01.</summary>
    Days,

    /// <summary><c>long[]</c>: TIMESTAMP as microseconds since 1970-01-01, TIME as microseconds since midnight.</summary>
    Micros,
}
