using System.Diagnostics;
using Patron.Demo.Simulation;

namespace Patron.Demo;

public static partial class DemoShopGenerator
{
    /// <summary>The file of the Online Retail format.</summary>
    public const string OnlineRetailFile = "online_retail.csv";

    /// <summary>
    /// online_retail.csv lines per simulated transaction, measured on the default shop (10,000 customers, seed 42: 146,677
    /// lines, 47,144 invoices): a purchase invoice has
    /// 1 + Poisson(2) product lines and sometimes a postage or manual line; a cancellation has one line. Used only to
    /// size a shop asked for by <see cref="DemoShopOptions.Transactions"/>.
    /// </summary>
    private const double RetailLinesPerTransaction = 3.11;

    private static ReadOnlySpan<byte> OnlineRetailHeader => "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"u8;

    /// <summary>The shop as one Online Retail file; the truth folder is the same as for the generic format.</summary>
    private static DemoShopResult GenerateOnlineRetail(
        ShopContext context, string outputDirectory, string truthDirectory, IProgress<DemoShopProgress>? progress, Stopwatch stopwatch,
        long missingBrands, CancellationToken cancellationToken)
    {
        var tally = new DefectTally();
        var sessionTally = new SessionTally();
        BlockTotals totals;
        var path = Path.Combine(outputDirectory, OnlineRetailFile);
        using (var lines = OpenCsv(outputDirectory, OnlineRetailFile, OnlineRetailHeader))
        using (var truthCustomers = OpenCsv(truthDirectory, "customers.csv", "customer_id,lambda_per_day,p_dropout,dropout_date,alive_at_end,spend_level,future_orders,future_spend,favourite_category\n"u8))
        using (var future = OpenCsv(truthDirectory, "future_transactions.csv", TransactionHeader))
        {
            totals = RunBlocks(context, tally, sessionTally, progress, cancellationToken, retail: true, block =>
            {
                lines.Write(block.Transactions.Written);
                truthCustomers.Write(block.TruthCustomers.Written);
                future.Write(block.FutureTransactions.Written);
            });
        }

        var defects = ToDefects(tally, missingBrands);
        var files = new List<DemoShopFile>
        {
            new(OnlineRetailFile, path, totals.History),
            new("truth/customers.csv", Path.Combine(truthDirectory, "customers.csv"), context.CustomerCount),
            new("truth/future_transactions.csv", Path.Combine(truthDirectory, "future_transactions.csv"), totals.Future),
            new("truth/truth.json", Path.Combine(truthDirectory, "truth.json"), 0),
        };
        WriteTruth(Path.Combine(truthDirectory, "truth.json"), context, files, defects, null);
        return new DemoShopResult
        {
            OutputDirectory = outputDirectory,
            TruthDirectory = truthDirectory,
            Customers = context.CustomerCount,
            Products = context.Catalog.Count,
            TransactionRows = totals.History,
            FutureTransactionRows = totals.Future,
            Files = files,
            Defects = defects,
            Elapsed = stopwatch.Elapsed,
        };
    }
}
