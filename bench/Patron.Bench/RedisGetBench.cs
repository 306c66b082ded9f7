using System.Diagnostics;
using System.Globalization;
using System.Text;
using Patron.Server.Store;
using Patron.Server.Store.Resp;
using StackExchange.Redis;

namespace Patron.Bench;

/// <summary>
/// What one profile GET costs the serving process on the Redis store's read path (docs/serving.md, "Redis store"):
/// StackExchange.Redis as the store used it before (key formatted per request, value copied out of a RedisValue) vs the
/// store's own pipelined RESP2 client (key prefix encoded once a version), in turns, on the published version's keys.
/// </summary>
/// <remarks>Usage: <c>redis-get --store redis://HOST:PORT --ids FILE [--seconds 5] [--concurrency 16] [--rounds 3]</c>.
/// CPU is this process's user+sys time per GET; Redis's own time is not counted. Bytes are this process's managed
/// allocations per GET (the benchmark's own loop included: a task per GET of each worker).</remarks>
internal static class RedisGetBench
{
    public static int Run(string[] args)
    {
        var store = BenchArgs.Option(args, "--store", "redis://127.0.0.1:6379");
        var ids = File.ReadAllLines(BenchArgs.Option(args, "--ids", "ids.txt")).Where(l => l.Length > 0).ToArray();
        var seconds = BenchArgs.DoubleOption(args, "--seconds", 5);
        var concurrency = BenchArgs.IntOption(args, "--concurrency", 16);
        var rounds = BenchArgs.IntOption(args, "--rounds", 3);
        using var connection = ConnectionMultiplexer.Connect(RedisKeys.Endpoint(store));
        var db = connection.GetDatabase();
        var version = (string?)db.StringGet(RedisKeys.Current) ?? throw new InvalidOperationException($"Nothing is published to {store}.");
        var prefix = Encoding.UTF8.GetBytes(RedisKeys.CustomerPrefix(version));
        using var client = RespGetClient.ForStore(store, 2, TimeSpan.FromSeconds(5), TimeProvider.System);
        Console.WriteLine($"{ids.Length:N0} ids, version {version}, {concurrency} concurrent GETs, {seconds} s a turn, {Environment.ProcessorCount} cores; load {Load()}");

        Func<string, Task<int>> multiplexer = async id =>
        {
            var value = await db.StringGetAsync(RedisKeys.Customer(version, id)).ConfigureAwait(false);
            return value.IsNull ? 0 : ((byte[])value!).Length;
        };
        Func<string, Task<int>> resp = async id =>
        {
            // The value's array is rented: returned once read, as the endpoint does after writing it.
            var value = await client.GetAsync(prefix, id, CancellationToken.None).ConfigureAwait(false);
            var length = value.Length;
            value.Return();
            return length;
        };

        // A first short turn each compiles the paths.
        Turn("warm-up", multiplexer, ids, concurrency, 1, quiet: true);
        Turn("warm-up", resp, ids, concurrency, 1, quiet: true);
        for (var round = 0; round < rounds; round++)
        {
            Turn("StackExchange.Redis", multiplexer, ids, concurrency, seconds, quiet: false);
            Turn("RESP client        ", resp, ids, concurrency, seconds, quiet: false);
        }

        return 0;
    }

    private static void Turn(string label, Func<string, Task<int>> get, string[] ids, int concurrency, double seconds, bool quiet)
    {
        using var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var switches0 = ContextSwitches();
        var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        long count = 0, bytes = 0, missing = 0;
        var next = -1;
        var stop = TimeSpan.FromSeconds(seconds);
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                while (clock.Elapsed < stop)
                {
                    var length = await get(ids[(uint)Interlocked.Increment(ref next) % (uint)ids.Length]).ConfigureAwait(false);
                    Interlocked.Increment(ref count);
                    Interlocked.Add(ref bytes, length);
                    if (length == 0)
                    {
                        Interlocked.Increment(ref missing);
                    }
                }
            });
        }

        Task.WaitAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalMilliseconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
        var switches = ContextSwitches() - switches0;
        if (!quiet)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {count / elapsed,9:N0} GET/s, CPU {cpu * 1000 / count,6:F1} µs a GET, {(double)switches / count:F2} context switches a GET, {(double)allocated / count:F0} bytes allocated a GET, {bytes / Math.Max(1, count - missing):N0} bytes a value, {missing} missing; load {Load()}"));
        }
    }

    // The threads' context switches (voluntary and not): a thread woken for each GET shows here whatever the load.
    private static long ContextSwitches()
    {
        long total = 0;
        foreach (var task in Directory.Exists("/proc/self/task") ? Directory.GetDirectories("/proc/self/task") : [])
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.Contains("ctxt_switches:", StringComparison.Ordinal))
                    {
                        total += long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return total;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "?";
}
