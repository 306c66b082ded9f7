using Patron.DuckDb.Native;

namespace Patron.DuckDb.Reading;

/// <summary>
/// What the reader needs to know about one result column, read once from its logical type so the
/// per-chunk copy does no native type calls.
/// </summary>
internal sealed class ColumnSchema
{
    private ColumnSchema(string name, DuckDbType type, NativeTypeId physical, ColumnStorage storage, int width, int scale, string[]? enumLabels)
    {
        Name = name;
        Type = type;
        Physical = physical;
        Storage = storage;
        Width = width;
        Scale = scale;
        EnumLabels = enumLabels;
    }

    public string Name { get; }

    public DuckDbType Type { get; }

    /// <summary>How values sit in the vector: the type id itself, or the internal type of DECIMAL and ENUM.</summary>
    public NativeTypeId Physical { get; }

    public ColumnStorage Storage { get; }

    /// <summary>DECIMAL width (total digits); 0 for other types.</summary>
    public int Width { get; }

    /// <summary>DECIMAL scale (digits after the point); 0 for other types.</summary>
    public int Scale { get; }

    /// <summary>ENUM dictionary, indexed by the stored code.</summary>
    public string[]? EnumLabels { get; }

    internal static ColumnSchema FromLogicalType(string name, LogicalTypeHandle logicalType)
    {
        var id = NativeMethods.GetTypeId(logicalType);
        return id switch
        {
            NativeTypeId.Boolean => Simple(DuckDbType.Boolean, ColumnStorage.Boolean),
            NativeTypeId.TinyInt => Simple(DuckDbType.TinyInt, ColumnStorage.Int64),
            NativeTypeId.SmallInt => Simple(DuckDbType.SmallInt, ColumnStorage.Int64),
            NativeTypeId.Integer => Simple(DuckDbType.Integer, ColumnStorage.Int64),
            NativeTypeId.BigInt => Simple(DuckDbType.BigInt, ColumnStorage.Int64),
            NativeTypeId.UTinyInt => Simple(DuckDbType.UTinyInt, ColumnStorage.Int64),
            NativeTypeId.USmallInt => Simple(DuckDbType.USmallInt, ColumnStorage.Int64),
            NativeTypeId.UInteger => Simple(DuckDbType.UInteger, ColumnStorage.Int64),
            NativeTypeId.UBigInt => Simple(DuckDbType.UBigInt, ColumnStorage.Int64),
            NativeTypeId.HugeInt => Simple(DuckDbType.HugeInt, ColumnStorage.Int128),
            NativeTypeId.UHugeInt => Simple(DuckDbType.UHugeInt, ColumnStorage.Int128),
            NativeTypeId.Float => Simple(DuckDbType.Float, ColumnStorage.Double),
            NativeTypeId.Double => Simple(DuckDbType.Double, ColumnStorage.Double),
            NativeTypeId.Varchar => Simple(DuckDbType.Varchar, ColumnStorage.String),
            NativeTypeId.Uuid => Simple(DuckDbType.Uuid, ColumnStorage.String),
            NativeTypeId.Blob => Simple(DuckDbType.Blob, ColumnStorage.Blob),
            NativeTypeId.Date => Simple(DuckDbType.Date, ColumnStorage.Days),
            NativeTypeId.Timestamp or NativeTypeId.TimestampS or NativeTypeId.TimestampMs or NativeTypeId.TimestampNs
                => Simple(DuckDbType.Timestamp, ColumnStorage.Micros),
            NativeTypeId.TimestampTz => Simple(DuckDbType.TimestampTz, ColumnStorage.Micros),
            NativeTypeId.Time => Simple(DuckDbType.Time, ColumnStorage.Micros),
            NativeTypeId.Decimal => Decimal(name, logicalType),
            NativeTypeId.Enum => Enum(name, logicalType),
            _ => throw new NotSupportedException(
                $"Column '{name}' has DuckDB type {Describe(id)}, which Patron does not read; cast it in SQL (for example {name}::VARCHAR)."),
        };

        ColumnSchema Simple(DuckDbType type, ColumnStorage storage) =>
            new(name, type, id, storage, 0, 0, null);
    }

    private static ColumnSchema Decimal(string name, LogicalTypeHandle logicalType)
    {
        var width = NativeMethods.DecimalWidth(logicalType);
        var scale = NativeMethods.DecimalScale(logicalType);
        var physical = NativeMethods.DecimalInternalType(logicalType);
        var storage = physical == NativeTypeId.HugeInt ? ColumnStorage.Int128 : ColumnStorage.Int64;
        return new ColumnSchema(name, DuckDbType.Decimal, physical, storage, width, scale, null);
    }

    private static unsafe ColumnSchema Enum(string name, LogicalTypeHandle logicalType)
    {
        var physical = NativeMethods.EnumInternalType(logicalType);
        var size = NativeMethods.EnumDictionarySize(logicalType);
        var labels = new string[size];
        for (var i = 0u; i < size; i++)
        {
            var text = NativeMethods.EnumDictionaryValue(logicalType, i);
            labels[i] = NativeMethods.ReadUtf8(text) ?? string.Empty;
            NativeMethods.Free(text);
        }

        return new ColumnSchema(name, DuckDbType.Enum, physical, ColumnStorage.String, 0, 0, labels);
    }

    private static string Describe(NativeTypeId id) => id switch
    {
        NativeTypeId.Interval => "INTERVAL",
        NativeTypeId.List => "LIST",
        NativeTypeId.Struct => "STRUCT",
        NativeTypeId.Map => "MAP",
        NativeTypeId.Array => "ARRAY",
        NativeTypeId.Union => "UNION",
        NativeTypeId.Bit => "BIT",
        NativeTypeId.TimeTz => "TIME WITH TIME ZONE",
        NativeTypeId.BigNum => "BIGNUM",
        _ => $"type id {(int)id}",
    };
}
