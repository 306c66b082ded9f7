using System.Diagnostics;
using Patron.Demo.Catalog;
using Patron.Demo.Output;
using Patron.Demo.Randomness;
using Patron.Demo.Simulation;

namespace Patron.Demo;

/// <summary>
/// Writes a generated shop in the generic format (transactions.csv, customers.csv, products.csv) and its truth
/// (truth/truth.json, truth/customers.csv, truth/future_transactions.csv). Same options, same bytes.
/// </summary>
/// <remarks>
/// Customers are simulated in fixed blocks, in parallel waves; each wave is written in block order, so the output
/// does not depend on the number of threads. Thread-safe: calls share no state.
/// </remarks>
public static partial class DemoShopGenerator
{
    /// <summary>Customers when neither a customer nor a transaction count is given.</summary>
    public const int DefaultCustomers = 10_000;

    /// <summary>First transaction id of the future window, far above any history id.</summary>
    public const long FirstFutureTransactionId = 900_000_001;

    private const int PilotCustomers = 8 * ShopBlock.CustomersPerBlock;
    private const int FileBufferSize = 1 << 20;

    /// <summary>
    /// Generates the shop described by <paramref name="options"/> into its output folder (created if needed, files
    /// overwritten), reporting progress after each wave of blocks on the calling thread.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range or contradicts another.</exception>
    public static DemoShopResult Generate(DemoShopOptions options, IProgress<DemoShopProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var stopwatch = Stopwatch.StartNew();
        var customers = options.Customers
            ?? (options.Transactions is { } target ? EstimateCustomers(options, target) : DefaultCustomers);
        var products = options.Products ?? DefaultProducts(customers);
        var plan = new DefectPlan(options.Clean ? 0.0 : options.DefectRate);
        var catalog = ProductCatalog.Build(products, options.ZipfExponent, plan.MissingBrand, SplitMix64.Derive(options.Seed, ShopContext.CatalogStream, 0));
        var context = new ShopContext(options, customers, catalog);

        var outputDirectory = Path.GetFullPath(options.OutputDirectory);
        var truthDirectory = Path.Combine(outputDirectory, "truth");
        Directory.CreateDirectory(truthDirectory);
        using (var productBuffer = new ByteBuffer(products * 64))
        {
            catalog.WriteCsv(productBuffer);
            File.WriteAllBytes(Path.Combine(outputDirectory, "products.csv"), productBuffer.Written);
        }

        var tally = new DefectTally();
        long transactionRows;
        long futureRows;
        using (var transactions = OpenCsv(outputDirectory, "transactions.csv", TransactionHeader))
        using (var customerFile = OpenCsv(outputDirectory, "customers.csv", "customer_id,registration_date,age,country,email_domain,acquisition_channel\n"u8))
        using (var truthCustomers = OpenCsv(truthDirectory, "customers.csv", "customer_id,lambda_per_day,p_dropout,dropout_date,alive_at_end,spend_level,future_orders,future_spend,favourite_category\n"u8))
        using (var future = OpenCsv(truthDirectory, "future_transactions.csv", TransactionHeader))
        {
            (transactionRows, futureRows) = RunBlocks(context, tally, progress, cancellationToken, block =>
            {
                transactions.Write(block.Transactions.Written);
                customerFile.Write(block.Customers.Written);
                truthCustomers.Write(block.TruthCustomers.Written);
                future.Write(block.FutureTransactions.Written);
            });
        }

        var defects = ToDefects(tally, catalog.MissingBrandCount);
        var files = new DemoShopFile[]
        {
            new("transactions.csv", Path.Combine(outputDirectory, "transactions.csv"), transactionRows),
            new("customers.csv", Path.Combine(outputDirectory, "customers.csv"), customers),
            new("products.csv", Path.Combine(outputDirectory, "products.csv"), products),
            new("truth/customers.csv", Path.Combine(truthDirectory, "customers.csv"), customers),
            new("truth/future_transactions.csv", Path.Combine(truthDirectory, "future_transactions.csv"), futureRows),
            new("truth/truth.json", Path.Combine(truthDirectory, "truth.json"), 0),
        };
        WriteTruth(Path.Combine(truthDirectory, "truth.json"), context, files, defects);
        return new DemoShopResult
        {
            OutputDirectory = outputDirectory,
            TruthDirectory = truthDirectory,
            Customers = customers,
            Products = products,
            TransactionRows = transactionRows,
            FutureTransactionRows = futureRows,
            Files = files,
            Defects = defects,
            Elapsed = stopwatch.Elapsed,
        };
    }

    /// <summary>2,000 products for 10,000 customers, growing with the square root of the customer count.</summary>
    public static int DefaultProducts(int customers) =>
        (int)Math.Clamp(Math.Round(2000.0 * Math.Sqrt(customers / 10_000.0)), 200, DemoShopOptions.MaxProducts);

