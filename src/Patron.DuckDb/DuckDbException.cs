using System.Globalization;

namespace Patron.DuckDb;

/// <summary>
/// An error reported by DuckDB. The message is DuckDB's own text, followed by the SQL that caused
/// it (trimmed to <see cref="MaxSqlLength"/> characters) when there is one.
/// </summary>
public sealed class DuckDbException : Exception
{
    /// <summary>How much of the statement the message repeats.</summary>
    public const int MaxSqlLength = 500;

    public DuckDbException()
        : this("DuckDB reported an error.")
    {
    }

    public DuckDbException(string message)
        : this(message, sql: null)
    {
    }

    public DuckDbException(string message, Exception innerException)
        : base(message, innerException)
    {
        DuckDbMessage = message;
    }

    public DuckDbException(string duckDbMessage, string? sql)
        : base(Compose(duckDbMessage, sql))
    {
        DuckDbMessage = duckDbMessage;
        Sql = sql;
    }

    /// <summary>DuckDB's error text without the SQL.</summary>
    public string DuckDbMessage { get; }

    /// <summary>The statement that failed, untrimmed, or null when the error did not come from SQL.</summary>
    public string? Sql { get; }

    private static string Compose(string message, string? sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            return message;
        }

        var trimmed = sql.Trim();
        if (trimmed.Length > MaxSqlLength)
        {
            trimmed = string.Create(CultureInfo.InvariantCulture, $"{trimmed.AsSpan(0, MaxSqlLength)}... ({trimmed.Length} characters)");
        }

        return message + Environment.NewLine + "SQL: " + trimmed;
    }
}
