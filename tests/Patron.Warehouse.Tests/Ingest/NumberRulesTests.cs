using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Tests.Ingest;

/// <summary>The load's filter (<see cref="NumberRules.Accepts"/>) keeps exactly the values whose reason is NULL.</summary>
public sealed class NumberRulesTests
{
    [Theory]
    [InlineData(ColumnType.Integer)]
    [InlineData(ColumnType.Double)]
    public void Accepts_AgreesWithReason_OnEveryEdgeValue(ColumnType type)
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute(
            "CREATE TABLE v AS SELECT CAST(x AS DOUBLE) AS x FROM (VALUES (NULL), ('nan'), ('-nan'), ('inf'), ('-inf'), ('0'), ('-0.0'), ('1'), ('-1'), ('2.5'), ('-2.5'), "
            + "('2147483647'), ('2147483648'), ('-2147483648'), ('-2147483649'), ('2147483647.5'), ('999999999999.99'), ('1e12'), ('-1e12'), "
            + "('1e13'), ('1e308'), ('4.9e-324'), ('0.1'), ('123456789012'), ('-999999999999')) t(x);");
        var result = connection.Query(
            $"SELECT count(*) AS n, count(*) FILTER (WHERE ({NumberRules.Reason(type, "x")}) IS NULL) AS fine, "
            + $"count(*) FILTER (WHERE coalesce({NumberRules.Accepts(type, "x")}, FALSE) <> (({NumberRules.Reason(type, "x")}) IS NULL)) AS disagree FROM v;");

        Assert.Equal(25, result["n"].GetInt64(0));
        Assert.Equal(0, result["disagree"].GetInt64(0));
        Assert.InRange(result["fine"].GetInt64(0), 5, 20);
    }
}
