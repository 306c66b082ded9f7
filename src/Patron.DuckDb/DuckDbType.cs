namespace Patron.DuckDb;

/// <summary>The SQL type of a result column, as Patron reads it.</summary>
/// <remarks>
/// TIMESTAMP_S, TIMESTAMP_MS and TIMESTAMP_NS columns read as <see cref="Timestamp"/> with microsecond
/// precision (nanoseconds are truncated toward negative infinity).
/// </remarks>
public enum DuckDbType
{
    Boolean,
    TinyInt,
    SmallInt,
    Integer,
    BigInt,
    HugeInt,
    UTinyInt,
    USmallInt,
    UInteger,
    UBigInt,
    Float,
    Double,
    Decimal,
    Varchar,
    Date,
    Timestamp,
    TimestampTz,
    Time,
    Interval,
    Blob,
    List,
    Struct,
    UHugeInt,
    Enum,
    Uuid,
    Map,
    Array,
    Union,
    TimeTz,
    Other,
}
