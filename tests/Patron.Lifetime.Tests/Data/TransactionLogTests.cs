using Patron.Lifetime.Data;

namespace Patron.Lifetime.Tests.Data;

public sealed class TransactionLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("patron-lifetime-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReadCsv_QuotedCustomersWithCommasAndCrlf_KeepsEachFieldWhole()
    {
        var path = Path.Combine(_dir, "log.csv");
        File.WriteAllText(path, "customer_id,\"date\",amount\r\n\"Smith, J\",2026-01-02,\"1,5\"\r\n\"O\"\"Neil\",20260103,2.5\r\n");

        var error = Assert.Throws<FormatException>(() => TransactionLog.ReadCsv(path));

        // "1,5" is one field (not two), and it is not a number in the invariant culture.
        Assert.Contains("line 2, column 'amount'", error.Message);
        Assert.Contains("'1,5'", error.Message);
    }

    [Fact]
    public void ReadCsv_QuotedFieldsAndEmbeddedLineBreak_ReadsEveryRecord()
    {
        var path = Path.Combine(_dir, "log.csv");
        File.WriteAllText(path, "customer_id,date,amount\r\n\"Smith, J\",2026-01-02,\"10.5\"\r\n\"O\"\"Neil\",20260103,2.5\r\n\"line\nbreak\",2026-01-04 10:00:00,3\r\n");

        var log = TransactionLog.ReadCsv(path);

        Assert.Equal(["Smith, J", "O\"Neil", "line\nbreak"], log.CustomerIds);
        Assert.Equal([new DateOnly(2026, 1, 2).DayNumber, new DateOnly(2026, 1, 3).DayNumber, new DateOnly(2026, 1, 4).DayNumber], log.Days);
        Assert.Equal([10.5, 2.5, 3.0], log.Amounts);
    }

    [Fact]
    public void ReadCsv_BadDate_NamesFileLineAndColumn()
    {
        var path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, "customer_id,date,amount\nc1,2026-01-02,1\nc2,yesterday,1\n");

        var error = Assert.Throws<FormatException>(() => TransactionLog.ReadCsv(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("line 3, column 'date'", error.Message);
    }
}
