namespace Patron.DuckDb.Tests;

/// <summary>A 100,000-row table whose NULLs fall on and beside the 2048-row chunk borders.</summary>
internal static class ChunkBorderData
{
    public const int Rows = 100_000;

    // Rows are NULL when i % 7 == 0 or when i sits on either side of a 2048-row chunk border.
    public const string Sql = """
        SELECT i,
               CASE WHEN i % 7 = 0 OR i % 2048 IN (0, 2047) THEN NULL ELSE i * 2 END AS doubled,
               CASE WHEN i % 7 = 0 OR i % 2048 IN (0, 2047) THEN NULL ELSE 'row ' || i END AS label
        FROM range(100000) AS r(i)
        ORDER BY i
        """;
}
