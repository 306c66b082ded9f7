using System.Globalization;

namespace Patron.DuckDb.Tests;

public sealed partial class DuckDbColumnTests
{
    public static TheoryData<string, string, DuckDbType, object> RoundTrips => new()
    {
        { "BOOLEAN", "true", DuckDbType.Boolean, true },
        { "TINYINT", "-128", DuckDbType.TinyInt, (sbyte)-128 },
        { "SMALLINT", "32767", DuckDbType.SmallInt, (short)32767 },
        { "INTEGER", "-2147483648", DuckDbType.Integer, int.MinValue },
        { "BIGINT", "9223372036854775807", DuckDbType.BigInt, long.MaxValue },
        { "UTINYINT", "255", DuckDbType.UTinyInt, (byte)255 },
        { "USMALLINT", "65535", DuckDbType.USmallInt, (ushort)65535 },
        { "UINTEGER", "4294967295", DuckDbType.UInteger, uint.MaxValue },
        { "UBIGINT", "18446744073709551615", DuckDbType.UBigInt, ulong.MaxValue },
        { "HUGEINT", "-170141183460469231731687303715884105727", DuckDbType.HugeInt, Int128.MinValue + 1 },
        { "UHUGEINT", "340282366920938463463374607431768211455", DuckDbType.UHugeInt, UInt128.MaxValue },
        { "FLOAT", "1.5", DuckDbType.Float, 1.5f },
        { "DOUBLE", "-2.25e300", DuckDbType.Double, -2.25e300 },
        { "VARCHAR", "'short'", DuckDbType.Varchar, "short" },
        { "VARCHAR", "'exactly12byt'", DuckDbType.Varchar, "exactly12byt" },
        { "VARCHAR", "'thirteen byte'", DuckDbType.Varchar, "thirteen byte" },
        { "VARCHAR", "'Grüße, 東京 — long enough to live outside the inline buffer'", DuckDbType.Varchar, "Grüße, 東京 — long enough to live outside the inline buffer" },
        { "VARCHAR", "''", DuckDbType.Varchar, string.Empty },
        { "DATE", "'2024-02-29'", DuckDbType.Date, new DateOnly(2024, 2, 29) },
        { "DATE", "'1969-12-31'", DuckDbType.Date, new DateOnly(1969, 12, 31) },
        { "TIMESTAMP", "'2024-03-10 12:34:56.789012'", DuckDbType.Timestamp, new DateTime(2024, 3, 10, 12, 34, 56).AddTicks(7_890_120) },
        { "TIMESTAMP_S", "'2024-03-10 12:34:56'", DuckDbType.Timestamp, new DateTime(2024, 3, 10, 12, 34, 56) },
        { "TIMESTAMP_MS", "'2024-03-10 12:34:56.789'", DuckDbType.Timestamp, new DateTime(2024, 3, 10, 12, 34, 56, 789) },
        { "TIMESTAMP_NS", "'1969-12-31 23:59:59.999999999'", DuckDbType.Timestamp, new DateTime(1969, 12, 31, 23, 59, 59).AddTicks(9_999_990) },
        { "TIMESTAMPTZ", "'2024-03-10 12:00:00+00'", DuckDbType.TimestampTz, new DateTime(2024, 3, 10, 12, 0, 0, DateTimeKind.Utc) },
        { "TIME", "'23:59:58.5'", DuckDbType.Time, new TimeOnly(23, 59, 58, 500) },
        { "UUID", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", DuckDbType.Uuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" },
        { "UUID", "'00000000-0000-0000-0000-000000000001'", DuckDbType.Uuid, "00000000-0000-0000-0000-000000000001" },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Query_EachType_ReadsValueAndNull(string sqlType, string literal, DuckDbType expectedType, object expected)
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("SET TimeZone = 'UTC'");
        connection.Execute($"CREATE TABLE t (v {sqlType}); INSERT INTO t VALUES (({literal})::{sqlType}), (NULL)");

        var column = connection.Query("SELECT v FROM t ORDER BY v NULLS LAST")["v"];

        Assert.Equal(expectedType, column.Type);
        Assert.Equal(2, column.Length);
        Assert.False(column.IsNull(0));
        Assert.True(column.IsNull(1));
        Assert.Equal(expected, column.GetValue(0));
        Assert.Null(column.GetValue(1));
        Assert.Null(column.ToStringArray()[1]);
        Assert.Throws<InvalidOperationException>(() => column.GetString(1));
    }

    [Fact]
    public void Query_UntypedNullLiteral_ReadsAsNull()
    {
        using var connection = DuckDbConnection.OpenInMemory();

        var column = connection.Query("SELECT NULL AS nothing")["nothing"];

        Assert.True(column.IsNull(0));
        Assert.Null(column.GetValue(0));
        Assert.Null(connection.Scalar<object>("SELECT NULL"));
    }

    [Fact]
    public void GetTimestamp_Kinds_UnspecifiedForTimestampUtcForTimestampTz()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        var result = connection.Query("SELECT TIMESTAMP '2024-01-01 00:00:00' AS plain, TIMESTAMPTZ '2024-01-01 00:00:00+00' AS zoned");

