namespace Patron.DuckDb.Tests;

public sealed partial class DuckDbColumnTests
{
    [Fact]
    public void Strings_LongRepeatedValues_ReadCorrectlyAndShareOneInstancePerValue()
    {
        // 20,000 rows over 50 distinct values longer than DuckDB's 12 inline bytes, plus every row's own long value:
        // the repeated ones must come back equal and shared, the unique ones equal, whatever lands in which cache slot.
        using var connection = DuckDbConnection.OpenInMemory();
        using var result = connection.Query("""
            SELECT 'category number ' || (i % 50) || ' with a long name' AS category,
                   'unique value number ' || i || ' outside the inline buffer' AS unique_text,
                   repeat('x', 70 + (i % 3)) AS very_long
            FROM range(20000) t(i) ORDER BY i
            """);

        var categories = result["category"].ToStringArray();
        var unique = result["unique_text"].ToStringArray();
        var veryLong = result["very_long"].ToStringArray();

        for (var i = 0; i < categories.Length; i++)
        {
            Assert.Equal($"category number {i % 50} with a long name", categories[i]);
            Assert.Equal($"unique value number {i} outside the inline buffer", unique[i]);
            Assert.Equal(new string('x', 70 + (i % 3)), veryLong[i]);
        }

        var instances = new HashSet<string>(ReferenceEqualityComparer.Instance!);
        foreach (var c in categories)
        {
            instances.Add(c!);
        }

        // Fifty values in a 1,024-slot cache with four probes per value: one string per value.
        Assert.Equal(50, instances.Count);
    }
}
