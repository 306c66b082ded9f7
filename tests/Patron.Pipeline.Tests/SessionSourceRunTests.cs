using System.Globalization;
using System.Text;
using System.Text.Json;
using Patron.Pipeline.Tests.Support;

namespace Patron.Pipeline.Tests;

/// <summary>session_purchase on the <c>sessions</c> source (customers.csv and sessions.csv with date-only session
/// dates), where every purchase session is also an order stamped at the session's own start.</summary>
public sealed class SessionSourceRunTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "patron-pipeline-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Run_SessionsSource_ModelLearnsTheCustomersHabitWithoutSeeingTheSessionsOwnOrder()
    {
        var input = Path.Combine(_root, "in");
        Directory.CreateDirectory(input);
        Write(input, customers: 500, seed: 9);

        var summary = new PipelineRunner(new PipelineOptions
        {
            Source = "sessions",
            Input = input,
            OutputDirectory = Path.Combine(_root, "run"),
            Tasks = ["session_purchase"],
            BoostingRounds = 80,
            Seed = 3,
        }).Run();

        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_root, "run", "metrics.json")));
        var task = document.RootElement.GetProperty("tasks").GetProperty("session_purchase");
        var chosen = Candidate(task, task.GetProperty("chosen").GetString()!);
        var baseline = Candidate(task, "baseline_page_views");
        var rocAuc = chosen.GetProperty("roc_auc").GetDouble();

        // Every session views one page, so the page-view ranking is a coin toss; the customer's earlier purchase share
        // and the browsing time carry the signal. Were a session's own order (same instant) counted as history, the
        // model would separate the classes almost perfectly.
        Assert.Equal(0.5, baseline.GetProperty("roc_auc").GetDouble(), 6);
        Assert.InRange(rocAuc, 0.6, 0.9);
        Assert.True(chosen.GetProperty("pr_auc").GetDouble() > baseline.GetProperty("pr_auc").GetDouble());

        var (header, rows) = CsvFile.Read(Path.Combine(_root, "run", "session_predictions.csv"));
        Assert.Equal(summary.SessionsScored, rows.Count);
        Assert.True(rows.Count > 100);
        foreach (var row in rows)
        {
            Assert.EndsWith("00:00:00", row[Array.IndexOf(header, "started_at")], StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(row[Array.IndexOf(header, "customer_id")]));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A scanner or indexer holding a file must not fail the tests.
        }
    }

    private static JsonElement Candidate(JsonElement task, string name)
    {
        foreach (var candidate in task.GetProperty("candidates").EnumerateArray())
        {
            if (candidate.GetProperty("name").GetString() == name)
            {
                return candidate.GetProperty("out_of_time");
            }
        }

        throw new KeyNotFoundException(name);
    }

    /// <summary>Two years of daily-dated sessions: each customer has a lasting purchase habit, and longer browsing buys
    /// more often.</summary>
    internal static void Write(string folder, int customers, int seed)
    {
        var random = new Random(seed);
        var start = new DateOnly(2024, 1, 1);
        var people = new StringBuilder("customer_id,age,gender,location,signup_date\n");
        var sessions = new StringBuilder("session_id,customer_id,session_date,product_viewed,browsing_time_sec,purchase_made,purchase_amount\n");
        var next = 0;
        for (var c = 1; c <= customers; c++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"C{c:D4}");
            people.Append(CultureInfo.InvariantCulture, $"{id},{random.Next(18, 70)},{(random.Next(2) == 0 ? "F" : "M")},DE,{start:yyyy-MM-dd}\n");
            var habit = -2.2 + (1.4 * Normal(random));
            var visits = random.Next(4, 20);
            for (var v = 0; v < visits; v++)
            {
                var day = start.AddDays(random.Next(0, 730));
                var browsing = Math.Round(30 + (random.NextDouble() * 900), 1);
                var z = habit + (0.0025 * (browsing - 400));
                var bought = random.NextDouble() < 1 / (1 + Math.Exp(-z));
                sessions.Append(CultureInfo.InvariantCulture,
                    $"S{++next:D6},{id},{day:yyyy-MM-dd},P{random.Next(1, 30)},{browsing},{(bought ? "yes" : "no")},{(bought ? Math.Round(10 + (random.NextDouble() * 90), 2) : 0)}\n");
            }
        }

        File.WriteAllText(Path.Combine(folder, "customers.csv"), people.ToString());
        File.WriteAllText(Path.Combine(folder, "sessions.csv"), sessions.ToString());
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