        Assert.Equal(DateTimeKind.Unspecified, result["plain"].GetTimestamp(0).Kind);
        Assert.Equal(DateTimeKind.Utc, result["zoned"].GetTimestamp(0).Kind);
    }

    [Fact]
    public void Query_EnumColumn_ReadsLabels()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TYPE channel AS ENUM ('web', 'store', 'app'); CREATE TABLE t (c channel); INSERT INTO t VALUES ('app'), (NULL), ('web')");

        var column = connection.Query("SELECT c FROM t")["c"];

        Assert.Equal(DuckDbType.Enum, column.Type);
        Assert.Equal(new[] { "app", null, "web" }, column.ToStringArray());
    }

    [Fact]
    public void Query_BlobColumn_ReadsBytesAndEscapedText()
    {
        using var connection = DuckDbConnection.OpenInMemory();

        var column = connection.Query("SELECT '\\x00AB\\xFF'::BLOB AS b UNION ALL SELECT 'a longer blob of sixteen'::BLOB")["b"];

        Assert.Equal(DuckDbType.Blob, column.Type);
        Assert.Equal(new byte[] { 0x00, (byte)'A', (byte)'B', 0xFF }, column.GetBlob(0));
        Assert.Equal("\\x00AB\\xFF", column.GetString(0));
        Assert.Equal("a longer blob of sixteen"u8.ToArray(), column.GetBlob(1));
    }

    [Theory]
    [InlineData("INTERVAL 3 DAY", "INTERVAL")]
    [InlineData("[1, 2, 3]", "LIST")]
    [InlineData("{'a': 1}", "STRUCT")]
    public void Query_UnsupportedType_ThrowsNamingColumnAndType(string expression, string typeName)
    {
        using var connection = DuckDbConnection.OpenInMemory();

        var error = Assert.Throws<NotSupportedException>(() => connection.Query($"SELECT {expression} AS odd_one"));

        Assert.Contains("'odd_one'", error.Message, StringComparison.Ordinal);
        Assert.Contains(typeName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Getters_WrongType_ThrowInvalidCastNamingColumn()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        var result = connection.Query("SELECT 'text' AS label, 3 AS n");

        var error = Assert.Throws<InvalidCastException>(() => result["label"].GetInt64(0));
        Assert.Contains("label", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidCastException>(() => result["n"].GetDate(0));
        Assert.Throws<InvalidCastException>(() => result["label"].ToDoubleArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => result["n"].GetInt32(1));
    }

    [Fact]
    public void GetInt64_WholeDecimalOrDouble_ConvertsAndFractionThrows()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        var result = connection.Query("SELECT 3.00::DECIMAL(4,2) AS whole, 2.50::DECIMAL(4,2) AS half, 6.0::DOUBLE AS d, 6.5::DOUBLE AS dh, 12345678901234567890::DECIMAL(38,0) AS big");

        Assert.Equal(3, result["whole"].GetInt32(0));
        Assert.Equal(6L, result["d"].GetInt64(0));
        Assert.Throws<InvalidCastException>(() => result["half"].GetInt64(0));
        Assert.Throws<InvalidCastException>(() => result["dh"].GetInt64(0));
        Assert.Throws<OverflowException>(() => result["big"].GetInt64(0));
        Assert.Equal(Int128.Parse("12345678901234567890", CultureInfo.InvariantCulture), result["big"].GetInt128(0));
        Assert.Equal(3L, connection.Scalar<long>("SELECT ROUND(2.5::DECIMAL(4,2))"));
    }

    [Fact]
    public void ToDoubleArray_MixedColumns_ConvertsWithNaNForNull()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        var result = connection.Query("""
            SELECT * FROM (VALUES
                (1::TINYINT, true, DATE '1970-01-11', TIMESTAMP '1970-01-01 00:00:01.5', 2.5::DECIMAL(9,3), 7::HUGEINT),
                (NULL, NULL, NULL, NULL, NULL, NULL),
                (-3::TINYINT, false, DATE '1969-12-31', TIMESTAMP '1969-12-31 23:59:59', -0.125::DECIMAL(9,3), -7::HUGEINT)
            ) AS v(i, b, d, ts, m, h)
            """);

        Assert.Equal(new[] { 1.0, double.NaN, -3.0 }, result["i"].ToDoubleArray());
        Assert.Equal(new[] { 1.0, double.NaN, 0.0 }, result["b"].ToDoubleArray());
        Assert.Equal(new[] { 10.0, double.NaN, -1.0 }, result["d"].ToDoubleArray());
        Assert.Equal(new[] { 1.5, double.NaN, -1.0 }, result["ts"].ToDoubleArray());
        Assert.Equal(new[] { 2.5, double.NaN, -0.125 }, result["m"].ToDoubleArray());
        Assert.Equal(new[] { 7.0, double.NaN, -7.0 }, result["h"].ToDoubleArray());
    }

    [Fact]
    public void ToStringArray_CommaDecimalCulture_StaysInvariant()
    {
        var previous = CultureInfo.CurrentCulture;
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        commaCulture.NumberFormat.NumberGroupSeparator = ".";
        CultureInfo.CurrentCulture = commaCulture;
        try
        {
            using var connection = DuckDbConnection.OpenInMemory();
            var result = connection.Query("SELECT 1.25::DOUBLE AS d, 1.50::DECIMAL(4,2) AS m, DATE '2024-01-02' AS day, TIMESTAMP '2024-01-02 03:04:05.5' AS ts, TIMESTAMP '2024-01-02 03:04:05' AS whole, true AS b");

            Assert.Equal("1.25", result["d"].ToStringArray()[0]);
            Assert.Equal("1.50", result["m"].ToStringArray()[0]);
            Assert.Equal("2024-01-02", result["day"].GetString(0));
            Assert.Equal("2024-01-02 03:04:05.5", result["ts"].GetString(0));
            Assert.Equal("2024-01-02 03:04:05", result["whole"].GetString(0));
            Assert.Equal("true", result["b"].GetString(0));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
