using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Patron.Bench;

/// <summary>
/// Freshness of <c>patron serve --db</c> (docs/live.md): posts one order event per customer at a fixed rate for a
/// fixed time on an open-loop schedule (a slow server does not slow the load down) and, for every n-th event (all by
/// default), polls the customer's profile until <c>features.orders</c> is one higher than before the post. Reports the
/// POST→visible latency percentiles, the 202 latency, the server's CPU seconds per event and its resident memory.
/// </summary>
/// <remarks>
/// Usage: <c>live --url URL --ids FILE --products FILE [--rate 1000] [--seconds 60] [--track-every 1] [--poll-ms 50]
/// [--pid SERVER_PID]</c>. The ids file holds one customer id a line (as many as rate × seconds), the products file one
/// product id a line (each event takes the next in turn). Event times are the posting time minus an hour.
/// </remarks>
internal static class LiveBench
{
    public static int Run(string[] args)
    {
        var url = BenchArgs.Option(args, "--url", "http://127.0.0.1:5091").TrimEnd('/');
        var ids = File.ReadAllLines(BenchArgs.Option(args, "--ids", "ids.txt")).Where(l => l.Length > 0).ToArray();
        var products = File.ReadAllLines(BenchArgs.Option(args, "--products", "products.txt")).Where(l => l.Length > 0).ToArray();
        var rate = BenchArgs.DoubleOption(args, "--rate", 1000);
        var seconds = BenchArgs.DoubleOption(args, "--seconds", 60);
        var trackEvery = BenchArgs.IntOption(args, "--track-every", 1);
        var pollMs = BenchArgs.IntOption(args, "--poll-ms", 50);
        var pid = BenchArgs.IntOption(args, "--pid", 0);
        var total = (int)(rate * seconds);
        if (total > ids.Length)
        {
            Console.Error.WriteLine($"{total} events need as many customers; the ids file has {ids.Length}");
            return 2;
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };

        // The tracked customers' order counts before the load, read ahead so the schedule has only posts and polls.
        var before = new Dictionary<int, long>();
        for (var n = 0; n < total; n += trackEvery)
        {
            before[n] = Orders(http, $"{url}/api/customers/{Uri.EscapeDataString(ids[n])}").GetAwaiter().GetResult() ?? 0;
        }

        var cpuBefore = pid > 0 ? CpuSeconds(pid) : 0;
        var visible = new double[total];
        var accepted = new double[total];
        Array.Fill(visible, double.NaN);
        Array.Fill(accepted, double.NaN);
        var statuses = new int[total];
        var tasks = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        var peakRss = 0L;
        for (var n = 0; n < total; n++)
        {
            var due = TimeSpan.FromSeconds(n / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                Thread.Sleep(wait);
            }

            var k = n;
            tasks.Add(Task.Run(() => One(http, url, ids[k], products[k % products.Length], k, before.TryGetValue(k, out var b) ? b : -1, pollMs, visible, accepted, statuses)));
            if (pid > 0 && n % (int)Math.Max(1, rate) == 0)
            {
                peakRss = Math.Max(peakRss, Memory(pid, "VmRSS"));
            }
        }

        var sent = clock.Elapsed.TotalSeconds;
        Task.WaitAll([.. tasks]);
        var cpu = pid > 0 ? CpuSeconds(pid) - cpuBefore : double.NaN;
        var ok = statuses.Count(s => s == 202);
        var seen = visible.Where(v => !double.IsNaN(v)).Order().ToArray();
        var acks = accepted.Where(v => !double.IsNaN(v)).Order().ToArray();
        var tracked = before.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sent {total} in {sent:0.0} s ({total / sent:0} events/s), accepted {ok}, tracked {tracked}, seen {seen.Length} (of tracked, within 30 s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"POST->visible ms: p50 {Pct(seen, 0.50):0} p95 {Pct(seen, 0.95):0} p99 {Pct(seen, 0.99):0} max {Pct(seen, 1):0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"POST->202 ms: p50 {Pct(acks, 0.50):0} p95 {Pct(acks, 0.95):0} p99 {Pct(acks, 0.99):0} max {Pct(acks, 1):0}"));
        if (pid > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"server CPU {cpu:0.0} s = {cpu * 1000 / total:0.00} ms per event; RSS now {Memory(pid, "VmRSS") / 1024} MB, peak seen {peakRss / 1024} MB, VmHWM {Memory(pid, "VmHWM") / 1024} MB"));
        }

        return seen.Length == tracked && ok == total ? 0 : 1;
    }

    private static async Task One(HttpClient http, string url, string customer, string product, int n, long before, int pollMs, double[] visible, double[] accepted, int[] statuses)
    {
        var at = DateTime.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        var body = $$"""{"orders":[{"order_id":"bench-{{n}}-{{Environment.TickCount64}}","customer_id":{{JsonSerializer.Serialize(customer)}},"ordered_at":"{{at}}","payment_method":"card","lines":[{"product_id":{{JsonSerializer.Serialize(product)}},"quantity":1,"unit_price":10.0}]}]}""";
        var start = Stopwatch.GetTimestamp();
        using (var content = new StringContent(body, Encoding.UTF8, "application/json"))
        {
            try
            {
                using var response = await http.PostAsync($"{url}/api/events", content).ConfigureAwait(false);
                statuses[n] = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                statuses[n] = -1;
            }
            catch (TaskCanceledException)
            {
                statuses[n] = -2;
            }
        }

        accepted[n] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (statuses[n] != (int)HttpStatusCode.Accepted || before < 0)
        {
            return;
        }

        var profile = $"{url}/api/customers/{Uri.EscapeDataString(customer)}";
        while (Stopwatch.GetElapsedTime(start) < TimeSpan.FromSeconds(30))
        {
            long? orders;
            try
            {
                orders = await Orders(http, profile).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // A server far behind answers slowly; the event counts as not seen unless a later poll sees it.
                orders = null;
            }

            if (orders > before)
            {
                visible[n] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                return;
            }

            await Task.Delay(pollMs).ConfigureAwait(false);
        }
    }

    /// <summary>features.orders of a profile, or null when the customer has none.</summary>
    private static async Task<long?> Orders(HttpClient http, string profile)
    {
        using var response = await http.GetAsync(profile).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync().ConfigureAwait(false)).ConfigureAwait(false);
        return json.RootElement.TryGetProperty("features", out var features) && features.TryGetProperty("orders", out var orders)
               && orders.ValueKind == JsonValueKind.Number ? orders.GetInt64() : null;
    }

    private static double Pct(double[] sorted, double p)
        => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    /// <summary>User plus system CPU seconds of a process (/proc/PID/stat, clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>A memory line of /proc/PID/status in kB.</summary>
    private static long Memory(int pid, string name)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
