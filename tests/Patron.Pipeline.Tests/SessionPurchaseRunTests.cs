using System.Globalization;
using System.Text.Json;
using Patron.Demo;
using Patron.Pipeline.Tests.Support;

namespace Patron.Pipeline.Tests;

/// <summary>The session_purchase task on a generated shop with web sessions (generic source, sessions.csv).</summary>
public sealed class SessionPurchaseRunTests : IClassFixture<SessionPurchaseRunTests.Run>
{
    private static readonly string[] RequiredColumns = ["session_id", "started_at", "month", "purchase_probability", "reason_1"];
    private readonly Run _run;

    public SessionPurchaseRunTests(Run run) => _run = run;

    [Fact]
    public void Run_DemoSessions_ChosenModelBeatsPageViewsOutOfTime()
    {
        var task = Task();
        var chosen = task.GetProperty("chosen").GetString()!;
        Assert.Equal("pr_auc", task.GetProperty("primary_metric").GetString());
        Assert.Equal("baseline_page_views", task.GetProperty("baseline").GetString());
        Assert.NotEqual("baseline_page_views", chosen);
        var (model, baseline) = (Candidate(task, chosen), Candidate(task, "baseline_page_views"));
        Assert.True(Metric(model, "pr_auc") > Metric(baseline, "pr_auc"), $"{chosen} PR-AUC {Metric(model, "pr_auc")} vs page views {Metric(baseline, "pr_auc")}");
        Assert.True(Metric(model, "roc_auc") > Metric(baseline, "roc_auc"));
        foreach (var key in new[] { "roc", "pr", "gains", "calibration", "baseline_roc", "baseline_pr", "baseline_gains" })
        {
            Assert.True(task.GetProperty("curves").GetProperty(key).GetArrayLength() > 1, key);
        }

        Assert.Equal(10, task.GetProperty("deciles").GetArrayLength());
        Assert.Contains("Browsing time", File.ReadAllText(Path.Combine(_run.RunFolder, "metrics.json")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_run.RunFolder, "models", "session_purchase.json")));
    }

    [Fact]
    public void Run_DemoSessions_OnePredictionPerSessionOfTheWindowWithRequiredFields()
    {
        var (header, rows) = CsvFile.Read(Path.Combine(_run.RunFolder, "session_predictions.csv"));
        Assert.Equal(["session_id", "customer_id", "started_at", "month", "purchase_probability", "reason_1", "reason_2", "reason_3"], header);
        var scoring = _run.Summary.ScoringCutoff.ToDateTime(TimeOnly.MinValue);
        var from = scoring.AddDays(-_run.Options.HorizonDays);
        long expected;
        using (var connection = Patron.Warehouse.WarehouseFile.Open(_run.Options.WarehousePath, readOnly: true))
        {
            expected = connection.Scalar<long>(string.Create(CultureInfo.InvariantCulture,
                $"SELECT count(DISTINCT session_id) FROM silver.sessions WHERE started_at >= TIMESTAMP '{from:yyyy-MM-dd}' AND started_at < TIMESTAMP '{scoring:yyyy-MM-dd}'"));
        }

        Assert.True(expected > 100);
        Assert.Equal(expected, rows.Count);
        Assert.Equal(expected, _run.Summary.SessionsScored);
        using (var runJson = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_run.RunFolder, "run.json"))))
        {
            Assert.Equal(expected, runJson.RootElement.GetProperty("sessions_scored").GetInt64());
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            Assert.Equal(header.Length, row.Length);
            Assert.True(ids.Add(row[0]), $"session {row[0]} appears twice");
            foreach (var column in RequiredColumns)
            {
                Assert.False(string.IsNullOrEmpty(row[Array.IndexOf(header, column)]), $"session {row[0]}: {column} is empty");
            }

            var started = DateTime.Parse(row[2], CultureInfo.InvariantCulture);
            Assert.InRange(started, from, scoring.AddTicks(-1));
            Assert.InRange(double.Parse(row[4], CultureInfo.InvariantCulture), 0, 1);
            Assert.Contains("purchase chance", row[5], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_DemoSessions_ReportShowsTheTaskAndTheSummaryListsIt()
    {
        var html = File.ReadAllText(Path.Combine(_run.RunFolder, "report.html"));
        Assert.Contains("session purchase", html, StringComparison.Ordinal);
        Assert.Contains("chart-session-purchase-roc", html, StringComparison.Ordinal);
        Assert.Contains("chart-session-purchase-calibration", html, StringComparison.Ordinal);
        Assert.Contains("Rows are sessions; trained on sessions started before", html, StringComparison.Ordinal);
        Assert.Contains(_run.Summary.Tasks, t => t.Task == "session_purchase" && t.Value > t.BaselineValue);
        Assert.Empty(_run.Summary.SkippedTasks);
    }

    [Fact]
    public void SessionPredictionsWriter_RowsInBlocks_SameBytesAsOneLineAfterAnother()
    {
        var scoring = _run.Summary.ScoringCutoff.ToDateTime(TimeOnly.MinValue);
        Patron.Features.Frames.SessionFrame frame;
        using (var connection = Patron.Warehouse.WarehouseFile.Open(_run.Options.WarehousePath, readOnly: true))
        {
            frame = Patron.Features.Frames.SessionFrame.LoadWeb(connection, scoring, scoring.AddDays(-_run.Options.HorizonDays), 0, 1);
        }

        // Every session, several blocks of rows, with anonymous sessions, NaN and odd probabilities and texts to quote.
        var window = Enumerable.Range(0, frame.Count).ToArray();
        var probabilities = window.Select(k => k % 9 == 0 ? double.NaN : k / 3.0 / frame.Count).ToArray();
        var reasons = window.Select(k => k % 4 == 0 ? new[] { "", "", "" } : new[] { $"{k} pages, \"many\"", "Café visit", "emoji \U0001F600" }).ToArray();
        var outcome = new Patron.Pipeline.Tasks.SessionOutcome(null!, frame, window, probabilities, reasons, "split");
        Assert.True(frame.Count > Patron.Pipeline.Output.CsvBlocks.BlockRows, $"{frame.Count} sessions");
        Assert.Contains(frame.CustomerIds, id => id is null);
        var folder = Path.Combine(_run.Root, "writer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);

        var path = Patron.Pipeline.Output.SessionPredictionsWriter.Write(outcome, folder);

        using var expected = new MemoryStream();
        using (var writer = new StreamWriter(expected, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" })
        {
            writer.WriteLine(string.Join(',', Patron.Pipeline.Output.SessionPredictionsWriter.Header));
            for (var k = 0; k < window.Length; k++)
            {
                var i = window[k];
                writer.WriteLine(string.Join(',',
                    Patron.Pipeline.Output.CsvText.Quote(frame.Ids[i]),
                    Patron.Pipeline.Output.CsvText.Quote(frame.CustomerIds[i]),
                    frame.StartedText(i),
                    frame.Months[i] > 0 ? frame.Months[i].ToString(CultureInfo.InvariantCulture) : "",
                    Patron.Pipeline.Output.JsonNumbers.Cell(probabilities[k]),
                    Patron.Pipeline.Output.CsvText.Quote(reasons[k][0]),
                    Patron.Pipeline.Output.CsvText.Quote(reasons[k][1]),
                    Patron.Pipeline.Output.CsvText.Quote(reasons[k][2])));
            }
        }

        Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
    }

    private JsonElement Task()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_run.RunFolder, "metrics.json")));
        return document.RootElement.GetProperty("tasks").GetProperty("session_purchase").Clone();
    }

    private static JsonElement Candidate(JsonElement task, string name)
    {
        foreach (var candidate in task.GetProperty("candidates").EnumerateArray())
        {
            if (candidate.GetProperty("name").GetString() == name)
            {
                return candidate;
            }
        }

        throw new KeyNotFoundException(name);
    }

    private static double Metric(JsonElement candidate, string key) => candidate.GetProperty("out_of_time").GetProperty(key).GetDouble();

    /// <summary>One run of the session task alone over a small generated shop with web sessions.</summary>
    public sealed class Run : IDisposable
    {
        public Run()
        {
            Root = Path.Combine(Path.GetTempPath(), "patron-pipeline-tests", Guid.NewGuid().ToString("N"));
            var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = Path.Combine(Root, "shop"), Customers = 2_000, Seed = 23 });
            Assert.True(shop.SessionRows > 0, "the generated shop has no sessions.csv");
            Options = new PipelineOptions
            {
                Source = "generic",
                Input = shop.OutputDirectory,
                OutputDirectory = Path.Combine(Root, "run"),
                Tasks = ["session_purchase"],
                BoostingRounds = 120,
                Seed = 7,
            };
            Summary = new PipelineRunner(Options).Run();
        }

        public string Root { get; }

        public PipelineOptions Options { get; }

        public RunSummary Summary { get; }

        public string RunFolder => Options.OutputDirectory;

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
}
