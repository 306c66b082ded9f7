using Patron.Pipeline.Report;

namespace Patron.Pipeline.Tests.Report;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "patron-report-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Every chart the report promises when the run produced its data.</summary>
    public static IEnumerable<string> ExpectedCharts()
    {
        yield return "chart-quality";
        yield return "chart-revenue";
        yield return "chart-active";
        yield return "chart-cohorts";
        yield return "chart-categories";
        yield return "chart-weekday";
        yield return "chart-seasonality";
        yield return "chart-segments-size";
        yield return "chart-segments-value";
        foreach (var task in SampleRunFolder.BinaryTasks)
        {
            var id = "chart-" + task.Replace('_', '-');
            yield return id + "-roc";
            yield return id + "-pr";
            yield return id + "-gains";
            yield return id + "-calibration";
            yield return id + "-drivers";
        }

        yield return "chart-clv-gains";
        yield return "chart-clv-deciles";
        yield return "chart-clv-drivers";
        yield return "chart-clv-distribution";
    }

    [Fact]
    public void Write_FullRunFolder_DrawsEveryChartAsSvg()
    {
        SampleRunFolder.Write(_folder);

        var html = File.ReadAllText(ReportWriter.Write(_folder));

        foreach (var id in ExpectedCharts())
        {
            Assert.Contains($"<svg class=\"chart\" id=\"{id}\"", html, StringComparison.Ordinal);
        }

        var listed = ChartList(html);
        Assert.Equal(ExpectedCharts().Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Write_IsSelfContained_NoScriptsNoExternalReferences()
    {
        SampleRunFolder.Write(_folder);

        var html = File.ReadAllText(ReportWriter.Write(_folder));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Write_TextFromTheRun_IsEscaped()
    {
        SampleRunFolder.Write(_folder);

        var html = File.ReadAllText(ReportWriter.Write(_folder));

        // A quality example carries "<b>" and a category name carries a comma inside quotes.
        Assert.Contains("1340.27 &lt;b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("1340.27 <b>", html, StringComparison.Ordinal);
        Assert.Contains("Books, Music", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ModelTable_MarksTheChosenModelAndItsLiftOverTheBaseline()
    {
        SampleRunFolder.Write(_folder);

        var html = File.ReadAllText(ReportWriter.Write(_folder));

        Assert.Contains("<tr class=\"chosen\"><td>gbdt ✓</td>", html, StringComparison.Ordinal);
        // Churn PR-AUC 0.84 against the recency baseline's 0.74.
        Assert.Contains((0.84 / 0.74).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "×", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EmptyRunFolder_SaysWhatIsMissingInsteadOfFailing()
    {
        Directory.CreateDirectory(_folder);

        var html = File.ReadAllText(ReportWriter.Write(_folder));

        Assert.Contains("was not produced by this run", html, StringComparison.Ordinal);
        Assert.Empty(ChartList(html));
    }

    [Fact]
    public void Write_CancellationBeforeTheFirstPurchase_LeavesTheNegativeMonthOut()
    {
        // Before the fix: "Index was outside the bounds of the array" in AppendCohorts on an Online Retail export.
        SampleRunFolder.Write(_folder);
        var path = Path.Combine(_folder, "kpi", "cohort_retention.csv");
        File.AppendAllText(path, "2024-03,-2,120,0.0,-104.5\n2099-01,-1,3,0.0,-5\n");

        var html = File.ReadAllText(ReportWriter.Write(_folder));

        Assert.Contains("chart-cohorts", ChartList(html));
        Assert.DoesNotContain("2099-01", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SkippedTasksAndFailedStage_SaysWhyEachSectionIsEmpty()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "metrics.json"), """
            {"tasks": {}, "skipped": {"churn": "too few customers: 12 bought before 2010-06-05", "clv": "too few customers: 12 bought before 2010-06-05"}}
            """);
        File.WriteAllText(Path.Combine(_folder, "run.json"), """
            {"source": "online-retail", "tasks": ["churn", "clv"], "stages": [
              {"name": "ingest", "seconds": 1, "status": "done", "detail": "12 customers"},
              {"name": "models", "seconds": 1, "status": "done", "detail": "no task could run"},
              {"name": "kpi", "seconds": 0, "status": "failed", "detail": "disk full"}]}
            """);

        var html = File.ReadAllText(ReportWriter.Write(_folder));

        Assert.Contains("No task could be trained on this data", html, StringComparison.Ordinal);
        Assert.Contains("The churn-risk list is not in this run: the churn task was skipped: too few customers: 12 bought before 2010-06-05.", html, StringComparison.Ordinal);
        Assert.Contains("The CLV distribution is not in this run: the clv task was skipped", html, StringComparison.Ordinal);
        Assert.Contains("The revenue trend is not in this run: the kpi stage failed: disk full.", html, StringComparison.Ordinal);
        Assert.Empty(ChartList(html));
    }

    [Fact]
    public void Write_SameFolder_SameBytes()
    {
        SampleRunFolder.Write(_folder);

        var first = File.ReadAllBytes(ReportWriter.Write(_folder));
        var second = File.ReadAllBytes(ReportWriter.Write(_folder));

        Assert.Equal(first, second);
    }

    internal static string[] ChartList(string html)
    {
        const string marker = "<meta name=\"patron-charts\" content=\"";
        var start = html.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var end = html.IndexOf('"', start);
        return html[start..end].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
