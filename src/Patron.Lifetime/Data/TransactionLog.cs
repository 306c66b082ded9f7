using System.Globalization;

namespace Patron.Lifetime.Data;

/// <summary>A purchase log, column by column: who bought, on which day, for how much.</summary>
/// <remarks>Days are <see cref="DateOnly.DayNumber"/> values: the models work at day resolution, as the literature does.</remarks>
public sealed class TransactionLog
{
    public TransactionLog(string[] customerIds, int[] days, double[] amounts)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(amounts);
        if (days.Length != customerIds.Length || amounts.Length != customerIds.Length)
        {
            throw new ArgumentException("Customer ids, days and amounts must have the same length.");
        }

        CustomerIds = customerIds;
        Days = days;
        Amounts = amounts;
    }

    public string[] CustomerIds { get; }

    /// <summary>Purchase days as <see cref="DateOnly.DayNumber"/>.</summary>
    public int[] Days { get; }

    public double[] Amounts { get; }

    public int Count => CustomerIds.Length;

    /// <summary>Reads the CDNOW logs: whitespace-separated <c>id [sample_id] yyyyMMdd cds dollars</c>, optional header line.</summary>
    /// <remarks>With five columns (CDNOW_sample.txt) the customer is the sample id, which the published summary uses.</remarks>
    public static TransactionLog ReadCdnow(string path)
    {
        var ids = new List<string>();
        var days = new List<int>();
        var amounts = new List<double>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var cells = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length == 0 || (lineNumber == 1 && !char.IsDigit(cells[0][0])))
            {
                continue;
            }

            if (cells.Length is not (4 or 5))
            {
                throw new FormatException($"{path}, line {lineNumber}: expected 4 or 5 columns, found {cells.Length}.");
            }

            var offset = cells.Length - 4;
            ids.Add(cells[offset]);
            days.Add(ParseDay(cells[offset + 1], path, lineNumber, "date"));
            amounts.Add(ParseAmount(cells[offset + 3], path, lineNumber, "dollar_value"));
        }

        return new TransactionLog([.. ids], [.. days], [.. amounts]);
    }

    /// <summary>Reads a CSV (RFC 4180) with columns <c>customer_id, date, amount</c> (date as yyyy-MM-dd, optionally with a time).</summary>
    public static TransactionLog ReadCsv(string path)
    {
        using var csv = CsvRecords.Open(path);
        var id = csv.Find("customer_id", "customer", "id");
        var date = csv.Find("date", "ordered_at", "timestamp", "day");
        var amount = csv.Find("amount", "value", "revenue", "dollar_value");
        if (id < 0 || date < 0 || amount < 0)
        {
            throw new FormatException($"{path}: expected columns customer_id, date and amount.");
        }

        var ids = new List<string>();
        var days = new List<int>();
        var amounts = new List<double>();
        while (csv.Next())
        {
            ids.Add(csv.Text(id));
            days.Add(ParseDay(csv.Text(date), path, csv.Line, csv.Header[date]));
            amounts.Add(csv.Number(amount));
        }

        return new TransactionLog([.. ids], [.. days], [.. amounts]);
    }

    private static int ParseDay(string text, string path, int line, string column)
    {
        string[] formats = ["yyyyMMdd", "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm:ssZ"];
        if (DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return DateOnly.FromDateTime(time).DayNumber;
        }

        throw new FormatException($"{path}, line {line}, column '{column}': '{text}' is not a date (yyyy-MM-dd or yyyyMMdd).");
    }

    private static double ParseAmount(string text, string path, int line, string column)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        throw new FormatException($"{path}, line {line}, column '{column}': '{text}' is not a number.");
    }
}
