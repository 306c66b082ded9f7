using System.Text;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Ingest;

/// <summary>Each kind of bad input names the file (and line and column where there is one) and leaves the warehouse as it was.</summary>
public sealed class BadInputTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static void Ingest(string warehouse, string folder, bool strict = false)
        => new Ingestor(new FixedTime(Now)).Ingest(warehouse, new GenericSource(), folder, new IngestOptions(strict));

    /// <summary>Runs the failing ingest twice: into a new warehouse (which must not be left behind) and into a filled one (which must not change).</summary>
    private static TException AssertFailsCleanly<TException>(Action<string, string> write, bool strict = false)
        where TException : Exception
    {
        using var temp = new TempFolder();
        var bad = temp.Folder("bad");
        GenericShop.Write(bad);
        write(bad, temp.Path);

        var fresh = temp.File("fresh.duckdb");
        var first = Assert.Throws<TException>(() => Ingest(fresh, bad, strict));
        Assert.False(File.Exists(fresh), "a failed first ingest must not leave a warehouse file behind");

        var filled = temp.File("filled.duckdb");
        Ingest(filled, GenericShop.Write(temp.Folder("good")));
        var before = WarehouseProbe.Fingerprint(filled);
        var second = Assert.Throws<TException>(() => Ingest(filled, bad, strict));
        Assert.Equal(before, WarehouseProbe.Fingerprint(filled));
        Assert.Equal(first.Message.Replace(fresh, filled, StringComparison.Ordinal), second.Message);
        return first;
    }

    [Fact]
    public void Ingest_WrongHeader_NamesFileLineAndColumn()
    {
        var error = AssertFailsCleanly<InputException>((bad, _) => File.WriteAllText(Path.Combine(bad, "transactions.csv"),
            GenericShop.Csv(GenericShop.TransactionsHeader.Replace("customer_id", "custmer_id", StringComparison.Ordinal), GenericShop.Transactions)));

        Assert.Equal("transactions.csv", error.File);
        Assert.Equal(1, error.Line);
        Assert.Equal("customer_id", error.Column);
        Assert.Contains("custmer_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_MissingHeader_NamesFileAndLineOne()
    {
        var error = AssertFailsCleanly<InputException>((bad, _) => File.WriteAllText(Path.Combine(bad, "products.csv"),
            string.Join("\n", GenericShop.Products) + "\n"));

        Assert.Equal("products.csv", error.File);
        Assert.Equal(1, error.Line);
        Assert.Contains("header lacks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_TruncatedLastLine_IsRejectedWithItsLine()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"), transactions:
            GenericShop.TransactionsHeader + "\n" + string.Join("\n", GenericShop.Transactions[..4]) + "\nT5,C1,P1,-1,12.5");
        var warehouse = temp.File("w.duckdb");

        var result = new Ingestor(new FixedTime(Now)).Ingest(warehouse, new GenericSource(), folder);

        var reject = Assert.Single(result.RejectSamples, r => r.FileName == "transactions.csv");
        Assert.Equal(6, reject.Line);
        Assert.Equal(4, WarehouseProbe.Count(warehouse, "silver.orders"));
    }

    [Fact]
    public void Ingest_TruncatedLastLineUnderStrict_FailsCleanly()
    {
        var error = AssertFailsCleanly<InputException>((bad, _) => File.WriteAllText(Path.Combine(bad, "transactions.csv"),
            GenericShop.TransactionsHeader + "\n" + string.Join("\n", GenericShop.Transactions[..4]) + "\nT5,C1,P1,-1,12.5"), strict: true);

        Assert.Equal("transactions.csv", error.File);
        Assert.Equal(6, error.Line);
    }

    [Fact]
    public void Ingest_TruncatedInsideAQuote_FailsOrRejectsNamingTheFile()
    {
        var error = AssertFailsCleanly<InputException>((bad, _) => File.WriteAllText(Path.Combine(bad, "transactions.csv"),
            GenericShop.TransactionsHeader + "\n" + string.Join("\n", GenericShop.Transactions[..4]) + "\n\"T5,C1,P1,-1,12.5"), strict: true);

        Assert.Equal("transactions.csv", error.File);
    }

    [Fact]
    public void Ingest_InvalidUtf8_IsRejectedWithLineAndColumn()
    {
        var error = AssertFailsCleanly<InputException>((bad, _) =>
        {
            var bytes = new List<byte>(Encoding.UTF8.GetBytes(GenericShop.CustomersHeader + "\nC1,2024-01-01,34,D"));
            bytes.Add(0xFF);
            bytes.AddRange(Encoding.UTF8.GetBytes("E,gmail.com,organic\n" + string.Join("\n", GenericShop.Customers[1..]) + "\n"));
            File.WriteAllBytes(Path.Combine(bad, "customers.csv"), [.. bytes]);
        }, strict: true);

        Assert.Equal("customers.csv", error.File);
        Assert.Equal(2, error.Line);
        Assert.Equal("country", error.Column);
        Assert.Contains("utf-8", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Ingest_UnknownDateFormat_NamesFileLineAndColumn()
    {
        var error = AssertFailsCleanly<InputException>((bad, _) => File.WriteAllText(Path.Combine(bad, "transactions.csv"),
            GenericShop.Csv(GenericShop.TransactionsHeader, ["T1,C1,P1,2,12.50,0,10/01/2024 10:00,card", "T2,C1,P2,1,99.00,0,11/02/2024 11:30,paypal"])));

        Assert.Equal("transactions.csv", error.File);
        Assert.Equal(2, error.Line);
        Assert.Equal("timestamp", error.Column);
        Assert.Contains("nothing usable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_NumberTooLargeForItsColumn_NamesFileLineAndColumn()
    {
        var error = AssertFailsCleanly<InputException>((bad, _) => File.WriteAllText(Path.Combine(bad, "transactions.csv"),
            GenericShop.Csv(GenericShop.TransactionsHeader, [GenericShop.Transactions[0], "T2,C1,P2,99999999999,99.00,0,2024-02-10 11:30:00,paypal"])),
            strict: true);

        Assert.Equal(3, error.Line);
        Assert.Equal("quantity", error.Column);
    }

    [Fact]
    public void Ingest_EmptyFile_NamesTheFile()
    {
        var error = AssertFailsCleanly<InputException>((bad, _) => File.WriteAllBytes(Path.Combine(bad, "customers.csv"), []));

        Assert.Equal("customers.csv", error.File);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_HeaderButNoRows_NamesTheFile()
    {
        var error = AssertFailsCleanly<InputException>((bad, _) => File.WriteAllText(Path.Combine(bad, "products.csv"), GenericShop.ProductsHeader + "\n"));

        Assert.Equal("products.csv", error.File);
        Assert.Contains("no data rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_FolderMissingAFile_NamesTheMissingFile()
    {
        var error = AssertFailsCleanly<InputException>((bad, _) => File.Delete(Path.Combine(bad, "products.csv")));

        Assert.Contains("products.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_PathThatDoesNotExist_NamesThePath()
    {
        using var temp = new TempFolder();
        var missing = temp.File("no-such-folder");
        var warehouse = temp.File("w.duckdb");

        var error = Assert.Throws<InputException>(() => Ingest(warehouse, missing));

        Assert.Equal(missing, error.File);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(warehouse));
    }

    [Fact]
    public void Ingest_WarehouseFileThatIsNotDuckDb_NamesItAndLeavesItAlone()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"));
        var warehouse = temp.File("notes.duckdb");
        File.WriteAllText(warehouse, "these are my notes, not a database\n");
        var before = File.ReadAllBytes(warehouse);

        var error = Assert.Throws<WarehouseException>(() => Ingest(warehouse, folder));

        Assert.Contains(warehouse, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(warehouse));
    }
}
