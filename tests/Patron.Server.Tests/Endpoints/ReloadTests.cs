using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Endpoints;

public sealed class ReloadTests
{
    private const string Customer = "C0000001";
    private const double ChangedChurn = 0.123456789;

    [Fact]
    public async Task Reload_UnderLoadOnKestrel_NoFailedRequestAndNoMixedVersions()
    {
        await using var served = await ServedRun.StartAsync(o => o with { RateLimitPerSecond = 0 }, kestrel: true);
        var original = await Snapshot(served.Folder);
        var (_, first) = await Json.GetAsync(served.Client, "/ready");
        var versionA = first.GetProperty("run").GetString()!;
        var (_, profileA) = await Json.GetAsync(served.Client, "/api/customers/" + Customer);
        var churnA = profileA.GetProperty("churn_probability").GetDouble();

        var seen = new ConcurrentBag<(string Header, double Churn, HttpStatusCode Status)>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            // Bounded: at most 400 requests per worker, ending earlier when the reloads are done.
            for (var i = 0; i < 400 && !stop.IsCancellationRequested; i++)
            {
                using var response = await served.Client.GetAsync(new Uri("/api/customers/" + Customer, UriKind.Relative));
                var body = await Json.Read(response);
                seen.Add((response.Headers.GetValues("X-Patron-Run").Single(), body.GetProperty("churn_probability").GetDouble(), response.StatusCode));
            }
        })).ToArray();

        // Each reload is a new version (the rewritten files have new times): A-like and B-like versions by content.
        var versionsA = new HashSet<string> { versionA };
        var versionsB = new HashSet<string>();
        for (var swap = 0; swap < 6; swap++)
        {
            if (swap % 2 == 0)
            {
                await WriteChanged(served.Folder, original);
            }
            else
            {
                await Restore(served.Folder, original);
            }

            using var reload = await served.Client.PostAsync(new Uri("/api/admin/reload", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
            var answer = await Json.Read(reload);
            Assert.True(answer.GetProperty("changed").GetBoolean());
            (swap % 2 == 0 ? versionsB : versionsA).Add(answer.GetProperty("run").GetString()!);

            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);
        Assert.Equal(3, versionsB.Count);
        Assert.Equal(4, versionsA.Count);
        Assert.NotEmpty(seen);
        Assert.All(seen, s => Assert.Equal(HttpStatusCode.OK, s.Status));
        Assert.All(seen, s => Assert.True(versionsA.Contains(s.Header) || versionsB.Contains(s.Header), s.Header));
        Assert.All(seen, s => Assert.Equal(versionsA.Contains(s.Header) ? churnA : ChangedChurn, s.Churn));
    }

    [Fact]
    public async Task Reload_BrokenRunFolder_KeepsServingTheOldRun()
    {
        await using var served = await ServedRun.StartAsync();
        var (_, before) = await Json.GetAsync(served.Client, "/ready");
        await File.WriteAllTextAsync(Path.Combine(served.Folder, "run.json"), "{ broken");
        var (status, problem) = await Json.PostAsync(served.Client, "/api/admin/reload", "");
        Assert.Equal(409, status);
        Assert.True(Json.IsProblem(problem, 409));
        var (readyStatus, after) = await Json.GetAsync(served.Client, "/ready");
        Assert.Equal(200, readyStatus);
        Assert.Equal(before.GetProperty("run").GetString(), after.GetProperty("run").GetString());
    }

    [Fact]
    public async Task Watch_RunJsonRewritten_NewRunServedWithoutARequest()
    {
        await using var served = await ServedRun.StartAsync(o => o with { Watch = true });
        var before = served.Holder.Current!.Version;
        var original = await Snapshot(served.Folder);
        await WriteChanged(served.Folder, original);

        // Bounded wait for the watcher (quiet period 0.5 s): at most 60 s under a loaded machine.
        for (var i = 0; i < 600 && served.Holder.Current!.Version == before; i++)
        {
            await Task.Delay(100);
        }

        Assert.NotEqual(before, served.Holder.Current!.Version);
        var (_, profile) = await Json.GetAsync(served.Client, "/api/customers/" + Customer);
        Assert.Equal(ChangedChurn, profile.GetProperty("churn_probability").GetDouble());
    }

    private static async Task<(string Run, string Predictions)> Snapshot(string folder) =>
        (await File.ReadAllTextAsync(Path.Combine(folder, "run.json")), await File.ReadAllTextAsync(Path.Combine(folder, "predictions.csv")));

    /// <summary>Version B: another run id, and the first customer's churn probability changed.</summary>
    private static async Task WriteChanged(string folder, (string Run, string Predictions) original)
    {
        var lines = original.Predictions.Split('\n');
        Assert.StartsWith(Customer + ",", lines[1], StringComparison.Ordinal);
        var churn = new PredictionsFile(folder).Cell(0, "churn_probability");
        Assert.Contains("," + churn + ",", lines[1], StringComparison.Ordinal);
        lines[1] = lines[1].Replace("," + churn + ",", "," + ChangedChurn.ToString("R", CultureInfo.InvariantCulture) + ",", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "predictions.csv"), string.Join('\n', lines));
        using var run = JsonDocument.Parse(original.Run);
        var changed = original.Run.Replace(run.RootElement.GetProperty("run_id").GetString()!, "run-b", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "run.json"), changed);
    }

    private static async Task Restore(string folder, (string Run, string Predictions) original)
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "predictions.csv"), original.Predictions);
        await File.WriteAllTextAsync(Path.Combine(folder, "run.json"), original.Run);
    }
}
