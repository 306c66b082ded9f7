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

    /// <summary>First session id of the future window (session ids have ten digits).</summary>
    public const long FirstFutureSessionId = 9_000_000_001;

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
        var withSessions = options.WritesSessions;
        var retail = options.Format == DemoShopFormat.OnlineRetail;
        var pilot = withSessions || (options.Customers is null && options.Transactions is not null) ? RunPilot(options) : default;
        var customers = options.Customers
            ?? (options.Transactions is { } target ? CustomersFor(pilot, retail ? (long)Math.Round(target / RetailLinesPerTransaction) : target) : DefaultCustomers);
        var products = options.Products ?? DefaultProducts(customers);
        var plan = new DefectPlan(options.Clean ? 0.0 : options.DefectRate);
        var catalog = ProductCatalog.Build(products, options.ZipfExponent, plan.MissingBrand, SplitMix64.Derive(options.Seed, ShopContext.CatalogStream, 0));
        var context = new ShopContext(options, customers, catalog, withSessions ? BrowseScaleFor(options, pilot) : 0.0);

        var outputDirectory = Path.GetFullPath(options.OutputDirectory);
        var truthDirectory = Path.Combine(outputDirectory, "truth");
        Directory.CreateDirectory(truthDirectory);
        DeleteStaleFiles(outputDirectory, truthDirectory, withSessions, retail, options.Experiment is not null);
        if (retail)
        {
            return GenerateOnlineRetail(context, outputDirectory, truthDirectory, progress, stopwatch, catalog.MissingBrandCount, cancellationToken);
        }

        using (var productBuffer = new ByteBuffer(products * 64))
        {
            catalog.WriteCsv(productBuffer);
            File.WriteAllBytes(Path.Combine(outputDirectory, "products.csv"), productBuffer.Written);
        }

        var tally = new DefectTally();
        var sessionTally = new SessionTally();
        BlockTotals totals;
        using (var transactions = OpenCsv(outputDirectory, "transactions.csv", TransactionHeader))
        using (var customerFile = OpenCsv(outputDirectory, "customers.csv", "customer_id,registration_date,age,country,email_domain,acquisition_channel\n"u8))
        using (var truthCustomers = OpenCsv(truthDirectory, "customers.csv", "customer_id,lambda_per_day,p_dropout,dropout_date,alive_at_end,spend_level,future_orders,future_spend,favourite_category\n"u8))
        using (var future = OpenCsv(truthDirectory, "future_transactions.csv", TransactionHeader))
        using (var sessions = withSessions ? OpenCsv(outputDirectory, "sessions.csv", SessionHeader) : null)
        using (var futureSessions = withSessions ? OpenCsv(truthDirectory, "future_sessions.csv", SessionHeader) : null)
        {
            totals = RunBlocks(context, tally, sessionTally, progress, cancellationToken, retail: false, block =>
            {
                transactions.Write(block.Transactions.Written);
                customerFile.Write(block.Customers.Written);
                truthCustomers.Write(block.TruthCustomers.Written);
                future.Write(block.FutureTransactions.Written);
                sessions?.Write(block.Sessions.Written);
                futureSessions?.Write(block.FutureSessions.Written);
            });
        }

        var defects = ToDefects(tally, catalog.MissingBrandCount);
        var experiment = options.Experiment is { } design
            ? Experiment.DemoExperimentSimulator.Apply(design, options.Seed, outputDirectory, truthDirectory, options.End)
            : null;
        var historyRows = totals.History + (experiment?.AddedOrders ?? 0);
        var files = new List<DemoShopFile>
        {
            new("transactions.csv", Path.Combine(outputDirectory, "transactions.csv"), historyRows),
            new("customers.csv", Path.Combine(outputDirectory, "customers.csv"), customers),
            new("products.csv", Path.Combine(outputDirectory, "products.csv"), products),
        };
        if (withSessions)
        {
            files.Add(new("sessions.csv", Path.Combine(outputDirectory, "sessions.csv"), totals.Sessions));
        }

        files.Add(new("truth/customers.csv", Path.Combine(truthDirectory, "customers.csv"), customers));
        files.Add(new("truth/future_transactions.csv", Path.Combine(truthDirectory, "future_transactions.csv"), totals.Future));
        if (withSessions)
        {
            files.Add(new("truth/future_sessions.csv", Path.Combine(truthDirectory, "future_sessions.csv"), totals.FutureSessions));
        }

        if (experiment is not null)
        {
            files.Add(new("experiment/assignments.csv", experiment.AssignmentsPath, experiment.Customers));
            files.Add(new("truth/experiment.csv", experiment.TruthPath, experiment.Customers));
            files.Add(new("truth/experiment.json", Path.Combine(truthDirectory, "experiment.json"), 0));
        }

        files.Add(new("truth/truth.json", Path.Combine(truthDirectory, "truth.json"), 0));
        var sessionCounts = withSessions ? ToSessions(sessionTally, context.BrowseScale) : null;
        WriteTruth(Path.Combine(truthDirectory, "truth.json"), context, files, defects, sessionCounts);
        return new DemoShopResult
        {
            OutputDirectory = outputDirectory,
            TruthDirectory = truthDirectory,
            Customers = customers,
            Products = products,
            TransactionRows = historyRows,
            Experiment = experiment,
            FutureTransactionRows = totals.Future,
            SessionRows = totals.Sessions,
            FutureSessionRows = totals.FutureSessions,
            Sessions = sessionCounts,
            Files = files,
            Defects = defects,
            Elapsed = stopwatch.Elapsed,
        };
    }

    /// <summary>2,000 products for 10,000 customers, growing with the square root of the customer count.</summary>
    public static int DefaultProducts(int customers) =>
        (int)Math.Clamp(Math.Round(2000.0 * Math.Sqrt(customers / 10_000.0)), 200, DemoShopOptions.MaxProducts);

    private static ReadOnlySpan<byte> TransactionHeader => "transaction_id,customer_id,product_id,quantity,price,discount,timestamp,payment_method\n"u8;

    private static ReadOnlySpan<byte> SessionHeader => "session_id,customer_id,started_at,duration_sec,page_views,product_id,purchased\n"u8;

    /// <summary>
    /// Simulates every block in parallel waves and hands the formatted blocks to <paramref name="write"/> in block
    /// order; returns the row counts. Two sets of blocks alternate, so one wave is written on a background task while
    /// the next is simulated; writes stay sequential and in order.
    /// </summary>
    private static BlockTotals RunBlocks(
        ShopContext context, DefectTally tally, SessionTally sessionTally, IProgress<DemoShopProgress>? progress, CancellationToken cancellationToken,
        bool retail, Action<ShopBlock> write)
    {
        var withSessions = context.Options.WritesSessions;
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
        var firstSessionIds = new long[waveSize];
        var firstFutureSessionIds = new long[waveSize];
        var nextId = 1L;
        var nextFutureId = FirstFutureTransactionId;
        var nextSessionId = 1L;
        var nextFutureSessionId = FirstFutureSessionId;
        var historyRows = 0L;
        var retailLines = 0L;
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
                    workers[k].Run(block, first, Math.Min(ShopBlock.CustomersPerBlock, customers - first), format: true, withSessions);
                });

                for (var k = 0; k < size; k++)
                {
                    firstIds[k] = nextId;
                    nextId += workers[k].NewIdRows;
                    firstFutureIds[k] = nextFutureId;
                    nextFutureId += workers[k].FutureRows;
                    firstSessionIds[k] = nextSessionId;
                    nextSessionId += workers[k].SessionRows;
                    firstFutureSessionIds[k] = nextFutureSessionId;
                    nextFutureSessionId += workers[k].FutureSessionRows;
                    tally.Add(workers[k].Tally);
                    sessionTally.Add(workers[k].SessionTally);
                    historyRows += workers[k].HistoryRows;
                }

                Parallel.For(0, size, parallel, k =>
                {
                    if (retail)
                    {
                        workers[k].FormatOnlineRetail(firstIds[k]);
                        workers[k].FormatFuture(firstFutureIds[k]);
                    }
                    else
                    {
                        workers[k].FormatTransactions(firstIds[k], firstFutureIds[k]);
                    }

                    workers[k].FormatSessions(firstSessionIds[k], firstFutureSessionIds[k]);
                });
                for (var k = 0; k < size && retail; k++)
                {
                    retailLines += workers[k].RetailLines;
                }

                pendingWrite?.GetAwaiter().GetResult();
                pendingWrite = Task.Run(() =>
                {
                    for (var k = 0; k < size; k++)
                    {
                        write(workers[k]);
                    }
                }, CancellationToken.None);
                var done = Math.Min(customers, (long)(waveStart + size) * ShopBlock.CustomersPerBlock);
                progress?.Report(new DemoShopProgress(done, customers, retail ? retailLines : historyRows));
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

        return new BlockTotals(retail ? retailLines : historyRows, nextFutureId - FirstFutureTransactionId, nextSessionId - 1, nextFutureSessionId - FirstFutureSessionId);
    }

    /// <summary>
    /// A pilot run of a few blocks over a shop of <see cref="PilotCustomers"/> customers, whose sign-ups span the whole
    /// history like any shop's: rows, orders and browse exposure per customer, to size a shop by transactions and to
    /// calibrate the browse rate. Deterministic: it depends only on the options.
    /// </summary>
    private static PilotRun RunPilot(DemoShopOptions options)
    {
        var plan = new DefectPlan(options.Clean ? 0.0 : options.DefectRate);
        var pilotProducts = options.Products ?? DefaultProducts(PilotCustomers);
        var catalog = ProductCatalog.Build(pilotProducts, options.ZipfExponent, plan.MissingBrand, SplitMix64.Derive(options.Seed, ShopContext.CatalogStream, 0));
        var context = new ShopContext(options, PilotCustomers, catalog);
        using var block = new ShopBlock(context);
        var rows = 0L;
        var totals = new SessionTally();
        for (var b = 0; b < PilotCustomers / ShopBlock.CustomersPerBlock; b++)
        {
            block.Run(b, b * ShopBlock.CustomersPerBlock, ShopBlock.CustomersPerBlock, format: false, sessions: false);
            rows += block.HistoryRows;
            totals.Add(block.SessionTally);
        }

        return new PilotRun(rows / (double)PilotCustomers, totals.Orders, totals.FirstOrders, totals.BrowseExposure);
    }

    /// <summary>The customer count that yields about <paramref name="transactions"/> rows.</summary>
    private static int CustomersFor(PilotRun pilot, long transactions)
    {
        var perCustomer = Math.Max(0.01, pilot.RowsPerCustomer);
        return (int)Math.Clamp(Math.Round(transactions / perCustomer), 1, DemoShopOptions.MaxCustomers);
    }

    /// <summary>
    /// The browse scale k that makes the known customers' sessions other than purchases (research, browse and fading
    /// visits) in the history come to S · (1 − anonymous share) − 1 per order, S being the sessions per order asked for.
    /// </summary>
    private static double BrowseScaleFor(DemoShopOptions options, PilotRun pilot)
    {
        if (!(pilot.BrowseExposure > 0.0) || pilot.Orders == 0)
        {
            return 0.0;
        }

        var perOrder = options.SessionsPerOrder * (1.0 - options.AnonymousSessionShare) - 1.0;
        return Math.Max(0.0, perOrder * pilot.Orders - ShopBlock.ResearchVisits * pilot.FirstOrders) / pilot.BrowseExposure;
    }

    /// <summary>A shop generated again without sessions, or in the other format, must not keep an older run's files:
    /// the ingest would read them with the new ones.</summary>
    private static void DeleteStaleFiles(string outputDirectory, string truthDirectory, bool withSessions, bool retail, bool withExperiment)
    {
        if (!withExperiment)
        {
            var assignments = Path.Combine(outputDirectory, "experiment", "assignments.csv");
            if (File.Exists(assignments))
            {
                File.Delete(assignments);
            }

            File.Delete(Path.Combine(truthDirectory, "experiment.csv"));
            File.Delete(Path.Combine(truthDirectory, "experiment.json"));
        }

        if (!withSessions)
        {
            File.Delete(Path.Combine(outputDirectory, "sessions.csv"));
            File.Delete(Path.Combine(truthDirectory, "future_sessions.csv"));
        }

        foreach (var name in retail ? (string[])["transactions.csv", "customers.csv", "products.csv"] : [OnlineRetailFile])
        {
            File.Delete(Path.Combine(outputDirectory, name));
        }
    }

    private static FileStream OpenCsv(string directory, string name, ReadOnlySpan<byte> header)
    {
        var stream = new FileStream(Path.Combine(directory, name), FileMode.Create, FileAccess.Write, FileShare.Read, FileBufferSize);
        stream.Write(header);
        return stream;
    }
}
