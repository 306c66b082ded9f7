using System.Globalization;
using System.Text;
using Patron.Learning.Campaigns;
using Patron.Pipeline.Campaigns;
using Patron.Pipeline.Report;

namespace Patron.Pipeline.Tests.Report;

public sealed class ReportCampaignTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "patron-report-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Write_DailyRevenueAndCampaignLift_ChartMarksTheCampaignsAndTableGivesTheLift()
    {
        SampleRunFolder.Write(_folder);
        var first = new DateOnly(2026, 5, 4);
        var daily = new StringBuilder("day,revenue,orders\n");
        for (var i = 0; i < 140; i++)
        {
            var revenue = 1000 + (i % 7 * 50) + (i * 37 % 23) + (i is >= 120 and <= 126 ? 400 : 0);
            daily.Append(CultureInfo.InvariantCulture, $"{first.AddDays(i):yyyy-MM-dd},{revenue},{revenue / 50}\n");
        }

        File.WriteAllText(Path.Combine(_folder, "kpi", "daily.csv"), daily.ToString());
        var estimates = CampaignLiftWriter.Write(Path.Combine(_folder, "kpi"),
        [
            new CampaignWindow("Summer <sale>", first.AddDays(120), first.AddDays(126)),
            new CampaignWindow("Too early", first.AddDays(3), first.AddDays(5)),
        ]);

        var html = ReportWriter.Render(RunFolder.Open(_folder));

        Assert.Contains("chart-daily-revenue", html, StringComparison.Ordinal);
        Assert.Contains("Daily revenue (campaigns shaded)", html, StringComparison.Ordinal);
        Assert.Contains("<rect class=\"band\"", html, StringComparison.Ordinal);
        Assert.Contains("<title>Summer &lt;sale&gt;: 2026-09-01 to 2026-09-07</title>", html, StringComparison.Ordinal);
        Assert.Contains("<h3 id=\"campaigns\">Campaign lift</h3>", html, StringComparison.Ordinal);
        Assert.Contains("no estimate: only", html, StringComparison.Ordinal);
        var lift = estimates[0];
        Assert.InRange(lift.DailyLift, 380, 420);
        Assert.True(lift.DailyLow > 0 && lift.DailyHigh > lift.DailyLift);
        Assert.Contains(lift.DailyLift.ToString("#,0.00", CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoDailyRevenueNoEarlyTask_NoChartAndTheEarlySectionSaysWhy()
    {
        SampleRunFolder.Write(_folder);

        var html = ReportWriter.Render(RunFolder.Open(_folder));

        Assert.DoesNotContain("chart-daily-revenue", html, StringComparison.Ordinal);
        Assert.Contains("The early high-value list is not in this run: the early high value task was not among the run&#39;s tasks", html, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
