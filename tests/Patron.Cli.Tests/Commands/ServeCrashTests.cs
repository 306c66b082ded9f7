using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Patron.Demo;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Events;
using Patron.Warehouse.Sources.Generic;

namespace Patron.Cli.Tests.Commands;

/// <summary>Crash safety of <c>patron serve --db</c>: a real server process killed with SIGKILL in the middle of a
/// stream of events loses no event it answered 202 to (the 202 comes once the events are in its journal on disk; the
/// restarted server applies the journal's records its warehouse does not hold yet, once), and, with every event sent
/// again after the restart (a client retrying what it is unsure of), applies none twice.</summary>
public sealed class ServeCrashTests
{
    [Fact]
    public async Task Serve_KilledDuringEventStream_NoAcceptedEventLostOrAppliedTwice()
    {
        using var temp = new TempFolder();
        var run = temp.Folder("run");
        CopyFolder(TestData.File("runs", "demo-400"), run);
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = temp.Folder("shop"), Customers = 400, Seed = 42 });
        var db = temp.File("w.duckdb");
        new Ingestor().Ingest(db, new GenericSource(), shop.OutputDirectory);

        var sent = new List<string>();
        var accepted = new HashSet<string>(StringComparer.Ordinal);
        long lastBatch = 0;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var port = FreePort();
        client.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        using (var server = StartServer(run, db, port))
        {
            await WaitReady(client, server);
            var next = 0;
            var senders = new Task[3];
            using var stop = new CancellationTokenSource();
            for (var s = 0; s < senders.Length; s++)
            {
                senders[s] = Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var id = "crash-" + Interlocked.Increment(ref next).ToString(CultureInfo.InvariantCulture);
                        lock (sent)
                        {
                            sent.Add(id);
                        }

                        try
                        {
                            using var response = await client.PostAsync(new Uri("/api/events", UriKind.Relative), Body(id));
                            if (response.StatusCode == HttpStatusCode.Accepted)
                            {
                                var batch = Batch(await response.Content.ReadAsStringAsync());
                                lock (accepted)
                                {
                                    accepted.Add(id);
                                    lastBatch = Math.Max(lastBatch, batch);
                                }
                            }
                        }
                        catch (HttpRequestException)
                        {
                            return;
                        }
                        catch (TaskCanceledException)
                        {
                            return;
                        }
                    }
                });
            }

            // Kill once a good number of events were accepted, while the senders keep posting.
            var clock = Stopwatch.StartNew();
            while (Count(accepted) < 200 && clock.Elapsed < TimeSpan.FromSeconds(150))
            {
                await Task.Delay(20);
            }

            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        Assert.True(accepted.Count >= 5, $"only {accepted.Count} events accepted before the kill");

        // Started again, the server applies what its journal holds past the warehouse's mark before it takes events;
        // killed again right after, the warehouse holds every accepted event once.
        using (var server = StartServer(run, db, port))
        {
            await WaitReady(client, server);
            await WaitStored(client, server, lastBatch);
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        using (var replayed = WarehouseFile.Open(db))
        {
            Assert.True(EventHistory.JournalSequence(replayed) >= lastBatch);
            foreach (var id in sent)
            {
                var count = EventHistory.OrderCount(replayed, id);
                if (accepted.Contains(id))
                {
                    Assert.Equal(1, count);
                }
                else
                {
                    Assert.InRange(count, 0, 1);
                }
            }
        }

        using (var server = StartServer(run, db, port))
        {
            await WaitReady(client, server);

            // Every event sent, again: the accepted ones must change nothing, the others may land now.
            long resent = 0;
            foreach (var id in sent)
            {
                using var response = await client.PostAsync(new Uri("/api/events", UriKind.Relative), Body(id));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                resent = Math.Max(resent, Batch(await response.Content.ReadAsStringAsync()));
            }

            await WaitStored(client, server, resent);

            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        using var connection = WarehouseFile.Open(db);
        foreach (var id in sent)
        {
            Assert.Equal(1, EventHistory.OrderCount(connection, id));
        }
    }

    private static StringContent Body(string id)
    {
        var n = int.Parse(id.AsSpan("crash-".Length), CultureInfo.InvariantCulture);
        var customer = "C" + (1 + (n % 64)).ToString("D7", CultureInfo.InvariantCulture);
        var json = $$"""{"orders": [{"order_id": "{{id}}", "customer_id": "{{customer}}", "ordered_at": "2026-11-20T10:00:00Z", "lines": [{"product_id": "P00001", "quantity": 1, "unit_price": 20}]}]}""";
        return new StringContent(json, Encoding.UTF8, "application/json");
    }

    private static long Batch(string accepted)
    {
        using var document = System.Text.Json.JsonDocument.Parse(accepted);
        return document.RootElement.GetProperty("batch").GetInt64();
    }

    /// <summary>Waits until the server says batch <paramref name="batch"/> (and so every earlier one) is in the warehouse.</summary>
    private static async Task WaitStored(HttpClient client, Process server, long batch)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            Assert.False(server.HasExited, "patron serve exited before the batch was stored");
            using var response = await client.GetAsync(new Uri("/api/events/" + batch.ToString(CultureInfo.InvariantCulture), UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (document.RootElement.GetProperty("status").GetString() == "stored")
                {
                    return;
                }
            }

            await Task.Delay(50);
        }

        Assert.Fail($"batch {batch} was not stored within two minutes");
    }

    private static int Count(HashSet<string> set)
    {
        lock (set)
        {
            return set.Count;
        }
    }

    private static Process StartServer(string run, string db, int port)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "patron.dll");
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "serve", "--run", run, "--db", db, "--urls", $"http://127.0.0.1:{port}", "--no-watch", "--rate-limit", "0" })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start patron serve.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits until the run is loaded (events posted before the warehouse is open wait for it).</summary>
    private static async Task WaitReady(HttpClient client, Process server)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            Assert.False(server.HasExited, "patron serve exited before it was ready");
            try
            {
                using var response = await client.GetAsync(new Uri("/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail("patron serve was not ready within two minutes");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            CopyFolder(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
