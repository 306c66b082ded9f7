using System.Globalization;

namespace Patron.Warehouse.Ingest;

/// <summary>Bad input: names the file and, where known, the line and column, so the user can open the file and look.</summary>
public sealed class InputException : Exception
{
    public InputException(string file, long? line, string? column, string reason)
        : base(Compose(file, line, column, reason))
    {
        File = file;
        Line = line;
        Column = column;
        Reason = reason;
    }

    public string File { get; }

    public long? Line { get; }

    public string? Column { get; }

    public string Reason { get; }

    private static string Compose(string file, long? line, string? column, string reason)
    {
        var where = file;
        if (line is { } l)
        {
            where += string.Create(CultureInfo.InvariantCulture, $", line {l}");
        }

        if (!string.IsNullOrEmpty(column))
        {
            where += $", column '{column}'";
        }

        return $"{where}: {reason}";
    }
}
