using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Patron.DuckDb.Tests;

// Open/query/close cycles must not grow the process. Calibration on the 10,000-cycle test:
// deliberately leaking one connection per cycle grew anonymous resident memory by 92 MB, leaking one
// native result per cycle by 385 MB, while the real code grew it by 0.6-11 MB (and not at all over
// 40,000 cycles, so that is allocator noise, not a slow leak). The bounds sit well between the two.
[Collection(MemoryMeasurementCollection.Name)]
public sealed class DuckDbDatabaseTests(ITestOutputHelper output)
{
    private const long NativeGrowthBound = 40L << 20;
    private const long ManagedGrowthBound = 4L << 20;

    [Fact]
    public void ConnectQueryClose_TenThousandCycles_MemoryDoesNotGrow()
    {
        using var database = DuckDbDatabase.Open(DuckDbDatabase.InMemoryPath, new DuckDbConfig { Threads = 1 });
        database.Connect().Dispose();
        using (var setup = database.Connect())
        {
            setup.Execute("CREATE TABLE customers AS SELECT range AS id, 'customer ' || range AS name, range * 0.5 AS spend FROM range(1000)");
        }

        void Cycle(int i)
        {
            using var connection = database.Connect();
            var result = connection.Query($"SELECT id, name, spend FROM customers WHERE id < {200 + (i % 100)}");
            Assert.Equal(200 + (i % 100), result.RowCount);
            using var statement = connection.Prepare("SELECT SUM(spend) FROM customers WHERE id <= ?");
            Assert.NotNull(statement.Bind(1, i % 1000).Scalar<double?>());
            if (i % 50 == 0)
            {
                using var reader = connection.QueryStreaming("SELECT name FROM customers");
                Assert.True(reader.NextChunk());
                Assert.Equal(reader.RowCount, reader.Column(0).Length);
            }
        }

        // Memory only: time belongs to benchmarks, never to unit tests.
        var (native, managed, _) = Measure(warmUp: 1_000, cycles: 10_000, Cycle);

        Assert.True(native < NativeGrowthBound, $"process memory grew by {native >> 10} KB over 10,000 cycles");
        Assert.True(managed < ManagedGrowthBound, $"managed heap grew by {managed >> 10} KB over 10,000 cycles");
    }

    [Fact]
    public void OpenDatabaseQueryClose_Cycles_MemoryDoesNotGrow()
    {
        // Opening a whole database costs about 10 ms, so this runs fewer cycles; a leaked database
        // (its buffer manager, catalog and threads) costs megabytes each.
        var config = new DuckDbConfig { Threads = 1 };
        void Cycle(int i)
        {
            using var connection = DuckDbConnection.Open(DuckDbDatabase.InMemoryPath, config);
            connection.Execute("CREATE TABLE t AS SELECT range AS x FROM range(1000)");
            Assert.Equal(499_500L + (i % 3), connection.Scalar<long>($"SELECT SUM(x) + {i % 3} FROM t"));
        }

        var (native, managed, _) = Measure(warmUp: 20, cycles: 100, Cycle);

        Assert.True(native < NativeGrowthBound, $"process memory grew by {native >> 10} KB over 100 database cycles");
        Assert.True(managed < ManagedGrowthBound, $"managed heap grew by {managed >> 10} KB over 100 database cycles");
    }

    private (long Native, long Managed, TimeSpan Elapsed) Measure(int warmUp, int cycles, Action<int> cycle)
    {
        for (var i = 0; i < warmUp; i++)
        {
            cycle(i);
        }

        var (nativeBefore, managedBefore) = Snapshot();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < cycles; i++)
        {
            cycle(i);
        }

        clock.Stop();
        var (nativeAfter, managedAfter) = Snapshot();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{cycles} cycles in {clock.ElapsedMilliseconds} ms; process {nativeBefore >> 10} -> {nativeAfter >> 10} KB; managed {managedBefore >> 10} -> {managedAfter >> 10} KB"));
        return (nativeAfter - nativeBefore, managedAfter - managedBefore, clock.Elapsed);
    }

    private static (long Process, long Managed) Snapshot()
    {
        // Finalizers run first so that memory whose release is merely pending does not count as growth.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return (PrivateResidentBytes(), GC.GetTotalMemory(forceFullCollection: true));
    }

    // Anonymous resident memory (heap, not mapped files) is where a native leak shows on Linux.
    private static long PrivateResidentBytes()
    {
        const string Status = "/proc/self/status";
        if (File.Exists(Status))
        {
            foreach (var line in File.ReadLines(Status))
            {
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                {
                    var kilobytes = line["RssAnon:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) << 10;
                }
            }
        }

        using var process = Process.GetCurrentProcess();
        return process.PrivateMemorySize64;
    }
}
