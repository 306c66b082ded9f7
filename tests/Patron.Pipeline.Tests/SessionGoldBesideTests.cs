using Patron.Demo;
using Patron.DuckDb;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;

namespace Patron.Pipeline.Tests;

/// <summary>The features stage with the session gold built beside the customer side (a second connection to the same
/// warehouse) against the same stage with the session gold built after it, on a small generated shop with web sessions.</summary>
public sealed class SessionGoldBesideTests : IClassFixture<SessionGoldBesideTests.Shop>
{
    private readonly Shop _shop;

    public SessionGoldBesideTests(Shop shop) => _shop = shop;

    [Fact]
    public void Features_SessionGoldBeside_SameGoldAndFeaturesParquetAsOneAfterTheOther()
    {
        var after = _shop.Features("after", beside: false, out var afterLines);
        var beside = _shop.Features("beside", beside: true, out var besideLines);

        var expected = Checksums(after.Warehouse);
        Assert.Contains(expected, t => t.Key == "session_features" && t.Value.Rows > 100);
        Assert.Contains(expected, t => t.Key == "customer_features" && t.Value.Rows > 100);
        Assert.Equal(expected, Checksums(beside.Warehouse));
        Assert.Equal(File.ReadAllBytes(after.Parquet), File.ReadAllBytes(beside.Parquet));

        // The session side's lines carry its prefix, and only when it runs beside the customer side.
        Assert.Contains(besideLines, l => l.StartsWith(PipelineRunner.SessionSidePrefix + "writing gold session tables", StringComparison.Ordinal));
        Assert.Contains(afterLines, l => l.StartsWith("writing gold session tables", StringComparison.Ordinal));
        Assert.DoesNotContain(afterLines, l => l.StartsWith(PipelineRunner.SessionSidePrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Features_ByDefault_TheSessionGoldAfterTheCustomerSide()
    {
        _shop.Features("default", beside: null, out var lines);

        Assert.DoesNotContain(lines, l => l.StartsWith(PipelineRunner.SessionSidePrefix, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("writing gold session tables", StringComparison.Ordinal));
    }

    [Fact]
    public void Features_SessionSideFailsBeside_ItsOwnMessageItsGoldAsItWasTheCustomerGoldWhole()
    {
        var broken = _shop.Features("broken", beside: false, out _).Warehouse;
        var reference = Checksums(broken);
        using (var connection = WarehouseFile.Open(broken))
        {
            // The same column names, so the table is kept, but a customer id no longer fits: the insert of the session rows
            // fails after the window's rows were deleted, inside the transaction.
            connection.Execute("CREATE OR REPLACE TABLE gold.session_features AS SELECT * REPLACE (CAST(NULL AS INTEGER) AS customer_id) FROM gold.session_features;");
        }

        var before = Checksums(broken);
        var error = Assert.Throws<PipelineStageException>(() => _shop.Features(broken, "broken-again", beside: true, out _));

        Assert.IsType<DuckDbException>(error.InnerException);
        Assert.Contains("INT", error.InnerException!.Message, StringComparison.OrdinalIgnoreCase);
        var now = Checksums(broken);
        Assert.Equal(before["session_features"], now["session_features"]);
        Assert.Equal(before["session_labels"], now["session_labels"]);
        foreach (var (table, sums) in reference)
        {
            if (!table.StartsWith("session_", StringComparison.Ordinal))
            {
                Assert.Equal((table, sums), (table, now[table]));
            }
        }
    }

    /// <summary>Rows and an order-independent hash sum of every gold table, by name.</summary>
    private static SortedDictionary<string, (long Rows, string Sum)> Checksums(string warehouse)
    {
        var sums = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        using var connection = WarehouseFile.Open(warehouse, readOnly: true);
        using var tables = connection.Query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold' ORDER BY table_name");
        var names = tables["table_name"];
        for (var i = 0; i < names.Length; i++)
        {
            var name = names.GetString(i);
            using var table = connection.Query($"SELECT count(*) AS n, coalesce(sum(hash(t)::HUGEINT), 0)::VARCHAR AS h FROM gold.\"{name}\" t");
            sums[name] = (table["n"].GetInt64(0), table["h"].GetString(0));
        }

        return sums;
    }

    /// <summary>A generated shop with web sessions, ingested once; each test copies the warehouse and runs the features
    /// stage on its copy.</summary>
    public sealed class Shop : IDisposable
    {
        private readonly string _warehouse;

        public Shop()
        {
            Root = Path.Combine(Path.GetTempPath(), "patron-pipeline-tests", Guid.NewGuid().ToString("N"));
            var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = Path.Combine(Root, "shop"), Customers = 1_500, Seed = 29 });
            Assert.True(shop.SessionRows > 0, "the generated shop has no sessions.csv");
            _warehouse = Path.Combine(Root, "ingested.duckdb");
            new Ingestor().Ingest(_warehouse, new GenericSource(), shop.OutputDirectory);
        }

        public string Root { get; }

        /// <summary>A copy of the ingested warehouse of its own.</summary>
        public string Copy(string name)
        {
            var path = Path.Combine(Root, name + ".duckdb");
            File.Copy(_warehouse, path);
            return path;
        }

        /// <summary>The features stage alone on a fresh copy of the warehouse, the session gold asked beside the customer
        /// side (true, and the shop is small), after it (false), or the default (null); returns the warehouse and
        /// features.parquet, and the stage's lines.</summary>
        public (string Warehouse, string Parquet) Features(string name, bool? beside, out List<string> lines) =>
            Features(Copy(name), name, beside, out lines);

        public (string Warehouse, string Parquet) Features(string warehouse, string name, bool? beside, out List<string> lines)
        {
            var options = new PipelineOptions
            {
                Source = "generic",
                Input = warehouse,
                OutputDirectory = Path.Combine(Root, name),
                Warehouse = warehouse,
                Force = true,
            };
            var seen = new List<string>();
            lines = seen;
            var runner = beside is { } asked
                ? new PipelineRunner(options, new LineProgress(p => seen.Add(p.Message))) { SessionGoldBeside = asked }
                : new PipelineRunner(options, new LineProgress(p => seen.Add(p.Message)));
            runner.RunFeaturesOnly();
            return (warehouse, Path.Combine(options.OutputDirectory, "features.parquet"));
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A scanner or indexer holding a file must not fail the tests.
            }
        }
    }

    /// <summary>Reports on the calling thread; the stage hands lines over one at a time.</summary>
    private sealed class LineProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}
