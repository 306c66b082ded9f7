using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Patron.Cli.Tests.Commands;

/// <summary>The service's held-out check: a run trained on one part of the Online Shoppers sample, served, scores the
/// other part as <c>patron predict</c> does, with the same ROC-AUC.</summary>
public sealed class ServeHeldOutTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Serve_HeldOutShopperSessions_SameRocAucAsPatronPredictAndWellAboveChance()
    {
        // The sample's two parts: February's sessions trained tests/data/runs/shoppers-300 (its session model, a logistic
        // regression), March's are held out (the run's out-of-time split; its session_predictions.csv holds exactly
        // them). The held-out part is scored twice: by patron serve from the raw export rows, and by patron predict from
        // the session features the warehouse computes (a run over the whole sample, used only for its warehouse).
        var sample = Path.Combine(TestData.ShoppersSamples, "online_shoppers_intention.csv");
        var lines = File.ReadAllLines(sample);
        var header = lines[0].Split(',');
        var month = Array.IndexOf(header, "Month");
        var heldOut = new List<int>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Split(',')[month] == "Mar")
            {
                heldOut.Add(i);
            }
            else
            {
                Assert.Equal("Feb", lines[i].Split(',')[month]);
            }
        }

        var servedRun = _temp.Folder("served-run");
        CopyFolder(TestData.File("runs", "shoppers-300"), servedRun);
        var scoredByRun = File.ReadLines(Path.Combine(servedRun, "session_predictions.csv")).Skip(1)
            .Select(l => int.Parse(l.Split(',')[0].Split(':')[1], CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(heldOut, scoredByRun);
        var input = _temp.Folder("sample");
        File.Copy(sample, Path.Combine(input, "online_shoppers_intention.csv"));
        var wholeRun = Path.Combine(_temp.Path, "run-whole");
        Ok(RunShopFixture.Patron("run", "--source", "shoppers", input, "--out", wholeRun, "--tasks", "session_purchase", "--json"));
        var features = _temp.File("features.parquet");
        Ok(RunShopFixture.Patron("export", "shopper_session_features", "--db", Path.Combine(wholeRun, "patron.duckdb"), "--out", features));
        var predicted = _temp.File("predicted.csv");
        Ok(RunShopFixture.Patron("predict", "--model", Path.Combine(servedRun, "models", "session_purchase.json"), "--data", features, "--id", "session_id", "--out", predicted));

        // patron predict's probabilities of the held-out sessions (session ids are <source>:<row of the file>).
        var byRow = new Dictionary<int, double>();
        foreach (var line in File.ReadLines(predicted).Skip(1))
        {
            var cells = line.Split(',');
            byRow[int.Parse(cells[0].Split(':')[1], CultureInfo.InvariantCulture)] = double.Parse(cells[1], CultureInfo.InvariantCulture);
        }

        var labels = new bool[heldOut.Count];
        var fromPredict = new double[heldOut.Count];
        var sessions = new List<Dictionary<string, object>>();
        for (var k = 0; k < heldOut.Count; k++)
        {
            var cells = lines[heldOut[k]].Split(',');
            labels[k] = cells[^1] == "TRUE";
            fromPredict[k] = byRow[heldOut[k]];
            var row = new Dictionary<string, object>(StringComparer.Ordinal);
            for (var j = 0; j < header.Length; j++)
            {
                row[header[j]] = header[j] switch
                {
                    "Month" or "VisitorType" => cells[j],
                    "Weekend" or "Revenue" => cells[j] == "TRUE",
                    _ => double.Parse(cells[j], CultureInfo.InvariantCulture),
                };
            }

            sessions.Add(row);
        }

        var served = await ServeAndScore(servedRun, sessions);

        var aucServed = RocAuc(served, labels);
        var aucPredict = RocAuc(fromPredict, labels);
        Assert.Equal(aucPredict, aucServed, 1e-9);
        Assert.True(aucServed > 0.7, $"held-out ROC-AUC {aucServed}");
        Assert.Contains(true, labels);
    }

    public void Dispose() => _temp.Dispose();

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    private static void Ok((int Code, string Output, string Error) result) => Assert.True(result.Code == 0, result.Error);

    /// <summary>Starts <c>patron serve</c> on the run (a child process on a free loopback port) and posts the sessions.</summary>
    private static async Task<double[]> ServeAndScore(string run, List<Dictionary<string, object>> sessions)
    {
        var port = FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "patron.dll");
        var start = new ProcessStartInfo(Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, "serve", "--run", run, "--urls", $"http://127.0.0.1:{port}", "--no-watch", "--rate-limit", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        using var server = Process.Start(start)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

            // Bounded wait for /ready: 120 s at most on a busy machine.
            for (var i = 0; i < 1200; i++)
            {
                try
                {
                    using var ready = await client.GetAsync(new Uri("/ready", UriKind.Relative));
                    if (ready.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                Assert.False(server.HasExited, "patron serve exited before it was ready");
                await Task.Delay(100);
            }

            using var content = new StringContent(JsonSerializer.Serialize(new { sessions }), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri("/api/score/sessions", UriKind.Relative), content);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            using var json = JsonDocument.Parse(body);
            var predictions = json.RootElement.GetProperty("predictions");
            var scores = new double[predictions.GetArrayLength()];
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = predictions[i].GetProperty("purchase_probability").GetDouble();
            }

            return scores;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>ROC-AUC as the Mann-Whitney statistic: the share of (positive, negative) pairs ranked right, ties half.</summary>
    private static double RocAuc(double[] scores, bool[] labels)
    {
        double right = 0;
        long pairs = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (!labels[i])
            {
                continue;
            }

            for (var j = 0; j < scores.Length; j++)
            {
                if (labels[j])
                {
                    continue;
                }

                pairs++;
                right += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        }

        return right / pairs;
    }
}