    private static ReadOnlySpan<byte> TransactionHeader => "transaction_id,customer_id,product_id,quantity,price,discount,timestamp,payment_method\n"u8;

    /// <summary>
    /// Simulates every block in parallel waves and hands the formatted blocks to <paramref name="write"/> in block
    /// order; returns the history and future row counts. Two sets of blocks alternate, so one wave is written on a
    /// background task while the next is simulated; writes stay sequential and in order.
    /// </summary>
    private static (long History, long Future) RunBlocks(
        ShopContext context, DefectTally tally, IProgress<DemoShopProgress>? progress, CancellationToken cancellationToken, Action<ShopBlock> write)
    {
        var customers = context.CustomerCount;
        var blockCount = (customers + ShopBlock.CustomersPerBlock - 1) / ShopBlock.CustomersPerBlock;
        var parallelism = context.Options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        var waveSize = Math.Min(blockCount, parallelism * 2);
        var sets = new ShopBlock[2][];
        for (var set = 0; set < sets.Length; set++)
        {
            sets[set] = new ShopBlock[Math.Min(waveSize, Math.Max(0, blockCount - set * waveSize))];
            for (var k = 0; k < sets[set].Length; k++)
            {
                sets[set][k] = new ShopBlock(context);
            }
        }

        var firstIds = new long[waveSize];
        var firstFutureIds = new long[waveSize];
        var nextId = 1L;
        var nextFutureId = FirstFutureTransactionId;
        var historyRows = 0L;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = parallelism };
        Task? pendingWrite = null;
        try
        {
            for (int wave = 0, waveStart = 0; waveStart < blockCount; wave++, waveStart += waveSize)
            {
                // The set written two waves ago is free: the wait before the previous write launch covered it.
                var workers = sets[wave % 2];
                var size = Math.Min(waveSize, blockCount - waveStart);
                var start = waveStart;
                Parallel.For(0, size, parallel, k =>
                {
                    var block = start + k;
                    var first = block * ShopBlock.CustomersPerBlock;
                    workers[k].Run(block, first, Math.Min(ShopBlock.CustomersPerBlock, customers - first), format: true);
                });

                for (var k = 0; k < size; k++)
                {
                    firstIds[k] = nextId;
                    nextId += workers[k].NewIdRows;
                    firstFutureIds[k] = nextFutureId;
                    nextFutureId += workers[k].FutureRows;
                    tally.Add(workers[k].Tally);
                    historyRows += workers[k].HistoryRows;
                }

                Parallel.For(0, size, parallel, k => workers[k].FormatTransactions(firstIds[k], firstFutureIds[k]));
                pendingWrite?.GetAwaiter().GetResult();
                pendingWrite = Task.Run(() =>
                {
                    for (var k = 0; k < size; k++)
                    {
                        write(workers[k]);
                    }
                }, CancellationToken.None);
                var done = Math.Min(customers, (long)(waveStart + size) * ShopBlock.CustomersPerBlock);
                progress?.Report(new DemoShopProgress(done, customers, historyRows));
            }

            pendingWrite?.GetAwaiter().GetResult();
        }
        finally
        {
            // Never dispose buffers a write may still be reading, even when a wave failed.
            try
            {
                pendingWrite?.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // The write's own exception has already been thrown above, or the wave's failure is the one to report.
            }

            foreach (var set in sets)
            {
                foreach (var worker in set)
                {
                    worker.Dispose();
                }
            }
        }

        return (historyRows, nextFutureId - FirstFutureTransactionId);
    }

    /// <summary>The customer count that yields about <paramref name="transactions"/> rows, from a pilot run of a few blocks.</summary>
    private static int EstimateCustomers(DemoShopOptions options, long transactions)
    {
        var plan = new DefectPlan(options.Clean ? 0.0 : options.DefectRate);
        var pilotProducts = options.Products ?? DefaultProducts(PilotCustomers);
        var catalog = ProductCatalog.Build(pilotProducts, options.ZipfExponent, plan.MissingBrand, SplitMix64.Derive(options.Seed, ShopContext.CatalogStream, 0));
        var context = new ShopContext(options, PilotCustomers, catalog);
        using var block = new ShopBlock(context);
        var rows = 0L;
        for (var b = 0; b < PilotCustomers / ShopBlock.CustomersPerBlock; b++)
        {
            block.Run(b, b * ShopBlock.CustomersPerBlock, ShopBlock.CustomersPerBlock, format: false);
            rows += block.HistoryRows;
        }

        var perCustomer = Math.Max(0.01, rows / (double)PilotCustomers);
        return (int)Math.Clamp(Math.Round(transactions / perCustomer), 1, DemoShopOptions.MaxCustomers);
    }

    private static FileStream OpenCsv(string directory, string name, ReadOnlySpan<byte> header)
    {
        var stream = new FileStream(Path.Combine(directory, name), FileMode.Create, FileAccess.Write, FileShare.Read, FileBufferSize);
        stream.Write(header);
        return stream;
    }
}
