using System.Globalization;
using System.Text;
using System.Text.Json;
using Patron.Pipeline.Tests.Support;

namespace Patron.Pipeline.Tests;

/// <summary>session_purchase on a shoppers-only warehouse (UCI Online Shoppers format): the task runs on session data
/// alone, out of time by month, and the customer tasks are skipped with a clear reason.</summary>
public sealed class SessionShoppersRunTests : IDisposable
{
    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "June", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "patron-pipeline-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Run_SampleFirstRows_SessionTaskInMetricsAndCustomerTasksSkipped()
    {
        var input = Path.Combine(_root, "in");
        Directory.CreateDirectory(input);
        File.Copy(SamplePath(), Path.Combine(input, "online_shoppers_intention.csv"));

        var summary = Execute(input, ["churn", "session_purchase"]);

        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_root, "run", "metrics.json")));
        var task = document.RootElement.GetProperty("tasks").GetProperty("session_purchase");
        Assert.Equal("baseline_page_value", task.GetProperty("baseline").GetString());
        Assert.Equal(184, task.GetProperty("train_rows").GetInt32()); // February
        Assert.Equal(116, task.GetProperty("test_rows").GetInt32()); // March, the latest month
        Assert.Contains("Mar", task.GetProperty("split").GetString()!, StringComparison.Ordinal);
        Assert.Equal(4, task.GetProperty("candidates").GetArrayLength()); // page value, logistic, gbdt, the blend
        var churn = document.RootElement.GetProperty("skipped").GetProperty("churn").GetString()!;
        Assert.Contains("no purchases", churn, StringComparison.Ordinal);
        Assert.False(document.RootElement.GetProperty("tasks").TryGetProperty("churn", out _));

        var (header, rows) = CsvFile.Read(Path.Combine(_root, "run", "session_predictions.csv"));
        Assert.Equal(116, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal("", row[Array.IndexOf(header, "customer_id")]);
            Assert.Equal("3", row[Array.IndexOf(header, "month")]);
            Assert.InRange(double.Parse(row[Array.IndexOf(header, "purchase_probability")], CultureInfo.InvariantCulture), 0, 1);
        }

        Assert.Equal(0, summary.CustomersScored);
        Assert.False(File.Exists(Path.Combine(_root, "run", "predictions.csv")));
        Assert.Contains("session purchase", File.ReadAllText(Path.Combine(_root, "run", "report.html")), StringComparison.Ordinal);
        Assert.Contains(summary.Stages, s => s.Name == "kpi" && s.Detail.Contains("no purchases", StringComparison.Ordinal));
        Assert.Contains(summary.Stages, s => s.Name == "cross_sell" && s.Detail.StartsWith("skipped: no purchases", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(_root, "run", "next_products.csv")));
    }

    [Fact]
    public void Run_GeneratedYear_LatestQuarterTestedAndModelBeatsPageValue()
    {
        var input = Path.Combine(_root, "in");
        Directory.CreateDirectory(input);
        var counts = WriteYear(Path.Combine(input, "online_shoppers_intention.csv"), 3_000, seed: 5);

        Execute(input, ["session_purchase"]);

        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_root, "run", "metrics.json")));
        var task = document.RootElement.GetProperty("tasks").GetProperty("session_purchase");
        var test = task.GetProperty("test_rows").GetInt32();
        Assert.Equal(3_000, test + task.GetProperty("train_rows").GetInt32());
        Assert.Equal(counts[11] + counts[10], test); // Nov + Dec hold the share closest to a quarter
        var chosen = task.GetProperty("chosen").GetString();
        double Primary(string name)
        {
            foreach (var c in task.GetProperty("candidates").EnumerateArray())
            {
                if (c.GetProperty("name").GetString() == name)
                {
                    return c.GetProperty("out_of_time").GetProperty("pr_auc").GetDouble();
                }
            }

            throw new KeyNotFoundException(name);
        }

        Assert.True(Primary(chosen!) > Primary("baseline_page_value"), $"{chosen} {Primary(chosen!)} vs page value {Primary("baseline_page_value")}");
    }

    [Fact]
    public void Run_SingleMonthAndNoPurchases_CompletesNamingEveryReason()
    {
        var input = Path.Combine(_root, "in");
        Directory.CreateDirectory(input);
        var lines = File.ReadAllLines(SamplePath());
        var february = new List<string> { lines[0] };
        foreach (var line in lines)
        {
            if (line.Contains(",Feb,", StringComparison.Ordinal))
            {
                february.Add(line);
            }
        }

        File.WriteAllLines(Path.Combine(input, "online_shoppers_intention.csv"), february);

        var summary = Execute(input, ["churn", "session_purchase"]);

        Assert.Empty(summary.Tasks);
        Assert.Contains("the shopper sessions cover a single month", summary.SkippedTasks["session_purchase"], StringComparison.Ordinal);
        Assert.Contains("the warehouse has no purchases", summary.SkippedTasks["churn"], StringComparison.Ordinal);
        var models = summary.Stages.Single(s => s.Name == "models");
        Assert.StartsWith("no task could run: ", models.Detail, StringComparison.Ordinal);
        var report = File.ReadAllText(Path.Combine(_root, "run", "report.html"));
        Assert.Contains("No task could be trained on this data", report, StringComparison.Ordinal);
        Assert.Contains("the shopper sessions cover a single month", report, StringComparison.Ordinal);
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

    /// <summary>The first 300 sessions of the UCI Online Shoppers Purchasing Intention data set (Sakar et al. 2019,
    /// CC BY 4.0), kept in the repository under Samples/.</summary>
    private static string SamplePath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, "tests", "Patron.Pipeline.Tests", "Samples", "online_shoppers_first_rows.csv");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("Samples/online_shoppers_first_rows.csv was not found above " + AppContext.BaseDirectory);
    }

    private RunSummary Execute(string input, IReadOnlyList<string> tasks) => new PipelineRunner(new PipelineOptions
    {
        Source = "shoppers",
        Input = input,
        OutputDirectory = Path.Combine(_root, "run"),
        Tasks = tasks,
        BoostingRounds = 80,
        Seed = 3,
    }).Run();

    /// <summary>A year of sessions in the UCI format (no January or April, as in the real data). The purchase chance
    /// rises with page value, product pages and returning visitors and falls with the exit rate, so page value alone
    /// ranks well but not best.</summary>
    private static int[] WriteYear(string path, int rows, int seed)
    {
        var random = new Random(seed);
        int[] months = [1, 2, 4, 5, 6, 7, 8, 9, 10, 11];
        double[] weights = [5, 8, 12, 4, 5, 5, 6, 9, 14, 8];
        var counts = new int[12];
        var csv = new StringBuilder("Administrative,Administrative_Duration,Informational,Informational_Duration,ProductRelated,ProductRelated_Duration,BounceRates,ExitRates,PageValues,SpecialDay,Month,OperatingSystems,Browser,Region,TrafficType,VisitorType,Weekend,Revenue\n");
        for (var i = 0; i < rows; i++)
        {
            var pick = random.NextDouble() * 76;
            var m = 0;
            while (pick > weights[m])
            {
                pick -= weights[m++];
            }

            var month = months[m];
            counts[month]++;
            var product = random.Next(1, 60);
            var exit = Math.Round(0.005 + (random.NextDouble() * 0.2), 4);
            var value = random.NextDouble() < 0.75 ? 0 : Math.Round(random.NextDouble() * 60, 2);
            var returning = random.NextDouble() < 0.8;
            var z = -3.2 + (0.05 * value) + (0.03 * product) - (12 * exit) + (returning ? -0.4 : 0.6);
            var revenue = random.NextDouble() < 1 / (1 + Math.Exp(-z));
            csv.Append(CultureInfo.InvariantCulture,
                $"{random.Next(0, 6)},{random.Next(0, 300)},{random.Next(0, 3)},{random.Next(0, 100)},{product},{product * random.Next(10, 60)},{Math.Round(exit * 0.6, 4)},{exit},{value},0,{MonthNames[month]},{random.Next(1, 5)},{random.Next(1, 6)},{random.Next(1, 10)},{random.Next(1, 12)},{(returning ? "Returning_Visitor" : "New_Visitor")},{(random.Next(4) == 0 ? "TRUE" : "FALSE")},{(revenue ? "TRUE" : "FALSE")}\n");
        }

        File.WriteAllText(path, csv.ToString());
        return counts;
    }
}
